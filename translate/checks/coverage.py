"""Coverage: which parts of a Dutch sentence its English renders (the `dropped` flag).

Length alone cannot tell a dropped half from a terse translation. What can: a dropped
clause leaves a stretch of the Dutch with nothing in the English, a terse translation
renders every part, briefly. Each word of the Dutch is one of:
- an *anchor*, something the English shows: a content word one of whose dictionary
  translations (`bilingual.py`, FreeDict's Dutch–English) is in the English (an English
  adverb in -ly counts as its adjective: "gratis", "freely"; a comparison its base:
  "groter", "larger"; never through an auxiliary: "will" renders no Dutch content word),
  and in an English word no Dutch word before it has claimed (one "service" renders
  "Naturalisatiedienst" or "dienst", not both: `rendering.claim`), a word the English keeps as it
  is (a name, a cognate: "festival", "jury", or a compound's last part: "procedures" of
  "vergunningsprocedures"), a number the English states, in digits or words ("jaren
  negentig", "the 1990s"), a name the names check finds missing whose dictionary
  translation is in the English (translated, not lost);
- *evidence*: a content word the dictionary knows, none of whose translations, nor itself,
  is in the English; a name or number the names and numbers checks find missing (*hard*);
- neutral: function words (approximators and focus adverbs among them: zeker, zowat,
  vooral, whose English varies), words the dictionary lacks (names, rare words, noise),
  numbers the English lacks (the `numbers` flag's business).
A sentence is flagged when a stretch of it between anchors (or between an anchor and the
sentence's start or end) holds at least `dropped_min_evidence` evidence words and at
least `dropped_min_share` of the sentence's words, the English is shorter than the Dutch
would be without that stretch could explain (`dropped_max_ratio`), and the stretch holds
more evidence than the English has words that could render it without the dictionary
knowing (`clause_parts.enough`, anywhere in the English: English puts the verb a Dutch
stretch ends with early); or when a clause part of it (a coordinated half, a subordinate
clause: `clause_parts.py`) has no anchor and the English shows it gone. Only these two
rules need the English no longer than `max(dropped_max_ratio, dropped_part_max_ratio)`
times the Dutch; up to `clause_lists.MAX_RATIO` (1.3; 1.4 where the Dutch has a list of
three or more) it may still have dropped a closing part, an insert between commas
(`clause_parts.py`) or a member of a list (`clause_lists.py`). An English longer than that
is never flagged, and costs no look-up (`clause_lists.too_long`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from translate.config import QualityConfig
from translate.checks.bilingual import english_words, load
from translate.checks.clause_lists import dropped_member, kept_part, too_long
from translate.checks.clause_parts import (DUTCH_STOP, Word, dropped_insert, dropped_part,
                                          dropped_tail, enough)
from translate.checks.rendering import AUXILIARIES, English, claim
from translate.checks.names import NameContext, source_names
from translate.checks.numbers import dutch_mentions, english_numbers, missing_numbers

# Units and scales said with numbers, read by the numbers check ("€3.2m").
NUMBER_WORDS = frozenset("euro procent duizend miljoen miljard mln mld cent keer".split())

# Dutch number words, to their value (twaalf, negentig, honderd; not een, the article).
NUMERALS = {word: value for word in (
    "twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien "
    "zestien zeventien achttien negentien twintig dertig veertig vijftig zestig zeventig "
    "tachtig negentig honderd").split() for value in next(iter(
        dutch_mentions(word)))[1]}

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_VOWELS = "aeiou"


# Particles of separable verbs: "opgelegd" is "op" + "gelegd", of "opleggen".
PARTICLES = ("aan", "af", "bij", "door", "in", "mee", "na", "om", "onder", "op", "over",
             "terug", "toe", "uit", "voor", "vast", "weg", "samen", "tegen", "los", "neer")
# The separable parts of verbs, which end a clause apart from their verb ("keurde de
# woningen goed" = "approved the homes"): rendered by the verb's translation.
VERB_PARTICLES = frozenset(PARTICLES) | frozenset(
    "goed open dicht stil vrij kwijt voort bekend plaats terecht mee vandoor uiteen".split())


def _clause_end(text: str, end: int) -> bool:
    rest = text[end:].lstrip()
    return not rest or rest[0] in ".,;:!?)\"'”’–—"


# The past forms of common strong verbs (without ge-/particle), to their infinitive.
STRONG = {form: verb for verb, forms in {
    "winnen": "won wonnen wonnen", "schieten": "schoot schoten schoten", "weten": "wist wisten",
    "nemen": "nam namen nomen", "geven": "gaf gaven", "blijven": "bleef bleven",
    "vinden": "vond vonden", "houden": "hield hielden", "lopen": "liep liepen",
    "spreken": "sprak spraken sproken", "schrijven": "schreef schreven", "brengen": "bracht",
    "denken": "dacht", "zoeken": "zocht", "kopen": "kocht", "verliezen": "verloor verloren",
    "kiezen": "koos kozen", "vallen": "viel vielen", "sterven": "stierf stierven storven",
    "trekken": "trok trokken", "sluiten": "sloot sloten", "bieden": "bood boden",
    "liggen": "lag lagen", "zitten": "zat zaten", "hangen": "hing hingen",
    "dragen": "droeg droegen", "rijden": "reed reden", "slaan": "sloeg sloegen",
    "beginnen": "begon begonnen", "vliegen": "vloog vlogen", "steken": "stak staken stoken",
    "breken": "brak braken broken", "helpen": "hielp hielpen holpen", "treffen": "trof troffen",
    "werpen": "wierp wierpen worpen", "vragen": "vroeg vroegen", "zwijgen": "zweeg zwegen",
    "wijzen": "wees wezen", "zien": "zag zagen zien", "eten": "at aten", "lijken": "leek leken",
    "stijgen": "steeg stegen", "dalen": "daalde", "bewijzen": "bewees", "verdwijnen": "verdween",
    "ontvangen": "ontving", "verbieden": "verbood", "beslissen": "besliste", "sturen": "stuurde",
    "zingen": "zong zongen", "springen": "sprong sprongen", "dringen": "drong drongen",
    "vechten": "vocht vochten", "verkopen": "verkocht", "slapen": "sliep sliepen",
    "roepen": "riep riepen", "laden": "laadde", "scheiden": "scheidden", "snijden": "sneed",
    "lijden": "leed", "kijken": "keek keken", "krijgen": "kreeg kregen",
}.items() for form in forms.split()}


def _single_vowel_before(stem: str) -> bool:
    return len(stem) >= 3 and stem[-1] not in _VOWELS and stem[-2] in _VOWELS \
        and stem[-3] not in _VOWELS


def _bases(word: str) -> list[str]:
    """The word, and the word without ge- (after a separable particle or not) and with a
    strong verb's past form made its infinitive."""
    bases = [word]
    for particle in ("", *PARTICLES):
        if word.startswith(particle + "ge") and len(word) > len(particle) + 4:
            bases.append(particle + word[len(particle) + 2:])
    for base in list(bases):
        for particle in ("", *PARTICLES):
            rest = base[len(particle):]
            if base.startswith(particle) and rest in STRONG:
                bases.append(particle + STRONG[rest])
    return bases


def dutch_lemmas(word: str) -> list[str]:
    """Forms a Dutch word may be listed under: itself, and its stem undone from the
    commonest inflections (plural -en/-s, -e of adjectives, -t/-de/-te/ge- of verbs, strong
    verbs' past forms, -er/-st of comparisons, diminutive -je), with the spelling changes
    they bring (boten → boot, huizen → huis, grote → groot, zegt → zeggen)."""
    stems: list[tuple[str, bool]] = []
    for base in _bases(word.lower()):
        stems.append((base, True))
        for suffix in ("heden", "tjes", "jes", "tje", "je", "sten", "ste", "eren", "ere", "er",
                       "ën", "en", "es", "den", "ten", "de", "te", "d", "t", "s", "e", "'s"):
            if base.endswith(suffix) and len(base) - len(suffix) >= 3:
                # -er of a comparison (groter → groot), not of a doer (oprichter, whose
                # verb oprichten is not "founder"); -heden, the plural of -heid
                stems.append((base[:-len(suffix)] + ("heid" if suffix == "heden" else ""),
                              suffix != "er"))
    forms: list[str] = []
    for stem, verb in stems:
        variants = {stem}
        if stem[-1:] == "z":
            variants.add(stem[:-1] + "s")
        if stem[-1:] == "v":
            variants.add(stem[:-1] + "f")
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
            variants.add(stem[:-1])                      # zegg → zeg
        for variant in list(variants):
            if _single_vowel_before(variant):
                variants.add(variant[:-2] + variant[-2] * 2 + variant[-1])   # bot → boot
            if len(variant) >= 4 and variant[-2] == variant[-3] and variant[-2] in _VOWELS:
                variants.add(variant[:-3] + variant[-2] + variant[-1])       # speel → spel
        for variant in sorted(variants):
            forms += [variant, variant + "en", variant + "e", variant + variant[-1] + "en"] \
                if verb else [variant, variant + "e"]
    return list(dict.fromkeys(forms))


class Dictionary:
    """FreeDict's word list (`bilingual.load`) asked about inflected and compound words."""

    def __init__(self, entries: dict[str, str]):
        self.entries = entries
        self._seen: dict[str, frozenset[str] | None] = {}

    def translations(self, word: str) -> frozenset[str] | None:
        """The English stems a Dutch word may be rendered by (those of every form it may be
        listed under); None when the dictionary knows neither the word nor, for a compound,
        its last part (vakjury → jury)."""
        word = word.lower()
        if word not in self._seen:
            if len(self._seen) > 200_000:
                self._seen.clear()
            self._seen[word] = self._look_up(word)
        return self._seen[word]

    def _look_up(self, word: str) -> frozenset[str] | None:
        table = self.entries
        found = [table[form] for form in dutch_lemmas(word) if form in table]
        for at in range(3, len(word) - 4):
            if found:
                break
            found = [table[form] for form in dutch_lemmas(word[at:])
                     if form in table and len(form) >= 5]
        return frozenset(" ".join(found).split()) if found else None


def _cognate(word: str, english: set[str], prefixes: set[str]) -> bool:
    """The English keeps the word, or a form sharing its first five letters ("kilometer",
    "kilometres"; "olympisch", "Olympic": `prefixes`, those of the English words), or the
    last part of a compound ("vergunningsprocedures", "procedures")."""
    return word in english or len(word) >= 5 and (word[:5] in prefixes or any(
        word[at:] in english for at in range(1, len(word) - 4)))


def words_of(nl: str, en: str, dictionary: Dictionary, lost: frozenset[str] = frozenset(),
             kept: frozenset[str] = frozenset()) -> list[Word]:
    """Every word of the Dutch, marked anchor, evidence or neutral (see the module); `lost`
    and `kept`: the words (lower case) of the names and numbers the names and numbers
    checks found missing from the English, and of the names they found in it."""
    words = english_words(en)
    english_set = set(words)
    # An auxiliary renders no Dutch content word ("will": no sense of "gezinnen").
    english = English(english_set - AUXILIARIES)
    prefixes = {w[:5] for w in english_set if len(w) >= 5}
    marked: list[Word] = []
    claims: list[tuple[int, set[str]]] = []   # dictionary anchors: index, English words
    for match in _WORD.finditer(nl):
        text = match.group(0)
        lower = text.lower().replace("’", "'")
        parts = [part for part in re.split(r"[-'’.,]", lower) if part not in DUTCH_STOP]
        if lower in lost or parts and set(parts) <= lost:
            # A name the names check misses that the English renders (Liga → "League"):
            # translated, not dropped.
            stems = dictionary.translations(lower)
            kind = "anchor" if stems and english.rendering(stems) else "evidence"
        elif lower in kept or parts and set(parts) <= kept:
            kind = "anchor"
        elif text[0].isdigit() or lower in NUMBER_WORDS or lower in DUTCH_STOP \
                or len(lower) <= 2:
            kind = "anchor" if text[0].isdigit() else "neutral"
        elif lower in NUMERALS and NUMERALS[lower] in english_numbers(en):
            kind = "anchor"         # a number word the English states (negentig, 1990s)
        elif _cognate(lower, english_set, prefixes):
            kind = "anchor"
        elif text[0].isupper() and match.start() > 0:
            kind = "neutral"        # a name: the names check says whether it is missing
        elif lower in VERB_PARTICLES and _clause_end(nl, match.end()):
            kind = "neutral"        # "keurde ... goed": part of the verb, rendered with it
        elif (stems := dictionary.translations(lower)) is not None:
            if rendering := english.rendering(stems):
                kind = "anchor"
                claims.append((len(marked), rendering))
            else:
                kind = "evidence"
        else:
            kind = "neutral"
        hard = kind == "evidence" and (lower in lost or bool(parts) and set(parts) <= lost)
        marked.append(Word(text, match.start(), kind, hard))
    if len(claims) > 1:
        claim(marked, claims, words)
    return marked


@dataclass(frozen=True)
class Stretch:
    """A stretch of the Dutch between anchors, with at least one evidence word."""

    text: str
    evidence: int          # evidence words in it
    words: int             # words in it
    share: float           # of the sentence's words
    rest_ratio: float      # English characters per Dutch character outside the stretch
    members: tuple[Word, ...] = ()   # its words


def stretches(nl: str, en: str, dictionary: Dictionary, lost: frozenset[str] = frozenset(),
              kept: frozenset[str] = frozenset(),
              marked: list[Word] | None = None) -> list[Stretch]:
    """The stretches of the Dutch the English shows nothing of (see the module); `marked`:
    the words as `words_of` marks them, when already at hand."""
    if marked is None:
        marked = words_of(nl, en, dictionary, lost, kept)
    found, start = [], 0
    for index in range(len(marked) + 1):
        if index == len(marked) or marked[index].kind == "anchor":
            stretch = marked[start:index]
            evidence = sum(1 for w in stretch if w.kind == "evidence")
            if evidence:
                begin, end = stretch[0].start, stretch[-1].start + len(stretch[-1].text)
                rest = max(1, len(nl.strip()) - (end - begin))
                found.append(Stretch(nl[begin:end], evidence, len(stretch),
                                     len(stretch) / len(marked), len(en.strip()) / rest,
                                     tuple(stretch)))
            start = index + 1
    return found


def dropped(nl: str, en: str, dictionary: Dictionary, settings: QualityConfig,
            lost: frozenset[str] = frozenset(), kept: frozenset[str] = frozenset(),
            marked: list[Word] | None = None, named: frozenset[str] = frozenset()
            ) -> Stretch | None:
    """The first stretch of the Dutch that looks dropped from the English, by the
    `dropped_*` settings of `config.QualityConfig`; None when none does."""
    if len(en.strip()) > settings.dropped_max_ratio * max(1, len(nl.strip())):
        return None
    if marked is None:
        marked = words_of(nl, en, dictionary, lost, kept)
    for stretch in stretches(nl, en, dictionary, lost, kept, marked):
        if stretch.evidence >= settings.dropped_min_evidence \
                and stretch.words >= settings.dropped_min_words \
                and stretch.share >= settings.dropped_min_share \
                and stretch.rest_ratio <= settings.dropped_max_rest_ratio \
                and enough(en, marked, list(stretch.members), dictionary.translations,
                           False, named):
            return stretch
    return None


@functools.lru_cache(maxsize=1)
def dictionary() -> Dictionary | None:
    """The installed dictionary, read once per process; None when there is none."""
    entries = load()
    return Dictionary(entries) if entries else None


def _words_in(texts: Iterable[str]) -> frozenset[str]:
    """The words of names and numbers, less function words ("van", "de", "het" of "Sanne van
    Dijk", "Het Concertgebouworkest"), which would otherwise mark every "van" of the
    sentence."""
    return frozenset(word for text in texts for word in re.findall(r"[^\W_]+", text.lower())
                     if word not in DUTCH_STOP)


def dropped_clause(nl: str, en: str, settings: QualityConfig, names: NameContext | None = None) -> str | None:
    """The stretch of the Dutch sentence `nl` that its English `en` seems to have dropped
    (the `dropped` flag), or None; always None without the dictionary. `names`: the
    article's name context (`names.NameContext`)."""
    table = dictionary()
    if table is None or not en.strip() or too_long(
            nl, en, max(settings.dropped_max_ratio, settings.dropped_part_max_ratio)):
        return None         # an English this long has dropped nothing a rule flags
    found = source_names(nl, names)
    missing = missing_numbers(nl, en)
    kept_numbers = [written for written, values in dutch_mentions(nl) if values]
    for written in missing:
        kept_numbers.remove(written)
    # The words of the names and numbers the English keeps ("jaren" of "jaren 90", 1990s).
    kept_names = [n for n in found if n.kept_in(en)]
    lost = _words_in([n.text for n in found if n not in kept_names] + missing)
    kept = _words_in([n.text for n in kept_names] + kept_numbers)
    marked = words_of(nl, en, table, lost, kept - lost)
    # The English words of the names it keeps (Aarlen as "Arlon"): no rewording.
    named = frozenset(word for n in kept_names for forms in (
        *n.needs, n.institution.english if n.institution else ())
        for form in forms for word in english_words(form))

    def shown(part: list[Word]) -> bool:
        return kept_part(en, marked, part, table.translations, named)

    if len(en.strip()) <= max(settings.dropped_max_ratio, settings.dropped_part_max_ratio) \
            * max(1, len(nl.strip())):
        stretch = dropped(nl, en, table, settings, lost, kept - lost, marked, named)
        if stretch:
            return stretch.text
        if part := dropped_part(nl, en, marked, table.translations,
                                settings.dropped_part_max_rest_ratio, named, shown):
            return part
    return dropped_insert(nl, en, marked) \
        or dropped_tail(nl, en, marked, table.translations, named, shown) \
        or dropped_member(nl, en, marked, table.translations, named)
