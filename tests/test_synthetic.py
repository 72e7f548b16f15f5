"""The synthetic models load and run through the real transformers / CTranslate2 paths."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from translate.synthetic import build_bart, build_marian

NL = "Volgens dhr. Jansen kost het project o.a. 12,5 miljoen euro en 3.500 uur werk."
EN = "The council approved 3,500 new homes on Tuesday, the alderman said."


def _load(folder: Path):
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    return AutoTokenizer.from_pretrained(folder), AutoModelForSeq2SeqLM.from_pretrained(folder).eval()


def _greedy(folder: Path, text: str) -> list[int]:
    tok, model = _load(folder)
    # Plain greedy search, without the checkpoints' length and n-gram constraints.
    enc = tok([text], return_tensors="pt")
    out = model.generate(**enc, num_beams=1, max_new_tokens=8, min_length=0, no_repeat_ngram_size=0)
    return out[0].tolist()


def test_import_does_not_pull_in_torch() -> None:
    code = "import sys, translate.synthetic; sys.exit('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_hub_is_offline() -> None:
    """conftest's offline_hub: a hub name fails at once instead of downloading."""
    from transformers import AutoTokenizer

    with pytest.raises(OSError):
        AutoTokenizer.from_pretrained("Helsinki-NLP/opus-mt-nl-en")


def test_marian_loads_and_translates(tiny_marian: Path) -> None:
    tok, model = _load(tiny_marian)
    assert type(tok).__name__ == "MarianTokenizer"
    assert type(model).__name__ == "MarianMTModel"
    # opus-mt layout: </s> = 0, <unk> = 1, <pad> = last id = decoder start.
    assert tok.eos_token_id == model.config.eos_token_id == 0
    assert tok.unk_token_id == 1
    assert tok.pad_token_id == model.config.pad_token_id == len(tok) - 1
    assert model.config.decoder_start_token_id == tok.pad_token_id
    assert model.config.vocab_size == len(tok)
    assert model.generation_config.bad_words_ids == [[tok.pad_token_id]]

    enc = tok([NL, "Dit is een zin."], return_tensors="pt", padding=True)
    assert tok.unk_token_id not in enc.input_ids[0].tolist()  # the corpus covers every character
    out = model.generate(**enc, max_new_tokens=8)
    texts = tok.batch_decode(out, skip_special_tokens=True)
    assert len(texts) == 2 and all(isinstance(t, str) for t in texts)


def test_bart_loads_and_summarises(tiny_bart: Path) -> None:
    tok, model = _load(tiny_bart)
    assert type(model).__name__ == "BartForConditionalGeneration"
    assert [tok.bos_token_id, tok.pad_token_id, tok.eos_token_id, tok.unk_token_id] == [0, 1, 2, 3]
    assert tok.mask_token_id == len(tok) - 1
    assert model.config.max_position_embeddings == tok.model_max_length == 64
    assert model.generation_config.forced_bos_token_id == 0

    ids = tok(EN)["input_ids"]
    assert ids[0] == 0 and ids[-1] == 2 and tok.unk_token_id not in ids
    assert tok.decode(ids, skip_special_tokens=True) == EN  # byte-level BPE round-trips
    long = tok(" ".join([EN] * 20), truncation=True)["input_ids"]
    assert len(long) == 64

    out = model.generate(**tok([EN], return_tensors="pt"), max_new_tokens=8, min_length=0)
    assert isinstance(tok.batch_decode(out, skip_special_tokens=True)[0], str)


def test_padded_vocab_decodes_every_id(tiny_marian: Path, tiny_bart: Path, tmp_path: Path) -> None:
    from transformers import AutoTokenizer

    marian_size = len(AutoTokenizer.from_pretrained(tiny_marian)) + 40
    tok, model = _load(build_marian(tmp_path / "marian", vocab_size=marian_size))
    assert len(tok) == model.config.vocab_size == marian_size
    assert tok.pad_token_id == marian_size - 1
    assert tok.convert_ids_to_tokens(marian_size - 2) == f"\u2581tok{marian_size - 2}"
    assert f"tok{marian_size - 2}" in tok.decode(list(range(marian_size)), skip_special_tokens=True)

    # BART as distilbart-cnn: the model sees `vocab_size` ids, <mask> sits one past them.
    bart_size = len(AutoTokenizer.from_pretrained(tiny_bart)) + 40
    tok, model = _load(build_bart(tmp_path / "bart", vocab_size=bart_size, max_positions=64))
    assert model.config.vocab_size == bart_size
    assert len(tok) == bart_size + 1 and tok.mask_token_id == bart_size
    assert tok.decode(list(range(bart_size)), skip_special_tokens=True).endswith(f" tok{bart_size - 1}")


def test_same_seed_same_model(tmp_path: Path) -> None:
    a = build_marian(tmp_path / "a", seed=3)
    b = build_marian(tmp_path / "b", seed=3)
    c = build_marian(tmp_path / "c", seed=4)
    weights = [(p / "model.safetensors").read_bytes() for p in (a, b, c)]
    assert weights[0] == weights[1] != weights[2]
    assert _greedy(a, NL) == _greedy(b, NL)


def test_vocab_size_smaller_than_tokenizer_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="vocab_size"):
        build_marian(tmp_path / "m", vocab_size=10)
    with pytest.raises(ValueError, match="vocab_size"):
        build_bart(tmp_path / "b", vocab_size=10)


def _ct2(ctranslate2, folder: Path, out: Path, quantization: str):
    ctranslate2.converters.TransformersConverter(str(folder)).convert(str(out), quantization=quantization)
    return ctranslate2.Translator(str(out), intra_threads=1)


def _ct2_inputs(which: str, tok, texts: list[str]) -> tuple[list[list[str]], list[list[str]] | None]:
    """Source tokens and target prefixes. BART needs <s> as target prefix: CTranslate2 does
    not apply forced_bos_token_id."""
    sources = [tok.convert_ids_to_tokens(tok.encode(text)) for text in texts]
    return sources, ([["<s>"]] * len(texts) if which == "tiny_bart" else None)


@pytest.mark.parametrize("which", ["tiny_marian", "tiny_bart"])
def test_ctranslate2_converts(which: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """At float32 the converted model picks the same greedy tokens as transformers.

    float32, not int8: int8 kernels differ between CPUs (oneDNN/MKL pick them by
    instruction set), so int8 greedy ids of random weights differ from machine to machine."""
    ctranslate2 = pytest.importorskip("ctranslate2")
    folder = request.getfixturevalue(which)
    translator = _ct2(ctranslate2, folder, tmp_path / "ct2", "float32")
    assert translator.compute_type == "float32"

    tok, _ = _load(folder)
    text = NL if which == "tiny_marian" else EN
    sources, prefix = _ct2_inputs(which, tok, [text])
    hyp = translator.translate_batch(sources, target_prefix=prefix, beam_size=1, max_decoding_length=6)[0]
    ct2_ids = tok.convert_tokens_to_ids(hyp.hypotheses[0])

    hf_ids = _greedy(folder, text)[1:]  # drop the decoder start token
    if tok.eos_token_id in hf_ids:  # CTranslate2 leaves </s> out of its output
        hf_ids = hf_ids[: hf_ids.index(tok.eos_token_id)]
    assert ct2_ids == hf_ids[:6]


@pytest.mark.parametrize("which", ["tiny_marian", "tiny_bart"])
def test_ctranslate2_int8_conversion_runs(which: str, request: pytest.FixtureRequest,
                                          tmp_path: Path) -> None:
    """The int8 conversion loads and decodes. Only structure is asserted: which ids int8
    picks on random weights depends on the CPU's instruction set."""
    ctranslate2 = pytest.importorskip("ctranslate2")
    folder = request.getfixturevalue(which)
    translator = _ct2(ctranslate2, folder, tmp_path / "ct2", "int8")
    assert translator.compute_type.startswith("int8")

    tok, model = _load(folder)
    texts = [NL, "Het regent."] if which == "tiny_marian" else [EN, "It rains."]
    sources, prefix = _ct2_inputs(which, tok, texts)
    # min = max length: the length is fixed whatever tokens int8 picks.
    results = translator.translate_batch(sources, target_prefix=prefix, beam_size=1,
                                         min_decoding_length=6, max_decoding_length=6)
    assert len(results) == len(texts)
    vocab = tok.get_vocab()
    for result in results:
        assert len(result.hypotheses) == 1
        tokens = result.hypotheses[0]
        assert len(tokens) == 6  # the <s> prefix of BART included
        assert all(token in vocab for token in tokens)
        ids = tok.convert_tokens_to_ids(tokens)
        assert all(0 <= i < model.config.vocab_size for i in ids)
        assert tok.eos_token_id not in ids
        if which == "tiny_bart":
            assert tokens[0] == "<s>"
