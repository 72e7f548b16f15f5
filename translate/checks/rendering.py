"""Which English words render which Dutch words, for the `dropped` flag (`coverage.py`).

`English` indexes a translation's words once (by stem, by a stem's first five letters, by
each ending of four letters or more) so that each Dutch word's dictionary translations are
looked up in it in a few dictionary reads, not by comparing every pair of words. `claim`
then lets one English word render one Dutch word: a Dutch word the dictionary anchors only
by English words that Dutch words before it already account for is evidence.
"""

from __future__ import annotations

from collections.abc import Iterable

from translate.checks.bilingual import english_stems as english_stems_of
from translate.checks.clause_parts import Word

# English modal verbs: the Dutch says them with function words (zal, kan, moet); they
# render no Dutch content word ("will" is a sense of "gezin" in the dictionary).
AUXILIARIES = frozenset("will would can could should must might shall".split())


class English:
    """The English words of a translation, indexed for `rendering`: by stem, by a stem's first
    five letters, and by each ending (four letters or more) of a stem."""

    def __init__(self, words: Iterable[str]):
        self.by_stem: dict[str, set[str]] = {}
        self.by_prefix: dict[str, set[str]] = {}
        self.by_ending: dict[str, set[str]] = {}
        for word in words:
            for stem in english_stems_of(word):
                self.by_stem.setdefault(stem, set()).add(word)
                if len(stem) >= 5:
                    self.by_prefix.setdefault(stem[:5], set()).add(word)
                for at in range(1, len(stem) - 3):     # the whole stem: by_stem
                    self.by_ending.setdefault(stem[at:], set()).add(word)

    def rendering(self, stems: frozenset[str]) -> set[str]:
        """The English words one of the translations `stems` is in: as a stem, sharing its
        first five letters ("decid" / "decision"), or ending a longer English word ("open" /
        "reopen")."""
        found: set[str] = set()
        for s in stems:
            found |= self.by_stem.get(s, set())
            if len(s) >= 5:
                found |= self.by_prefix.get(s[:5], set())
            if len(s) >= 4:
                found |= self.by_ending.get(s, set())
        return found


def claim(marked: list[Word], claims: list[tuple[int, set[str]]], words: list[str]) -> None:
    """A Dutch word the dictionary anchors only by English words that Dutch words before it
    already account for (one "service" for "Naturalisatiedienst" and "dienst") is evidence:
    one English word renders one Dutch word. `claims`: each dictionary anchor's index and
    the English words that render it."""
    left: dict[str, int] = {}
    for w in words:
        left[w] = left.get(w, 0) + 1
    for index, rendering in claims:
        free = [w for w in words if w in rendering and left[w] > 0]
        if not free:
            word = marked[index]
            marked[index] = Word(word.text, word.start, "evidence", word.hard)
        else:
            left[free[0]] -= 1
