"""Hunspell's affix and compound rules as `translate.checks.hunspell` applies them.

The parts of an .aff file that decide whether a word is accepted (affix tables, compound
rules and patterns, ICONV), as spylls models them (`spylls.hunspell.data.aff`), rebuilt
from what `translate.checks.lexicon` cached, so that no spylls is needed at run time.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import Iterator

# Casing types (spylls' capitalization.Type): only NO and HUH reach the lookup here.
NO, INIT, ALL, HUHINIT, HUH = "no", "init", "all", "huhinit", "huh"
# Flags of the rules that are copied as they are (None when the .aff has none).
FLAG_SETTINGS = ("FORBIDDENWORD", "KEEPCASE", "NEEDAFFIX", "CIRCUMFIX", "COMPOUNDFLAG",
                 "COMPOUNDBEGIN", "COMPOUNDMIDDLE", "COMPOUNDEND", "ONLYINCOMPOUND",
                 "COMPOUNDPERMITFLAG", "COMPOUNDFORBIDFLAG", "FORCEUCASE")
BOOL_SETTINGS = ("COMPLEXPREFIXES", "CHECKCOMPOUNDCASE", "CHECKCOMPOUNDDUP",
                 "CHECKCOMPOUNDTRIPLE", "SIMPLIFIEDTRIPLE")


class LexiconError(Exception):
    """A dictionary or cache file that cannot be answered for as Hunspell would."""


def guess_case(word: str) -> str:
    """spylls' `Casing.guess`."""
    if word.islower():
        return NO
    if word.isupper():
        return ALL
    if word[:1].isupper():
        return INIT if word[1:].islower() else HUHINIT
    return HUH


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
    """spylls' `CompoundRule`: a regex over the flags of the parts (compiled on first use:
    most words have none of a rule's flags and never need it)."""

    def __init__(self, text: str):
        if "(" in text:
            self.flags = set(re.findall(r"\((.+?)\)", text))
            self.parts = re.findall(r"\([^*?]+?\)[*?]?", text)
        else:
            self.flags = set(re.sub(r"[\*\?]", "", text))
            self.parts = [part.replace(")", "\\)") for part in re.findall(r"[^*?][*?]?", text)]

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile("".join(self.parts))

    @functools.cached_property
    def partial_pattern(self) -> re.Pattern[str]:
        return re.compile(
            functools.reduce(lambda res, part: f"{part}({res})?", self.parts[::-1]))

    def fullmatch(self, flag_sets) -> bool:
        relevant = [self.flags.intersection(f) for f in flag_sets]
        return any(self.pattern.fullmatch("".join(fc)) for fc in itertools.product(*relevant))

    def partial_match(self, flag_sets) -> bool:
        relevant = [self.flags.intersection(f) for f in flag_sets]
        return any(self.partial_pattern.fullmatch("".join(fc)) for fc in itertools.product(*relevant))


@dataclass(frozen=True)
class CompoundPattern:
    """spylls' `CompoundPattern` (CHECKCOMPOUNDPATTERN; the replacement is ignored there too)."""

    left: str
    right: str

    def match(self, left: Form, right: Form) -> bool:
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


def conversion_table(pairs: list[tuple[str, str]]) -> list[tuple[str, re.Pattern[str], str]]:
    """spylls' `ConvTable` rows: (search, pattern, replacement), `_` marking a word edge."""
    rows = []
    for pattern, replacement in pairs:
        clean = pattern.replace("_", "")
        regex = clean
        if pattern.startswith("_"):
            regex = "^" + regex
        if pattern.endswith("_"):
            regex = regex + "$"
        rows.append((clean, re.compile(regex), replacement.replace("_", " ")))
    return sorted(rows, key=lambda r: r[0])


def convert(rows: list[tuple[str, re.Pattern[str], str]], word: str) -> str:
    """spylls' `ConvTable.__call__` (ICONV): longest match at each position, no re-application."""
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
        self.iconv_rows = conversion_table(self.iconv)
        for name in FLAG_SETTINGS + BOOL_SETTINGS + ("COMPOUNDMIN", "COMPOUNDWORDMAX"):
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
