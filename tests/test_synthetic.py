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


@pytest.mark.parametrize("which", ["tiny_marian", "tiny_bart"])
def test_ctranslate2_converts(which: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    ctranslate2 = pytest.importorskip("ctranslate2")
    folder = request.getfixturevalue(which)
    converter = ctranslate2.converters.TransformersConverter(str(folder))
    converter.convert(str(tmp_path / "ct2"), quantization="int8")

    tok, model = _load(folder)
    text = NL if which == "tiny_marian" else EN
    source = tok.convert_ids_to_tokens(tok.encode(text))
    # BART needs <s> as target prefix: CTranslate2 does not apply forced_bos_token_id.
    prefix = [["<s>"]] if which == "tiny_bart" else None
    translator = ctranslate2.Translator(str(tmp_path / "ct2"))
    hyp = translator.translate_batch([source], target_prefix=prefix, beam_size=1, max_decoding_length=6)[0]
    ct2_ids = tok.convert_tokens_to_ids(hyp.hypotheses[0])

    # int8 on a tiny random model still picks the same greedy tokens as transformers.
    hf_ids = _greedy(folder, text)[1:]  # drop the decoder start token
    assert ct2_ids[:4] == hf_ids[:4]
