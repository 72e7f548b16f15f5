"""Sentences in, translations out: the model's tokenizer around a batched `Engine`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Sequence

from translate.text.article import Translated
from translate.config import TranslationConfig
from translate.models.backends.base import Engine, Hypothesis
from translate.models.generation import LengthPolicy
from translate.models.hf import model_max_positions
from translate.models.seq2seq import Seq2SeqModel

log = logging.getLogger("translate")

GPU_BATCH_TOKENS = 16384
GPU_BATCH_SIZE = 256


class Translator(Seq2SeqModel):
    """Translates sentences; every input gets exactly one output, in order."""

    def __init__(self, folder: Path, engine: Engine, settings: TranslationConfig) -> None:
        super().__init__(folder, engine, settings)
        positions = model_max_positions(folder)
        # Two positions stay free for the end-of-sentence token and a safety margin.
        self.max_input_tokens = min(settings.max_input_tokens, positions - 2)
        # The CPU defaults (fastest on 2 cores, `translate bench`) starve a GPU, which
        # wants far bigger batches.
        on_gpu = engine.device == "cuda"
        self.batch_tokens = max(settings.batch_tokens, GPU_BATCH_TOKENS) if on_gpu else settings.batch_tokens
        self.max_batch_size = max(settings.max_batch_size, GPU_BATCH_SIZE) if on_gpu else settings.max_batch_size
        self.lengths = LengthPolicy(
            ratio=settings.length_ratio, extra=settings.length_extra,
            cap=positions,
        )

    @property
    def options(self) -> dict[str, object]:
        """The generation options actually used (for the record's provenance)."""
        return {
            **super().options,
            "length_ratio": self.lengths.ratio,
            "length_extra": self.lengths.extra,
            "max_input_tokens": self.max_input_tokens,
            "batch_tokens": self.batch_tokens,
        }

    def translate(self, texts: Sequence[str],
                  on_batch: Callable[[int], None] | None = None) -> list[Translated]:
        """One `Translated` (text, score, capped) per input, in order."""
        if not texts:
            return []
        inputs = self.encode(texts)
        for ids in inputs:
            # The segmenter keeps sentences under the limit; this guards its contract.
            if len(ids) > self.max_input_tokens + 2:
                raise ValueError(f"sentence of {len(ids)} tokens exceeds the model limit")
        return [self._translated(output)
                for output in self.generate(inputs, on_batch, self.num_hypotheses)]

    def _translated(self, output: Hypothesis) -> Translated:
        """The decoded best and its distinct alternatives (two token sequences may decode
        to one text: the choice is among texts)."""
        best = self._decoded(output)
        seen = {best.text}
        alternatives = []
        for other in output.alternatives:
            decoded = self._decoded(other)
            if decoded.text not in seen:
                seen.add(decoded.text)
                alternatives.append(decoded)
        return Translated(best.text, best.score, best.capped, tuple(alternatives),
                          self.num_hypotheses)

    def _decoded(self, output: Hypothesis) -> Translated:
        return Translated(self.decode(output.ids), output.score, output.capped)
