"""What the translator and the summariser share: a model folder's tokenizer around a
batched `Engine`.

`Seq2SeqModel` holds the model's tokenizer (read once per folder: `translate.models.tokenizer`),
its engine, its beam size (the settings', else the model's own) and how many of the beam's
best it asks for (`num_hypotheses`); it encodes texts,
counts tokens, generates for many inputs in batches (`generation.generate_all`, with the
length policy and batch limits a subclass sets) and decodes each output to one clean line.
`translator.Translator` and `summarize.Summarizer` add what is their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from translate.models.backends.base import Engine, Hypothesis, hypotheses_for
from translate.models.generation import LengthPolicy, generate_all
from translate.models.hf import default_num_beams
from translate.models.tokenizer import load_tokenizer
from translate.text.clean import clean_line


class Seq2SeqModel:
    """A tokenizer and an engine; a subclass sets `lengths`, `batch_tokens`,
    `max_batch_size` and `max_input_tokens`."""

    lengths: LengthPolicy
    batch_tokens: int
    max_batch_size: int
    max_input_tokens: int

    def __init__(self, folder: Path, engine: Engine, settings: Any) -> None:
        self.tokenizer = load_tokenizer(folder)
        self.engine = engine
        self.settings = settings
        self.num_beams = settings.num_beams or default_num_beams(folder)
        # The n best per input (at most the beam: beam search holds no more; by default
        # the beam on CTranslate2, one on torch), for the quality step to choose from
        # (`choice.py`).
        self.num_hypotheses = hypotheses_for(engine, settings.num_hypotheses, self.num_beams)

    @property
    def options(self) -> dict[str, object]:
        """The generation options actually used (the record's provenance); a subclass
        adds its own after these."""
        return {"backend": self.engine.name, "device": self.engine.device,
                "num_beams": self.num_beams, "num_hypotheses": self.num_hypotheses,
                "hypothesis_margin": self.settings.hypothesis_margin}

    def encode(self, texts: Sequence[str], special_tokens: bool = True) -> list[list[int]]:
        """Token ids of each text (with the model's special tokens, unless told not to)."""
        if not texts:
            return []
        return self.tokenizer(list(texts), add_special_tokens=special_tokens)["input_ids"]

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def generate(self, inputs: list[list[int]], on_batch: Callable[[int], None] | None = None,
                 num_hypotheses: int = 1) -> list[Hypothesis]:
        """One hypothesis per input, in order, generated in batches (with `num_hypotheses`
        > 1, each carrying the engine's next best as `alternatives`)."""
        return generate_all(
            self.engine, inputs, lengths=self.lengths, num_beams=self.num_beams,
            batch_tokens=self.batch_tokens, max_batch_size=self.max_batch_size,
            on_batch=on_batch, num_hypotheses=num_hypotheses,
        )

    def decode(self, ids: Sequence[int]) -> str:
        """An output as one line (a stray newline would break the layout), without anything
        a confused model decodes to that no output file may hold (controls, U+FFFD)."""
        return clean_line(self.tokenizer.decode(ids, skip_special_tokens=True))
