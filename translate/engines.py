"""Load a seq2seq model folder as an `Engine` on the chosen backend and device.

`auto` tries CTranslate2 first (int8 on CPU, float16 on CUDA: several times faster than
torch on this hardware) and falls back to torch, with a warning, when it is missing or fails.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import os
from pathlib import Path
from typing import Iterator

from translate.generation import Engine

log = logging.getLogger("translate")


class EngineError(Exception):
    """A model folder that cannot be loaded on the asked backend/device."""


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


def quiet_transformers() -> None:
    """Keep transformers' progress bars and advice off the user's terminal."""
    import warnings

    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")


@contextlib.contextmanager
def no_progress_bars() -> Iterator[None]:
    """Hide transformers' progress bars ("Loading weights", "Writing model shards") for a while."""
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


class TorchEngine:
    """Hugging Face `generate()` under `torch.inference_mode()`."""

    name = "torch"

    def __init__(self, folder: Path, device: str, threads: int) -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM

        torch.set_num_threads(thread_count(threads))
        quiet_transformers()
        self.device = device
        try:
            model = AutoModelForSeq2SeqLM.from_pretrained(str(folder))
        except (OSError, ValueError) as exc:
            raise EngineError(f"cannot load model from {folder}: {exc}") from None
        if device == "cuda":
            model = model.half()
        self.model = model.to(device).eval()
        config = model.config
        self.pad_id = config.pad_token_id if config.pad_token_id is not None else 0
        eos = config.eos_token_id
        self.eos_ids = set(eos if isinstance(eos, list) else [eos]) - {None}
        # BART forces <s> as the first generated token; it is not part of the text.
        self.forced_bos = getattr(model.generation_config, "forced_bos_token_id", None)

    def generate(self, batch, *, max_new_tokens, min_new_tokens, num_beams):
        import torch

        width = max(len(ids) for ids in batch)
        input_ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, ids in enumerate(batch):
            input_ids[row, : len(ids)] = torch.tensor(ids, dtype=torch.long)
            mask[row, : len(ids)] = 1
        generation = copy.deepcopy(self.model.generation_config)
        # The limits come from the caller; the model's own min/max length would fight them.
        generation.min_length = None
        generation.max_length = None
        generation.max_new_tokens = max_new_tokens
        generation.min_new_tokens = min_new_tokens
        generation.num_beams = num_beams
        with torch.inference_mode():
            output = self.model.generate(
                input_ids=input_ids.to(self.device),
                attention_mask=mask.to(self.device),
                generation_config=generation,
            )
        return [self._strip(row) for row in output.tolist()]

    def _strip(self, ids: list[int]) -> list[int]:
        ids = ids[1:]  # the decoder start token
        if ids and self.forced_bos is not None and ids[0] == self.forced_bos:
            ids = ids[1:]
        for pos, token in enumerate(ids):
            if token in self.eos_ids:
                return ids[:pos]
        return [t for t in ids if t != self.pad_id]


def load_engine(
    folder: Path, *, backend: str, device: str, threads: int, compute_type: str = "auto",
    model_key: str | None = None,
) -> Engine:
    """The model in `folder` on `backend` (auto | torch | ctranslate2) and `device`."""
    if backend in ("auto", "ctranslate2"):
        try:
            from translate.ct2 import CT2Engine

            engine = CT2Engine(folder, device=device, threads=threads,
                               compute_type=compute_type, model_key=model_key)
            if backend == "ctranslate2":
                return engine
            return FallbackEngine(engine, lambda: TorchEngine(folder, device, threads), folder)
        except Exception as exc:  # missing package, failed conversion, unsupported model
            if backend == "ctranslate2":
                raise EngineError(f"CTranslate2 backend failed for {folder}: {exc}") from None
            log.warning("CTranslate2 unavailable for %s (%s); using torch", folder, exc)
    return TorchEngine(folder, device, threads)


class FallbackEngine:
    """`auto`: CTranslate2 first; if it fails while generating, torch from then on.

    The batch that failed is generated again by torch, so no sentence is lost.
    """

    def __init__(self, primary: Engine, make_fallback, folder: Path) -> None:
        self.active = primary
        self.make_fallback = make_fallback
        self.folder = folder
        self.fell_back = False

    @property
    def name(self) -> str:
        return self.active.name

    @property
    def device(self) -> str:
        return self.active.device

    def generate(self, batch, *, max_new_tokens, min_new_tokens, num_beams):
        try:
            return self.active.generate(batch, max_new_tokens=max_new_tokens,
                                        min_new_tokens=min_new_tokens, num_beams=num_beams)
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - any CTranslate2 failure: use torch instead
            if self.fell_back:
                raise
            log.warning("CTranslate2 failed for %s (%s); using torch from now on", self.folder, exc)
            self.fell_back = True
            self.active = self.make_fallback()
            return self.active.generate(batch, max_new_tokens=max_new_tokens,
                                        min_new_tokens=min_new_tokens, num_beams=num_beams)
