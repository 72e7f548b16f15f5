"""A sentence longer than the model's limit, split again at clause boundaries: never cut.

`split_long` prefers ";" ":" and dashes, then ",", then a conjunction, then whitespace, and only
then any character; among the best kind, the split point nearest the middle. A sentence far
over the limit is first cut into chunks, so the work stays linear in its length.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# Split points by preference, each a regex whose match gives the offset: after ";" ":" and
# dashes, after ",", before a conjunction, at whitespace. (Characters come last, in `_split_point`.)
CONJUNCTIONS = ("en", "maar", "want", "omdat", "terwijl", "doordat", "dat", "die", "of")
SPLIT_RANKS = (
    re.compile(r"(?:[;:]|\s[–—-])(?=\s)"),
    re.compile(r",(?=\s)"),
    re.compile(r"(?=\s(?:%s)\s)" % "|".join(CONJUNCTIONS)),
    re.compile(r"(?<=\S)(?=\s)"),
)


# A sentence far over the limit is first cut into chunks of about this many times the limit
# (never under CHUNK_MIN_CHARS characters), each then halved as below. Halving the whole of it
# would tokenise every character once per level, n log n; this way it stays linear.
CHUNK_LIMITS = 4
CHUNK_MIN_CHARS = 2000


def split_long(sentence: str, count_tokens: Callable[[str], int], max_tokens: int) -> list[str]:
    """Split a sentence over `max_tokens` at clause boundaries until every piece fits.

    Prefers ";" ":" and dashes, then ",", then a conjunction, then whitespace, and only then any
    character; among the best kind, the split point nearest the middle. Punctuation stays with
    the piece before it. Only a single character can come out longer than `max_tokens`.
    `count_tokens` is called once per piece considered (about twice per piece returned), and
    the characters it is given in all grow linearly with the sentence's length.
    """
    whole = sentence.strip()
    if not whole:
        return []
    tokens = count_tokens(whole)
    if tokens <= max_tokens:
        return [whole]
    size = max(CHUNK_MIN_CHARS, CHUNK_LIMITS * max(max_tokens, 1) * len(whole) // tokens)
    if len(whole) <= size:
        return _halve(whole, tokens, count_tokens, max_tokens)
    return [piece for chunk in _chunks(whole, size)
            for piece in _halve(chunk, None, count_tokens, max_tokens)]


def _halve(text: str, tokens: int | None, count_tokens: Callable[[str], int],
           max_tokens: int) -> list[str]:
    """`text` (stripped, `tokens` long when known) split in two until every piece fits."""
    pieces: list[str] = []
    todo = [(text, tokens)]  # a stack, last piece on top of it comes first in the text
    while todo:
        piece, known = todo.pop()
        fits = (known if known is not None else count_tokens(piece)) <= max_tokens
        point = None if fits else _split_point(piece)
        if point is None:
            pieces.append(piece)
        else:
            todo += [(piece[point:].strip(), None), (piece[:point].strip(), None)]
    return pieces


def _chunks(text: str, size: int) -> list[str]:
    """Stripped `text` cut into stripped chunks of `size` characters at most (none empty), each
    at the best split point (by `SPLIT_RANKS`) of the second half of its stretch."""
    chunks: list[str] = []
    start = 0
    while len(text) - start > size:
        low, high = start + size // 2, start + size
        end = _last_point(text, low, high)
        chunks.append(text[start:end].strip())
        start = end
    chunks.append(text[start:].strip())
    return [chunk for chunk in chunks if chunk]


def _last_point(text: str, low: int, high: int) -> int:
    """The last split point of the best kind in text[low:high] (any offset, at worst)."""
    for rank in SPLIT_RANKS:
        points = [m.end() for m in rank.finditer(text, low, high) if low < m.end() < high]
        if points:
            return points[-1]
    # No whitespace: inside a word, not before a combining mark.
    for point in range(high - 1, low, -1):
        if not unicodedata.combining(text[point]):
            return point
    return high - 1


def _split_point(text: str) -> int | None:
    """The best split offset of stripped `text`, or None for a single character."""
    middle = len(text) / 2
    for rank in SPLIT_RANKS:
        # On stripped text every match has non-whitespace on both sides.
        points = [m.end() for m in rank.finditer(text) if 0 < m.end() < len(text)]
        if points:
            return min(points, key=lambda p: abs(p - middle))
    # No whitespace at all: cut inside the word nearest the middle, not before a combining mark.
    for step in range(len(text)):
        for point in (len(text) // 2 - step, len(text) // 2 + step):
            if 0 < point < len(text) and not unicodedata.combining(text[point]):
                return point
    return len(text) // 2 or None
