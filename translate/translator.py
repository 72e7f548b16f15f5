"""Sentences in, translations out: the model's tokenizer around a batched `Engine`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Sequence

from translate.article import Translated
from translate.config import TranslationConfig
from translate.backends.base import Engine, Hypothesis
from translate.generation import LengthPolicy, generate_all
from translate.text import clean_line
from translate.hf import default_num_beams, load_tokenizer, model_max_positions

log = logging.getLogger("translate")

GPU_BATCH_TOKENS = 16384
GPU_BATCH_SIZE = 256


class Translator:
    """Translates sentences; every input gets exactly one output, in order."""

    def __init__(self, folder: Path, engine: Engine, settings: TranslationConfig) -> None:
        self.tokenizer = load_tokenizer(folder)
        self.engine = engine
        self.settings = settings
        positions = model_max_positions(folder)
        # Two positions stay free for the end-of-sentence token and a safety margin.
        self.max_input_tokens = min(settings.max_input_tokens, positions - 2)
        self.num_beams = settings.num_beams or default_num_beams(folder)
        # The n best per sentence (at most the beam: beam search holds no more), for the
        # quality step to choose from (`choice.py`).
        self.num_hypotheses = min(settings.num_hypotheses or self.num_beams, self.num_beams)
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
            "backend": self.engine.name,
            "device": self.engine.device,
            "num_beams": self.num_beams,
            "num_hypotheses": self.num_hypotheses,
            "hypothesis_margin": self.settings.hypothesis_margin,
            "length_ratio": self.lengths.ratio,
            "length_extra": self.lengths.extra,
            "max_input_tokens": self.max_input_tokens,
            "batch_tokens": self.batch_tokens,
        }

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        return self.tokenizer(list(texts), add_special_tokens=True)["input_ids"]

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

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
        outputs = generate_all(
            self.engine, inputs, lengths=self.lengths, num_beams=self.num_beams,
            batch_tokens=self.batch_tokens, max_batch_size=self.max_batch_size,
            on_batch=on_batch, num_hypotheses=self.num_hypotheses,
        )
        return [self._translated(output) for output in outputs]

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
        # One line per sentence (a stray newline would break the layout), and nothing a
        # confused model decodes to that no output file may hold (controls, U+FFFD).
        return Translated(clean_line(self.tokenizer.decode(output.ids, skip_special_tokens=True)),
                          output.score, output.capped)
