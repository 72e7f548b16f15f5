"""Hunspell's "is this word correct?" for a word in lower case: spylls' algorithm.

A port of spylls' `Lookup` (`spylls.hunspell.algo.lookup`, the reference: same steps, same
order, same laziness) restricted to words in lower case (capitalisation types NO and HUH,
whose only case variant is the word itself), working on `affixes.Rules` and a `homonyms`
function (stem → entries) instead of spylls' in-memory dictionary: affixes (up to two
suffixes, cross products, complex prefixes), forbidden words, ICONV, IGNORE, BREAK,
compounds by flags and by COMPOUNDRULE, and the checks of a compound (FORCEUCASE,
CHECKCOMPOUNDCASE/DUP/TRIPLE/PATTERN, a spaced entry). tests/test_lexicon.py checks it
against spylls on thousands of words. spylls (Victor Shepelev, MIT licence) is still what
reads the dictionary files when the cache is built (`lexicon.py`); this module only answers
from that cache, so spylls is not imported on a run.
"""

from __future__ import annotations

import itertools
import re
from typing import Iterator

from translate.checks.affixes import (ALL, HUH, INIT, NO, CompoundRule, Entry, Form,
                                      LexiconError, Rules, convert, guess_case)

_NUMBER = re.compile(r"^\d+(\.\d+)?$")
BEGIN, MIDDLE, END = "begin", "middle", "end"


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
            word = convert(aff.iconv_rows, word)
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
