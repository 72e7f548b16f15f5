"""The CTranslate2 backend: a Hugging Face seq2seq folder, converted once, run by CTranslate2.

`CT2Engine` implements the `Engine` protocol of `translate.models.backends.base` with the same
contract as `TorchEngine`: token ids in (from the model's own tokenizer, special tokens
included), token ids out (no decoder-start token, no EOS, no forced BOS).

The folder is converted once and cached (`ct2_cache`).

How the two model families map onto CTranslate2:

- Marian (opus-mt): no BOS on the source side; the decoder starts from a zero embedding
  (the converter drops the trailing `<pad>` vocabulary entry, so `<pad>` can never be
  generated, which is what `bad_words_ids=[[pad]]` does in transformers).
- BART: the source starts with `<s>` (the tokenizer adds it); the decoder starts with
  `</s>` and transformers then forces `<s>` (`forced_bos_token_id`) as the first
  generated token. CTranslate2 knows nothing of forced tokens, so `<s>` is passed as a
  one-token target prefix (it counts towards the decoding length, as in transformers)
  and stripped from the result.
- `forced_eos_token_id` (both families): transformers puts EOS in the last slot when
  `max_new_tokens` is reached, so a cut-off output has `max_new_tokens - 1` tokens.
  CTranslate2 has no such rule; a hypothesis that reaches the limit loses its last token,
  which makes the outputs identical (and the work the same: both ran the full length).
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

import translate.models.backends.base as base
from translate.models.backends.base import Hypothesis
from translate.models.backends.ct2_cache import ensure_converted, resolve_compute_type
from translate.models.hf import generation_settings
from translate.models.tokenizer import load_tokenizer

log = logging.getLogger("translate")


def _cuda_count() -> int:
    import ctranslate2

    try:
        return ctranslate2.get_cuda_device_count()
    except Exception:  # noqa: BLE001 - a CPU-only build may raise instead of returning 0
        return 0


# How every `translate_batch` call is made: the caller's batches are already sized, its
# inputs within the model's limit, and each hypothesis's score is wanted (the record's).
CALL_OPTIONS: dict[str, Any] = {"max_batch_size": 0, "max_input_length": 0, "return_scores": True}


def decoding_options(folder: Path) -> dict[str, Any]:
    """The `translate_batch` options a model's generation config asks for (beyond beams and
    lengths): what transformers' `generate()` would apply."""
    settings = generation_settings(folder)
    options: dict[str, Any] = {}
    if settings.get("no_repeat_ngram_size"):
        options["no_repeat_ngram_size"] = int(settings["no_repeat_ngram_size"])
    for key in ("length_penalty", "repetition_penalty"):
        if settings.get(key) is not None:
            options[key] = float(settings[key])
    return options


class CT2Engine:
    """A seq2seq model folder run by a `ctranslate2.Translator`."""

    name = "ctranslate2"

    def __init__(self, folder: Path, *, device: str, threads: int, compute_type: str = "auto",
                 model_key: str | None = None) -> None:
        import ctranslate2

        folder = Path(folder)
        if device == "cuda" and _cuda_count() == 0:
            raise RuntimeError("this CTranslate2 build sees no CUDA device")
        self.device = device
        self.compute_type = resolve_compute_type(compute_type, device)
        self.parallel, self.threads = base.split_threads(threads, device)

        self.model_dir = ensure_converted(folder, self.compute_type, model_key)

        def load():
            return ctranslate2.Translator(
                str(self.model_dir), device=device, compute_type=self.compute_type,
                inter_threads=self.parallel, intra_threads=self.threads,
            )

        try:
            self.translator = load()
        except Exception as exc:  # noqa: BLE001 - CTranslate2 raises RuntimeError, IndexError...
            # A cache entry damaged after it was written (same sizes, bad bytes).
            log.warning("cannot load cached conversion %s (%s); converting again", self.model_dir, exc)
            self.model_dir = ensure_converted(folder, self.compute_type, model_key, rebuild=True)
            self.translator = load()

        tokenizer = load_tokenizer(folder)  # the translator's own: read once per folder
        vocab = tokenizer.get_vocab()
        self.token_to_id: dict[str, int] = dict(vocab)
        self.id_to_token: list[str] = [""] * (max(vocab.values()) + 1)
        for token, index in vocab.items():
            self.id_to_token[index] = token
        self.unk_id = tokenizer.unk_token_id if tokenizer.unk_token_id is not None else 0

        settings = generation_settings(folder)
        forced_bos = settings.get("forced_bos_token_id")
        self.prefix_token = self.id_to_token[forced_bos] if forced_bos is not None else None
        self.forced_eos = settings.get("forced_eos_token_id") is not None
        self.options = decoding_options(folder)

    def tokens(self, ids: list[int]) -> list[str]:
        table = self.id_to_token
        return [table[i] for i in ids]

    def generate(self, batch, *, max_new_tokens, min_new_tokens, num_beams, num_hypotheses=1):
        if not batch:
            return []
        source = [self.tokens(ids) for ids in batch]
        prefix = [[self.prefix_token]] * len(source) if self.prefix_token else None
        results = self.translator.translate_batch(
            source,
            target_prefix=prefix,
            beam_size=num_beams,
            num_hypotheses=max(1, min(num_hypotheses, num_beams)),
            max_decoding_length=max_new_tokens,
            min_decoding_length=min(min_new_tokens, max_new_tokens),
            **CALL_OPTIONS,
            **self.options,
        )
        outputs = []
        for result in results:
            # The n best come back sorted by CTranslate2's own (beam) score.
            found = [self._hypothesis(tokens, score, max_new_tokens, prefix is not None)
                     for tokens, score in zip(result.hypotheses, result.scores)]
            outputs.append(dataclasses.replace(found[0], alternatives=tuple(found[1:]))
                           if len(found) > 1 else found[0])
        return outputs

    def _hypothesis(self, tokens: list[str], score: float, max_new_tokens: int,
                    prefixed: bool) -> Hypothesis:
        full = len(tokens)
        capped = full >= max_new_tokens
        forced = 0
        if prefixed and tokens and tokens[0] == self.prefix_token:
            tokens = tokens[1:]
            forced = 1
        mean = self._mean_log_prob(score, full, capped, forced)
        if self.forced_eos and capped and tokens:
            tokens = tokens[:-1]  # transformers' forced EOS takes the last slot
        lookup, unk = self.token_to_id, self.unk_id
        return Hypothesis([lookup.get(token, unk) for token in tokens], mean, capped)

    def _mean_log_prob(self, score: float, full: int, capped: bool, forced: int) -> float:
        """CTranslate2's hypothesis score as a mean log-probability per generated token.

        CTranslate2 sums the log-probabilities of the tokens it generated (not those of a
        target prefix; the end token included when one ended the hypothesis) and divides
        the sum by `length ** length_penalty`, where `length` counts the prefix and the end
        token. With the default penalty of 1 and no prefix that is already the mean; this
        undoes the division and takes the mean over the generated tokens only."""
        length = full + (0 if capped else 1)
        generated = length - forced
        if generated <= 0:
            return 0.0
        total = score * length ** self.options.get("length_penalty", 1.0)
        return min(0.0, total / generated)
