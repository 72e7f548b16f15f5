"""What every backend is: the `Engine` protocol, and where and on how many threads it runs."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from translate.errors import EngineError


@dataclass(frozen=True)
class Hypothesis:
    """The engine's best output for one input (and, when more were asked for, the others).

    `score` is the mean log-probability per generated token, the same on every backend:
    the model's own log-softmax over the tokens it can emit (no beam, length or repetition
    rescoring), averaged over the tokens after any forced prefix, the end-of-sentence
    token included when the model produced it. A hypothesis that ran into the length cap
    (`capped`) is scored over every position it decoded, the last one by the model's best
    token there (transformers forces EOS into that slot; CTranslate2 decodes it)."""

    ids: list[int]        # output token ids, without special tokens
    score: float          # <= 0
    capped: bool = False  # reached max_new_tokens
    # The engine's next-best hypotheses (`num_hypotheses` > 1), in its own order (beam
    # score), each scored as above; empty when one was asked for.
    alternatives: tuple[Hypothesis, ...] = ()


class Engine(Protocol):
    """Runs a seq2seq model on batches of token ids (torch or CTranslate2)."""

    name: str
    device: str
    parallel: int  # batches it runs at once (from several threads); 1: one at a time

    def generate(
        self, batch: list[list[int]], *, max_new_tokens: int, min_new_tokens: int, num_beams: int,
        num_hypotheses: int = 1,
    ) -> list[Hypothesis]:
        """The best hypothesis for each input of the batch, in order; with `num_hypotheses`
        > 1 (at most `num_beams`), each carries the beam's next-best ones as `alternatives`.
        The best one is the same whatever `num_hypotheses` is."""
        ...


def hypotheses_for(engine: Engine, num_hypotheses: int, num_beams: int) -> int:
    """How many hypotheses to ask `engine` for: `num_hypotheses` (0: the default), at most
    the beam size. The default is the beam size, except on torch, where it is 1: torch
    scores each hypothesis in one more teacher-forced pass, so 4 hypotheses cost about 40 %
    more CPU there (`translate bench --paths checked_torch,checked_torch_best_only`), where
    CTranslate2 returns them with its beam for about nothing."""
    if not num_hypotheses:
        num_hypotheses = 1 if engine.name == "torch" else num_beams
    return max(1, min(num_hypotheses, num_beams))


def more_hypotheses(num_hypotheses: int) -> dict[str, int]:
    """The `num_hypotheses` keyword for `Engine.generate`, passed only when more than one
    is wanted: an engine (or wrapper) that returns one hypothesis need not know it."""
    return {"num_hypotheses": num_hypotheses} if num_hypotheses > 1 else {}


def pick_device(device: str, backends: Iterable[str] = ("auto",)) -> str:
    """`auto` -> `cuda` when a GPU is usable, else `cpu`; `cuda` without a GPU is an error.

    When a model is to run on CTranslate2 (`backends`: `auto` or `ctranslate2`), CTranslate2
    is asked: it answers in milliseconds, where importing torch only to ask takes over a
    second. torch is asked when it is the only backend, when CTranslate2 is missing, or
    when `cuda` was asked for and CTranslate2 sees no GPU (torch may still run on one)."""
    if device == "cpu":
        return "cpu"
    backends = set(backends)
    count = _ct2_cuda_count() if backends & {"auto", "ctranslate2"} else None
    if count:
        return "cuda"
    if count is None or (device == "cuda" and backends & {"auto", "torch"}):
        import torch

        count = 1 if torch.cuda.is_available() else 0
    if device == "cuda" and not count:
        raise EngineError("--device cuda was asked for but no CUDA GPU is available")
    return "cuda" if count else "cpu"


def _ct2_cuda_count() -> int | None:
    """GPUs CTranslate2 sees; None when CTranslate2 is not installed."""
    try:
        import ctranslate2
    except ImportError:
        return None
    try:
        return ctranslate2.get_cuda_device_count()
    except Exception:  # noqa: BLE001 - a build without CUDA may raise instead of answering 0
        return 0


def thread_count(threads: int) -> int:
    return threads if threads > 0 else (os.cpu_count() or 1)


def split_threads(threads: int, device: str) -> tuple[int, int]:
    """(batches at once, threads per batch) for CTranslate2's `inter_threads` and
    `intra_threads`. On a CPU two batches at once, each on half the threads, beat one batch
    on all of them: a decoding step's matrices (a batch's beams x the model width) are too
    small to keep several threads busy (`translate bench`: 24 % faster on 2 cores). A GPU
    runs one batch at a time."""
    total = thread_count(threads)
    if device != "cpu" or total < 2:
        return 1, total
    return 2, total // 2
