"""The English forms of Dutch names, and finding them in an English text.

A name is kept when the English contains it (case, accents and a Dutch genitive -s aside)
or an English form of it: country names from pycountry's ISO 3166 catalogue and the table
`translate/data/names.tsv` (adjectives, inhabitants, exonyms, compass words, institutions,
parties); a place's adjective or inhabitants (Amsterdamse, Amsterdammers → Amsterdam)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from translate.checks.institutions import lookup as lookup_institution
from translate.checks.words import (
    TOKEN, PARTICLES, capitalised, fold, is_dutch_word, strip_accents,
)

TABLE = Path(__file__).resolve().parents[1] / "data" / "names.tsv"


@dataclass(frozen=True)
class Table:
    """Dutch phrases (folded word tuples) → the English forms that keep them."""

    phrases: dict[tuple[str, ...], frozenset[str]]
    # The same phrases → their English forms only: a Dutch form counts only where the
    # table lists it as English too (Maas: Meuse|Maas; not Luik: Liège).
    english: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)

    def lookup(self, words: tuple[str, ...]) -> frozenset[str] | None:
        return _get(self.phrases, words)

    def lookup_english(self, words: tuple[str, ...]) -> frozenset[str] | None:
        return _get(self.english, words)


# An adjective's ending before the spelling of 1947 (De Nederlandsche Bank, Middelburgsche,
# Friesche): old names keep it, the table has the modern -se.
ARCHAIC_ENDING = re.compile(r"sche$")


def _get(phrases: dict[tuple[str, ...], frozenset[str]], words: tuple[str, ...]
         ) -> frozenset[str] | None:
    key = tuple(fold(w) for w in words)
    found = phrases.get(key)
    if found is None and any(w.endswith("sche") for w in key):
        found = phrases.get(tuple(ARCHAIC_ENDING.sub("se", w) for w in key))
    return found


def _words_of(text: str) -> tuple[str, ...]:
    return tuple(m.group(0) for m in TOKEN.finditer(text))


def _country_phrases(dutch_forms: dict[tuple[str, ...], set[str]]
                     ) -> dict[tuple[str, ...], set[str]]:
    """Dutch country names (pycountry's `iso3166-1` catalogue in Dutch) → English names;
    `dutch_forms` gets each phrase's Dutch names."""
    import gettext

    import pycountry

    dutch = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"],
                                fallback=True)
    phrases: dict[tuple[str, ...], set[str]] = {}
    for country in pycountry.countries:
        english = {getattr(country, key, None) for key in ("name", "common_name", "official_name")}
        english.discard(None)
        forms = {fold(n) for name in english for n in (name, name.split(",")[0])}
        forms.discard("")
        for name in english:
            for nl in {dutch.gettext(name), dutch.gettext(name).split(",")[0]}:
                key = tuple(fold(w) for w in _words_of(nl))
                if key:
                    phrases.setdefault(key, set()).update(forms)
                    dutch_forms.setdefault(key, set()).add(fold(nl))
        phrases.setdefault(("iso:" + country.alpha_2.lower(),), set()).update(forms)
    return phrases


@functools.lru_cache(maxsize=1)
def table() -> Table:
    """The countries of pycountry plus `data/names.tsv`: `Dutch<TAB>English|English...`;
    an English field `@XX` adds the English names of ISO country XX. A country is kept by
    the English forms of a row that names it in English, its adjective's (Rusland →
    Russian)."""
    dutch_forms: dict[tuple[str, ...], set[str]] = {}
    phrases = _country_phrases(dutch_forms)
    countries = frozenset().union(*(v for k, v in phrases.items() if k[0].startswith("iso:")))
    rows: list[set[str]] = []
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        nl, _, en = line.partition("\t")
        forms: set[str] = set()
        for form in en.split("|"):
            form = form.strip()
            if form.startswith("@"):
                forms |= phrases.get(("iso:" + form[1:].lower(),), set())
            elif form:
                forms.add(fold(form))
        rows.append(forms)
        for variant in nl.split("|"):
            key = tuple(fold(w) for w in _words_of(variant.strip()))
            if key:
                phrases.setdefault(key, set()).update(forms)
                dutch_forms.setdefault(key, set()).add(fold(variant.strip()))
    # A country's adjective keeps it too (staal uit Rusland → Russian steel): the forms of
    # a row that names the country in English (Russisch: Russian|Russians|Russia).
    for key, forms_of_key in list(phrases.items()):
        names = set(forms_of_key)
        if names & countries and not key[0].startswith("iso:"):
            for forms in rows:
                if forms & names:
                    phrases[key] = phrases[key] | forms
    keys = [k for k in phrases if not k[0].startswith("iso:")]
    return Table({k: frozenset(phrases[k] | dutch_forms.get(k, set())) for k in keys},
                 {k: frozenset(phrases[k]) for k in keys})


# English words a name's particles become when they are translated as words.
TRANSLATED_PARTICLES = {"van": ("of", "from"), "de": ("the",), "der": ("the",), "den": ("the",),
                        "ter": ("at the", "to the"), "ten": ("at the", "to the")}


def particles_translated(english: str, particles: str, word: str) -> bool:
    """The English renders a name's particles as words (van Dam → of Dam, van der Berg →
    of the Berg, De Vries → the Vries) and nowhere keeps them (van Dam, Van Dam)."""
    kept = form_pattern(fold(particles + " " + word)).search(english)
    if kept:
        return False
    options = [TRANSLATED_PARTICLES.get(fold(p)) for p in particles.split()]
    if not options or any(o is None for o in options):
        return False
    first = "|".join(options[0])
    rest = "".join(r"\s+(?:" + "|".join(o) + ")" for o in options[1:])
    literal = re.compile(r"(?<![^\W_])(?i:" + first + ")" + rest.replace("(?:", "(?i:") + r"\s+" +
                         re.escape(strip_accents(word)) + r"(?![^\W_])")
    return literal.search(english) is not None


def _variants(word: str, heads: bool = True) -> set[str]:
    """English forms that keep a Dutch name word, each marked `^` (written with a capital
    in the English): itself, without a genitive -s; for a place's adjective or inhabitants
    (Amsterdamse, Amsterdammers, Eindhovenaren) the place; for a compound whose tail is a
    Dutch word (Oosterscheldekering, Pekbuurt), its head (the tail is translated)."""
    plain = strip_accents(word)
    forms = {plain}
    if word.endswith("ië") and len(word) > 4:
        forms.add(plain[:-1] + "a")     # Dutch -ië, English -ia (Saudi-Arabië, Arabia)
    for suffix in ("'s", "s"):
        if plain.endswith(suffix) and len(plain) - len(suffix) >= 3:
            forms.add(plain[: -len(suffix)])
    if plain.endswith("ter") and len(plain) > 5:
        forms.add(plain[:-2] + "re")    # British -tre (Theater → Theatre, Kilometer → Kilometre)
    for suffix in ("se", "ers", "er", "aren", "aar"):
        if plain.endswith(suffix) and len(plain) - len(suffix) >= 4:
            stem = plain[: -len(suffix)]
            forms |= {stem, stem + "en"}
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.add(stem[:-1])   # Amsterdammer → Amsterdam
    if heads and "-" not in plain and plain.isalpha() and not plain.isupper():
        # The IJ, a water of two letters, heads compounds English splits (IJtunnel → IJ tunnel).
        for cut in range(2 if plain.startswith("IJ") else 3, len(plain) - 2):
            # A name head and a common tail (the price: "Concertgebouw" passes as
            # "Concert Hall", its head being there).
            if is_dutch_word(plain[cut:]):
                forms.add(plain[:cut])
    return {"^" + form for form in forms}


def _stem_forms(word: str, lookup) -> frozenset[str]:
    """The table's English forms of the place a Dutch adjective or inhabitant word comes
    from (Brusselse → Brussel → Brussels, Parijse → Parijs → Paris, Londenaren → Londen →
    London); only a stem the table knows counts, and not a compound's head: a street or
    a building keeps its Dutch name (Europalaan is not "Europe Avenue")."""
    forms: set[str] = set()
    stems = {v.lstrip("^") for v in _variants(word, heads=False)} | {strip_accents(word)[:-1]}
    for stem in stems - {strip_accents(word)}:
        forms |= lookup((stem,)) or set()
    return frozenset(forms)


# Tails of a street's or a square's name.
STREETS = ("laan", "straat", "plein", "weg", "kade", "gracht", "dijk", "singel", "steeg", "markt",
           "dreef", "lei", "boulevard", "brug", "park", "hof")


def _head_forms(word: str, lookup) -> frozenset[str]:
    """The English forms of a compound's head that the names or the institutions table
    knows, its tail a Dutch word, translated with it (Noordzeegarnalen → North Sea shrimps,
    Engelstalige → English-taught, Noordzeekanaalgebied → North Sea Canal Area); not a
    street, which keeps its Dutch name (Europalaan is not "Europe Avenue")."""
    plain = strip_accents(word)
    if "-" in plain or not plain.isalpha() or not plain[:1].isupper():
        return frozenset()
    forms: set[str] = set()
    for cut in range(4, len(plain) - 2):
        head, tail = plain[:cut], plain[cut:]
        if not is_dutch_word(tail) or tail.lower().endswith(STREETS):
            continue
        forms |= lookup((head,)) or set()
        row = institution((head,))
        forms |= {fold(form) for form in row.accepted} if row else set()
    return frozenset(forms)


def institution(words: tuple[str, ...]):
    """The institutions table's row of a Dutch phrase, or None."""
    from translate.checks.institutions import lookup

    return lookup(" ".join(words))


# How a Dutch adjective or inhabitants' word of a place ends (Gentse, Brusselaar, Parijzenaren).
ADJECTIVE_ENDINGS = ("se", "e", "er", "ers", "aar", "aars", "aren", "enaar", "enaren", "s")


def exonym_needs(word: str, lookup_english) -> list[frozenset[str]] | None:
    """What a lone place word needs where English has its own name for the place: the
    English forms of the table only, the Dutch one not (Luik → Liège, not Luik; Gentse →
    Ghent, not Gent), or None where the table has no English form apart from the Dutch."""
    whole = lookup_english((word,))
    plain = strip_accents(word)
    if whole is None and "-" not in word and plain.endswith(ADJECTIVE_ENDINGS):
        # An adjective or inhabitants of the place (Gentse, Parijse, Brusselaars).
        stems = {v.lstrip("^") for v in _variants(word, heads=False)}
        if plain.endswith("e"):
            stems.add(plain[:-1])
        if plain.endswith("se"):
            stems.add(plain[:-2] + "e")     # Oostende → Oostendse
        found = [lookup_english((stem,)) or _institution_exonym(stem)
                 for stem in stems - {plain} if len(stem) >= 3]
        whole = frozenset().union(*[f for f in found if f]) or None
    return [whole] if whole else None


def _institution_exonym(place: str) -> frozenset[str] | None:
    """The English names of a town or region of the institutions table whose Dutch form
    English does not use (Ieper → Ypres), for its adjective (Iepers, Ieperse)."""
    row = lookup_institution(place)
    if row is None or row.kind not in ("city-exonym", "province", "region") \
            or fold(place) in {fold(form) for form in row.english}:
        return None
    return frozenset(fold(form) for form in row.english)


def _saint(word: str, lookup) -> frozenset[str] | None:
    """The English forms of a saint's name the table knows (Sint-Jan → St John), also for
    what is named after the saint, its tail translated (de Sint-Janskathedraal → St John's
    Cathedral); a street keeps its Dutch name (Sint-Jansstraat)."""
    if not word.startswith("Sint-"):
        return None
    rest = word[len("Sint-"):]
    for cut in range(len(rest), 1, -1):
        forms = lookup(("Sint-" + rest[:cut],))
        if forms:
            tail = rest[cut:][1:] if rest[cut:].startswith("s") else rest[cut:]
            return forms if not tail or len(tail) >= 4 and is_dutch_word(tail) \
                and not tail.endswith(STREETS) else None
    return None


def exonym_heads(word: str, lookup_english) -> set[str]:
    """The heads of a compound, its tail a Dutch word, that English names in its own way
    (Schelde|tunnel → Scheldt tunnel): written as the Dutch head, marked `^`, they do not keep
    it."""
    plain = strip_accents(word)
    heads = set()
    for cut in range(3, len(plain) - 2):
        english = lookup_english((plain[:cut],))
        if english and fold(plain[:cut]) not in english and is_dutch_word(plain[cut:]):
            heads.add("^" + plain[:cut])
    return heads


# Nouns after which a name is a municipality's official name.
MUNICIPALITY_NOUNS = frozenset({"gemeente", "deelgemeente", "fusiegemeente", "stadsdeel"})


def word_needs(word: str, lookup, lookup_english=None, official: bool = False
               ) -> list[frozenset[str]]:
    """What one name word needs in the English: the table's forms for it, else each of its
    capitalised hyphen parts (particles inside it aside), the whole word also doing, but
    for a part with an English name of its own (`lookup_english`: Antwerpen-Noord →
    northern Antwerp, Antwerpen-Brugge → Antwerp-Bruges; not "Antwerpen-Noord").
    `official`: a municipality's name (de gemeente Midden-Drenthe), which English keeps as
    it is, or in the table's English form (gemeente Brussel → City of Brussels); its parts
    are not translated (not "Middle Drenthe")."""
    if official:
        return [frozenset({"^" + strip_accents(word)}) | (lookup_english((word,)) or frozenset())
                if lookup_english else frozenset({"^" + strip_accents(word)})]
    whole = lookup((word,))
    if whole:
        return [whole]
    saint = _saint(word, lookup)
    if saint:
        return [saint | {"^" + strip_accents(word)}]
    core = re.sub(r"^(?:'s|’s)-", "", word)
    parts = [p for p in core.split("-") if p]
    needs = []
    placed = any(lookup((part,)) for part in parts)
    for part in parts:
        if not capitalised(part) or fold(part) in PARTICLES:
            continue
        if placed and not lookup((part,)) and is_dutch_word(part):
            # A common word after a place the table knows: translated (Antwerpen-Centraal
            # → Antwerp Central, Brabant-Noord); the place must still be there.
            continue
        english = lookup_english((part,)) if lookup_english and len(parts) > 1 else None
        if english and fold(part) not in english:
            needs.append(english)
            continue
        forms = lookup((part,)) or frozenset(_variants(part)) | _stem_forms(part, lookup) \
            | _head_forms(part, lookup)
        if lookup_english and not lookup((part,)):
            heads = exonym_heads(part, lookup_english)
            forms = forms - heads - {fold(head[1:]) for head in heads}
        needs.append(frozenset(forms | {"^" + strip_accents(word)}))
    return needs or [frozenset(_variants(word))]


# A place's name of capitalised words joined by Dutch lower-case words, which English keeps
# as written (Alphen aan den Rijn, Bergen op Zoom, Wijk bij Duurstede, Berg en Dal): words
# that are English too (in, over, ten) are no joiners, a name joined by them is two names.
_CAPITAL = r"(?:'s-)?[A-Z][^\W\d_]*(?:-[^\W\d_]+)*"
JOINED_PLACE = re.compile(r"(?<![^\W_])" + _CAPITAL + r"(?:\s+(?:aan\s+(?:den|de|het)|aan|op\s+"
                          r"(?:den|de)|op|bij|onder|ter|en)\s+" + _CAPITAL + r")+(?![^\W_])")


def joined_places(nl: str) -> list[str]:
    """The place names of words joined by Dutch lower-case words (`JOINED_PLACE`) of `nl`."""
    return [m.group(0) for m in JOINED_PLACE.finditer(nl)] if " " in nl else []


def joined_place(places: list[str], name: str) -> str:
    """The place of `places` (`joined_places`) that holds the name `name`, or ""."""
    for place in places:
        if re.search(r"(?<![^\W_])" + re.escape(name) + r"(?![^\W_])", place):
            return place
    return ""


def fold_english(text: str) -> str:
    return " " + strip_accents(text) + " "


@functools.lru_cache(maxsize=8192)
def form_pattern(form: str) -> re.Pattern[str]:
    """A form as a pattern over the English: whole words, hyphen or space alike, any case;
    a form marked `^` (a name as the Dutch writes it) only with its capital."""
    capital = form.startswith("^")
    form = form.lstrip("^")
    parts = [re.escape(p) for p in re.split(r"[\s-]+", form) if p]
    body = r"[\s-]+".join(parts)
    if capital and form[:1].isalpha():
        body = re.escape(form[0].upper()) + "(?i:" + body[len(re.escape(form[0])):] + ")"
        return re.compile(r"(?<![^\W_])" + body + r"(?![^\W_])")
    return re.compile(r"(?<![^\W_])" + body + r"(?![^\W_])", re.IGNORECASE)


def without_dutch(folded: str, dutch: str, needs: tuple[frozenset[str], ...]) -> str:
    """The English without the Dutch name left as written, where its table forms do not
    list it: a form inside it is no English form (Brabant in "Noord-Brabant")."""
    if len(needs) != 1 or any(f.startswith("^") or fold(f) == fold(dutch) for f in needs[0]):
        return folded
    return form_pattern(strip_accents(dutch)).sub(" ", folded)


def contains(english: str, form: str) -> bool:
    return bool(form.lstrip("^")) and form_pattern(form).search(english) is not None


def contains_name(padded_english: str, name: str, exact_case: bool = True) -> bool:
    """`name` (an English name as written) is in the English (`" " + strip_accents(text) +
    " "`) as a whole word with its capital (`exact_case` False: in any case, for a word
    opening a sentence, which the article may write in lower case)."""
    return contains(padded_english, ("^" + strip_accents(name)) if exact_case else fold(name))


def place_adjective(word: str) -> bool:
    """A place's or country's adjective of the names table (Duitse, Gelderse, Belgische): an
    adjective before a place describes it (het Duitse Kleef), it is no part of its name."""
    return fold(word).endswith(("se", "sche")) and table().lookup((word,)) is not None
