"""Engine wrappers the bench passes to the product (`ModelSession(engine_wrapper=...)`).

The product knows nothing of forced lengths or timing; the bench steers and watches
generation from outside, through the `Engine` protocol.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from translate.models.backends.base import Engine, Hypothesis, more_hypotheses

# How long a batch's outputs are forced to be, from the batch (token ids) and the length
# cap the product asked for.
ForcedLength = Callable[[list[list[int]], int], int]


def to_longest_input(batch: list[list[int]], max_new_tokens: int) -> int:
    """Translation: every output as long as its batch's longest input (same work on every path)."""
    return max(len(ids) for ids in batch)


def to_cap(batch: list[list[int]], max_new_tokens: int) -> int:
    """Summaries: every output as long as the product allows (its 142-token cap on a long chunk)."""
    return max_new_tokens


def to_counterpart(lengths: dict[tuple[int, ...], int]) -> ForcedLength:
    """Translation of known text: every output as long as the longest reference translation
    of its batch's inputs (`lengths`: input ids -> the reference's token count; filled in
    once the tokenizer is loaded). An unknown input counts as long as itself."""

    def forced(batch: list[list[int]], max_new_tokens: int) -> int:
        return max(lengths.get(tuple(ids), len(ids)) for ids in batch)

    return forced


class BenchEngine:
    """An engine whose output lengths are forced, and whose time inside it is counted (the
    wall time during which at least one batch is inside: batches may run at once)."""

    def __init__(self, inner: Engine, forced: ForcedLength) -> None:
        self.inner = inner
        self.forced = forced
        self.seconds = 0.0
        self._inside = 0
        self._since = 0.0
        self._lock = threading.Lock()

    def __getattr__(self, attribute: str):
        # Everything but generation (`name`, `device`) is the wrapped engine's own.
        return getattr(self.inner, attribute)

    def generate(self, batch, *, max_new_tokens, min_new_tokens, num_beams, num_hypotheses=1):
        length = self.forced(batch, max_new_tokens)
        with self._lock:
            if not self._inside:
                self._since = time.perf_counter()
            self._inside += 1
        try:
            return self.inner.generate(batch, max_new_tokens=length, min_new_tokens=length,
                                       num_beams=num_beams, **more_hypotheses(num_hypotheses))
        finally:
            with self._lock:
                self._inside -= 1
                if not self._inside:
                    self.seconds += time.perf_counter() - self._since


def wrapper(forced: ForcedLength, into: list[BenchEngine]) -> Callable[[Engine], Engine]:
    """An `engine_wrapper` for `ModelSession` that keeps the engines it made in `into`."""

    def wrap(engine: Engine) -> Engine:
        bench_engine = BenchEngine(engine, forced)
        into.append(bench_engine)
        return bench_engine

    return wrap


class PlanEngine:
    """Generates nothing: records each batch the product asks for, with its forced length
    and beams, so the bare CTranslate2 path can replay the tool's own batches."""

    name = "plan"

    def __init__(self, device: str, parallel: int, forced: ForcedLength) -> None:
        self.device = device
        self.parallel = parallel  # as the real engine's: the product plans its batches by it
        self.forced = forced
        self.calls: list[tuple[list[list[int]], int, int]] = []

    def generate(self, batch, *, max_new_tokens, min_new_tokens, num_beams, num_hypotheses=1):
        self.calls.append((batch, self.forced(batch, max_new_tokens), num_beams, num_hypotheses))
        return [Hypothesis([], 0.0) for _ in batch]
