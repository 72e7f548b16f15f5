"""The torch backend: Hugging Face `generate()` under `torch.inference_mode()`.

Scores (`Hypothesis.score`) come from one teacher-forced pass of the decoder over the
chosen outputs, reusing the encoder states of the generation: the raw logits, not the
beam search's processed scores (forced tokens, length penalty). Keeping every step's
logits during beam search (`output_logits`) would hold steps x beams x vocabulary floats
per batch (gigabytes for opus-mt's 67k vocabulary); the extra pass holds one chunk.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import translate.models.backends.base as base
from translate.models.backends.base import Hypothesis
from translate.errors import EngineError
from translate.models.hf import quiet_transformers


class TorchEngine:
    """Hugging Face `generate()` under `torch.inference_mode()`."""

    name = "torch"
    parallel = 1

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
        self.forced_eos = getattr(model.generation_config, "forced_eos_token_id", None) is not None
        # Tokens the model may never emit (Marian's <pad>): out of the distribution, as in
        # CTranslate2, whose converted vocabulary drops them.
        banned = getattr(model.generation_config, "bad_words_ids", None) or []
        self.banned = sorted({words[0] for words in banned if len(words) == 1})

    def generate(self, batch, *, max_new_tokens, min_new_tokens, num_beams, num_hypotheses=1):
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
        # Beam search's n best, sorted by its beam score: row 0 of each input is the
        # hypothesis one return sequence would give.
        count = max(1, min(num_hypotheses, num_beams))
        generation.num_return_sequences = count
        mask = mask.to(self.device)
        with torch.inference_mode():
            encoded = self.model.get_encoder()(input_ids=input_ids.to(self.device),
                                               attention_mask=mask)
            # Taken first: beam search expands the encoder output object in place.
            hidden = encoded.last_hidden_state
            output = self.model.generate(
                encoder_outputs=encoded,
                attention_mask=mask,
                generation_config=generation,
            )
            if count > 1:  # output rows: each input's `count` hypotheses in a row
                hidden = hidden.repeat_interleave(count, dim=0)
                mask = mask.repeat_interleave(count, dim=0)
            scores = self._scores(output, hidden, mask, max_new_tokens)
        rows = [Hypothesis(self._strip(row), score, capped)
                for row, (score, capped) in zip(output.tolist(), scores)]
        if count == 1:
            return rows
        return [dataclasses.replace(rows[start], alternatives=tuple(rows[start + 1:start + count]))
                for start in range(0, len(rows), count)]

    # Floats of logits one scoring chunk may hold (256 MB at float32).
    SCORE_CHUNK_FLOATS = 1 << 26

    def _scores(self, output, hidden, mask, max_new_tokens: int) -> list[tuple[float, bool]]:
        """(mean log-probability per generated token, capped) of each output row."""
        import torch

        rows, width = output.shape
        if width < 2:
            return [(0.0, False)] * rows
        vocab = self.model.config.vocab_size
        step = max(1, self.SCORE_CHUNK_FLOATS // ((width - 1) * vocab))
        results: list[tuple[float, bool]] = []
        for start in range(0, rows, step):
            part = slice(start, start + step)
            logits = self.model(encoder_outputs=(hidden[part],), attention_mask=mask[part],
                                decoder_input_ids=output[part, :-1]).logits.float()
            if self.banned:
                logits[..., self.banned] = float("-inf")
            log_probs = torch.log_softmax(logits, dim=-1)
            chosen = log_probs.gather(-1, output[part, 1:].unsqueeze(-1)).squeeze(-1)
            best = log_probs.max(dim=-1).values
            for row in range(chosen.shape[0]):
                results.append(self._row_score(output[start + row, 1:].tolist(),
                                               chosen[row].tolist(), best[row].tolist(),
                                               max_new_tokens))
        return results

    def _row_score(self, generated: list[int], chosen: list[float], best: list[float],
                   max_new_tokens: int) -> tuple[float, bool]:
        """The mean over the generated positions: after a forced BOS, up to and including
        the first EOS; at the length cap, the forced EOS slot counts the model's best token
        (what CTranslate2, which forces nothing, decodes there)."""
        first = 1 if generated and self.forced_bos is not None and generated[0] == self.forced_bos else 0
        end = next((pos for pos, token in enumerate(generated) if token in self.eos_ids),
                   len(generated) - 1)
        capped = end + 1 >= max_new_tokens
        values = chosen[first:end + 1]
        if capped and self.forced_eos and values:
            values[-1] = best[end]
        if not values:
            return 0.0, capped
        return min(0.0, sum(values) / len(values)), capped

    def _strip(self, ids: list[int]) -> list[int]:
        ids = ids[1:]  # the decoder start token
        if ids and self.forced_bos is not None and ids[0] == self.forced_bos:
            ids = ids[1:]
        for pos, token in enumerate(ids):
            if token in self.eos_ids:
                return ids[:pos]
        return [t for t in ids if t != self.pad_id]
