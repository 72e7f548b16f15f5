"""Random-weight stand-ins for the real checkpoints, built offline in seconds.

The tool runs `Helsinki-NLP/opus-mt-nl-en` (Marian) and a distilBART summariser, but
neither the tests nor a machine without access to the Hugging Face hub can download them.
The builders here write a folder that looks like a hub snapshot of such a model: real
tokenizer files (a SentencePiece model for Marian, a byte-level BPE for BART, both trained
on the small corpora in `translate/data/`), a `config.json`, a `generation_config.json`
and `model.safetensors` with seeded random weights. The folders go through the same
`AutoTokenizer.from_pretrained` / `AutoModelForSeq2SeqLM.from_pretrained` code path, and
the same CTranslate2 converter, as the real checkpoints; the output is gibberish, but the
shapes, special-token ids and vocabulary layout are those of the real models.

- `build_marian`, `build_bart`: small models for tests (well under a megabyte, ~0.1 s to build).
- `build_opus_shape`, `build_distilbart_shape`, `build_distilbart_6_6_shape`: the real
  models' full shapes, for memory and speed measurements.

Heavy libraries (torch, transformers, sentencepiece, tokenizers) are imported inside the
functions, so importing this module stays cheap.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from translate.bench.vocab import (
    _BART_MASK, _BART_SPECIALS, _fillers, _train_byte_bpe, _train_sentencepiece, corpus_lines,
)
from translate.models.hf import no_progress_bars


# Shapes of the real checkpoints (from their config.json on the hub).
OPUS_NL_EN_VOCAB = 67028  # Helsinki-NLP/opus-mt-nl-en: vocab_size, <pad> = 67027
DISTILBART_CNN_VOCAB = 50264  # sshleifer/distilbart-cnn-12-6: vocab_size (its tokenizer has 50265)

# Sizes of the trained tokenizers; small, so a tiny model's embedding stays small.
_SPM_PIECES = 300  # per SentencePiece model (source nl, target en)
_BPE_MERGES = 300  # byte-level BPE merges on top of the 256-symbol byte alphabet

# Special tokens. Marian (opus-mt) puts </s> first, <unk> second and <pad> last: the
# model uses <pad> as decoder start, and CTranslate2's Marian converter drops the last
# vocabulary entry if, and only if, it is <pad>.
_MARIAN_EOS, _MARIAN_UNK, _MARIAN_PAD = "</s>", "<unk>", "<pad>"

# Keys from transformers 3/4 that the real checkpoints' config.json still carry and that
# transformers 5's Marian/BART configs no longer define. CTranslate2's BART converter
# reads `config.normalize_before` and fails with AttributeError without it (its Marian
# converter sets the value itself), so the synthetic configs carry them as the real
# ones do; transformers keeps unknown keys as plain attributes.
_LEGACY_KEYS = {"normalize_before": False, "add_final_layer_norm": False}


# --------------------------------------------------------------------------- Marian


def build_marian(
    out_dir: Path,
    *,
    d_model: int = 16,
    layers: int = 1,
    heads: int = 2,
    ffn: int = 32,
    vocab_size: int | None = None,
    max_positions: int = 512,
    seed: int = 0,
) -> Path:
    """Write a random-weight MarianMT model with an opus-mt style tokenizer to `out_dir`.

    The folder holds `source.spm` (trained on Dutch), `target.spm` (trained on English),
    a shared `vocab.json`, `tokenizer_config.json`, `config.json`,
    `generation_config.json` and `model.safetensors`.

    `vocab_size=None` sizes the model to the tokenizer's own vocabulary; an int pads
    `vocab.json` with filler pieces ("▁tok123", which decode to the word "tok123") up to
    that size, so that every id the model can generate decodes. As in opus-mt, `</s>`
    is id 0, `<unk>` id 1 and `<pad>` the last id (the decoder start token).
    Weights depend only on the shape and `seed`.
    """
    import sentencepiece as spm
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    # Separate source/target SentencePiece models with one joint vocab.json, like opus-mt.
    source = _train_sentencepiece(corpus_lines("nl"), _SPM_PIECES)
    target = _train_sentencepiece(corpus_lines("en"), _SPM_PIECES)
    (out_dir / "source.spm").write_bytes(source)
    (out_dir / "target.spm").write_bytes(target)

    pieces: dict[str, None] = {}  # ordered set: source pieces first, then new target ones
    for proto in (source, target):
        sp = spm.SentencePieceProcessor(model_proto=proto)
        for i in range(sp.get_piece_size()):
            # Control and unknown pieces (<unk>, </s>) get their ids from the fixed
            # layout below; they must not appear twice.
            if not (sp.is_control(i) or sp.is_unknown(i)):
                pieces[sp.id_to_piece(i)] = None

    tokens = [_MARIAN_EOS, _MARIAN_UNK, *pieces]
    size = len(tokens) + 1 if vocab_size is None else vocab_size
    if size < len(tokens) + 1:
        raise ValueError(f"vocab_size={vocab_size} is smaller than the tokenizer's {len(tokens) + 1} tokens")
    tokens += _fillers("\u2581tok", len(tokens), size - 1, taken=pieces)
    tokens.append(_MARIAN_PAD)
    vocab = {tok: i for i, tok in enumerate(tokens)}
    eos_id, pad_id = vocab[_MARIAN_EOS], vocab[_MARIAN_PAD]
    _write_json(out_dir / "vocab.json", vocab)

    # tokenizer_class makes AutoTokenizer pick MarianTokenizer even without config.json.
    _write_json(
        out_dir / "tokenizer_config.json",
        {
            "tokenizer_class": "MarianTokenizer",
            "source_lang": "nl",
            "target_lang": "en",
            "eos_token": _MARIAN_EOS,
            "unk_token": _MARIAN_UNK,
            "pad_token": _MARIAN_PAD,
            "model_max_length": max_positions,
            "separate_vocabs": False,
            "sp_model_kwargs": {},
        },
    )

    config = MarianConfig(
        vocab_size=size,
        decoder_vocab_size=size,
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn,
        decoder_ffn_dim=ffn,
        max_position_embeddings=max_positions,
        activation_function="swish",
        # The rest as in opus-mt-nl-en's config.json.
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        dropout=0.1,
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,
        eos_token_id=eos_id,
        forced_eos_token_id=eos_id,
        bos_token_id=eos_id,  # opus-mt sets bos 0, i.e. </s>; Marian has no <s>
        architectures=["MarianMTModel"],
        # Legacy keys the real config.json carries; transformers 5 ignores them, but
        # CTranslate2's converter reads them (see _LEGACY_KEYS).
        **_LEGACY_KEYS,
        normalize_embedding=False,
        static_position_embeddings=True,
    )
    # As opus-mt's generation settings: beam 4, never emit <pad>. max_length is capped by
    # the (sinusoidal) position table, which the decoder cannot run past.
    generation = GenerationConfig(
        num_beams=4,
        max_length=min(512, max_positions),
        bad_words_ids=[[pad_id]],
        bos_token_id=eos_id,
        decoder_start_token_id=pad_id,
        eos_token_id=eos_id,
        forced_eos_token_id=eos_id,
        pad_token_id=pad_id,
    )
    _save_random_model(MarianMTModel, config, generation, out_dir, seed)
    return out_dir


def build_opus_shape(out_dir: Path) -> Path:
    """`build_marian` with Helsinki-NLP/opus-mt-nl-en's full shape (~79M parameters)."""
    return build_marian(
        out_dir,
        d_model=512,
        layers=6,
        heads=8,
        ffn=2048,
        vocab_size=OPUS_NL_EN_VOCAB,
        max_positions=512,
    )


# --------------------------------------------------------------------------- BART


def build_bart(
    out_dir: Path,
    *,
    d_model: int = 16,
    encoder_layers: int = 1,
    decoder_layers: int = 1,
    heads: int = 2,
    ffn: int = 32,
    vocab_size: int | None = None,
    max_positions: int = 1024,
    seed: int = 0,
) -> Path:
    """Write a random-weight BART summariser with a byte-level BPE tokenizer to `out_dir`.

    The folder holds `vocab.json`, `merges.txt`, `tokenizer_config.json` (as the
    distilbart hub repos do: no `tokenizer.json`), `config.json`,
    `generation_config.json` and `model.safetensors`.

    Token ids follow BART: `<s>`=0, `<pad>`=1, `</s>`=2, `<unk>`=3, `<mask>` last.
    `vocab_size=None` sizes the model to the whole tokenizer; an int is the model's
    vocabulary size: filler tokens ("Ġtok123", decoding to " tok123") pad the tokenizer so
    that every id below `vocab_size` decodes, and `<mask>` lands on id `vocab_size`, one
    past the model's embedding -- exactly the layout of distilbart-cnn-12-6 (model vocab
    50264, tokenizer 50265). `max_positions` also caps the tokenizer's
    `model_max_length` and the generation lengths, so a small value exercises chunking.
    """
    from transformers import BartConfig, BartForConditionalGeneration, GenerationConfig

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    vocab, merges = _train_byte_bpe(corpus_lines("en"), _BPE_MERGES)
    tokens = sorted(vocab, key=vocab.__getitem__)
    if vocab_size is not None:
        if vocab_size < len(tokens):
            raise ValueError(f"vocab_size={vocab_size} is smaller than the tokenizer's {len(tokens)} tokens")
        tokens += _fillers("\u0120tok", len(tokens), vocab_size, taken=vocab)  # Ġ: byte-level space
    tokens.append(_BART_MASK)
    vocab = {tok: i for i, tok in enumerate(tokens)}
    size = len(tokens) if vocab_size is None else vocab_size
    _write_json(out_dir / "vocab.json", vocab)
    (out_dir / "merges.txt").write_text(
        "#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges), encoding="utf-8"
    )
    bos, pad, eos = (vocab[t] for t in _BART_SPECIALS[:3])
    _write_json(
        out_dir / "tokenizer_config.json",
        {
            "tokenizer_class": "BartTokenizer",  # an alias of RobertaTokenizer in transformers 5
            "model_max_length": max_positions,
            "add_prefix_space": False,
            "errors": "replace",
            "bos_token": "<s>",
            "eos_token": "</s>",
            "sep_token": "</s>",
            "cls_token": "<s>",
            "unk_token": "<unk>",
            "pad_token": "<pad>",
            "mask_token": _BART_MASK,
        },
    )

    config = BartConfig(
        vocab_size=size,
        d_model=d_model,
        encoder_layers=encoder_layers,
        decoder_layers=decoder_layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn,
        decoder_ffn_dim=ffn,
        max_position_embeddings=max_positions,
        # The rest as in distilbart-cnn-12-6's config.json.
        activation_function="gelu",
        scale_embedding=False,
        dropout=0.1,
        bos_token_id=bos,
        pad_token_id=pad,
        eos_token_id=eos,
        decoder_start_token_id=eos,
        forced_eos_token_id=eos,
        architectures=["BartForConditionalGeneration"],
        **_LEGACY_KEYS,
        normalize_embedding=True,
        static_position_embeddings=False,
    )
    # distilbart-cnn's summarisation settings: max_length 142, min_length 56. Both are
    # scaled down with a small position table (the decoder cannot run past it): with
    # max_positions=64 that is max_length 64, min_length 25.
    max_length = min(142, max_positions)
    generation = GenerationConfig(
        num_beams=4,
        length_penalty=2.0,
        early_stopping=True,
        no_repeat_ngram_size=3,
        max_length=max_length,
        min_length=min(56, max_length * 56 // 142),
        bos_token_id=bos,
        pad_token_id=pad,
        eos_token_id=eos,
        decoder_start_token_id=eos,
        forced_bos_token_id=bos,
        forced_eos_token_id=eos,
    )
    _save_random_model(BartForConditionalGeneration, config, generation, out_dir, seed)
    return out_dir


def build_distilbart_shape(out_dir: Path) -> Path:
    """`build_bart` with sshleifer/distilbart-cnn-12-6's full shape (~306M parameters)."""
    return build_bart(
        out_dir,
        d_model=1024,
        encoder_layers=12,
        decoder_layers=6,
        heads=16,
        ffn=4096,
        vocab_size=DISTILBART_CNN_VOCAB,
        max_positions=1024,
    )


def build_distilbart_6_6_shape(out_dir: Path) -> Path:
    """`build_bart` with sshleifer/distilbart-cnn-6-6's shape (~230M parameters): half the
    encoder of 12-6, the same decoder: the smaller summariser of the speed trade-offs."""
    return build_bart(
        out_dir,
        d_model=1024,
        encoder_layers=6,
        decoder_layers=6,
        heads=16,
        ffn=4096,
        vocab_size=DISTILBART_CNN_VOCAB,
        max_positions=1024,
    )


# --------------------------------------------------------------------------- shared


def _save_random_model(model_cls: Any, config: Any, generation: Any, out_dir: Path, seed: int) -> None:
    """Instantiate `model_cls(config)` with seeded random weights and save it to `out_dir`."""
    import torch

    # Building on the meta device skips torch's default init of every layer (which the
    # transformers init then overwrites anyway): distilbart's 306M parameters initialise
    # in 2.5-5 s instead of ~9 s on 2 CPUs. to_empty() allocates real storage, init_weights() runs the model's
    # own _init_weights (normal(0, init_std), LayerNorm 1/0, Marian's sinusoidal
    # positions) and re-ties the shared embeddings that to_empty() un-tied.
    with torch.device("meta"):
        model = model_cls(config)
    model.to_empty(device="cpu")
    # fork_rng: seed the init without disturbing the caller's global RNG stream.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model.init_weights()
    model.generation_config = generation
    with no_progress_bars():
        model.save_pretrained(out_dir)  # config.json, generation_config.json, model.safetensors


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """`python -m translate.synthetic DIR`: tiny random stand-ins for a demo or a smoke test.

    Writes DIR/translation (Marian) and DIR/summary (BART). They run the whole tool
    offline in seconds; their output is gibberish, since the weights are random.
    """
    import argparse

    parser = argparse.ArgumentParser(prog="python -m translate.synthetic", description=main.__doc__)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--full-shape", action="store_true",
                        help="opus-mt-nl-en's and distilbart-cnn-12-6's real shapes (1.5 GB)")
    args = parser.parse_args(argv)
    if args.full_shape:
        translation = build_opus_shape(args.dir / "translation")
        summary = build_distilbart_shape(args.dir / "summary")
    else:
        translation = build_marian(args.dir / "translation")
        summary = build_bart(args.dir / "summary")
    print(f"--translation-model {translation} --summary-model {summary}")


if __name__ == "__main__":
    main()
