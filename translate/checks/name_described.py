"""Names made of Dutch words, which English may translate: bodies the institutions table does
not know, and a minister's portfolio.

A body with an official English name is in `data/institutions.tsv` and judged by it (RIVM:
"Realm Institute for Folk Health" loses it). A body the table does not know has no English
name the check could hold the English to, and English news names it in English words: de
Vlaamse Maatschappij voor Sociaal Wonen → "the Flemish Social Housing Company", de Prijs der
Nederlandse Letteren → "the Dutch Literature Prize", de Omgevingsdienst
Noordzeekanaalgebied → "the North Sea Canal Area Environment Agency". Such a name is found
by its structure (`described_spans`):
- capitalised words joined by `voor`, `van`, `der`, `den`, `en`, `de`, `het`, `op`, `tot`,
  one of which is, or ends in, a noun naming a kind of body (`BODY_NOUNS`: commissie,
  vereniging, maatschappij, agentschap, dienst, instituut, liga, prijs, school, museum …);
  a person's name opening the run (Marieke Hagen van het Kennisinstituut …) or closing it
  (a first name, or a word and a surname of Faker's lists) is left out, and so is a
  sentence's first word that is a Dutch word (Volgens, Medewerkers);
- or the capitalised Dutch words after a portfolio holder and `van`/`voor` (`minister van
  Verkeer en Waterstaat`, `schepen van Mobiliteit`): English renames a portfolio freely
  ("Mobility alderman"), and `checks.names` requires nothing of it.
Its words that are Dutch words in lower case (Hunspell's nl_NL, or a compound of two)
describe. The words right after a body noun that opens the name (`complement`: Vereniging
Eigen Huis, Zeehondencentrum Pieterburen, Universiteit Leiden; not a remit joined by `en`:
Agentschap Zorg en Gezondheid) are its name, and the body noun before them describes it;
those, and every other word (a place, Vlaamse, Nederlandse), must still be kept as names
are (`checks.names`).

The English keeps a described name (`Described.kept_in`) when it shows it as a name, in words
with a capital (the Rent Tribunal; not "the athletics union" for de Atletiekunie): one of its
Dutch words (Museum), an English translation of one of them or of a part of a compound
(FreeDict nld-eng via `checks.bilingual`: huur → rent, liga → league, vereniging →
association), a names-table form of one (Landelijke → National), a cognate (Mobiliteit →
Mobility: the first five letters), or an acronym the Dutch does not write ("the Dutch
association of GPs, the LHV"). Without the dictionary installed, its words, table forms,
cognates and acronyms alone count. Which English name is the body's own, the check cannot
tell without the table: "Rent Commission" for a body whose English name is "Rent Tribunal"
passes unless the table has the body.

Pure functions of their text arguments; the dictionary loads once per process, on first use.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from translate.checks import bilingual
from translate.checks.name_grammar import closed_class
from translate.checks.name_surnames import is_surname
from translate.checks.words import Token, capitalised, fold, is_dutch_word, strip_accents

__all__ = ["BODY_NOUNS", "Described", "acronyms", "american", "body_noun", "complement",
           "described_spans", "describes", "initials_kept", "translations"]

# Nouns naming a kind of body, prize or school: a capitalised name ending in one of them
# (as the word or a compound's tail) is a body's name, which English may translate.
BODY_NOUNS = frozenset("""
    commissie vereniging maatschappij agentschap dienst instituut liga prijs school museum
    stichting bond federatie fonds genootschap academie centrum raad tribunaal inspectie
    autoriteit bureau college unie beweging platform overleg organisatie
    vakbond inspectoraat directie departement ministerie coalitie alliantie
    hogeschool universiteit ziekenhuis bibliotheek archief omroep partij collectief
    observatorium kenniscentrum netwerk forum verbond gilde sociëteit congres
""".split())
# A portfolio holder: the capitalised words after it and `van`/`voor` are the portfolio.
PORTFOLIO_HOLDERS = frozenset("""
    minister ministers ministerie schepen schepenen staatssecretaris staatssecretarissen
    gedeputeerde gedeputeerden wethouder wethouders commissaris eurocommissaris departement
    minister-president viceminister vicepremier
""".split())
# Lower-case words inside a described name (Liga voor Mensenrechten, Prijs der Letteren).
CONNECTIVES = frozenset({"voor", "van", "der", "den", "en", "de", "het", "op", "tot", "&"})
# A Dutch word and an English word sharing this many first letters are cognates
# (Mobiliteit, mobility).
COGNATE_CHARS = 5
# The shortest head or tail of a compound looked up on its own (huur+commissie).
PART_MIN = 3
_WORD = re.compile(r"[^\W\d_]+")
_ACRONYM = re.compile(r"(?<![^\W_])[A-Z][A-Za-z&]*[A-Z](?![^\W_])")


@functools.lru_cache(maxsize=8192)
def body_noun(word: str) -> bool:
    lower = fold(word)
    return lower in BODY_NOUNS or any(
        lower.endswith(noun) and len(lower) - len(noun) >= PART_MIN for noun in BODY_NOUNS)


def _gap_clean(nl: str, left: Token, right: Token) -> bool:
    """Only spaces or a comma between two words of one name (no full stop, colon, quote)."""
    gap = nl[left.start + len(left.text):right.start]
    return gap.strip() in ("", ",")


def _runs(nl: str, words: list[Token]) -> list[tuple[int, int]]:
    """Runs of capitalised words joined by connectives, as (start, end) word indices; a
    capitalised connective or closed-class word opening a sentence (De, Het) is left out."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        token = words[i]
        if token.initials or not capitalised(token.text) or fold(token.text) in CONNECTIVES \
                or fold(token.text) in PORTFOLIO_HOLDERS or token.initial and (
                    closed_class(token.text) or is_dutch_word(token.text)
                    and not body_noun(token.text)):
            # A sentence's first word is capitalised whatever it is (Volgens, Medewerkers).
            i += 1
            continue
        start = end = i
        j = i + 1
        while j < len(words) and _gap_clean(nl, words[j - 1], words[j]):
            if words[j].initials:
                break
            if capitalised(words[j].text) and fold(words[j].text) not in CONNECTIVES:
                end = j
            elif fold(words[j].text) not in CONNECTIVES:
                break
            j += 1
        runs.append((start, end + 1))
        i = end + 1
    return runs


def _portfolio(nl: str, words: list[Token], start: int) -> bool:
    """The run at `start` follows a portfolio holder and van/voor (minister van Cultuur)."""
    return start >= 2 and fold(words[start - 1].text) in ("van", "voor") \
        and fold(words[start - 2].text) in PORTFOLIO_HOLDERS \
        and _gap_clean(nl, words[start - 2], words[start - 1])


def described_spans(nl: str, words: list[Token], first_name) -> dict[int, tuple[int, bool]]:
    """{start: (end, portfolio)} word indices of the described names of a sentence (see the
    module), a run cut before a first name (schepen van Mobiliteit Filip Watteeuw) or a
    name ending in a surname of Faker's lists; `first_name(word)` tells a first name."""
    found: dict[int, tuple[int, bool]] = {}
    for start, end in _runs(nl, words):
        # A person's name opens the run: the body starts after the connective that follows
        # (Marieke Hagen van het Kennisinstituut voor …).
        while start < end and any(first_name(t.text) for t in words[start:end]):
            person = next(k for k in range(start, end) if first_name(words[k].text))
            if person > start:
                end = person
                break
            start = next((k for k in range(person + 1, end)
                          if fold(words[k - 1].text) in CONNECTIVES
                          and capitalised(words[k].text)
                          and fold(words[k].text) not in CONNECTIVES), end)
        if start >= end or any(t.text.isupper() for t in words[start:end]):
            continue
        if end - start >= 2 and is_surname(words[end - 1].text) and capitalised(
                words[end - 2].text) and fold(words[end - 2].text) not in CONNECTIVES:
            end -= 2     # a name after it: a first name and a surname (… Robbert Kuiper)
        while end > start + 1 and fold(words[end - 1].text) in CONNECTIVES:
            end -= 1
        named = [t.text for t in words[start:end] if capitalised(t.text)
                 and fold(t.text) not in CONNECTIVES]
        portfolio = _portfolio(nl, words, start)
        if portfolio or any(body_noun(w) for w in named):
            found[start] = (end, portfolio)
    return found


def complement(nl: str, span: list[Token]) -> set[int]:
    """Indices of the words of a described name that name it rather than describe it: the
    capitalised words right after its body noun (Vereniging Eigen Huis, Zeehondencentrum
    Pieterburen, Universiteit Leiden), unless `en` joins them (a remit: Agentschap Zorg en
    Gezondheid). English keeps those."""
    for b, token in enumerate(span):
        if not body_noun(token.text):
            continue
        k = b + 1
        while k < len(span) and capitalised(span[k].text) \
                and fold(span[k].text) not in CONNECTIVES and _gap_clean(nl, span[k - 1], span[k]):
            k += 1
        if k < len(span) and fold(span[k].text) in ("en", "&") or k == b + 1:
            return set()
        return set(range(b + 1, k))
    return set()


def describes(word: str) -> bool:
    """A word of a described name that describes (a Dutch word or a compound of two), not a
    name that must be kept."""
    return is_dutch_word(word) or bool(_compound_parts(fold(word)))


@functools.lru_cache(maxsize=8192)
def _compound_parts(lower: str) -> tuple[tuple[str, str], ...]:
    """Each (head, tail) of a word as a compound of two Dutch words (huur+commissie,
    omgevings+dienst, zee+hondencentrum, zeehonden+centrum)."""
    if not lower.isalpha():
        return ()
    found = []
    for cut in range(PART_MIN, len(lower) - PART_MIN + 1):
        head, tail = lower[:cut], lower[cut:]
        if not is_dutch_word(tail):
            continue
        # A linking -s-, -e- or -er- (kinder+ombudsman → kind) between the parts.
        for stem in (head, head[:-1] if head[-1] in "se" else None,
                     head[:-2] if head.endswith("er") else None):
            if stem and len(stem) >= PART_MIN and is_dutch_word(stem):
                found.append((stem, tail))
                break
    return tuple(found)


def _lemmas(lower: str) -> list[str]:
    """The word and the forms a plural or an inflected adjective comes from."""
    forms = [lower]
    for suffix in ("en", "s", "e", "n"):
        if lower.endswith(suffix) and len(lower) - len(suffix) >= PART_MIN:
            forms.append(lower[:-len(suffix)])
    if re.search(r"([b-df-hj-np-tv-z])\1en$", lower) and len(lower) > PART_MIN + 3:
        forms.append(lower[:-3])      # a consonant doubled before -en: geschillen → geschil
    open_syllable = re.search(r"(?<![aeiou])([aeou])([b-df-hj-np-tv-z])en$", lower)
    if open_syllable and len(lower) > PART_MIN + 2:
        # a vowel doubled in the singular: scholen → school, straten → straat
        forms.append(lower[:open_syllable.start()] + open_syllable.group(1) * 2
                     + open_syllable.group(2))
    return forms


@functools.lru_cache(maxsize=8192)
def translations(word: str) -> frozenset[str]:
    """The stems of the English words FreeDict gives for a Dutch word, or for the two parts
    of a compound when it has no entry of its own; empty without the dictionary."""
    entries = bilingual.load()
    if not entries:
        return frozenset()
    lower = strip_accents(fold(word))
    # Every form the word may come from (boeken: the verb and the plural of boek).
    found = {stem for form in _lemmas(lower) if form in entries for stem in entries[form].split()}
    if found:
        return frozenset(map(american, found))
    stems: set[str] = set()
    for parts in _compound_parts(lower):
        for part in parts:
            for form in _lemmas(part):
                if form in entries:
                    stems |= set(entries[form].split())
                    break
    return frozenset(american(stem) for stem in stems)


def american(stem: str) -> str:
    """One spelling for -ise and -ize (organisation, organization)."""
    return stem.replace("isat", "izat").replace("ise", "ize")


@dataclass(frozen=True)
class Described:
    """A described name's evidence: its describing Dutch words, the names table's English
    forms of them (Landelijke → national), the acronyms of its Dutch sentence."""

    words: tuple[str, ...]
    forms: frozenset[str] = frozenset()
    acronyms: frozenset[str] = frozenset()

    def kept_in(self, english: str) -> bool:
        """The English shows the name: one of its Dutch words or a cognate, an English
        translation or a table form of one of them, capitalised as a name is, or an acronym
        the Dutch does not write."""
        plain = strip_accents(english)
        # As a name: capitalised ("the Rent Tribunal", not "the athletics union").
        words = [w.lower() for w in _WORD.findall(plain.replace("-", " ")) if w[0].isupper()]
        stems = {american(bilingual.english_stem(w)) for w in words}
        for word in self.words:
            lower = strip_accents(fold(word))
            if lower in words or translations(word) & stems:
                return True
            if len(lower) >= COGNATE_CHARS and any(w.startswith(lower[:COGNATE_CHARS])
                                                   for w in words):
                return True
        padded = " " + " ".join(words) + " "
        if any(" " + " ".join(bilingual.english_words(form)) + " " in padded
               for form in self.forms):
            return True
        return any(m.group(0) not in self.acronyms for m in _ACRONYM.finditer(plain))


def acronyms(dutch: str) -> frozenset[str]:
    """The acronyms a Dutch sentence writes."""
    return frozenset(m.group(0) for m in _ACRONYM.finditer(strip_accents(dutch)))


# A run of capitalised words, lower-case connectives between (Koninklijke Horeca Nederland,
# Partij van de Arbeid).
_RUN = re.compile(r"(?<![^\W_])[A-Z][^\W_]*(?:[\s-]+(?:(?:" + "|".join(sorted(CONNECTIVES - {"&"}))
                  + r")[\s-]+)*[A-Z][^\W_]*)*")


def initials_kept(dutch: str, name: str, english: str) -> bool:
    """The English gives, for a name of the Dutch, the acronym of the capitalised words
    around it, which the Dutch does not write (Koninklijke Horeca Nederland → "the
    hospitality association KHN"; Partij van de Arbeid → PvdA): English news names a body
    by its Dutch acronym."""
    plain = strip_accents(english)
    found = {m.group(0).lower() for m in _ACRONYM.finditer(plain)} - {
        a.lower() for a in acronyms(dutch)}
    if not found:
        return False
    for run in _RUN.finditer(strip_accents(dutch)):
        if strip_accents(name) not in run.group(0):
            continue
        words = re.split(r"[\s-]+", run.group(0))
        # Any stretch of the run: a sentence's first word may open it (Volgens Stichting …).
        for i in range(len(words)):
            for j in range(i + 2, len(words) + 1):
                if strip_accents(name.split()[0]) not in words[i:j]:
                    continue
                capitals = "".join(w[0] for w in words[i:j] if w[:1].isupper())
                every = "".join(w[0] for w in words[i:j])
                if {capitals.lower(), every.lower()} & found and len(capitals) >= 2:
                    return True
    return False
