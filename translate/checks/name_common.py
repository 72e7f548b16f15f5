"""Capitalised Dutch words that are common nouns or adjectives, not a person's or place's name.

A capitalised phrase of Dutch news is not always a name English keeps: a day (Veteranendag →
Veterans' Day), an era (de Koude Oorlog → the Cold War), a region named by words (de
Oostelijke Mijnstreek → the eastern mining district), a body the table lacks
(Staatsbosbeheer → the National Forest Service), the title of a film or a festival (Het
Vonnis → The Verdict, de Vuurfeesten → the fire festival): English translates them, and no
list of such names can be complete, for each register brings its own. What tells them from
a name that must stay is their structure, not a list:

- a *common word* (`common_word`) is capitalised, is not a known surname or first name
  (`data/surnames.txt`, `data/first_names.txt`: Visser, Koning, Roos stay names, so that
  "Fisher" for Visser still loses it), is no row of the names or institutions tables (a
  place or a body with an English name stays held to it: Luik → Liège), and is a Dutch word
  in lower case or a compound of two (Hunspell's nl_NL, `name_described.describes`);
- a name made only of common words (closed-class words aside: Op, De, Het) is kept
  (`common_kept`) when the English shows, for each of its common words, a translation of it
  or of a part of its compound (FreeDict nld-eng, `name_described.translations`), in
  capitals or not, or a cognate (the first five letters: Slavistiek → Slavonic);
- but a name is a place's or a person's where its structure says so (`common_at`): right
  after a preposition of place or a noun for a place (in Hoogeveen, uit Veldhoven, bij
  Veendam, de gemeente Hoorn, de wijk Kanaleneiland: an article between, in de Oostelijke
  Mijnstreek, makes it a region named by words), a capitalised article inside it (De Bilt,
  Den Helder, De Hoop), a compound ending in a word that forms places and streets
  (…straat, …plein, …laan, …wijk, …veen, …dam, …hof: Hoveniersstraat, Vrijthof), a place
  adjective the table knows (Gentse → Ghent), or one word opening the sentence before a
  lower-case word (Schaap verwacht …: a surname as a bare subject), or a capitalised word
  right before or after it (Noor Schilder, Noord Nederlands Toneel: a longer name);
- a place's adjective the table lacks (Limburgse, Sumatraanse, Bossche: a capitalised word
  ending in -se, -sche or -ische) is kept by a capitalised English word with its stem
  (Limburg, Sumatran, 's-Hertogenbosch).

A body the institutions table lacks, named by a body noun and words around it
(`name_described`: de Geschillencommissie Reizen, het Klachteninstituut Financiële
Dienstverlening, de Limburgse Bakkersvereniging), is also kept when the English renders it
in English word order, capitals or not (`ordered_kept`: "the travel disputes committee",
"the Financial Services Complaints Tribunal", "the Limburg bakers' association"): its head,
the word holding the body noun, shown by a translation or a cognate of it or of a part of
its compound, right after its other words shown (each word that is a name, a place's
adjective by its place; at least half of those that are Dutch words, one at least). A
rendering in the Dutch order (the body first, its words after: "Complaints Institute
Financial Services", "Authority Financial Markets") is no such evidence.

Without the dictionary (FreeDict not installed) only cognates and adjectives count. A name
of one surname-like word the lists lack (a rare surname that is a Dutch word, translated as
the word) is what this rule lets through; the grammar around it (`name_grammar`: a first
name before it, `die`, `zegt`) makes it a person, and a person is never common.

Pure functions of their text arguments.
"""

from __future__ import annotations

import re

from translate.checks import bilingual
from translate.checks.name_described import (
    COGNATE_CHARS, _compound_parts, _lemmas, american, body_noun, describes, translations,
)
from translate.checks.name_forms import (
    contains, exonym_heads, exonym_needs, fold_english, table,
)
from translate.checks.name_grammar import closed_class, is_first_name
from translate.checks.name_surnames import is_surname
from translate.checks.words import PARTICLES, Token, capitalised, fold, strip_accents

__all__ = ["common_at", "common_kept", "common_word", "common_words", "head_first",
           "ordered_kept"]

# Right before a place's name (no article between): it names a place, which English keeps.
PLACE_BEFORE = frozenset("""
    in uit bij naar nabij tussen rond vanuit te gemeente provincie stad dorp wijk deelgemeente
    stadsdeel buurt vliegveld station haven plaats deelstaat regio eiland
""".split())
# Before an article and one word, a place (in de Suikerzijde, uit het Gooi).
PLACE_PREPOSITIONS = frozenset("in uit bij naar nabij rond vanuit".split())
# Compound tails that make places and streets (Hoveniersstraat, Hoogeveen, Veendam).
PLACE_TAILS = ("straat", "plein", "laan", "weg", "kade", "gracht", "singel", "markt", "steeg",
               "dijk", "wijk", "veen", "dam", "dorp", "hoven", "vliet", "eiland", "hof",
               "berg", "burg", "horst", "broek", "meer", "kerk", "zijl", "huizen", "woude",
               "zand", "park", "poort", "brug", "kerke", "loo", "rode", "drecht", "haven", "buurt", "water")
ARTICLES = frozenset({"de", "den", "het", "'t", "’t"})
# Nouns before a work's title, which English translates with its article (de film Het
# Vonnis → the film The Verdict): an article opening the title is no place's (De Bilt).
WORK_NOUNS = frozenset("""
    film films boek roman romans serie reeks documentaire toneelstuk voorstelling album single
    lied nummer opera musical programma tentoonstelling expositie bundel dichtbundel strip
    speelfilm debuutroman podcast
""".split())

# A place's adjective: its stem before one of these endings (Limburg|se, Bos|sche, Sumatr|aanse).
ADJECTIVE = re.compile(r"^(?P<stem>.{3,}?)(?:aanse|ische|sche|se)$")
_WORD = re.compile(r"[^\W\d_]+")


def _adjective_stem(word: str) -> str | None:
    found = ADJECTIVE.match(strip_accents(fold(word)))
    return found.group("stem") if found else None


def common_word(word: str, lookup) -> bool:
    """`word` (capitalised) is a common noun or adjective, not a name English must keep;
    `lookup` is the names table's (`name_forms.Table.lookup`)."""
    if not capitalised(word) or word.isupper() or is_surname(word) or is_first_name(word) \
            or lookup((word,)):
        return False
    parts = [p for p in word.split("-") if p]
    return bool(parts) and all(p[:1].isalpha() and describes(p) for p in parts) \
        or _adjective_stem(word) is not None and "-" not in word


def _place(word: str) -> bool:
    """A town or region with an English name of its own, not a people's or country's
    adjective (Nederlands, Noor) nor a first name."""
    return exonym_needs(word, table().lookup_english) is not None and not word.endswith("s") \
        and _adjective_stem(word) is None and not is_first_name(word)


def common_at(nl_words: list[Token], start: int, end: int, lookup,
              place_adjective) -> tuple[str, ...]:
    """`common_words` of the name `nl_words[start:end]` where its structure does not make it
    a place's or a person's; `place_adjective(word)` says the names table knows the word
    as a place's adjective (Gentse)."""
    span = nl_words[start:end]
    if start > 0 and fold(nl_words[start - 1].text) in PLACE_BEFORE:
        return ()
    if end - start == 1 and start > 1 and fold(nl_words[start - 1].text) in ARTICLES \
            and fold(nl_words[start - 2].text) in PLACE_PREPOSITIONS:
        return ()     # in de Suikerzijde: a neighbourhood (in de Oostelijke Mijnstreek: words)
    work = start > 0 and fold(nl_words[start - 1].text) in WORK_NOUNS
    if any(t.text[:1].isupper() and fold(t.text) in PARTICLES for t in span
           if not t.initial and not (work and t is span[0] and fold(t.text) in ARTICLES)):
        return ()     # a capitalised article or particle inside: De Bilt, Van der Pekbuurt
    if any(fold(t.text).endswith(PLACE_TAILS) or exonym_heads(t.text, table().lookup_english)
           for t in span) or any(place_adjective(t.text) for t in span[1:]):
        return ()     # a place, or a compound on one English names its own way (Scheldetunnel)
    if len(span) == 1 and span[0].initial and end < len(nl_words) \
            and not capitalised(nl_words[end].text):
        return ()     # a bare subject opening the sentence may be a surname (Schaap verwacht)
    neighbours = [nl_words[k] for k in (start - 1, end) if 0 <= k < len(nl_words)]
    # A place of the table before it is a body named by place and word (Brussel Mobiliteit:
    # Brussels Mobility); the place itself is held to the table on its own.
    if any(capitalised(t.text) and not closed_class(t.text)
           and not (t is nl_words[start - 1] and _place(t.text)) for t in neighbours):
        return ()     # part of a longer name the tables split (Noord Nederlands | Toneel)
    if place_adjective(span[0].text):
        # A place's adjective naming a thing of common words (de Gentse Feesten, de
        # Antwerpse Zes): the place in its English form, the words translated.
        rest = common_words([t.text for t in span[1:]], lookup)
        return (span[0].text, *rest) if rest else ()
    return common_words([t.text for t in span], lookup)


def common_words(words: list[str], lookup) -> tuple[str, ...]:
    """The words of a name that must be shown translated, when every capitalised word of it
    is common (`common_word`) or closed-class; () when a word of it is a name."""
    found = []
    for word in words:
        if fold(word) in PARTICLES or closed_class(word):
            continue
        if not common_word(word, lookup):
            return ()
        found.append(word)
    return tuple(found)


def _shown(word: str, english_lower: list[str], stems: set[str], capitals: list[str],
           padded: str) -> bool:
    lower = strip_accents(fold(word))
    stem = _adjective_stem(word)
    exonym = exonym_needs(word, table().lookup_english)
    if exonym:
        # A place with an English name of its own: only that (Gentse → Ghent, not Gent).
        return any(contains(padded, form) for form in exonym[0])
    if stem is not None:
        # A place's adjective: its place in English, not the Dutch adjective left in (the
        # Bossche guides), nor a cognate of it (Antwerpse → Antwerpen).
        return any(stem[:COGNATE_CHARS] in w for w in capitals if w != lower) \
            or bool(translations(word) & stems)
    return _translated(lower, stems, english_lower)


def _translated(lower: str, stems: set[str], english_lower: list[str]) -> bool:
    """The English shows the word: itself, a translation of it (its own FreeDict entry) or a
    cognate (the first five letters: Slavistiek → Slavonic), or each part of it as a
    compound (veteranen+dag → Veterans' Day, stad(s)+gidsen → city guides; not
    ticket+master → "ticket seller": a brand, Ticketmaster, only half of which is shown)."""
    parts = _compound_parts(lower)
    if _part_shown(lower, stems, english_lower, cognate=not parts):
        return True
    if any(form in _entries() for form in _lemmas(lower)):
        return False
    return any(all(_part_shown(part, stems, english_lower) for part in split) for split in parts)


def _part_shown(lower: str, stems: set[str], english_lower: list[str],
                cognate: bool = True) -> bool:
    forms = [lower] + ([lower[:-1]] if lower[-1:] in "se" and len(lower) > 4 else [])
    return any(form in english_lower or translations(form) & stems
               or cognate and any(_cognate(form, w) for w in english_lower)
               for form in forms)


def _entries() -> dict[str, str]:
    return bilingual.load() or {}


# How many English words before a body's head its other words may stand, beyond one each.
ORDER_SLACK = 3


def _american_stem(word: str) -> str:
    return american(bilingual.english_stem(word))


def _shows(dutch: str, token: str, stem: str, lookup) -> bool:
    """The English word `token` (lower case, `stem` its stem) shows the Dutch word: itself,
    a translation or a table form of it or of a part of its compound, a cognate (the first
    five letters), or for a place's adjective its place (Limburgse → Limburg)."""
    lower = strip_accents(fold(dutch))
    if token == lower or token in (lookup((dutch,)) or ()):
        return True
    adjective = _adjective_stem(dutch)
    if adjective is not None and token.startswith(adjective[:COGNATE_CHARS]):
        return True
    parts = [lower, *(p for split in _compound_parts(lower) for p in split)]
    return any(stem in translations(part) or _cognate(part, token) for part in parts)


def _cognate(dutch: str, token: str) -> bool:
    """The English word is a cognate of the Dutch one (lower case): the same first five
    letters (Slavistiek → Slavonic), or for a shorter word the same word; a Dutch k before
    a, o, u, l or r is an English c (kamp → camp, klimaat → climate, kritiek → critic)."""
    for form in {dutch, re.sub(r"k(?=[aoulr])", "c", dutch)}:
        if len(form) >= COGNATE_CHARS and token.startswith(form[:COGNATE_CHARS]) \
                or len(form) >= 3 and token in (form, form + "s"):
            return True
    return False


def ordered_kept(ordered: tuple[str, tuple[str, ...], tuple[str, ...]] | None, english: str,
                 lookup) -> bool:
    """A described body (`ordered`: its head, the word holding the body noun, and its other
    capitalised words) rendered in English word order: the head shown, its other words shown
    before it (each name; half the Dutch words, one at least). See the module."""
    if not ordered or not ordered[1]:
        return False
    head, others, own = ordered
    lower = [w.lower() for w in _WORD.findall(strip_accents(english).replace("-", " "))]
    stems = [_american_stem(w) for w in lower]
    for h in range(len(lower)):
        if not _shows(head, lower[h], stems[h], lookup):
            continue
        window = range(max(0, h - len(others) - ORDER_SLACK), h)
        shown = {w: any(_shows(w, lower[k], stems[k], lookup) for k in window) for w in others}
        # A table name (Nederland) or a brand's inner capital (VluchtelingenWerk) is a name.
        # A body's own name after its body noun (Platform Zwembaden): all of it.
        words = [w for w in others if describes(w) and not lookup((w,)) and w not in own
                 and not any(ch.isupper() for ch in w[1:])]
        if any(shown.values()) and all(shown[w] for w in others if w not in words) \
                and 2 * sum(shown[w] for w in words) >= len(words):
            return True
    return False


def common_kept(words: tuple[str, ...], english: str) -> bool:
    """The English shows each of the common words of a name translated (`common_words`)."""
    if not words:
        return False
    plain = strip_accents(english)
    found = _WORD.findall(plain.replace("-", " "))
    english_lower = [w.lower() for w in found]
    capitals = [w.lower() for w in found if w[0].isupper()]
    # Two English words also as one: FreeDict writes open compounds closed (townhall).
    stems = {bilingual.english_stem(w).replace("isat", "izat").replace("ise", "ize")
             for w in english_lower + [a + b for a, b in zip(english_lower, english_lower[1:])]}
    parts = [p for word in words for p in word.split("-")]
    padded = fold_english(english)
    return all(_shown(p, english_lower, stems, capitals, padded) for p in parts)


def head_first(dutch: str, english: str, lookup) -> bool:
    """The English renders a name of the Dutch word by word in the Dutch order: a body noun
    of it (Autoriteit) translated, with a translation of a common word that follows it in
    the Dutch (Financiële) right after, both capitalised ("the Authority Financial Markets").
    English names put such words before the body noun (Financial Markets Authority) or
    after a preposition (Authority for the Financial Markets), never bare after it."""
    words = [w for w in _WORD.findall(dutch) if not closed_class(w) and fold(w) not in PARTICLES]
    heads = [k for k, w in enumerate(words) if body_noun(w)]
    if not heads or len(words) < 2:
        return False
    plain = strip_accents(english)
    found = list(re.finditer(r"[^\W\d_]+", plain))
    for a, b in zip(found, found[1:]):
        if not (a.group(0)[0].isupper() and b.group(0)[0].isupper()) \
                or plain[a.end():b.start()].strip():
            continue
        first, second = a.group(0).lower(), b.group(0).lower()
        for k in heads:
            after = [w for w in words[k + 1:] if describes(w)]
            if first == strip_accents(fold(words[k])):
                continue      # the Dutch name kept (Vereniging Eigen Huis)
            if _shows(words[k], first, _american_stem(first), lookup) and any(
                    _shows(w, second, _american_stem(second), lookup) for w in after):
                return True
    return False
