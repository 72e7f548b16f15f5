"""The torch backend: Hugging Face `generate()` under `torch.inference_mode()`."""

from __future__ import annotations

import copy
from pathlib import Path

import translate.backends.base as base
from translate.errors import EngineError
from translate.hf import quiet_transformers


class TorchEngine:
    """Hugging Face `generate()` under `torch.inference_mode()`."""

    name = "torch"

    def __init__(self, folder: Path, device: str, threads: int) -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM

        torch.set_num_threads(base.thread_count(threads))
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
