"""Scores, quality flags, the language check and capitals: definitions and plumbing.

The tiny random models translate into gibberish and score low, so nothing here asserts
English quality: only that each value is present, has its type and follows its
definition, and that it reaches the record, the report, the state and the CLI.
"""

from __future__ import annotations

import json
import re
import math
import shutil
from pathlib import Path

import pytest

from helpers import SEED_SHAPED, invoke, model_flags
from translate.text.article import Translated
from translate.text.casing import is_shouting, sentence_case
from translate.config import QualityConfig
from translate.checks.leftover import dutch_tail
from translate.checks.numbers import dutch_numbers, english_numbers, missing_numbers
from translate.checks.quality import FLAGS, detect_language, longest_repeat, sentence_flags

ENGLISH_ARTICLE = (
    " date 2024-02 Council delays bridge\n\n"
    "The city council said on Wednesday that the new bridge will open later than planned. "
    "Residents reacted with disappointment, and the alderman blamed rising prices.\n\n"
    "Engineers found old shipwrecks in the riverbed. The schedule may still be met.\n"
)
GERMAN_ARTICLE = (
    " date 2024-02 Brücke später fertig\n\n"
    "Der Stadtrat hat am Mittwoch mitgeteilt, dass die neue Brücke später als geplant "
    "eröffnet wird. Die Anwohner reagierten enttäuscht, der Beigeordnete nannte die "
    "gestiegenen Preise als Grund.\n\n"
    "Im Flussbett wurden alte Schiffswracks gefunden. Der Zeitplan kann noch eingehalten werden.\n"
)
NUMBERS_ARTICLE = (
    " date 2024-02 Opkomst\n\n"
    "De opkomst lag zondag op 12,5 procent. Dat meldt het persbureau op basis van cijfers.\n\n"
    "BREAKING: BRAND IN DE HAVEN VAN ROTTERDAM\n"
)

SETTINGS = QualityConfig()


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize("nl, en, missing", [
    ("Dat is 12,5 procent.", "That is 12.5 percent.", []),
    ("Dat is 12,5 procent.", "That is 125 percent.", ["12,5"]),
    ("Dat is 12,5 procent.", "That is percent.", ["12,5"]),
    ("Er steken 3.500 fietsers over.", "3,500 cyclists cross.", []),
    ("Er steken 3.500 fietsers over.", "3500 cyclists cross.", []),
    ("Er steken 3.500 fietsers over.", "3.500 cyclists cross.", ["3.500"]),   # reads as 3.5
    ("Het kost 1,2 miljoen euro.", "It costs 1.2 million euros.", []),
    ("Het kost 1,2 miljoen euro.", "It costs 1,200,000 euros.", []),
    ("Het kost 1,2 miljoen euro.", "It costs 1.2 billion euros.", ["1,2 miljoen"]),
    ("Het kost 1,2 miljard euro.", "It costs 1.2 billion euros.", []),
    ("Om 14.30 uur begint het.", "It starts at 2.30 pm.", []),
    ("Om 14.30 uur begint het.", "It starts at 14:30.", []),
    ("Drie kinderen van 3 jaar.", "Three children aged three.", []),
    ("De 2e Kamer stemt in 2026.", "The Second Chamber votes in 2026.", []),
    ("De opkomst was 49,8 procent.", "Turnout was 49.8%.", []),
])
def test_numbers_are_compared_after_normalising_notation(nl, en, missing):
    assert missing_numbers(nl, en) == missing


@pytest.mark.parametrize("nl, en, missing", [
    # English forms a reader reads as numbers.
    ("Het kost 1,2 miljoen euro.", "It costs €1.2m.", []),
    ("Het kost 1,2 miljard euro.", "It costs €1.2bn.", []),
    ("Er kwamen een miljoen bezoekers.", "A million visitors came.", []),
    ("De prijs steeg twee keer.", "The price rose twice.", []),
    ("Er raakten vijfenveertig mensen gewond.", "Forty-five people were injured.", []),
    ("Er raakten vijfenveertig mensen gewond.", "Fifty-four people were injured.", ["45"]),
    ("Het begint om 12.00 uur.", "It starts at noon.", []),
    ("Het begint om 12.00 uur.", "It starts at midnight.", ["12.00 uur"]),
    ("Het duurt tweeënhalf jaar.", "It takes two and a half years.", []),
    ("Het duurt anderhalf jaar.", "It takes one and a half years.", []),
    ("Het duurt anderhalve week.", "It takes a week and a half.", []),
    ("Het kost een half miljoen.", "It costs half a million.", []),
    ("De club won in 1988.", "The club won in '88.", []),
    ("Zij won met 6-4, 6-4, 6-4.", "She won 6-4, 6-4, 6-4.", []),
    ("Zij won met 6-4, 6-4, 6-4.", "She won 6-4, 6-3, 6-4.", ["4"]),
    ("In de jaren negentig.", "In the nineties.", []),
    ("In de jaren negentig.", "In the 1990s.", []),
    # Ordinals, in words and digits, in both languages.
    ("Het is de tweede keer.", "It is the second time.", []),
    ("Het is de tweede keer.", "It is the third time.", ["2e"]),
    ("Hij werd 21ste.", "He finished 21st.", []),
    ("Hij werd 21ste.", "He finished 12th.", ["21ste"]),
    # A capitalised number word inside a sentence is a name.
    ("Dat zegt de Tweede Kamer.", "So says the House of Representatives.", []),
    # Times keep their half of the day: Dutch writes a 24-hour clock.
    ("De trein vertrekt om 14.30 uur.", "The train leaves at 2.30 pm.", []),
    ("De trein vertrekt om 14.30 uur.", "The train leaves at 2.30 am.", ["14.30 uur"]),
    ("Open van 06.00 tot 18.00 uur.", "Open from 6 am to 6 pm.", []),
    ("De winkel gaat om 9 uur open.", "The shop opens at 9 am.", []),
    ("De winkel gaat om 9 uur open.", "The shop opens at 9 pm.", ["9 uur"]),
    ("Om 8 uur 's avonds.", "At 8 pm.", []),
    ("Het concert begint om half negen.", "The concert starts at half past eight.", []),
    ("Het concert begint om half negen.", "The concert starts at half past nine.",
     ["half 9"]),
    ("Om kwart over acht.", "At a quarter past eight.", []),
    ("De staking duurt al 48 uur.", "The strike has lasted 48 hours.", []),
    # Fractions.
    ("Een kwart van de bussen.", "A quarter of the buses.", []),
    ("Een kwart van de bussen.", "A third of the buses.", ["Een kwart"]),
])
def test_numbers_as_a_reader_reads_them(nl, en, missing):
    assert missing_numbers(nl, en) == missing


@pytest.mark.parametrize("nl, en, missing", [
    # Halves and three quarters: of a unit, and as a unit's length.
    ("De sluis gaat een half jaar dicht.", "The lock will close for six months.", []),
    ("De sluis gaat een half jaar dicht.", "The lock will close for half a year.", []),
    ("De sluis gaat een halfjaar dicht.", "The lock will close for four months.",
     ["een halfjaar"]),
    ("Het overleg duurde een half uur.", "The talks lasted 30 minutes.", []),
    ("Het overleg duurde een half uur.", "The talks lasted an hour.", ["een half uur"]),
    ("Het peil zakte een halve centimeter.", "The level fell by half a centimetre.", []),
    ("Het peil zakte een halve centimeter.", "The level fell by a centimetre.",
     ["een halve"]),
    ("Zij haalde de halve finale.", "She reached the semi-final.", []),
    ("Driekwart van de leden stemde voor.", "Three quarters of the members voted in favour.", []),
    ("Driekwart van de leden stemde voor.", "Two thirds of the members voted in favour.",
     ["Driekwart"]),
    ("De verbouwing duurt anderhalf jaar.", "The rebuilding takes three and a half years.",
     ["1,5"]),
    # "een" as the number one: "een op de vijf", and English "another", "the year before".
    ("Een op de vijf scholen heeft een tekort.", "One in five schools has a shortage.", []),
    ("Een op de vijf scholen heeft een tekort.", "Two in five schools have a shortage.",
     ["Een"]),
    ("Het contract loopt nog een jaar.", "The contract runs for another year.", []),
    ("Het waren er 30 meer dan een jaar eerder.", "That was 30 more than the year before.", []),
    # "een" is an article, not the end of a number: "zestig een woning" is not 61.
    ("In de jaren zestig een woning kopen.", "Buying a house in the sixties.", []),
    # Months: a date whose month changed.
    ("De weg is vanaf 3 maart dicht.", "The road is closed from 3 March.", []),
    ("De weg is vanaf 3 maart dicht.", "The road is closed from 3 May.", ["maart"]),
    ("Tot eind oktober is het open.", "It is open until the end of November.", ["oktober"]),
    ("Tot eind oktober is het open.", "It is open until late Oct.", []),
    # Days of the week, like months: a date whose day changed.
    ("De markt is dinsdag dicht.", "The market is closed on Tuesday.", []),
    ("De markt is dinsdag dicht.", "The market is closed on Thursday.", ["dinsdag"]),
    ("Het debat is woensdagavond.", "The debate is on Thursday evening.", ["woensdagavond"]),
    ("De winkel is op zondag open.", "The shop opens on Sundays.", []),
    ("Het gebeurde in de nacht van vrijdag op zaterdag.", "It happened on Friday night.", []),
    # A scale after "and a half"; "a second" may be the ordinal.
    ("Het gaat om anderhalf miljoen brieven.", "It concerns one and a half million letters.", []),
    ("Het gaat om anderhalf miljoen brieven.", "It concerns two and a half million letters.",
     ["1,5 miljoen"]),
    ("De bakker opent een tweede winkel.", "The baker is opening a second shop.", []),
    ("De bakker opent een tweede winkel.", "The baker is opening a third shop.", ["2e"]),
    # "een paar" is a few, not one.
    ("Het dorp ligt een paar kilometer verderop.", "The village is a few kilometres away.", []),
    # Codes of capitals and digits are copied as they are.
    ("Op de A28 bij Zwolle staat een file.", "There is a tailback on the A28 near Zwolle.", []),
    ("Op de A28 bij Zwolle staat een file.", "There is a tailback on the A38 near Zwolle.",
     ["A28"]),
    ("De eerste F-16-toestellen landden.", "The first F-16 jets landed.", []),
    # A number in parts is one value: a race time keeps every part.
    ("Zij zwom 2.08,45 op de 200 meter.", "She swam 2:08.45 in the 200 metres.", []),
    ("Zij zwom 2.08,45 op de 200 meter.", "She swam 2:09.45 in the 200 metres.", ["2.08,45"]),
    ("Hij liep de marathon in 2.11.04.", "He ran the marathon in 2:11:40.", ["2.11.04"]),
    # Ordinals joined to a unit.
    ("Een kerk uit de vijftiende eeuw.", "A fifteenth-century church.", []),
])
def test_numbers_halves_months_codes_and_times_in_parts(nl, en, missing):
    assert missing_numbers(nl, en) == missing


def test_number_values():
    from decimal import Decimal

    assert dutch_numbers("3.500 en 12,5 en 1,2 miljoen") == [
        {Decimal(3500)}, {Decimal("12.5")}, {Decimal(1200000)}]
    assert {Decimal(3500), Decimal("12.5"), Decimal(1200000)} <= english_numbers(
        "3,500 and 12.5 and 1.2 million")


# ---------------------------------------------------------------- each flag's definition


def test_clean_sentence_has_no_flags():
    assert sentence_flags("Het regent vandaag in heel Amsterdam.",
                          "It is raining in all of Amsterdam today.", -0.2, False, SETTINGS) == []


def test_low_confidence_is_below_ln_of_the_token_probability():
    nl, en = "Het regent vandaag in heel Amsterdam.", "It is raining in all of Amsterdam today."
    threshold = math.log(SETTINGS.min_token_probability)
    assert round(threshold, 2) == -0.69
    assert "low_confidence" in sentence_flags(nl, en, threshold - 0.01, False, SETTINGS)
    assert "low_confidence" not in sentence_flags(nl, en, threshold + 0.01, False, SETTINGS)


def test_repetition_is_a_run_of_ngrams_or_the_length_cap():
    nl = "Het regent vandaag in heel Amsterdam."
    assert longest_repeat("of the city of the city of the city") == 3
    assert longest_repeat("She won 6-4, 6-4, 6-4, 6-4.") == 1    # numbers alone: a score
    assert longest_repeat("at 38 degrees, 38 degrees, 38 degrees") == 3
    assert "repetition" in sentence_flags(nl, "It rains rains rains today.", -0.1, False, SETTINGS)
    assert "repetition" in sentence_flags(nl, "It is raining in Amsterdam.", -0.1, True, SETTINGS)
    # A run the source has too is not the decoder's doing.
    assert "repetition" not in sentence_flags("Ha ha ha, zei hij lachend tegen ons.",
                                              "Ha ha ha, he said laughing to us.", -0.1, False,
                                              SETTINGS)


def test_length_ratio_only_for_sentences_long_enough_to_judge():
    long_nl = "De gemeente heeft woensdag bekendgemaakt dat de brug later klaar is."
    assert "length_ratio" in sentence_flags(long_nl, "Bridge.", -0.1, False, SETTINGS)
    assert "length_ratio" in sentence_flags(long_nl, "x" * 300, -0.1, False, SETTINGS)
    assert "length_ratio" not in sentence_flags("Ja.", "Yes indeed, it is.", -0.1, False, SETTINGS)
    # Half the sentence dropped (the English is 0.6 of the Dutch) is caught ...
    assert "length_ratio" in sentence_flags(long_nl, "The municipality announced on Wednesday.",
                                            -0.1, False, SETTINGS)
    # ... and an abbreviation spelled out does not count as padding.
    assert "length_ratio" not in sentence_flags(
        "Het OM eist een celstraf.", "The Public Prosecution Service is demanding a prison "
        "sentence.", -0.1, False, SETTINGS)
    assert "length_ratio" not in sentence_flags(     # a headline in capitals has no abbreviations
        "KABINET TREKT 2,4 MILJARD EURO UIT VOOR DE DIJKEN", "CABINET ALLOCATES 2.4 BILLION "
        "EUROS FOR THE DIKES", -0.1, False, SETTINGS)
    assert "length_ratio" in sentence_flags(
        "Het OM eist een celstraf.", "The OM is demanding a prison sentence and a fine of a "
        "very large amount of money.", -0.1, False, SETTINGS)


def test_untranslated_is_equal_to_the_source_or_still_dutch():
    nl = "De gemeente heeft woensdag bekendgemaakt dat de brug later klaar is."
    assert "untranslated" in sentence_flags(nl, nl, -0.1, False, SETTINGS)
    assert "untranslated" in sentence_flags(
        nl, "De gemeente heeft bekendgemaakt dat de brug later klaar is.", -0.1, False, SETTINGS)
    assert "untranslated" not in sentence_flags(
        nl, "The municipality announced on Wednesday that the bridge will be ready later.",
        -0.1, False, SETTINGS)
    assert "untranslated" not in sentence_flags("Mark Rutte.", "Mark Rutte.", -0.1, False, SETTINGS)


@pytest.mark.parametrize("nl, en, left", [
    ("De school blijft dicht omdat de verwarming stuk is.",
     "The school stays closed omdat de verwarming stuk is.", "omdat de verwarming stuk is."),
    ("De dijk wordt verhoogd vanwege de stijgende zeespiegel.",
     "The dike is being raised vanwege de stijgende zeespiegel.",
     "vanwege de stijgende zeespiegel."),
    ("'We gaan door,' zegt voorzitter Anke Dijkman.",
     "'We are carrying on,' zegt voorzitter Anke Dijkman.", "zegt voorzitter Anke Dijkman."),
])
def test_two_dutch_words_that_end_the_sentence_are_a_clause_left_in(nl, en, left):
    assert dutch_tail(en) == left
    assert "untranslated" in sentence_flags(nl, en, None, False, SETTINGS)


@pytest.mark.parametrize("en", [
    "The new depot opens next year in Capelle aan den IJssel.",     # a name's infix
    "The band closed the evening with 'Laat me niet los'.",        # a quoted title
    "The cyclists rode the Ronde van Vlaanderen.",                 # one Dutch word
    "The ferry leaves from the harbour in Den Helder.",            # names only
])
def test_a_name_s_infix_a_title_or_one_word_at_the_end_is_no_clause(en):
    assert dutch_tail(en) is None


def test_flags_come_in_a_fixed_order():
    flags = sentence_flags("De opkomst was 12,5 procent en dat is veel volgens de krant.",
                           "De opkomst was 13 procent en dat is veel volgens de krant.",
                           -3.0, True, SETTINGS)
    assert flags == [f for f in FLAGS if f in flags]
    assert {"low_confidence", "repetition", "numbers", "untranslated"} <= set(flags)


# ---------------------------------------------------------------- language and capitals


def test_language_detection_on_own_texts():
    assert detect_language(ENGLISH_ARTICLE)[0] == "en"
    assert detect_language(GERMAN_ARTICLE)[0] == "de"
    assert detect_language(SEED_SHAPED)[0] == "nl"
    language, probability = detect_language(GERMAN_ARTICLE)
    assert 0.0 <= probability <= 1.0
    assert detect_language("12 34 --") == (None, 0.0)


def test_language_is_judged_on_the_body_not_the_title():
    from translate.checks.quality import body_text
    from translate.inputs.textfile import parse_article

    text = " date 2024-01 Breaking news from Amsterdam\n\n" + SEED_SHAPED.split("\n\n", 1)[1]
    article = parse_article(text.encode(), Path("a.txt"), Path("a.txt"))
    assert "Breaking news" not in body_text(article)
    assert detect_language(body_text(article))[0] == "nl"


def test_capitals_go_to_the_model_in_normal_case_and_come_back():
    from translate.run.translation import RememberingTranslator

    assert is_shouting("BREAKING: BRAND IN DE HAVEN") and not is_shouting("EU")
    assert not is_shouting("De EU zegt nee.")
    assert sentence_case("BREAKING: BRAND IN DE HAVEN") == "Breaking: brand in de haven"

    seen: list[str] = []

    class Echo:
        def translate(self, texts, on_batch=None):
            seen.extend(texts)
            return [Translated(f"english of {t}", -0.5) for t in texts]

    found, done = RememberingTranslator(Echo(), None, "fp").translate(
        ["BREAKING: BRAND IN DE HAVEN", "Het regent."])
    assert seen == ["Breaking: brand in de haven", "Het regent."]
    assert found["BREAKING: BRAND IN DE HAVEN"] == Translated(
        "ENGLISH OF BREAKING: BRAND IN DE HAVEN", -0.5)
    assert found["Het regent."].text == "english of Het regent." and done == 2


# ---------------------------------------------------------------- scores on both backends


@pytest.fixture(scope="module")
def stopping_marian(tiny_marian: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny Marian with EOS favoured, so its outputs end by EOS, not at the length cap."""
    import torch
    from transformers import AutoModelForSeq2SeqLM

    folder = tmp_path_factory.mktemp("stopping_marian")
    shutil.copytree(tiny_marian, folder, dirs_exist_ok=True)
    model = AutoModelForSeq2SeqLM.from_pretrained(str(tiny_marian))
    with torch.no_grad():
        model.final_logits_bias[0, model.config.eos_token_id] += 1.5
    model.save_pretrained(str(folder))
    return folder


# At the length cap a beam search may pick another hypothesis on each backend
# (transformers ranks the beams with its forced EOS in the last slot), so the cap is
# compared with greedy search, where both decode the same tokens.
@pytest.mark.parametrize("stops, beams", [(False, 1), (True, 1), (True, 4)],
                         ids=["length-cap-greedy", "eos-greedy", "eos-beam4"])
def test_scores_agree_across_backends_at_float32(tiny_marian, stopping_marian, stops, beams):
    pytest.importorskip("ctranslate2")
    from transformers import AutoTokenizer

    from translate.models.backends.ct2_engine import CT2Engine
    from translate.models.backends.torch_engine import TorchEngine

    folder = stopping_marian if stops else tiny_marian
    sentences = ["De gemeenteraad heeft dinsdag ingestemd met de bouw van nieuwe woningen.",
                 "Het regent in Amsterdam.", "De opkomst was 12,5 procent."]
    inputs = AutoTokenizer.from_pretrained(str(folder))(sentences)["input_ids"]
    limits = dict(min_new_tokens=0, max_new_tokens=20, num_beams=beams)
    on_torch = TorchEngine(folder, "cpu", 1).generate(inputs, **limits)
    on_ct2 = CT2Engine(folder, device="cpu", threads=1, compute_type="float32").generate(
        inputs, **limits)
    for a, b in zip(on_torch, on_ct2):
        assert a.ids == b.ids and a.capped == b.capped == (not stops)
        assert isinstance(a.score, float) and a.score <= 0.0
        assert a.score == pytest.approx(b.score, abs=1e-3)
        # A random model's distribution is nearly flat over its ~500 tokens.
        assert a.score < math.log(0.5)


# ---------------------------------------------------------------- through the CLI


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    write(folder / "nl.txt", NUMBERS_ARTICLE)
    write(folder / "en.txt", ENGLISH_ARTICLE)
    write(folder / "de.txt", GERMAN_ARTICLE)
    return folder


def records(out: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in out.glob("*.json")}


def test_every_sentence_scored_and_flagged_and_every_article_checked(
        tmp_path, corpus, tiny_marian, tiny_bart):
    out, report = tmp_path / "out", tmp_path / "report.json"
    result = invoke("run", corpus, "--out", out, "--report", report, "--no-summary",
                    *model_flags(tiny_marian, tiny_bart))
    assert result.exit_code == 0, result.output
    found = records(out)
    assert set(found) == {"nl", "en", "de"}
    for record in found.values():
        quality = record["quality"]
        assert set(quality) >= {"language", "language_probability", "mean_score", "min_score",
                                "flagged_sentences", "flags"}
        sentences = [s for p in record["paragraphs"] for s in p["sentences"]]
        for sentence in sentences:
            assert isinstance(sentence["score"], float) and sentence["score"] <= 0.0
            assert isinstance(sentence["flags"], list) and set(sentence["flags"]) <= set(FLAGS)
        assert quality["min_score"] == min(s["score"] for s in sentences)
        assert quality["flagged_sentences"] == sum(1 for s in sentences if s["flags"])
    assert [found[k]["quality"]["language"] for k in ("nl", "en", "de")] == ["nl", "en", "de"]
    assert found["nl"]["quality"]["flags"] == []
    assert found["de"]["quality"]["flags"] == ["not_dutch"]
    # English is copied through as its own translation, not sent to the model.
    assert found["en"]["quality"]["flags"] == ["not_dutch", "copied"]
    for paragraph in found["en"]["paragraphs"]:
        for sentence in paragraph["sentences"]:
            assert sentence["en"] == " ".join(sentence["nl"].split())
            assert sentence["score"] == 0.0 and sentence["flags"] == []

    nl_sentences = [s for p in found["nl"]["paragraphs"] for s in p["sentences"]]
    twelve = next(s for s in nl_sentences if "12,5" in s["nl"])
    if "12.5" not in twelve["en"] and "12,5" not in twelve["en"]:
        assert "numbers" in twelve["flags"]
    shouted = next(s for s in nl_sentences if s["nl"].startswith("BREAKING"))
    assert shouted["en"] == shouted["en"].upper()
    assert all("low_confidence" in s["flags"] for s in nl_sentences)  # random weights

    data = json.loads(report.read_text())
    assert {"de.txt", "en.txt"} <= set(data["flagged"])
    assert data["flag_counts"]["not_dutch"] == 2 and data["flag_counts"]["copied"] == 1
    assert f"flagged {len(data['flagged'])}" in result.output.strip().splitlines()[-1]

    status = invoke("status", out)
    assert status.exit_code == 0, status.output
    assert "flagged last time: 3" in status.stdout and "worst sentence" in status.stdout
    listed = json.loads(invoke("status", out, "--json").stdout)["flagged"]
    assert {item["source"] for item in listed} == {"nl.txt", "en.txt", "de.txt"}
    worst = next(item for item in listed if item["source"] == "nl.txt")["worst"]
    assert worst["score"] == found["nl"]["quality"]["min_score"]


def test_memory_reuse_keeps_scores(tmp_path, tiny_marian, tiny_bart):
    source = write(tmp_path / "in" / "a.txt", NUMBERS_ARTICLE)
    out = tmp_path / "out"
    flags = ["--no-summary", *model_flags(tiny_marian, tiny_bart)]
    assert invoke("run", source, "--out", out, *flags).exit_code == 0
    first = records(out)["a"]
    report = tmp_path / "report.json"
    assert invoke("run", source, "--out", out, "--force", "--report", report, *flags).exit_code == 0
    data = json.loads(report.read_text())
    assert data["sentences_translated"] == 0 and data["sentences_reused"] > 0
    again = records(out)["a"]
    assert [s["score"] for p in again["paragraphs"] for s in p["sentences"]] == \
        [s["score"] for p in first["paragraphs"] for s in p["sentences"]]


def test_non_dutch_articles_can_be_skipped(tmp_path, corpus, tiny_marian, tiny_bart):
    config = write(tmp_path / "c.toml", '[quality]\nnon_dutch = "skip"\n')
    out, report = tmp_path / "out", tmp_path / "report.json"
    result = invoke("run", corpus, "--out", out, "--report", report, "--config", config,
                    "--no-summary", *model_flags(tiny_marian, tiny_bart))
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text())
    assert sorted(data["skipped"]) == ["de.txt", "en.txt"] and data["translated"] == ["nl.txt"]
    assert "not Dutch; skipped" in result.output
    assert set(records(out)) == {"nl"}


def test_file_marks_flagged_sentences(tmp_path, tiny_marian, tiny_bart):
    source = write(tmp_path / "a.txt", NUMBERS_ARTICLE)
    result = invoke("file", source, "--no-summary", *model_flags(tiny_marian, tiny_bart))
    assert result.exit_code == 0, result.output
    assert "[flagged: low_confidence" in result.stdout
    assert re.search(r"quality: (\d+) of \1 sentence\(s\) flagged; language nl", result.output)


def test_schema_v3_adds_scores_and_flags(tmp_path):
    import sqlite3

    from translate.run.state import SCHEMA_VERSION, StateStore

    with StateStore(tmp_path):
        pass
    conn = sqlite3.connect(tmp_path / ".translate" / "state.sqlite3")
    try:
        assert SCHEMA_VERSION >= 3
        sentences = {row[1] for row in conn.execute("PRAGMA table_info(sentences)")}
        articles = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    finally:
        conn.close()
    assert {"score", "capped"} <= sentences and {"flags", "worst"} <= articles
