"""Proper names: which the Dutch has, and whether an English text keeps them.

A capitalised Dutch word is a name where the article says so:
- inside a sentence (not its first word, not the first word after a colon or an opening
  quote), a capital means a name in Dutch (common nouns, days, months and titles such as
  "minister" are written in lower case);
- a sentence's first word, and every word of a headline in title case (most of its words
  capitalised, no end punctuation), is a name only when the article capitalises the same
  word inside a sentence elsewhere (`NameContext`), or when it is not a known Dutch word in
  lower case (OpenTaal's Hunspell dictionary, via checks.lexicon: "Rutte" is a name,
  "Volgens" and "Bakker" are words unless the article shows otherwise), or when the
  grammar around it says it is a person (`name_grammar`: `Bakker, de hoofdverdachte, …`,
  `Visser, die …`, `Koster zegt dat hij …`, a first name before a surname: `Wouter Kramer`;
  a surname of Faker's lists that is a count noun, bare before a singular verb: `Mulder
  opende …`, `name_surnames`), or when the grammar shows it a person in another sentence
  of the article, or the article twice opens a sentence with it as a bare count-noun
  subject and never writes it in lower case (`Schilder opende …`, `Schilder noemde …`).
A table place standing alone (no name word beside it, a comma between ending a name: not
Club Brugge, Standard Luik; Wallonië, Vlaanderen en Brussel are three) needs its English
name where English has one: the Dutch form left in the English loses it (Luik for Liège,
een Gentse arts → "a Gent doctor"; an article before a place's adjective is no particle:
het Gentse bedrijf), unless the table lists the Dutch form as English too (Maas, Dordrecht).
Titles before a name (`mr.`, `dr.`, `prof.`, `ir.`, `drs.`, and CEO, CFO …) are not part
of it.
Institutions and places of `data/institutions.tsv` are found longest phrase first and
judged by that table (`name_institutions`: accepted English forms and acronyms keep them,
an outdated English form or a word-by-word rendering loses them).
A body the table lacks, named by Dutch words around a body noun (de Vlaamse Maatschappij
voor Sociaal Wonen), and a minister's portfolio (minister van Verkeer en Waterstaat) may
be translated (`name_described`): the body is kept by English words that show it as a
name (a translation, a cognate, an acronym), the portfolio needs nothing; a table name
inside such a run is the table's (Hulporganisatie | Artsen zonder Grenzen).
Particles (`de`, `van der`, `ter`, `'t`), initials (`J.P.`, `Th.`) and hyphenated
surnames belong to the name; only its capitalised parts must reappear in the English
(particles and initials are written either way in English).

A name counts as kept when the English contains it (case, accents and a Dutch genitive
-s aside) or an English form of it:
- countries, from pycountry's ISO 3166 names with their Dutch translations (gettext
  catalogue `iso3166-1`), and their adjectives and inhabitants (`data/names.tsv`: no
  library ships Dutch adjectives of countries);
- cities and regions with an English exonym (Den Haag → The Hague), compass words
  (Noord-Holland → North Holland), institutions and parties (Tweede Kamer → House of
  Representatives), from the same small table, `translate/data/names.tsv`;
- a place's adjective or inhabitants (Amsterdamse, Amsterdammers → Amsterdam), a
  country's adjective (Rusland → Russian: the table's rows that name it in English);
- a compound's head in the tables' English form, its tail translated (Noordzeegarnalen →
  North Sea shrimps, Engelstalige → English-taught; not a street: Europalaan);
- a name of common Dutch words only, no known surname, first name or table row, whose
  structure makes it no place or person (`name_common`: de Koude Oorlog, Veteranendag,
  Linkeroever), by a dictionary translation of each word (the Cold War, Veterans' Day, the
  Left Bank); a place's adjective the table lacks by its place (Limburgse → Limburg).

Pure functions of their text arguments; the dictionary and the tables load once, on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from translate.checks.name_english import english_name_positions, english_names
from translate.checks.name_forms import (
    MUNICIPALITY_NOUNS, Table, contains, contains_name, exonym_needs, fold_english, joined_place,
    joined_places, particles_translated, place_adjective, table, without_dutch, word_needs,
)
from translate.checks.institutions import Institution
from translate.checks.name_common import common_at, common_kept, head_first, ordered_kept
from translate.checks.name_context import ENDS_SENTENCE, NOT_NAMES, NameContext, title_case
from translate.checks.name_described import (
    BODY_NOUNS, Described, acronyms, body_noun, complement, described_spans, describes,
    initials_kept,
)
from translate.checks.name_grammar import (
    after_first_name, after_titles, capitalised_noun, closed_class, first_name_before_name,
    function_before_person, is_first_name, is_title, particled, particled_surname,
    person_opener, required,
)
from translate.checks.name_institutions import (
    coordinated_institution, institution_at, institution_kept, preposition_after_name,
)
from translate.checks.name_surnames import attributed_speaker
from translate.checks.name_verbatim import acronym_named, quoted_kept
from translate.checks.words import (
    PARTICLES, Token, capitalised, fold, is_dutch_word, strip_accents, tokens,
)

__all__ = ["NameContext", "SourceName", "contains_name", "english_names", "missing_names",
           "english_name_positions", "names_kept", "source_names", "strip_accents"]

LONGEST_PHRASE = 6

# ---------------------------------------------------------------- the Dutch side


@dataclass(frozen=True)
class SourceName:
    """A name of the Dutch: `text` as written; `needs`, for each of its parts that must
    reappear, the English forms any one of which keeps it."""

    text: str
    needs: tuple[frozenset[str], ...]
    # (particles as the Dutch writes them, the word after them): "van der", "Berg"
    particled: tuple[tuple[str, str], ...] = ()
    # A row of the institutions table (`name_institutions`): its English forms decide.
    institution: Institution | None = None
    # Alone in the sentence, not part of a longer name (Club Brugge): an exonym must be used.
    lone: bool = False
    # A name of Dutch words English may translate (`name_described`): shown, not kept.
    described: Described | None = None
    # Its words when all are common nouns or adjectives (`name_common`): shown translated.
    common: tuple[str, ...] = ()
    # A described body's head and other words: English word order keeps it (`name_common`).
    ordered: tuple[str, tuple[str, ...], tuple[str, ...]] | None = None
    # The place name of words joined by Dutch ones around it (Alphen aan den Rijn): kept whole.
    place: str = ""

    def kept_in(self, english: str) -> bool:
        return (self._kept(english) or common_kept(self.common, english)
                or ordered_kept(self.ordered, english, table().lookup) or bool(self.place)
                and contains(fold_english(english), "^" + strip_accents(self.place))) \
            and not head_first(self.text, english, table().lookup)

    def _kept(self, english: str) -> bool:
        if self.described is not None and not self.described.kept_in(english):
            return False
        if self.institution is not None:
            verdict = institution_kept(self.institution, english, self.text, self.lone)
            if verdict is not None or not self.needs:
                return bool(verdict)
        folded = without_dutch(fold_english(english), self.text, self.needs)
        if not all(any(contains(folded, form) for form in forms) for forms in self.needs):
            return False
        return not any(particles_translated(folded, particles, word)
                       for particles, word in self.particled)


def _is_name_word(token: Token, headline: bool, context: NameContext,
                  person: bool = False) -> bool:
    """A capitalised word of a name; `person`: the grammar says a sentence's first word is a
    person (`name_grammar.person_opener`)."""
    word = token.text
    if token.initials or not capitalised(word) or word in NOT_NAMES or fold(word) in PARTICLES:
        return False
    if not token.initial and not headline:
        return True
    if context.knows(word) or person:
        return True
    if word.isupper() and len(word) > 1 and not headline:
        return True   # an acronym opening a sentence (NOS, VVD)
    parts = [p for p in re.split(r"-", re.sub(r"^(?:'s|’s)-", "", word)) if p]
    return not all(is_dutch_word(p) for p in parts)


def source_names(nl: str, context: NameContext | None = None) -> list[SourceName]:
    """The proper names of a Dutch sentence, in order; `context` is the article's."""
    context = context or NameContext()
    words = after_titles(nl, tokens(nl))
    headline = title_case(words) and not ENDS_SENTENCE.search(nl)
    persons = {k for k, token in enumerate(words)
               if token.initial and person_opener(nl, words, k, headline)
               or attributed_speaker(nl, words, k)}
    surnamed = {k for k in range(1, len(words)) if particled_surname(nl, words, k, context)}
    known = table()
    described = _described_spans(nl, words, known)
    names: list[SourceName] = []
    i = 0
    while i < len(words):
        if is_title(nl, words[i]) or i == 0 and function_before_person(nl, words, i):
            i += 1
            continue
        phrase = _phrase_at(words, i, headline, context, known)
        found = _institution_at(nl, words, i, headline, context, i in persons)
        if i in described and not (found and i + found[0] >= described[i][0]) \
                and i + _table_phrase(words, i, known) < described[i][0]:
            end, portfolio = described[i]
            if not portfolio:     # a portfolio English renames freely: nothing to keep
                names.append(_described(nl, words[i:end], known))
            i = end
            continue
        if found and (not phrase or found[0] >= phrase[0]):
            length, row = found
            forms = (phrase[1],) if phrase and phrase[0] == length else ()
            names.append(SourceName(_span_text(nl, words[i:i + length]), forms,
                                    institution=row,
                                    lone=_lone(nl, words, i, i + length, headline, context)))
            i += length
            continue
        if phrase and phrase[0] == 1 and (i in persons or i in surnamed
                                           or context.is_person(words[i])
                                           or first_name_before_name(nl, words, i, known.lookup)):
            phrase = None   # a person named by a word the table translates (Koning is …)
        if phrase:
            length, forms = phrase
            span = words[i:i + length]
            if _lone(nl, words, i, i + length, headline, context):
                forms = known.lookup_english(tuple(t.text for t in span)) or forms
            names.append(SourceName(_span_text(nl, span), (forms,)))
            i += length
            continue
        # A name: initials, particles and name words, as long as they go on.
        start, needs = i, []
        while i < len(words):
            token = words[i]
            # Not a body named after a person (Catharina Ziekenhuis).
            after_first = i > start and (after_first_name(nl, words, i) or i in surnamed) \
                and not body_noun(token.text)
            if i > start and not after_first and (
                    _phrase_at(words, i, headline, context, known) or i in described
                    or _institution_at(nl, words, i, headline, context, False)) \
                    or is_title(nl, token) or _before(words, i, described):
                break
            if i > start and (preposition_after_name(nl, words, start, i) or token.text in PARTICLES
                              and "," in nl[words[i - 1].start:token.start]):   # , de Houtribdijk
                break
            if token.initials or (i > start or capitalised(token.text)) and \
                    _particles_before_name(words, i, headline, context, known, surnamed):
                # Lower-case particles only inside a name: "De Vries" opens one, "van" not.
                i += 1
            elif _is_name_word(token, headline, context, i in persons):
                person = i in persons or context.is_person(token) or after_first
                needs.append((token.text, [frozenset({"^" + strip_accents(token.text)})]
                               if person else word_needs(token.text, known.lookup,
                                                             known.lookup_english, start > 0
                               and fold(words[start - 1].text) in MUNICIPALITY_NOUNS)))
                i += 1
            else:
                break
        if needs and not capitalised_noun(nl, words, start, i):
            kept = required(needs)
            if len(needs) == 1 and i - start == 1 and start not in persons \
                    and not context.is_person(words[start]) \
                    and _lone(nl, words, start, i, headline, context):
                kept = tuple(exonym_needs(words[start].text, known.lookup_english) or kept)
            person = any(k in persons or k in surnamed or context.is_person(words[k])
                         for k in range(start, i))
            names.append(SourceName(_span_text(nl, words[start:i]), kept,
                                    particled(words[start:i]), common=() if person else common_at(
                                        words, start, i, known.lookup, lambda w: exonym_needs(
                                            w, known.lookup_english) is not None)))
        elif i == start:
            i += 1
    places = joined_places(nl)
    return [replace(name, place=joined_place(places, name.text)) for name in names] \
        if places else names


def _described(nl: str, span: list[Token], known: Table) -> SourceName:
    """A described name (`name_described`): its Dutch words describe (the table's forms of
    them count: Landelijke → national); other names (Vlaamse, a place) and its
    `complement` must stay."""
    proper = complement(nl, span)
    names = [(k, t.text) for k, t in enumerate(span) if capitalised(t.text)
             and fold(t.text) not in PARTICLES]
    if proper and min(proper) == 1:
        names = names[1:]     # a body noun before its name describes it (Vereniging Eigen Huis)
    words = tuple(w for k, w in names if k not in proper and describes(w)
                  and (is_dutch_word(w) or not known.lookup((w,))))
    forms = frozenset(f for w in words for f in known.lookup((w,)) or ())
    needs = tuple(need for _, w in names if w not in words for need in word_needs(w, known.lookup))
    # English order keeps a body named by its head's words (Geschillencommissie Reizen), all
    # its name shown (Nationaal Platform Zwembaden); not after a bare body noun, nor a place.
    capitals = [w for _, w in names if not closed_class(w)]
    if proper and min(proper) == 1:
        capitals.insert(0, span[0].text)
    head = next((w for w in capitals if body_noun(w)), None)
    own = tuple(span[k].text for k in sorted(proper))
    if proper and fold(span[min(proper) - 1].text) in BODY_NOUNS and (min(proper) == 1 or not all(
            describes(w) and not known.lookup((w,)) for w in own)):
        head = None
    return SourceName(_span_text(nl, span), needs,
                      described=Described(words, forms, acronyms(nl)) if words else None,
                      ordered=head and (head, tuple(w for w in capitals if w != head), own))


def _described_spans(nl: str, words: list[Token], known: Table) -> dict[int, tuple[int, bool]]:
    """{start: (end, portfolio)} of the described names (`name_described`) with a word that
    describes; a portfolio of a word Hunspell does not know is a place (schepen van Gent)."""
    spans = {}
    for start, (end, portfolio) in described_spans(nl, words, is_first_name).items():
        # A table name inside ends it (Hulporganisatie | Artsen zonder Grenzen).
        end = next((k for k in range(start + 1, end) if institution_at(nl, words, k)
                    or _table_phrase(words, k, known)), end)
        while end > start + 1 and fold(words[end - 1].text) in PARTICLES:
            end -= 1
        named = [t.text for t in words[start:end] if capitalised(t.text)]
        if portfolio and not all(is_dutch_word(w) for w in named) \
                or coordinated_institution(nl, words, start, end):
            continue
        if any(describes(w) for w in named):
            spans[start] = (end, portfolio)
    return spans


def _table_phrase(words: list[Token], k: int, known: Table) -> int:
    """The length of the longest names-table phrase of two words or more at `words[k]`."""
    return next((n for n in range(min(LONGEST_PHRASE, len(words) - k), 1, -1)
                 if known.lookup(tuple(t.text for t in words[k:k + n]))), 0)


def _before(words: list[Token], i: int, described: dict[int, int]) -> bool:
    """`words[i]` opens the particles before a described name (van het Kennisinstituut)."""
    j = i
    while j < len(words) and fold(words[j].text) in PARTICLES and not capitalised(words[j].text):
        j += 1
    return j > i and j in described


def _joined(nl: str, left: Token, right: Token) -> bool:
    return not nl[left.start + len(left.text):right.start].strip()


def _lone(nl: str, words: list[Token], start: int, end: int, headline: bool,
          context: NameContext) -> bool:
    """`words[start:end]` stand alone: no name word right before or after them, which would
    make them part of a longer name that keeps its Dutch form (Club Brugge, Standard Luik,
    KAA Gent)."""
    if headline:
        return False
    # A comma or a full stop between ends the name (Wallonië, Vlaanderen en …).
    neighbours = [words[k] for k, near in ((start - 1, start), (end, end - 1))
                  if 0 <= k < len(words) and _joined(nl, words[min(k, near)], words[max(k, near)])]
    # A place's adjective before it is no part of its name (het Duitse Kleef, Kleve), nor is
    # `Provincie` opening the sentence (Provincie Zuid-Holland: the province of South Holland).
    neighbours = [t for t in neighbours if t.start > words[start].start
                  or not (place_adjective(t.text) or fold(t.text) == "provincie")]
    return not any(_is_name_word(t, headline, context) or t.initials
                   or t.initial and capitalised(t.text) and not closed_class(t.text)
                   for t in neighbours)


def _institution_at(nl: str, words: list[Token], i: int, headline: bool, context: NameContext,
                    person: bool) -> tuple[int, Institution] | None:
    """An institutions-table name at `words[i]`; one word opening a sentence only where it
    is a name word there (Namen, Komen, Leiden open sentences as Dutch words)."""
    found = institution_at(nl, words, i)
    if found and found[0] == 1 and not _is_name_word(words[i], headline, context, person):
        return None
    return found


def _span_text(nl: str, span: list[Token]) -> str:
    return nl[span[0].start:span[-1].start + len(span[-1].text)]


def _phrase_at(words: list[Token], i: int, headline: bool, context: NameContext,
               known: Table) -> tuple[int, frozenset[str]] | None:
    """A table phrase (country, city, institution) opening at `i`, longest first."""
    token = words[i]
    if token.initials or not capitalised(token.text):
        return None
    for length in range(min(LONGEST_PHRASE, len(words) - i), 0, -1):
        span = words[i:i + length]
        if any(t.initials for t in span) or not capitalised(span[-1].text):
            continue
        forms = known.lookup(tuple(t.text for t in span))
        if forms and (length > 1 or _is_name_word(token, headline, context)):
            return length, forms
    return None


def _particles_before_name(words: list[Token], i: int, headline: bool, context: NameContext,
                           known: Table, surnamed: frozenset[int] | set[int] = frozenset()) -> bool:
    """`words[i]` is a particle of a name: particles up to a name word (de Vries, van der
    Berg, Ter Horst), not a table phrase (De Nederlandse ...) nor a place's adjective."""
    j = i
    while j < len(words) and fold(words[j].text) in PARTICLES and (
            j == i or not capitalised(words[j].text)):
        j += 1
    if j == i or j >= len(words) or j - i > 3:
        return False
    following = Token(words[j].text, words[j].start, False, False)
    if following.text.endswith("se") and exonym_needs(following.text, known.lookup_english):
        return False     # an article before a place's adjective (het Gentse bedrijf)
    return _is_name_word(following, headline, context) and (j in surnamed or not _phrase_at(
        words, j, headline, context, known))


# ---------------------------------------------------------------- the English side


def missing_names(nl: str, en: str, context: NameContext | None = None) -> list[str]:
    """The names of the Dutch sentence `nl` (as written) that the English `en` lacks."""
    return [name.text for name in source_names(nl, context) if not _kept(nl, name, en)]


def names_kept(pairs: Iterable[tuple[str, str]], context: NameContext | None = None) -> tuple[int, int]:
    """(names kept, names in the Dutch) over (Dutch, English) pairs: `translate eval`'s share."""
    kept = total = 0
    for nl, en in pairs:
        for name in source_names(nl, context):
            total += 1
            kept += _kept(nl, name, en)
    return kept, total


def _kept(nl: str, name: SourceName, en: str) -> bool:
    return name.kept_in(en) or initials_kept(nl, name.text, en) \
        or quoted_kept(nl, name.text, en) or acronym_named(nl, name.text, en)
