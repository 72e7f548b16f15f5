"""Load a seq2seq model folder as an `Engine` on the chosen backend and device.

`auto` tries CTranslate2 first (int8 on CPU, float16 on CUDA: several times faster than
torch on this hardware) and falls back to torch, with a warning, when it is missing or
fails — at load time, or later while generating (the failed batch is redone on torch).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from translate.models.backends.base import Engine, more_hypotheses
from translate.models.backends.torch_engine import TorchEngine
from translate.errors import EngineError

log = logging.getLogger("translate")


def load_engine(
    folder: Path, *, backend: str, device: str, threads: int, compute_type: str = "auto",
    model_key: str | None = None,
) -> Engine:
    """The model in `folder` on `backend` (auto | torch | ctranslate2) and `device`."""
    if backend in ("auto", "ctranslate2"):
        try:
            from translate.models.backends.ct2_engine import CT2Engine

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
        self._switching = threading.Lock()  # batches may fail at once, in several threads

    @property
    def name(self) -> str:
        return self.active.name

    @property
    def device(self) -> str:
        return self.active.device

    @property
    def parallel(self) -> int:
        return self.active.parallel

    def generate(self, batch, *, max_new_tokens, min_new_tokens, num_beams, num_hypotheses=1):
        engine = self.active
        try:
            return engine.generate(batch, max_new_tokens=max_new_tokens,
                                   min_new_tokens=min_new_tokens, num_beams=num_beams,
                                   **more_hypotheses(num_hypotheses))
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - any CTranslate2 failure: use torch instead
            with self._switching:
                if self.active is engine:  # not yet replaced by another batch's failure
                    if self.fell_back:
                        raise
                    log.warning("CTranslate2 failed for %s (%s); using torch from now on",
                                self.folder, exc)
                    self.active = self.make_fallback()
                    self.fell_back = True
            return self.active.generate(batch, max_new_tokens=max_new_tokens,
                                        min_new_tokens=min_new_tokens, num_beams=num_beams,
                                        **more_hypotheses(num_hypotheses))
