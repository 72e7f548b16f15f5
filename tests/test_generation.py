"""Batched generation: batches planned by a token budget, run as many at once as the engine
can, every output back in its input's place."""

from __future__ import annotations

import threading

import pytest

from translate.models.backends.base import Hypothesis, split_threads
from translate.models.generation import LengthPolicy, generate_all, plan_batches

LENGTHS = LengthPolicy(ratio=1.0, extra=0, cap=100)


class EchoEngine:
    """Returns each input as its output; the first `meet` batches wait for each other."""

    name, device = "echo", "cpu"

    def __init__(self, parallel: int, meet: int = 0, fail_on: int | None = None) -> None:
        self.parallel = parallel
        self.barrier = threading.Barrier(meet, timeout=10) if meet else None
        self.fail_on = fail_on
        self.calls = 0
        self.threads: set[str] = set()
        self.lock = threading.Lock()

    def generate(self, batch, *, max_new_tokens, min_new_tokens, num_beams):
        with self.lock:
            self.calls += 1
            call = self.calls
            self.threads.add(threading.current_thread().name)
        if self.barrier is not None and call <= self.barrier.parties:
            self.barrier.wait()  # raises BrokenBarrierError unless the batches overlap
        if call == self.fail_on:
            raise ValueError("batch failed")
        return [Hypothesis(list(ids), -0.5) for ids in batch]


def inputs(count: int) -> list[list[int]]:
    return [list(range(1, 2 + i % 7)) for i in range(count)]


def test_two_batches_run_at_once_and_every_output_keeps_its_place():
    given = inputs(40)
    engine = EchoEngine(parallel=2, meet=2)
    seen: list[int] = []
    out = generate_all(engine, given, lengths=LENGTHS, num_beams=1, batch_tokens=32,
                       max_batch_size=8, on_batch=seen.append)
    assert [h.ids for h in out] == given
    assert sum(seen) == 40 and len(seen) == engine.calls > 2
    assert len(engine.threads) == 2


def test_one_at_a_time_stays_in_the_calling_thread():
    engine = EchoEngine(parallel=1)
    out = generate_all(engine, inputs(20), lengths=LENGTHS, num_beams=1, batch_tokens=16,
                       max_batch_size=8)
    assert [h.ids for h in out] == inputs(20)
    assert engine.threads == {threading.current_thread().name}


def test_a_failed_batch_fails_the_call_and_drops_the_batches_not_started():
    engine = EchoEngine(parallel=2, fail_on=1)
    with pytest.raises(ValueError, match="batch failed"):
        generate_all(engine, inputs(200), lengths=LENGTHS, num_beams=1, batch_tokens=8,
                     max_batch_size=1)
    assert engine.calls < 200


def test_a_small_input_is_split_so_that_every_parallel_batch_has_work():
    lengths = [10] * 8
    assert len(plan_batches(lengths, 1024, 32)) == 1
    halves = plan_batches(lengths, 1024, 32, parallel=2)
    assert [len(b) for b in halves] == [4, 4]
    # Never below one input per batch, never above the budget.
    assert plan_batches([50, 10], 1024, 32, parallel=2) == [[0], [1]]
    assert all(len(b) * 10 <= 16 for b in plan_batches([10] * 8, 16, 32, parallel=2))
    assert sorted(i for b in plan_batches([3, 9, 4, 1], 12, 4, 2) for i in b) == [0, 1, 2, 3]


def test_threads_are_split_on_a_cpu_only(monkeypatch):
    import translate.models.backends.base as base

    monkeypatch.setattr(base, "thread_count", lambda threads: threads)  # conftest pins 1
    assert split_threads(2, "cpu") == (2, 1)
    assert split_threads(8, "cpu") == (2, 4)
    assert split_threads(1, "cpu") == (1, 1)
    assert split_threads(8, "cuda") == (1, 8)


def test_ctranslate2_two_batches_at_once_gives_what_one_at_a_time_gives(tiny_marian, monkeypatch):
    pytest.importorskip("ctranslate2")
    import translate.models.backends.base as base
    from transformers import AutoTokenizer

    from translate.models.backends.ct2_engine import CT2Engine

    # The session's cache (conftest.py): the float32 conversion is made once for the suite.
    monkeypatch.setattr(base, "thread_count", lambda threads: threads)  # conftest pins 1
    texts = [f"Zin nummer {i} gaat over de {'grote ' * (i % 5)}stad." for i in range(24)]
    given = AutoTokenizer.from_pretrained(str(tiny_marian))(texts)["input_ids"]
    outputs = {}
    for threads in (1, 2):
        engine = CT2Engine(tiny_marian, device="cpu", threads=threads, compute_type="float32")
        assert engine.parallel == threads
        outputs[threads] = generate_all(engine, given, lengths=LengthPolicy(2.0, 10, 64),
                                        num_beams=2, batch_tokens=40, max_batch_size=4)
    assert [h.ids for h in outputs[2]] == [h.ids for h in outputs[1]]
    assert [h.score for h in outputs[2]] == pytest.approx([h.score for h in outputs[1]], abs=1e-4)
