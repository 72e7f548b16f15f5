"""The `dropped` flag (checks/coverage.py over checks/bilingual.py's FreeDict word list), a
Dutch clause left in English (checks/leftover.py, part of `untranslated`), and "een"/"één"
as the number one (checks/numbers.py). Sentences written for these tests."""

from __future__ import annotations

import gzip
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from translate.checks import bilingual, clause_parts, coverage
from translate.checks.leftover import dutch_run
from translate.checks.numbers import english_mentions, missing_numbers
from translate.checks.choice import choose
from translate.checks.quality import CONTENT_FLAGS, FLAGS, sentence_flags
from translate.config import QualityConfig

SETTINGS = QualityConfig()
_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# A small dictionary in FreeDict's dictd form: headword, then its English on the next lines.
ENTRIES = {
    "burgemeester": "mayor", "gemeente": "1. municipality\n2. community", "brug": "bridge",
    "openen": "open", "zaterdag": "Saturday", "bewoner": "resident, inhabitant",
    "klagen": "complain", "lawaai": "noise, din", "verkeer": "traffic",
    "nieuw": "new", "school": "school", "kosten": "cost", "miljoen": "million",
    "leerling": "pupil, student", "bouwen": "build", "zomer": "summer",
    "klaar": "ready, finished", "rijden": "ride, drive", "wegen": "weigh",
    "weg": "road, way", "gesloten": "closed, shut", "bus": "bus", "trein": "train",
    "goedkeuren": "approve", "woning": "dwelling, house", "raad": "council, advice",
    "tankstation": "petrol station, filling station", "supermarkt": "supermarket",
    "overvallen": "rob, raid", "vrijdag": "Friday", "blijven": "remain, stay",
    "dicht": "closed, shut", "energie": "energy", "besparen": "save", "lamp": "lamp",
    "uitdoen": "switch off, put out", "vechtpartij": "brawl", "dronkenschap": "drunkenness",
    "aanhouden": "arrest", "middernacht": "midnight", "mens": "human, person",
    "appel": "apple", "peer": "pear", "kaas": "cheese", "markt": "market", "verkopen": "sell",
}


def _b64(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 64)
        digits = _BASE64[rest] + digits
        if not number:
            return digits


def write_dictd(folder: Path, entries: dict[str, str] = ENTRIES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    body, index = b"", []
    for word, english in [("00databaseinfo", "test"), *sorted(entries.items())]:
        entry = f"{word} /x/\n{english}\n".encode()
        index.append(f"{word}\t{_b64(len(body))}\t{_b64(len(entry))}")
        body += entry
    (folder / f"{bilingual.NAME}.index").write_text("\n".join(index) + "\n", encoding="utf-8")
    with gzip.open(folder / f"{bilingual.NAME}.dict.dz", "wb") as handle:
        handle.write(body)
    return folder


@pytest.fixture
def small_dictionary(tmp_path, monkeypatch):
    """The checks read the small dictionary above instead of the installed one."""
    folder = write_dictd(tmp_path / "dictd")
    table = coverage.Dictionary(bilingual.load(folder))
    monkeypatch.setattr(coverage, "dictionary", lambda: table)
    return table


# ---------------------------------------------------------------- the word list


def test_the_dictd_files_are_read_into_stems_and_cached_by_size_and_mtime(tmp_path):
    folder = write_dictd(tmp_path / "dictd")
    entries = bilingual.load(folder)
    assert entries["gemeente"] == "community municipality"
    assert set(entries["bewoner"].split()) == {bilingual.english_stem("residents"), "inhabitant"}
    assert "00databaseinfo" not in entries
    assert bilingual._read_cache(bilingual._cache_file(folder)) == entries
    # A changed dictionary is a new cache file; the old one is never read for it.
    write_dictd(folder, {**ENTRIES, "fiets": "bicycle"})
    os.utime(folder / f"{bilingual.NAME}.index", ns=(1, 1))
    bilingual.load.cache_clear()
    assert bilingual.load(folder)["fiets"] == "bicycl"


def test_headwords_spelled_with_the_ij_ligature_are_read_as_ij(tmp_path):
    # FreeDict writes the Dutch ij as one letter (blĳven, vrĳdag); text has two.
    folder = write_dictd(tmp_path / "dictd", {"bl\u0133ven": "remain, stay", "IJsland": "Iceland"})
    entries = bilingual.load(folder)
    assert set(entries["blijven"].split()) == {"remain", "stay"}
    assert "ijsland" in entries and "bl\u0133ven" not in entries


def test_a_damaged_cache_file_is_rebuilt(tmp_path):
    folder = write_dictd(tmp_path / "dictd")
    bilingual.load(folder)
    cache = bilingual._cache_file(folder)
    cache.write_bytes(b"garbage, no marshal")
    bilingual.load.cache_clear()
    assert bilingual.load(folder)["brug"] == "bridg"
    assert bilingual._read_cache(cache)["brug"] == "bridg"


def test_without_the_dictionary_the_check_is_off_and_says_so_once(tmp_path):
    class Keep(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.WARNING)
            self.said: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.said.append(record.getMessage())

    bilingual.load.cache_clear()
    keep, logger = Keep(), logging.getLogger("translate")
    level, logger.level = logger.level, logging.WARNING    # whatever a CLI test left set
    logger.addHandler(keep)
    try:
        assert bilingual.load(tmp_path / "nowhere") is None
        assert bilingual.load(tmp_path / "nowhere") is None
    finally:
        logger.removeHandler(keep)
        logger.setLevel(level)
    said = [message for message in keep.said if "dropped-clause check is off" in message]
    assert len(said) == 1 and "dict-freedict-nld-eng" in said[0]


def test_without_the_dictionary_no_sentence_is_flagged_dropped(monkeypatch):
    monkeypatch.setattr(coverage, "dictionary", lambda: None)
    nl = "De burgemeester opent zaterdag de nieuwe brug, maar bewoners klagen over lawaai."
    assert "dropped" not in sentence_flags(nl, "The mayor opens the bridge.", None, False,
                                           SETTINGS)


def test_english_stems_undo_inflection_and_irregular_forms():
    stem = bilingual.english_stem
    assert stem("sentenced") == stem("sentence") and stem("teams") == stem("team")
    assert stem("won") == stem("win") and stem("children") == stem("child")
    assert stem("times") == stem("time") and stem("stopped") == stem("stop")


# ---------------------------------------------------------------- the dropped flag


def test_dutch_inflections_find_their_headword(small_dictionary):
    assert small_dictionary.translations("bewoners") is not None       # plural -s
    assert small_dictionary.translations("gesloten") is not None       # listed as is
    assert small_dictionary.translations("opende") == small_dictionary.translations("openen")
    assert small_dictionary.translations("reden") is not None          # strong verb: rijden
    assert small_dictionary.translations("zomerschool") == small_dictionary.translations("school")
    assert small_dictionary.translations("xyzzy") is None


def test_a_dropped_clause_is_flagged_and_a_terse_translation_is_not(small_dictionary):
    nl = "Burgemeester Anna de Vries opent zaterdag de nieuwe brug, maar bewoners klagen."
    dropped = "Mayor Anna de Vries will open the new bridge on Saturday."
    terse = "Mayor Anna de Vries opens the new bridge on Saturday; residents complain."
    assert "dropped" in sentence_flags(nl, dropped, None, False, SETTINGS)
    assert "length_ratio" not in sentence_flags(nl, dropped, None, False, SETTINGS)
    assert "dropped" not in sentence_flags(nl, terse, None, False, SETTINGS)
    assert coverage.dropped_clause(nl, dropped, SETTINGS) == "maar bewoners klagen"
    assert FLAGS.index("dropped") == FLAGS.index("length_ratio") + 1


def test_words_the_dictionary_lacks_never_count_against_coverage(small_dictionary):
    nl = "De burgemeester opent zaterdag in Zwartsluis de brug met veel tamtam en poeha."
    en = "On Saturday the mayor opens the bridge in Zwartsluis."   # tamtam, poeha: unknown
    assert "dropped" not in sentence_flags(nl, en, None, False, SETTINGS)
    # The same stretch with words the dictionary knows is dropped.
    nl = "De burgemeester opent zaterdag in Zwartsluis de brug, bewoners klagen over lawaai."
    assert "dropped" in sentence_flags(nl, en, None, False, SETTINGS)


def test_a_lost_number_is_evidence_of_a_dropped_clause(small_dictionary):
    nl = "De nieuwe school is na de zomer klaar en kost 14 miljoen euro."
    assert "dropped" in sentence_flags(nl, "The new school will be ready after the summer.",
                                       None, False, SETTINGS)
    assert "dropped" not in sentence_flags(
        nl, "The new school will be ready after the summer and costs €14m.", None, False,
        SETTINGS)


def test_a_separable_verb_part_goes_with_its_verb(small_dictionary):
    nl = "De raad keurde dinsdag 40 nieuwe woningen goed."
    assert "dropped" not in sentence_flags(nl, "The council approved 40 new houses on Tuesday.",
                                           None, False, SETTINGS)


# A dropped clause part (checks/clause_parts.py): a coordinated half or a subordinate clause the
# English has nothing of, often one content word long; beside it, a terse correct English.
@pytest.mark.parametrize("nl, dropped, part, terse", [
    ("Hij overviel in maart vier supermarkten en een tankstation.",
     "In March he robbed four supermarkets.", "en een tankstation",
     "He robbed four supermarkets and a petrol station in March."),
    ("Bewoners klagen, omdat de bus in de zomer niet meer rijdt.", "Residents complain.",
     "omdat de bus in de zomer niet meer rijdt",
     "Residents complain because the bus no longer runs in summer."),
    ("De gemeente wil de lampen om middernacht uitdoen om energie te besparen.",
     "The municipality wants to switch the lamps off at midnight.", "om energie te besparen",
     "The municipality wants its lamps out at midnight to save energy."),
])
def test_a_dropped_clause_part_is_flagged_and_a_terse_translation_is_not(
        small_dictionary, nl, dropped, part, terse):
    assert coverage.dropped_clause(nl, dropped, SETTINGS) == part
    assert "dropped" in sentence_flags(nl, dropped, None, False, SETTINGS)
    assert "dropped" not in sentence_flags(nl, terse, None, False, SETTINGS)


def test_a_hypothesis_that_keeps_the_clause_is_written_over_one_that_drops_it(
        small_dictionary):
    @dataclass
    class Hypothesis:
        text: str
        score: float

    nl = "Bewoners klagen, omdat de bus in de zomer niet meer rijdt."
    best = Hypothesis("Residents complain.", -0.2)
    full = Hypothesis("Residents complain because the bus no longer runs in summer.", -0.4)

    def checks(hypothesis):
        return sentence_flags(nl, hypothesis.text, hypothesis.score, False, SETTINGS)

    assert "dropped" in CONTENT_FLAGS
    choice = choose([best, full], checks, 0.5, CONTENT_FLAGS)
    assert choice.index == 1 and choice.why == ["dropped"]
    # Outside the margin the engine's best stays; a full best is never swapped for a drop.
    assert choose([best, full], checks, 0.1, CONTENT_FLAGS).index == 0
    assert choose([full, best], checks, 0.5, CONTENT_FLAGS).index == 0


def test_a_coordinated_name_the_english_lacks_is_a_dropped_half(small_dictionary):
    nl = "De scholen in Zwolle en Deventer blijven vrijdag dicht."
    assert coverage.dropped_clause(nl, "The schools in Zwolle will stay closed on Friday.",
                                   SETTINGS) == "en Deventer"
    assert coverage.dropped_clause(nl, "Schools in Zwolle and Deventer will stay closed on "
                                   "Friday.", SETTINGS) is None


@pytest.mark.parametrize("en, member", [
    ("At the market the farmers sell apples and pears on Saturday.", "kaas"),   # 3 -> 2
    ("At the market the farmers sell apples on Saturday.", "peren en kaas"),    # a part
    ("At the market the farmers sell apples, pears and cheese on Saturday.", None),
    # "gouda" is no translation of "kaas" the dictionary gives, but the list has its place.
    ("At the market the farmers sell apples, pears and gouda on Saturday.", None),
])
def test_a_list_member_the_english_has_no_place_for_is_dropped(small_dictionary, en, member):
    # An English longer than the Dutch: only the list's shape tells the member is gone.
    nl = "Op de markt verkopen boeren zaterdag appels, peren en kaas."
    assert coverage.dropped_clause(nl, en, SETTINGS) == member


def test_a_clause_joined_by_en_is_no_list():
    from translate.checks.clause_lists import lists

    def members(nl):
        marked = [clause_parts.Word(m.group(0), m.start(), "evidence")
                  for m in re.finditer(r"\w+", nl)]
        return [[[w.text for w in m] for m in found] for found in lists(nl, marked)]

    assert members("De markt verkoopt appels, peren en kaas.") == [[["appels"], ["peren"], ["kaas"]]]
    assert members("De boer verkoopt kaas en de vrouw van de boer appels.") == [[["kaas"], ["vrouw"]]]
    # A verb after "en" has the clause's subject after it; "te" puts an infinitive before it.
    assert members("Bij het ongeluk raakte een fietser gewond en liep de bus vertraging op.") == []
    assert members("De gemeente vraagt om afstand te houden en het hek dicht te doen.") == []
    assert members("Zij sliep af en toe in de trein.") == []


def test_english_words_the_dictionary_does_not_give_may_render_the_part(small_dictionary):
    # "fighting" is no translation the dictionary gives for "vechtpartijen" (brawl), but an
    # English word after the last one the rest of the Dutch accounts for: the part is there.
    nl = "Er werden vier mensen aangehouden voor dronkenschap en vechtpartijen."
    assert coverage.dropped_clause(nl, "Four people were arrested for drunkenness and "
                                   "fighting.", SETTINGS) is None
    assert coverage.dropped_clause(nl, "Four people were arrested for drunkenness.",
                                   SETTINGS) == "en vechtpartijen"


def test_an_english_longer_than_the_dutch_is_not_looked_at(small_dictionary, monkeypatch):
    nl = "De burgemeester opent zaterdag de brug, maar bewoners klagen."
    en = "On Saturday the mayor of the municipality opens the new bridge over the river to all traffic."
    monkeypatch.setattr(coverage, "words_of", lambda *args: pytest.fail("looked at"))
    assert coverage.dropped_clause(nl, en, SETTINGS) is None


def test_clause_parts_start_at_punctuation_and_opening_words():
    def part_texts(nl: str) -> list[str]:
        marked = [clause_parts.Word(m.group(0), m.start(), "neutral")
                  for m in re.finditer(r"\w+", nl)]
        return [" ".join(w.text for w in part) for part in clause_parts.parts(nl, marked)]

    assert part_texts("Hij kwam, zag en won omdat hij snel was.")[:4] == \
        ["Hij kwam", "zag", "en won", "omdat hij snel was"]
    # "die" after a preposition, "om" without its "te", "sinds" before a determiner: no clause.
    assert part_texts("Ze woonde in die tijd om de hoek sinds de zomer.")[0] == \
        "Ze woonde in die tijd om de hoek sinds de zomer"
    assert "sinds hij premier werd" in part_texts("Het is zijn eerste bezoek sinds hij premier werd.")


def test_function_words_of_a_name_do_not_mark_the_sentence(small_dictionary):
    # "van" of "Sanne van Dijk", kept in the English, is no anchor for the other "van".
    marked = coverage.words_of("Sanne van Dijk wordt burgemeester van de gemeente.",
                               "Sanne van Dijk.", small_dictionary,
                               kept=coverage._words_in(["Sanne van Dijk"]))
    assert [w.kind for w in marked if w.text == "van"] == ["neutral", "neutral"]


@pytest.mark.skipif(not (bilingual.DICTD / f"{bilingual.NAME}.index").exists(),
                    reason="dict-freedict-nld-eng not installed (.ci/run installs it)")
def test_the_installed_dictionary_tells_dropped_from_terse():
    coverage.dictionary.cache_clear()
    nl = "De wethouder wil de oude sporthal slopen en op die plek woningen laten bouwen."
    assert "dropped" in sentence_flags(nl, "The alderman wants to demolish the old sports "
                                       "hall.", None, False, SETTINGS)
    assert "dropped" not in sentence_flags(nl, "The alderman wants to knock down the old "
                                           "sports hall and build homes there.", None, False,
                                           SETTINGS)


# ---------------------------------------------------------------- rewordings that are no drop
# Each rule below keeps a correct English that rewords a part from the flag; beside it, the
# same Dutch with the part really gone is still flagged.
MORE = {"politie": "police", "auto": "car", "ketting": "chain", "leggen": "lay, put",
        "jaar": "year", "negentig": "ninety", "terug": "back", "zeker": "certain, sure",
        "kosten": "cost", "verhuren": "let, hire out", "overheid": "government",
        "gratis": "free, gratis", "duur": "costly, dear, expensive", "voorstelling": "show"}


@pytest.fixture
def more_dictionary(tmp_path, monkeypatch):
    table = coverage.Dictionary(bilingual.load(write_dictd(tmp_path / "dictd", {**ENTRIES, **MORE})))
    monkeypatch.setattr(coverage, "dictionary", lambda: table)
    return table


def test_a_stretch_the_english_rewords_in_another_order_is_not_dropped(more_dictionary):
    # "impounded", "towed": no words the dictionary gives, and before the words of the rest,
    # as English puts its verb; a stretch needs more evidence than the English has such words
    # (anywhere: two Dutch words said in one English one still flag).
    nl = "De politie heeft de auto van de burgemeester aan de ketting gelegd."
    assert coverage.dropped_clause(nl, "Police have towed and impounded the mayor's car.",
                                   SETTINGS) is None
    assert coverage.dropped_clause(nl, "The police have the mayor's car.", SETTINGS) \
        == "aan de ketting gelegd"


def test_a_lost_name_is_outweighed_only_by_english_names(more_dictionary):
    nl = "De scholen in Zwolle en Deventer blijven vrijdag dicht."
    # Lower-case words the dictionary does not give ("parents hear") cannot be the lost
    # name ...
    assert coverage.dropped_clause(nl, "Zwolle schools stay shut Friday, parents hear.",
                                   SETTINGS) == "en Deventer"
    # ... a capitalised one may be (a name the names check does not know the English of).
    assert coverage.dropped_clause(nl, "Schools in Zwolle and Daventry stay shut Friday.",
                                   SETTINGS) is None


def test_the_english_form_of_a_kept_exonym_is_no_rewording(more_dictionary):
    nl = "De bus rijdt vrijdag naar Namen en Doornik."
    assert coverage.dropped_clause(nl, "On Friday the bus runs to Namur.", SETTINGS) \
        == "en Doornik"
    assert coverage.dropped_clause(nl, "On Friday the bus runs to Namur and Tournai.",
                                   SETTINGS) is None


def test_a_lost_name_the_english_translates_is_rendered(more_dictionary):
    # The names check finds the name missing; its words' translations are in the English.
    nl = "Bewoners van de Nieuwe Brug klagen over het lawaai van het verkeer."
    en = "Residents of the New Bridge complain about the traffic noise."
    marked = coverage.words_of(nl, en, more_dictionary, lost=frozenset({"nieuwe", "brug"}))
    assert [w.kind for w in marked if w.text in ("Nieuwe", "Brug")] == ["anchor", "anchor"]
    en = "Residents complain about the traffic noise."
    marked = coverage.words_of(nl, en, more_dictionary, lost=frozenset({"nieuwe", "brug"}))
    assert [w.hard for w in marked if w.text in ("Nieuwe", "Brug")] == [True, True]


def test_approximators_are_no_evidence(more_dictionary):
    # "zeker tien": "at least ten", "some ten", "ten or more": English says it many ways.
    nl = "De burgemeester opent de brug, die zeker tien miljoen kostte."
    assert coverage.dropped_clause(nl, "The mayor opens the bridge, which cost at least ten "
                                   "million.", SETTINGS) is None
    assert {w.kind for w in coverage.words_of(nl, "The mayor opens the bridge.",
                                              more_dictionary) if w.text == "zeker"} == {"neutral"}


def test_a_number_word_the_english_states_is_rendered(more_dictionary):
    nl = "De bewoners klagen over het lawaai van de jaren negentig."
    assert coverage.dropped_clause(nl, "Residents complain of 1990s noise.", SETTINGS) is None
    assert coverage.dropped_clause(nl, "Residents complain about the noise.", SETTINGS) \
        == "van de jaren negentig"


def test_dutch_and_english_morphology():
    # -er of a comparison is undone, -er of a doer is not (verhuurder is no "let").
    assert "groot" in coverage.dutch_lemmas("groter")
    assert "verhuren" not in coverage.dutch_lemmas("verhuurder")
    # -heden is the plural of -heid.
    assert "overheid" in coverage.dutch_lemmas("overheden")
    # An English adverb matches its adjective; the dictionary's adjectives in -ly stay whole.
    assert bilingual.english_stem("free") in bilingual.english_stems("freely")
    assert bilingual.english_stems("happily") >= {bilingual.english_stem("happy")}
    assert bilingual.english_stems("supply") == {bilingual.english_stem("supply")}


def test_a_doer_and_an_adverb_are_looked_up_right(more_dictionary):
    assert more_dictionary.translations("verhuurder") is None
    assert "government" in (more_dictionary.translations("overheden") or ())
    assert "costly" in more_dictionary.translations("duur")
    nl = "De voorstelling is gratis, en de bus rijdt gratis."
    kinds = [w.kind for w in coverage.words_of(nl, "The show is free and the bus runs freely.",
                                               more_dictionary) if w.text == "gratis"]
    assert kinds == ["anchor", "anchor"]


# ---------------------------------------------------------------- a Dutch clause left in


def test_a_dutch_clause_left_in_english_is_untranslated():
    nl = "De brandweer was snel ter plaatse, maar het huis brandde toch volledig af."
    en = "The fire brigade was quickly on the scene, maar het huis brandde toch volledig af."
    assert dutch_run(en, 3) == "maar het huis brandde toch volledig af"
    assert "untranslated" in sentence_flags(nl, en, None, False, SETTINGS)


def test_dutch_names_and_words_english_shares_are_not_a_clause():
    for en in ("Traffic is diverted via De Nieuwe Brug and the Waalkade.",
               "Mulder had been director of Ajax before he joined Vitesse van der Berg.",
               "The Ronde van Drenthe will not go ahead this year.",
               "He went over the door and in the water, where he had been before."):
        assert dutch_run(en, 3) is None, en


# ---------------------------------------------------------------- numbers: one


@pytest.mark.parametrize("nl, wrong, right", [
    ("Het concert duurde een uur.", "The concert lasted two hours.",
     "The concert lasted an hour."),
    ("De spits maakte één doelpunt.", "The striker scored two goals.",
     "The striker scored one goal."),
    ("Ze werd eerste in de sprint.", "She came second in the sprint.",
     "She came first in the sprint."),
    ("Een van de daders is gepakt.", "Two of the culprits have been caught.",
     "One of the culprits has been caught."),
    ("Het is voor het eerst sinds jaren.", "It is the second time in years.",
     "It is the first time in years."),
])
def test_een_and_een_with_accents_are_one_where_they_are_a_number(nl, wrong, right):
    assert missing_numbers(nl, wrong) and not missing_numbers(nl, right)


def test_the_article_een_and_set_phrases_are_no_number():
    assert not missing_numbers("Er stond een man bij de deur.", "Two men stood at the door.")
    assert not missing_numbers("Hij moest naar de eerste hulp.", "He had to go to A&E.")
    assert not missing_numbers("De Eerste Kamer stemt dinsdag.", "The Senate votes on Tuesday.")


def test_a_number_word_joined_to_a_unit_is_read():
    assert not missing_numbers("Na een zoektocht van drie uur werd hij gevonden.",
                               "He was found after a three-hour search.")
    assert not missing_numbers("Kaarten kosten tien euro.", "Tickets are ten-euro each.")
    assert {3} in [{int(v) for v in m} for m in english_mentions("a three-year plan")]
    assert not missing_numbers("Het duurde vijfentwintig minuten.",
                               "It took twenty-five minutes.")


def test_a_comparison_matches_its_base_and_an_auxiliary_renders_no_content_word():
    assert bilingual.english_stem("large") in bilingual.english_stems("larger")
    assert bilingual.english_stem("big") in bilingual.english_stems("biggest")
    assert bilingual.english_stem("easy") in bilingual.english_stems("easier")
    table = coverage.Dictionary({"laatst": "will, testament", "groot": "big, larg"})
    kinds = {w.text: w.kind for w in coverage.words_of(
        "Het laatst is groter.", "The house will be larger.", table)}
    assert kinds == {"Het": "neutral", "laatst": "evidence", "is": "neutral", "groter": "anchor"}


def test_the_last_part_of_a_compound_the_english_keeps_is_an_anchor():
    table = coverage.Dictionary({})
    kinds = {w.text: w.kind for w in coverage.words_of(
        "De aanvraagprocedures duren lang.", "The application procedures take long.", table)}
    assert kinds["aanvraagprocedures"] == "anchor"


@pytest.mark.parametrize("en, part", [
    # Longer than the rest of the Dutch explains, but it ends where the rest ends.
    ("On Saturday the mayor of the municipality will open the new bridge.", "omdat bewoners klagen"),
    ("On Saturday the mayor opens the new bridge, because residents complain.", None),
    # A word after the rest's last that the dictionary does not give may render the part.
    ("On Saturday the mayor will open the new bridge amid grumbling.", None),
])
def test_a_closing_part_the_english_ends_before_is_dropped(small_dictionary, en, part):
    nl = "Op zaterdag opent de burgemeester de nieuwe brug, omdat bewoners klagen."
    assert coverage.dropped_clause(nl, en, SETTINGS) == part


@pytest.mark.parametrize("en, insert", [
    ("The mayor opens the bridge on Saturday.", "de eigenaar van de supermarkt"),
    ("The mayor, the owner of the supermarket, opens the bridge on Saturday.", None),
    # Set off otherwise, with words the dictionary does not give: there.
    ("The mayor (a grocer by trade) opens the bridge on Saturday.", None),
])
def test_an_insert_between_commas_the_english_sets_off_nowhere_is_dropped(
        small_dictionary, en, insert):
    table = coverage.Dictionary({**small_dictionary.entries, "eigenaar": "owner"})
    nl = "De burgemeester, de eigenaar van de supermarkt, opent zaterdag de brug."
    marked = coverage.words_of(nl, en, table)
    assert clause_parts.dropped_insert(nl, en, marked) == insert


def test_an_english_word_renders_one_dutch_word():
    # One "bridge" for "brug" and "brugwachter" (whose dictionary English is the bridge's):
    # the second is not rendered.
    table = coverage.Dictionary({"brug": "bridg", "brugwachter": "bridg keeper", "rood": "red"})
    kinds = {w.text: w.kind for w in coverage.words_of(
        "De brug is rood, meldt de brugwachter.", "The bridge is red.", table)}
    assert kinds["brug"] == "anchor" and kinds["brugwachter"] == "evidence"
    kinds = {w.text: w.kind for w in coverage.words_of(
        "De brug is rood, meldt de brugwachter.", "The bridge is red, the bridge keeper says.",
        table)}
    assert kinds["brugwachter"] == "anchor"


def test_a_comma_before_the_kept_members_is_no_joint_of_the_list(small_dictionary):
    from translate.checks.clause_lists import dropped_member

    nl = "Het is zomer, waardoor boeren appels en peren verkopen."
    for en, member in [("It is summer, so farmers sell apples.", "peren"),
                       ("It is summer, so farmers sell apples and pears.", None),
                       ("It is summer, so farmers sell apples and quinces.", None)]:
        marked = coverage.words_of(nl, en, small_dictionary)
        assert dropped_member(nl, en, marked, small_dictionary.translations) == member


def test_a_part_whose_connective_or_joint_the_english_keeps_is_shown(small_dictionary):
    from translate.checks.clause_lists import kept_part

    def shown(nl, en, opener):
        marked = coverage.words_of(nl, en, small_dictionary)
        part = next(p for p in clause_parts.parts(nl, marked) if p[0].text == opener)
        return kept_part(en, marked, part, small_dictionary.translations)

    nl = "De brug gaat open, maar de bewoners mopperen."
    assert shown(nl, "The bridge opens, but the neighbours grumble.", "maar")
    assert not shown(nl, "The bridge opens.", "maar")
    nl = "Vier mensen zijn aangehouden voor dronkenschap en baldadigheid."
    assert shown(nl, "Four people were arrested for drunkenness and rowdiness.", "en")
    assert not shown(nl, "Four people were arrested for drunkenness.", "en")


def test_three_evidence_words_may_be_dropped_from_a_longer_english(small_dictionary):
    # 1.15x the Dutch without the part: too long for a part of one or two content words,
    # not for one of three.
    en = "On Saturday the mayor will open the old bridge."
    for nl, part in [("Zaterdag opent de burgemeester de brug, maar bewoners klagen over lawaai.",
                      "maar bewoners klagen over lawaai"),
                     ("Zaterdag opent de burgemeester de brug, maar bewoners klagen.", None)]:
        marked = coverage.words_of(nl, en, small_dictionary)
        assert clause_parts.dropped_part(nl, en, marked, small_dictionary.translations,
                                         SETTINGS.dropped_part_max_rest_ratio) == part


def test_a_lost_number_written_with_separators_is_hard_evidence(small_dictionary):
    nl = "De nieuwe brug kost 12.500 euro, 1.250 meer dan de oude."
    en = "The new bridge costs €12,500."
    assert missing_numbers(nl, en) == ["1.250"]
    marked = {w.text: w for w in coverage.words_of(nl, en, small_dictionary,
                                                   lost=frozenset({"1", "250"}),
                                                   kept=frozenset({"12", "500"}))}
    assert marked["1.250"].kind == "evidence" and marked["1.250"].hard
    assert marked["12.500"].kind == "anchor"


def test_one_word_before_an_anchor_of_its_clause_is_no_dropped_part(small_dictionary):
    # "en bleef de | school dicht": the clause is there; its verb is reworded.
    nl = "Zaterdag opende de burgemeester de brug en bleef de school dicht."
    en = "Saturday the mayor opened the bridge and school closed."
    marked = coverage.words_of(nl, en, small_dictionary)
    assert [w.text for w in marked if w.kind == "evidence"] == ["bleef"]
    assert clause_parts.dropped_part(nl, en, marked, small_dictionary.translations,
                                     SETTINGS.dropped_part_max_rest_ratio) is None


def _marks(nl, kinds):
    """The words of `nl`, each marked as `kinds` says (the rest neutral)."""
    return [clause_parts.Word(m.group(0), m.start(), kinds.get(m.group(0), "neutral"))
            for m in re.finditer(r"[\w']+", nl)]


def test_list_members_may_have_articles_prepositions_or_share_a_noun():
    from translate.checks.clause_lists import lists

    def members(nl):
        found = lists(nl, _marks(nl, {}))
        return [[" ".join(w.text for w in m) for m in f] for f in found]

    # An article or a repeated preposition before each member: still one list.
    assert members("Het plein krijgt een fontein, een podium en een kiosk.") == \
        [["fontein", "podium", "kiosk"]]
    assert members("De club traint in Gouda, in de Lier en in Woerden.") == \
        [["Gouda", "Lier", "Woerden"]]
    assert members("Zij zingt op feesten, op de markt en op bruiloften.") == \
        [["feesten", "markt", "bruiloften"]]
    # Two adjectives before one noun: the noun belongs to neither member alone.
    assert members("Het geldt voor de vijfde en zesde klas.") == [["vijfde", "zesde"]]
    assert members("Wij kochten appels en rode peren.") == [["appels", "rode peren"]]


def test_a_member_with_an_article_a_preposition_or_a_name_may_be_dropped():
    from translate.checks.clause_lists import dropped_member

    from translate.checks.bilingual import english_stems

    english = {"fontein": "fountain", "podium": "stage", "kiosk": "kiosk", "tablet": "slate",
               "telefoon": "phone", "vijfde": "fifth", "zesde": "sixth", "klas": "class"}

    def translations(word):
        return frozenset(english_stems(english[word])) if word in english else None

    def dropped(nl, en, kinds):
        return dropped_member(nl, en, _marks(nl, kinds), translations)

    kinds = {"fontein": "anchor", "podium": "evidence", "kiosk": "anchor"}
    nl = "Het plein krijgt een fontein, een podium en een kiosk."
    assert dropped(nl, "The square gets a fountain and a kiosk.", kinds) == "podium"
    assert dropped(nl, "The square gets a fountain, a stage and a kiosk.",
                   dict(kinds, podium="anchor")) is None
    # A two-letter member shown as it is ("pc"), a member after a repeated preposition.
    nl = "Zij speelt op de pc, op de tablet en op haar telefoon."
    kinds = {"tablet": "evidence", "telefoon": "anchor"}
    assert dropped(nl, "She plays on the PC and on her phone.", kinds) == "tablet"
    assert dropped(nl, "She plays on the PC, on the slate and on her phone.", kinds) is None
    # A name the English shows in no form, where it has fewer joints than the Dutch.
    nl = "De bus rijdt naar Gouda, Woerden en Bodegraven."
    kinds = {"Gouda": "anchor", "Bodegraven": "anchor"}
    assert dropped(nl, "The bus runs to Gouda and Bodegraven.", kinds) == "Woerden"
    assert dropped(nl, "The bus runs to Gouda, Woerdn and Bodegraven.", kinds) is None
    # Two adjectives sharing a noun: the English that keeps one has no "and".
    nl = "Het geldt voor de vijfde en zesde klas."
    kinds = {"vijfde": "anchor", "zesde": "evidence", "klas": "anchor"}
    assert dropped(nl, "It applies to the fifth class.", kinds) == "zesde"
    assert dropped(nl, "It applies to the fifth and sixth classes.",
                   dict(kinds, zesde="anchor")) is None


def test_a_list_member_may_be_dropped_from_an_english_that_spells_out_a_name(small_dictionary):
    # 1.3x the Dutch and more, the acronym spelled out: the list still has one joint too few.
    nl = "De RET zet vanaf maandag extra bussen in naar Gouda, Woerden en Delft."
    en = "From Monday the Rotterdam transport company RET is deploying extra buses to Gouda and Delft."
    assert 1.3 < len(en) / len(nl) < 1.4
    marked = coverage.words_of(nl, en, small_dictionary, frozenset({"woerden"}),
                               frozenset({"gouda", "delft", "ret"}))
    from translate.checks.clause_lists import dropped_member, too_long
    assert not too_long(nl, en, 1.0)
    # Without a list of three, an English this long is not looked at.
    assert too_long("De RET zet vanaf maandag extra bussen in naar Gouda en naar Delft.", en, 1.0)
    assert dropped_member(nl, en, marked, small_dictionary.translations) == "Woerden"


def test_te_before_both_members_makes_a_list_and_a_name_places_no_common_noun():
    from translate.checks.bilingual import english_stems
    from translate.checks.clause_lists import dropped_member, lists

    nl = "De brug gaat in Zwolle dicht, omdat hij te smal en te zwak is."
    assert [[w.text for w in m] for m in lists(nl, _marks(nl, {}))[0]] == [["smal"], ["zwak"]]
    assert lists("Zij vroeg hem de deur te sluiten en het raam open te laten.",
                 _marks("Zij vroeg hem de deur te sluiten en het raam open te laten.", {})) == []
    english = {"smal": "narrow", "zwak": "weak"}

    def translations(word):
        return frozenset(english_stems(english[word])) if word in english else None

    kinds = {"smal": "anchor", "zwak": "evidence", "Zwolle": "anchor"}
    # "zwolle", a kept name's English, is no place of "smal": its "and" is not the list's.
    for en, member in [("In Zwolle and around it the bridge closes, as it is too narrow.",
                        "zwak"),
                       ("In Zwolle the bridge is closing because it is too narrow and weak.",
                        None)]:
        assert dropped_member(nl, en, _marks(nl, dict(kinds, zwak="anchor" if member is None
                                                      else "evidence")),
                              translations, frozenset({"zwolle"})) == member


def test_a_compound_member_is_placed_by_its_last_part():
    from translate.checks.bilingual import english_stems
    from translate.checks.clause_lists import dropped_member

    nl = "Het museum toont zeldzame vogels zoals de veldleeuwerik en de zwarte specht."
    english = {"veldleeuwerik": "lark", "zwarte": "black", "specht": "woodpecker"}

    def translations(word):
        return frozenset(english_stems(english[word].split()[-1])) if word in english else None

    kinds = {"veldleeuwerik": "anchor", "zwarte": "evidence", "specht": "evidence"}
    # "lark" (what the dictionary gives for the compound's last part) is found in "skylark".
    en = "The museum shows rare birds such as the skylark."
    assert dropped_member(nl, en, _marks(nl, kinds), translations) == "zwarte specht"
