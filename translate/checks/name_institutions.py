"""Institutions and places of `translate/data/institutions.tsv` in a Dutch sentence, and
whether an English text keeps them.

Finding them (`institution_at`): capitalised Dutch phrases are looked up in the table longest
first (`institutions.longest_name_words()` words at most), so `Raad van State` is one name,
not `Raad` and `State`; a ministry may open with a lower-case `ministerie` (`het ministerie
van Financiën`); `&` reads as `en` (Autoriteit Consument & Markt). A phrase right after a
name particle that follows a name (`Jan van Dam`, `Van Dam zei`) is a surname, not the place
(Dam Square). A name of several words whose last word the table capitalises needs it
capitalised (`De Lijn` is the company, `De lijn moet …` a line).

Keeping them (`institution_kept`): the English keeps the name when it contains one of the
row's accepted English forms (any case, hyphen or space alike) or one of its acronyms (whole
word, case as written: ACM, not acm; an acronym spelt out before it in brackets in words
mostly not those of an accepted English name loses it: "Realm Institute for Folk Health and
Milieu (RIVM)"), or a Dutch form of the row (Lowlands, Concertgebouw)
unless that form is itself listed outdated (Kiev). An outdated English form (Bois-le-Duc,
Flushing, Louvain) loses it, except inside a longer name (Peking University, Flushing
Meadows, Louvain-la-Neuve: followed by a capitalised word or a hyphen). A word-by-word
rendering (Central Plan Bureau, Court of Appeal of Antwerp) has no accepted form and loses it.
A city, province or region with an English name of its own (kinds `city-exonym`, `province`,
`region`, the Dutch form not among its English ones: Doornik → Tournai, Oost-Vlaanderen →
East Flanders) that stands alone in the sentence loses it to its Dutch form; so does a
landmark (kind `landmark`) whose Dutch form the row does not list as English (Menenpoort →
Menin Gate; not Binnenhof).
"""

from __future__ import annotations

import functools
import re

from translate.checks.institutions import (
    Institution, is_acronym, longest_name_words, lookup, normalise,
)
from translate.checks.name_described import BODY_NOUNS
from translate.checks.name_grammar import is_first_name
from translate.checks.name_forms import contains, fold_english, form_pattern, place_adjective
from translate.checks.words import (
    PARTICLES, Token, capitalised, fold, is_dutch_word, strip_accents,
)

__all__ = ["institution_at", "institution_kept", "outdated_used"]

# Particles that make the word after them a surname when a name or a capital opens them.
SURNAME_PARTICLES = frozenset({"van", "von", "ter", "ten", "te", "der", "den", "vander"})
# Places whose English name, where it has one, replaces the Dutch one when they stand alone
# (Doornik → Tournai, Oost-Vlaanderen → East Flanders).
# A landmark too: the table lists its Dutch form among the English ones where English keeps
# it (Binnenhof, Erasmusbrug), so a Dutch form it does not list is no English (Menenpoort).
EXONYM_KINDS = frozenset({"city-exonym", "province", "region", "landmark"})
# A ministry named with a lower-case first word (het ministerie van Financiën).
LOWER_OPENERS = {"ministerie": "ministry"}


def _inside_name(words: list[Token], i: int) -> bool:
    """`words[i]` is a surname: after a name's particles (`Jan van Dam`, `J. van Dam`,
    `Van Dam`), or right after a first name or initials (`Ellen Groen`, not the party)."""
    if fold(words[i].text) in BODY_NOUNS:
        return False       # a body, not a surname (Veerle Desmet van de Universiteit Gent)
    before = words[i - 1] if i else None
    if before is not None and place_adjective(before.text):
        return False       # a place after its adjective (het Duitse Kleef)
    if before is not None and not words[i].text.isupper() and (
            before.initials or capitalised(before.text) and fold(before.text) not in PARTICLES
            and (not before.initial or is_first_name(before.text)
                 or not is_dutch_word(before.text))):
        return i + 1 >= len(words) or not capitalised(words[i + 1].text)
    j = i - 1
    while j >= 0 and fold(words[j].text) in PARTICLES and not words[j].initials:
        j -= 1
    run = words[j + 1:i]
    if not run or not any(fold(t.text) in SURNAME_PARTICLES for t in run):
        return False
    if capitalised(run[0].text):
        return True                      # Van Dam, Ter Horst
    return j >= 0 and (words[j].initials or capitalised(words[j].text))


@functools.lru_cache(maxsize=1)
def _longest() -> int:
    return longest_name_words()


def _lookup(text: str) -> Institution | None:
    row = lookup(text)
    if row is None and "&" in text:
        row = lookup(re.sub(r"\s*&\s*", " en ", text))
    return row


def institution_at(nl: str, words: list[Token], i: int) -> tuple[int, Institution] | None:
    """(number of words, row) of the longest table name opening at `words[i]`, or None."""
    first = words[i]
    if first.initials:
        return None
    lower_kind = None
    if not capitalised(first.text):
        lower_kind = LOWER_OPENERS.get(first.text)
        if lower_kind is None:
            return None
    if _inside_name(words, i) and not _after_preposition(nl, words, i):
        return None
    for length in range(min(_longest(), len(words) - i), 0, -1):
        span = words[i:i + length]
        if any(t.initials for t in span):
            continue
        text = nl[first.start:span[-1].start + len(span[-1].text)]
        row = _lookup(text)
        if row is not None and (lower_kind is None or row.kind == lower_kind) \
                and _cased(row, text, span[-1].text):
            return length, row
    return None


def _cased(row: Institution, text: str, last: str) -> bool:
    """The last word of a name of several words is capitalised where the table's form
    capitalises it (De Lijn, not "De lijn moet …": the line)."""
    if " " not in text.strip() or capitalised(last) or last.isupper():
        return True
    forms = [f for f in row.dutch if normalise(f) == normalise(text)]
    return not any(capitalised(f.split()[-1]) for f in forms)


@functools.lru_cache(maxsize=4096)
def _acronym_pattern(form: str) -> re.Pattern[str]:
    return re.compile(r"(?<![^\W_])" + re.escape(strip_accents(form)) + r"(?![^\W_])")


MINISTRY = "Ministry of "


def _has(english: str, form: str) -> bool:
    """`form` in the padded English: an acronym whole and in its case; a name (a form
    with capitals) with at least one of its capitals (the Government Information Service, not "the
    government information service", the northern Netherlands); a lower-case description
    in any case."""
    if is_acronym(form):
        return _acronym_pattern(form).search(english) is not None
    if form == form.lower():
        return contains(english, fold(form))
    return any(any(ch.isupper() for ch in match.group(0))
               for match in form_pattern(fold(form)).finditer(english))


def _head_kept(dutch: str, english: str) -> bool:
    """A one-word name made of a proper name and a common tail keeps its head in English
    (Oosterscheldekering → the Oosterschelde storm surge barrier); a head that is itself a
    Dutch word (Concert-gebouw) is translated with the rest and does not count."""
    plain = strip_accents(dutch)
    if not plain.isalpha() or not plain[:1].isupper():
        return False
    for cut in range(4, len(plain) - 2):
        head, tail = plain[:cut], plain[cut:]
        if is_dutch_word(tail) and not is_dutch_word(head) and contains(english, "^" + head):
            return True
    return False


# Words of an English name that say little of it.
_NAME_STOP = frozenset({"of", "for", "and", "the", "on", "in", "to", "de"})


def _wrong_expansion(row: Institution, padded: str) -> bool:
    """The English spells an acronym out before it in brackets in words not mostly those of
    an accepted English name of the body: "the Realm Institute for Folk Health and Milieu
    (RIVM)", a word-by-word rendering; "the National Institute for Public Health and the
    Environment (RIVM)" keeps it."""
    for acronym in row.acronyms:
        match = re.search(r"((?:[A-Z][\w'-]*\s+(?:(?:" + "|".join(_NAME_STOP) + r")\s+)*)+)\(\s*"
                          + re.escape(strip_accents(acronym)) + r"\s*\)", padded)
        if not match:
            continue
        spelt = {w.lower() for w in re.findall(r"[^\W\d_]+", match.group(1))} - _NAME_STOP
        names = [{w.lower() for w in re.findall(r"[^\W\d_]+", strip_accents(form))} - _NAME_STOP
                 for form in row.english]
        if spelt and not any(2 * len(spelt & name) > len(spelt) for name in names):
            return True
    return False


@functools.lru_cache(maxsize=4096)
def _outdated_pattern(form: str) -> re.Pattern[str]:
    """An outdated form with its capital, not inside a longer name (Peking University,
    Louvain-la-Neuve)."""
    body = r"[\s-]+".join(re.escape(p) for p in re.split(r"[\s-]+", strip_accents(form)) if p)
    return re.compile(r"(?<![^\W_])" + body + r"(?![^\W_])(?!-|\s+[A-Z])")


def outdated_used(row: Institution, english: str) -> str | None:
    """The outdated English form of `row` the padded English uses, or None."""
    for form in row.outdated:
        if _outdated_pattern(form).search(english):
            return form
    return None


def institution_kept(row: Institution, english: str, dutch: str = "",
                     lone: bool = False) -> bool | None:
    """True: the English keeps the row's name; False: it uses an outdated form and no
    accepted one; None: neither an accepted nor a Dutch form (a word-by-word rendering,
    unless another table accepts it). `dutch`: the name as the sentence writes it; `lone`:
    it stands alone in the sentence (not inside a longer name such as a club's), so a city
    with an English name of its own loses it to its Dutch form (Bastenaken for Bastogne)."""
    padded = fold_english(english)
    if any(_has(padded, form) for form in row.english):
        return True
    # A ministry's portfolio in its English order (minister van Onderwijs, Cultuur en
    # Wetenschap: Minister of Education, Culture and Science) keeps it.
    if row.kind == "ministry" and any(_has(padded, form[len(MINISTRY):]) for form in row.english
                                      if form.startswith(MINISTRY)):
        return True
    if any(_has(padded, form) for form in row.acronyms):
        return not _wrong_expansion(row, padded)
    if outdated_used(row, padded):
        return False
    if lone and row.kind in EXONYM_KINDS:
        if any(_has(padded, form) for form in (*row.dutch, dutch) if form):
            return False
        if row.kind != "landmark":
            return None
    outdated = {fold(form) for form in row.outdated}
    if any(fold(form) not in outdated and _has(padded, form) for form in (*row.dutch, dutch)
           if form):
        return True
    return True if " " not in dutch and _head_kept(dutch, padded) else None


def preposition_after_name(nl: str, words: list[Token], start: int, i: int) -> bool:
    """`words[i]`, a particle inside the name that opens at `words[start]`, is a preposition
    that ends it:
    - `in` or `op` with no article after it (de fabriek in Vorst, Buurtzorg in Almelo);
      surnames write them before an article (In 't Veld, Op de Beeck);
    - `van` after a full name (two name words: a first name and a surname), before a town or
      body of the table or before two capitalised words (Heike de Boer van Kleef, Sofie
      Janssens van de Algemene Administratie, Rachid Amrani van Buitenlandse Handel): a
      surname's `van` follows a first name alone and one word follows it (Jan van Dijk)."""
    word = fold(words[i].text)
    if capitalised(words[i].text) or word not in PARTICLES:
        return False
    j = i + 1
    if word in ("in", "op"):
        return j >= len(words) or fold(words[j].text) not in PARTICLES
    named = [t for t in words[start:i] if capitalised(t.text) and fold(t.text) not in PARTICLES
             and not (t.initial and is_dutch_word(t.text))]     # Voorzitter, Voor
    if word != "van" or len(named) < 2:
        return False
    while j < len(words) and fold(words[j].text) in PARTICLES and not capitalised(words[j].text):
        j += 1
    if j >= len(words):
        return False
    return institution_at(nl, words[j:], 0) is not None or j + 1 < len(words) \
        and capitalised(words[j].text) and capitalised(words[j + 1].text) \
        and not nl[words[j].start + len(words[j].text):words[j + 1].start].strip()


def _after_preposition(nl: str, words: list[Token], i: int) -> bool:
    """`words[i]` follows particles that `preposition_after_name` makes a preposition."""
    j = i
    while j > 0 and fold(words[j - 1].text) in PARTICLES and not capitalised(words[j - 1].text):
        j -= 1
    start = j
    while start > 0 and (capitalised(words[start - 1].text) or words[start - 1].initials
                         or fold(words[start - 1].text) in PARTICLES):
        start -= 1
    return j < i and start < j and preposition_after_name(nl, words, start, j)


def coordinated_institution(nl: str, words: list[Token], start: int, end: int) -> bool:
    """A table name opens the run `words[start:end]` and `en` or `of` follows it inside the
    run (de Rijksuniversiteit Groningen en de Hanzehogeschool): two bodies joined, the
    first the table's, not one described body."""
    found = institution_at(nl, words, start)
    return bool(found) and start + found[0] < end \
        and fold(words[start + found[0]].text) in ("en", "of")
