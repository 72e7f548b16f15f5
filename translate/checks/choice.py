"""Which of the engine's n best hypotheses to write: a pure function of the hypotheses
(best first, each with its score), a checks function and a score margin.

The engine's best hypothesis is written unless it carries a steering flag that a check
can see another hypothesis avoid: for a sentence `dropped`, `names`, `numbers` and
`glossary` (`quality.CONTENT_FLAGS`: what a reader of news cannot afford to lose), for a summary
`unsupported_number` and `unsupported_name` (`quality.BULLET_FLAGS`: what the article does
not say). Then the hypothesis within `margin` of the best's score
(mean log-probability per generated token) that carries the fewest of those flags, and no
other flag the best does not carry (no fixed name bought with a loop or Dutch left in), is
written instead; among equals, the engine's order (the better beam) decides. Equal counts
keep the best: a different hypothesis is only written for a reason.

The checks run on the alternatives only when the best is flagged, so a clean sentence
costs nothing beyond the engine's work.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from translate.text.article import Sentence, Translated


class Scored(Protocol):
    @property
    def score(self) -> float: ...


@dataclass(frozen=True)
class Choice:
    """The hypothesis to write: its index in the list (0: the best) of `of`, its flags, and
    the steering flags of which it carries fewer than the best (empty when the best is
    written)."""

    index: int
    flags: list[str]
    of: int
    why: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.index > 0


def choose(hypotheses: Sequence[Scored], checks: Callable[[Scored], list[str]],
           margin: float, steering: Collection[str]) -> Choice:
    """The hypothesis to write among `hypotheses` (the engine's order, best first).

    `checks(hypothesis)` gives its flags (a flag may repeat: a summary's flags are those of
    each of its sentences, so fewer flagged sentences count as fewer). A hypothesis is a
    candidate when its score is at least the best's minus `margin`, it carries fewer
    `steering` flags than the best, and no other flag the best lacks. The candidate with
    the fewest steering flags wins; among equals the earlier one."""
    if not hypotheses:
        raise ValueError("no hypothesis to choose from")
    best = hypotheses[0]
    best_flags = checks(best)
    best_steering = _steering(best_flags, steering)
    chosen = Choice(0, best_flags, len(hypotheses))
    if not best_steering or len(hypotheses) == 1:
        return chosen
    fewest = len(best_steering)
    others = set(best_flags) - set(steering)
    for index, hypothesis in enumerate(hypotheses[1:], start=1):
        if hypothesis.score < best.score - margin:
            continue
        flags = checks(hypothesis)
        count = len(_steering(flags, steering))
        if count < fewest and set(flags) - set(steering) <= others:
            found = _steering(flags, steering)
            avoided = [flag for flag in dict.fromkeys(best_steering)
                       if found.count(flag) < best_steering.count(flag)]
            chosen, fewest = Choice(index, flags, len(hypotheses), avoided), count
            if not count:
                break
    return chosen


def _steering(flags: Sequence[str], steering: Collection[str]) -> list[str]:
    return [flag for flag in flags if flag in steering]


def record_entry(choice: Choice, best_score: float) -> dict[str, Any]:
    """What the record says of a sentence written from another hypothesis than the best."""
    return {"index": choice.index, "of": choice.of, "why": list(choice.why),
            "best_score": round(best_score, 4)}


def pick(translated: Translated, checks: Callable[[Translated], list[str]], margin: float,
         steering: Collection[str]) -> tuple[Translated, Choice]:
    """The translation to write among the engine's best and its alternatives, and the
    choice that picked it."""
    candidates = translated.candidates()
    choice = choose(candidates, checks, margin, steering)
    return candidates[choice.index], choice


def write_choice(sentence: Sentence, checks: Callable[[Translated], list[str]],
                 margin: float, steering: Collection[str]) -> None:
    """Set `sentence`'s English, score, capped and flags from the hypothesis `choose` picks
    among its engine's best and alternatives (`sentence.translated`), and its `hypothesis`
    entry when another than the best is written."""
    translated = sentence.translated
    if translated is None:
        raise ValueError("the sentence has no hypotheses to choose from")
    written, choice = pick(translated, checks, margin, steering)
    sentence.en, sentence.score, sentence.capped = written.text, written.score, written.capped
    sentence.flags = choice.flags
    sentence.hypothesis = record_entry(choice, translated.score) if choice.changed else None
