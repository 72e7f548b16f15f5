"""A Dutch→English word list for the `dropped` check: FreeDict's Dutch–English dictionary
(Debian's `dict-freedict-nld-eng`, GPL-2+, about 22,700 headwords, read in its dictd form:
a tab-separated `.index` of headword, offset and length in base 64, and a dictzip
`.dict.dz`, which gzip reads), reduced to headword → the stems of its English words (one
string, space-separated) and cached under `config.cache_root()` as one `marshal` file
(about 0.5 MB, read in some 30 ms), keyed by the dictionary files' size and mtime and the
Python version, so that a run reads one small file, and only when the check runs.

Without the dictionary (`apt-get install dict-freedict-nld-eng`) the check is off: `load`
returns None and says so once in the log, nothing fails.
"""

from __future__ import annotations

import functools
import gzip
import logging
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path

from translate.files import cache_root

log = logging.getLogger("translate")

DICTD = Path("/usr/share/dictd")
NAME = "freedict-nld-eng"
# Bump when the cached form changes: an old cache file is then rebuilt, never misread.
FORMAT = 5
_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# English words that carry no content of their own: never the evidence that a Dutch word
# was translated.
ENGLISH_STOP = frozenset("""
a an the to of in on at by for with from into onto out up off over under about as and or but
nor so yet be is are was were been being have has had do does did not no it its this that
these those he she they we you i me him her them us my his their our your one some any
very too also just than then there here what which who whom whose how why when where all
way thing something someone
""".split())


# English forms the suffix rules cannot undo, to the stem of their base form.
IRREGULAR = {form: base for base, forms in {
    "win": "won", "shoot": "shot", "know": "knew known", "take": "took taken",
    "give": "gave given", "find": "found", "hold": "held", "run": "ran",
    "speak": "spoke spoken", "write": "wrote written", "bring": "brought", "think": "thought",
    "seek": "sought", "buy": "bought", "lose": "lost", "choose": "chose chosen",
    "fall": "fell fallen", "sit": "sat", "stand": "stood", "hang": "hung", "wear": "wore worn",
    "ride": "rode ridden", "strike": "struck", "begin": "began begun", "fly": "flew flown",
    "break": "broke broken", "man": "men", "woman": "women", "child": "children",
    "leave": "left", "mean": "meant", "pay": "paid", "sell": "sold", "tell": "told",
    "say": "said", "lead": "led", "fight": "fought", "catch": "caught", "teach": "taught",
    "keep": "kept", "feel": "felt", "meet": "met", "send": "sent", "spend": "spent",
    "build": "built", "see": "saw seen", "drive": "drove driven", "eat": "ate eaten",
    "grow": "grew grown", "throw": "threw thrown", "draw": "drew drawn",
    "forget": "forgot forgotten", "hide": "hid hidden", "rise": "rose risen",
    "steal": "stole stolen", "swim": "swam swum", "sing": "sang sung", "lay": "laid",
    "lie": "lain", "die": "died dying", "sleep": "slept", "stick": "stuck", "dig": "dug",
    "beat": "beaten", "bite": "bit bitten", "bear": "bore born borne", "shake": "shook shaken",
    "freeze": "froze frozen", "wake": "woke woken", "mouse": "mice", "foot": "feet",
    "tooth": "teeth", "person": "people", "good": "better best", "bad": "worse worst",
}.items() for form in forms.split()}


def _number(text: str) -> int:
    value = 0
    for ch in text:
        value = value * 64 + _BASE64.index(ch)
    return value


def english_stem(word: str) -> str:
    """A light stem of an English word, enough to match "sentenced" with "sentence" and
    "teams" with "team" (inflection only; derivations stay apart)."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = IRREGULAR.get(word, word)
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("ying", "y"), ("sses", "ss"),
                         ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("e", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[:len(word) - len(suffix)] + keep
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]      # "stopp(ed)" → "stop"
    return word


def english_stems(word: str) -> set[str]:
    """The stems an English word of a text may match a dictionary translation by: its own,
    for an adverb in -ly that of its adjective, which the dictionary gives ("gratis
    beschikbaar", "freely available"), and for a comparison in -er/-est that of its base
    ("groter", "larger"). Only ever applied to the text: the dictionary's own
    adjectives in -ly ("costly") stay whole."""
    stems = {english_stem(word)}
    if len(word) >= 6 and word.endswith("ly") and not word.endswith("ply"):
        stems.add(english_stem(word[:-3] + "y" if word.endswith("ily") else word[:-2]))
    for suffix in ("er", "est"):       # a comparison: "larger", "large" ("groter", "groot")
        if len(word) >= len(suffix) + 4 and word.endswith(suffix):
            base = word[:-len(suffix)]
            stems.add(english_stem(base[:-1] + "y" if base.endswith("i") else base))
    return stems


def english_words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower().replace("‐", " ").replace("-", " "))


def _parse(index: str, body: bytes) -> dict[str, set[str]]:
    """headword → the stems of the English words of its translations (multi-word Dutch
    headwords, prefix forms "rechter‐" and the database's own entries left out)."""
    entries: dict[str, set[str]] = {}
    for line in index.splitlines():
        parts = line.split("\t")
        if len(parts) != 3:
            continue
        # FreeDict spells the Dutch ij as one letter, the ligature "ĳ" (2,000 headwords:
        # blĳven, vrĳdag, bedrĳf); text spells it with two.
        word = parts[0].strip().replace("ĳ", "ij").replace("Ĳ", "IJ")
        offset, length = _number(parts[1]), _number(parts[2])
        if not word.isalpha() or word.startswith("00database"):
            continue
        text = body[offset:offset + length].decode("utf-8", "replace")
        stems = entries.setdefault(word.lower(), set())
        for line_ in text.splitlines()[1:]:          # the first line is the headword
            line_ = re.sub(r"^\s*\d+\.\s*", "", line_)
            stems.update(english_stem(w) for w in english_words(line_)
                         if w not in ENGLISH_STOP and len(w) > 1)
    return {word: stems for word, stems in entries.items() if stems}


def _cache_file(folder: Path) -> Path | None:
    try:
        index, body = (folder / f"{NAME}.index").stat(), (folder / f"{NAME}.dict.dz").stat()
    except OSError:
        return None
    python = f"py{sys.version_info[0]}{sys.version_info[1]}"
    key = f"{index.st_size}-{index.st_mtime_ns}-{body.st_size}-{body.st_mtime_ns}"
    return cache_root() / "dictionaries" / f"{NAME}-{key}-{python}-v{FORMAT}.marshal"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _read_cache(path: Path) -> dict[str, str] | None:
    """The cached word list; None when there is none or it is damaged (then rebuilt)."""
    try:
        entries = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(entries, dict) or not entries or not all(
            isinstance(v, str) for v in list(entries.values())[:50]):
        return None
    return entries


def build(folder: Path) -> dict[str, str]:
    """The word list read from the dictd files in `folder` (OSError when they are not
    there or cannot be read)."""
    index = (folder / f"{NAME}.index").read_text(encoding="utf-8")
    with gzip.open(folder / f"{NAME}.dict.dz") as handle:
        body = handle.read()
    return {word: " ".join(sorted(stems)) for word, stems in _parse(index, body).items()}


@functools.lru_cache(maxsize=4)
def load(folder: Path = DICTD) -> dict[str, str] | None:
    """headword (lower case) → the stems of its English words, space-separated; None,
    logged once, when the dictionary is not installed or unreadable (the `dropped` check
    is then off)."""
    cache = _cache_file(folder)
    if cache is None:
        log.warning("the dropped-clause check is off: no Dutch-English dictionary at %s "
                    "(install the Debian/Ubuntu package dict-freedict-nld-eng)",
                    folder / f"{NAME}.index")
        return None
    entries = _read_cache(cache)
    if entries is not None:
        return entries
    try:
        entries = build(folder)
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
        log.warning("the dropped-clause check is off: the Dutch-English dictionary in %s "
                    "cannot be read (%s)", folder, exc)
        return None
    try:
        _write_atomic(cache, marshal.dumps(entries))
    except OSError as exc:       # a read-only cache folder: the check works, uncached
        log.info("could not cache the Dutch-English dictionary at %s: %s", cache, exc)
    return entries
