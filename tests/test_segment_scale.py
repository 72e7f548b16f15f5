"""Segmenting work grows linearly with the input: counted, never timed.

One giant article must not hold back the small ones grouped with it. Timing is not asserted
(the machine is shared); what is counted instead is the work that was quadratic or n log n:
the characters given to `count_tokens` (a real tokenizer costs time linear in its input, so
tokenising the rest of a long sentence again at every split was the cost), its calls, and the
pieces given to the sentence library (pysbd's time is quadratic in one piece, so pieces must
stay bounded however long the paragraph). pysbd itself is replaced by a regex splitter here:
it is linear over bounded pieces but slow (about a minute per 2 MB), and what is under test is
the code around it.
"""

from __future__ import annotations

import re

import pytest

from translate.text import segment
from translate.text.segment import segment_paragraph

SMALL, LARGE = 200_000, 2_000_000
MAX_TOKENS = 200
SENTENCES = [
    "De gemeenteraad stemde dinsdag in met de bouw van 3.500 woningen in het noorden.",
    "Volgens wethouder dhr. Van Dijk komen de eerste huizen o.a. in het voorjaar.",
    "“We kunnen niet langer wachten,” zei hij om 14.30 uur tegen de verzamelde pers.",
    "Het project kost ca. 12,5 miljoen euro, d.w.z. ruim een miljoen meer dan begroot.",
    "Wie betaalt dat?",
    "Er is overleg tussen het Koreaanse schiereiland en de VS.",
    "In december vorig jaar riep hij nog op tot een nieuwe top; die kwam er niet.",
    "Bewoners zijn blij, maar ze vrezen dat de bouw jaren gaat duren en overlast geeft.",
]
LIBRARY_END = re.compile(r"(?<=[.!?])\s+")


def dutch(size: int) -> list[str]:
    sentences: list[str] = []
    total = 0
    while total < size:
        sentences.append(SENTENCES[len(sentences) % len(SENTENCES)])
        total += len(sentences[-1]) + 1
    return sentences


SHAPES = {
    "one giant paragraph": lambda size: [" ".join(dutch(size))],
    "many paragraphs": lambda size: [" ".join(group) for group in zip(*[iter(dutch(size))] * 5)],
    "run-on, no sentence punctuation": lambda size: [re.sub(r"[.!?…:;]", "",
                                                            " ".join(dutch(size)))],
    "no spaces": lambda size: ["".join(dutch(size)).replace(" ", "")],
}


def tokens(text: str) -> int:
    return len(text) // 4  # like a subword tokenizer: about four characters a token


def segment_counting(paragraphs: list[str], monkeypatch) -> dict[str, int]:
    work = {"calls": 0, "tokenised": 0, "library": 0, "largest piece": 0}

    def count_tokens(text: str) -> int:
        work["calls"] += 1
        work["tokenised"] += len(text)
        return tokens(text)

    def library(piece: str) -> list[str]:
        work["library"] += len(piece)
        work["largest piece"] = max(work["largest piece"], len(piece))
        return LIBRARY_END.split(piece)

    monkeypatch.setattr(segment, "_library_sentences", library)
    for paragraph in paragraphs:
        pieces = segment_paragraph(paragraph, count_tokens, MAX_TOKENS)
        assert "".join("".join(pieces).split()) == "".join(paragraph.split())
        assert all(tokens(piece) <= MAX_TOKENS for piece in pieces)
    return work


@pytest.mark.parametrize("shape", SHAPES)
def test_segmenting_work_is_linear_in_the_input(shape: str, monkeypatch) -> None:
    small, large = SHAPES[shape](SMALL), SHAPES[shape](LARGE)
    small_chars, large_chars = (sum(map(len, paragraphs)) for paragraphs in (small, large))
    assert 9 < large_chars / small_chars < 11
    small_work = segment_counting(small, monkeypatch)
    large_work = segment_counting(large, monkeypatch)
    for key in ("calls", "tokenised", "library"):
        # Ten times the input, about ten times the work (n log n was 14 times, n² 100 times).
        assert large_work[key] <= 12 * small_work[key], (key, small_work, large_work)
    for chars, work in ((small_chars, small_work), (large_chars, large_work)):
        assert work["tokenised"] <= 6 * chars, work  # each character tokenised a few times
        assert work["library"] == chars  # the library sees each character once,
        assert work["largest piece"] <= segment.LIBRARY_CHARS  # in bounded pieces
