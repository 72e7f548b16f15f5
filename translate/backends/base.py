"""What every backend is: the `Engine` protocol, and where and on how many threads it runs."""

from __future__ import annotations

import os
from typing import Protocol

from translate.errors import EngineError


class Engine(Protocol):
    """Runs a seq2seq model on batches of token ids (torch or CTranslate2)."""

    name: str
    device: str

    def generate(
        self, batch: list[list[int]], *, max_new_tokens: int, min_new_tokens: int, num_beams: int
    ) -> list[list[int]]:
        """Output token ids (without special tokens) for each input of the batch."""
        ...


def pick_device(device: str) -> str:
    """`auto` -> `cuda` when a GPU is usable, else `cpu`; `cuda` without a GPU is an error."""
    if device == "cpu":
        return "cpu"
    import torch

    has_cuda = torch.cuda.is_available()
    if device == "cuda" and not has_cuda:
        raise EngineError("--device cuda was asked for but no CUDA GPU is available")
    return "cuda" if has_cuda else "cpu"


def thread_count(threads: int) -> int:
    return threads if threads > 0 else (os.cpu_count() or 1)
