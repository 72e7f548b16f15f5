"""The random stand-ins' tokenizers: a SentencePiece model (Marian) and a byte-level BPE
(BART), trained in a fraction of a second on the small corpora in `translate/data/`, and
filler tokens that pad a vocabulary to the real model's size."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

_DATA = Path(__file__).resolve().parents[1] / "data"


# BART (RoBERTa/GPT-2 byte-level BPE): <s>=0, <pad>=1, </s>=2, <unk>=3, <mask> last.
_BART_SPECIALS = ("<s>", "<pad>", "</s>", "<unk>")


_BART_MASK = "<mask>"


def corpus_lines(lang: str) -> list[str]:
    """The non-empty lines of the shipped training corpus for `lang` ("nl" or "en")."""
    text = (_DATA / f"corpus_{lang}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _train_sentencepiece(lines: list[str], vocab_size: int) -> bytes:
    """A serialized unigram SentencePiece model trained on `lines` (deterministic)."""
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        model_type="unigram",  # what Marian/opus-mt uses
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # the corpus is tiny: accept fewer pieces than asked
        character_coverage=1.0,  # keep every character seen (ë, é, quotes, digits)
        unk_id=0,
        eos_id=1,
        bos_id=-1,
        pad_id=-1,
        num_threads=1,  # multi-threaded training is not reproducible
        minloglevel=2,  # silence the trainer's progress log
    )
    return model.getvalue()


def _train_byte_bpe(lines: list[str], merges: int) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Train a GPT-2/RoBERTa style byte-level BPE on `lines`: its vocab and merge list."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    alphabet = pre_tokenizers.ByteLevel.alphabet()
    trainer = trainers.BpeTrainer(
        vocab_size=len(_BART_SPECIALS) + len(alphabet) + merges,
        special_tokens=list(_BART_SPECIALS),  # ids 0..3, in this order
        initial_alphabet=alphabet,  # all 256 bytes, so no text is ever <unk>
        show_progress=False,
    )
    tokenizer.train_from_iterator(lines, trainer=trainer)
    model = json.loads(tokenizer.to_str())["model"]
    # tokenizers < 0.20 stores merges as "a b" strings, later versions as [a, b] pairs.
    pairs = [tuple(m.split(" ", 1)) if isinstance(m, str) else tuple(m) for m in model["merges"]]
    return model["vocab"], pairs


def _fillers(prefix: str, start: int, stop: int, *, taken: Any) -> list[str]:
    """Filler tokens for ids `start` .. `stop - 1`, named after their id ("▁tok4711").

    Naming them by id makes a random model's output readable when debugging: the text
    "tok4711" came from id 4711. A (practically impossible) clash with a trained piece
    in `taken` gets a "_" appended.
    """
    out = []
    for i in range(start, stop):
        token = f"{prefix}{i}"
        while token in taken:
            token += "_"
        out.append(token)
    return out
