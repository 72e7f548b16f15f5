"""The tokenizers read without transformers give transformers' token ids and text, exactly.

Compared with transformers' own tokenizers (`translate.models.tokenizer.transformers_tokenizer`)
on the tiny test models, on the vocabularies of the real-shape bench models (opus-mt-nl-en's
67,028 entries, distilbart's 50,265: built here with tiny weights, the same tokenizer files),
on folders saved by transformers itself (a `tokenizer.json`, an `added_tokens_decoder`),
and for the language identifier and the device choice that `translate file` now makes
without torch.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from translate.models.tokenizer import (
    ByteLevelBPE, MarianSentencePiece, load_tokenizer, transformers_tokenizer,
)

TEXTS = [
    "Het kabinet wil meer geld uitgeven aan onderwijs.",
    "Volgens premier De Wit groeide de economie met 12,5 procent tot €3.500 miljoen in 2023.",
    "\"Dit is onaanvaardbaar,\" zei de woordvoerder. 'Echt waar?' vroeg zij.",
    "Café, Ĳsselmeer, coördinatie, reünie, naïef, één, twéé, ÀÉÎÕÜ, ß, ø, å",
    "ARBEIDSONGESCHIKTHEIDSVERZEKERING en kindercarnavalsoptochtvoorbereidingswerkzaamheden",
    "Om 14.30 uur — zo’n 1,2 miljoen mensen… «citaat» „aanhalingstekens” ‘enkel’ (ca. 3%)",
    "", " ", "  dubbele  spaties\tmet tab\nen een nieuwe regel  ",
    "tekst met </s> speciale <unk> tokens <pad> erin</s>",
    "<s>BART</s><mask> tokens<pad>",
    ">>nld<< taalcode vooraan", ">>en<<",
    "prijs: $4,99 / 100% / 3e plaats / 21ste / nr.5 / 06-12345678 / 1.000.000",
    "emoji 😀 en 中文 en русский текст", "o.a. dhr. bijv. m.b.t. z.g.a.n. Bron: ANP 0 REUTERS",
    "A" * 300, "www.nos.nl/artikel/2501234-test?x=1&y=2 #hashtag @iemand",
    "zonder\u00a0breekruimte\u2009smal \u200bnulbreed",
]


def assert_same(folder: Path, kind: type) -> None:
    """Ours is of `kind` and agrees with transformers' on everything this project asks."""
    ours, reference = load_tokenizer(folder), transformers_tokenizer(folder)
    assert isinstance(ours, kind)
    for special in (True, False):
        assert (ours(TEXTS, add_special_tokens=special)["input_ids"]
                == reference(TEXTS, add_special_tokens=special)["input_ids"])
    for text in TEXTS:
        assert ours(text)["input_ids"] == reference(text)["input_ids"], text
        assert ours(text_target=text)["input_ids"] == reference(text_target=text)["input_ids"]
    vocab = reference.get_vocab()
    assert ours.get_vocab() == vocab
    assert ours.unk_token_id == reference.unk_token_id
    rng = random.Random(0)
    size = max(vocab.values()) + 1
    sequences = [rng.sample(range(size), rng.randint(0, 40)) for _ in range(200)]
    sequences += ours(TEXTS)["input_ids"]
    for ids in sequences:
        for skip in (True, False):
            assert (ours.decode(ids, skip_special_tokens=skip)
                    == reference.decode(ids, skip_special_tokens=skip)), ids
        assert ours.convert_ids_to_tokens(ids) == reference.convert_ids_to_tokens(ids)


def test_marian_matches_transformers(tiny_marian):
    assert_same(tiny_marian, MarianSentencePiece)


def test_bart_matches_transformers(tiny_bart):
    assert_same(tiny_bart, ByteLevelBPE)


@pytest.fixture(scope="module")
def real_vocabularies(tmp_path_factory) -> tuple[Path, Path]:
    """Folders with the tokenizer files of the real-shape bench models (their full
    vocabularies) and tiny weights, so they build in a second."""
    from translate.bench.models import DISTILBART_CNN_VOCAB, OPUS_NL_EN_VOCAB
    from translate.synthetic import build_bart, build_marian

    root = tmp_path_factory.mktemp("real_vocab")
    return (build_marian(root / "opus", vocab_size=OPUS_NL_EN_VOCAB),
            build_bart(root / "distilbart", vocab_size=DISTILBART_CNN_VOCAB))


def test_real_shape_vocabularies_match_transformers(real_vocabularies):
    opus, distilbart = real_vocabularies
    assert len(json.loads((opus / "vocab.json").read_text())) == 67028
    assert_same(opus, MarianSentencePiece)
    assert_same(distilbart, ByteLevelBPE)


def test_folders_saved_by_transformers(tmp_path, tiny_marian, tiny_bart):
    """A BART folder with a `tokenizer.json` only, a Marian one whose config lists its
    special tokens in `added_tokens_decoder`: as transformers writes them today."""
    bart = tmp_path / "bart"
    shutil.copytree(tiny_bart, bart)
    transformers_tokenizer(bart).save_pretrained(str(bart))
    (bart / "vocab.json").unlink()
    (bart / "merges.txt").unlink()
    assert (bart / "tokenizer.json").is_file()
    assert_same(bart, ByteLevelBPE)
    marian = tmp_path / "marian"
    shutil.copytree(tiny_marian, marian)
    transformers_tokenizer(marian).save_pretrained(str(marian))
    assert "added_tokens_decoder" in json.loads((marian / "tokenizer_config.json").read_text())
    assert_same(marian, MarianSentencePiece)


def test_settings_not_modelled_go_to_transformers(tmp_path, tiny_marian):
    folder = tmp_path / "marian"
    shutil.copytree(tiny_marian, folder)
    config = json.loads((folder / "tokenizer_config.json").read_text())
    config["additional_special_tokens"] = ["<extra>"]
    (folder / "tokenizer_config.json").write_text(json.dumps(config))
    tokenizer = load_tokenizer(folder)
    assert type(tokenizer).__module__.startswith("transformers.")


def test_read_once_per_folder_and_again_when_changed(tmp_path, tiny_marian, monkeypatch):
    import translate.models.tokenizer as module

    folder = tmp_path / "marian"
    shutil.copytree(tiny_marian, folder)
    calls = []
    real = module._load
    monkeypatch.setattr(module, "_load", lambda path: calls.append(path) or real(path))
    first = load_tokenizer(folder)
    assert load_tokenizer(folder) is first and load_tokenizer(folder / ".") is first
    assert len(calls) == 1
    config = folder / "tokenizer_config.json"
    config.write_text(config.read_text() + " ")
    assert load_tokenizer(folder) is not first and len(calls) == 2


def test_translator_and_ct2_engine_share_one_tokenizer(tiny_marian, monkeypatch):
    """The CTranslate2 engine and the translator of one model read its tokenizer once."""
    import translate.models.tokenizer as module
    from translate.models.backends.ct2_engine import CT2Engine
    from translate.config import TranslationConfig
    from translate.models.translator import Translator

    calls = []
    real = module._load
    monkeypatch.setattr(module, "_cache", {})
    monkeypatch.setattr(module, "_load", lambda path: calls.append(path) or real(path))
    engine = CT2Engine(tiny_marian, device="cpu", threads=1, compute_type="float32")
    translator = Translator(tiny_marian, engine, TranslationConfig())
    assert len(calls) == 1
    assert translator.translate(["Het regent in Amsterdam."])[0].text


def test_language_model_loads_once_from_its_unpacked_copy(tmp_path, monkeypatch):
    """The cached arrays classify exactly as py3langid's own loader does, for both uses."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    import translate.checks.language as langid

    monkeypatch.setenv("TRANSLATE_CACHE", str(tmp_path / "cache"))
    langid.identifier.cache_clear()
    langid.dutch_or_english.cache_clear()
    try:
        ours, nl_en = langid.identifier(), langid.dutch_or_english()
        assert len(list((tmp_path / "cache" / "langid").glob("*/ptc.npy"))) == 1
        reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        restricted = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        restricted.set_languages(["nl", "en"])
        for text in [*TEXTS, "The government wants to spend more.", "Le gouvernement veut"]:
            assert ours.classify(text) == reference.classify(text), text
            assert nl_en.classify(text) == restricted.classify(text), text
        assert ours.nb_classes == reference.nb_classes  # the restriction left it whole
        # A damaged copy: py3langid's own loader, same answers.
        for path in (tmp_path / "cache" / "langid").glob("*/ptc.npy"):
            path.write_bytes(b"not an array")
        langid.identifier.cache_clear()
        text = TEXTS[0]
        assert langid.identifier().classify(text) == reference.classify(text)
    finally:
        langid.identifier.cache_clear()
        langid.dutch_or_english.cache_clear()


def test_device_auto_asks_ctranslate2_not_torch(monkeypatch):
    import translate.models.backends.base as base

    monkeypatch.setattr(base, "_ct2_cuda_count", lambda: 0)
    assert base.pick_device("auto", ["auto"]) == "cpu"
    monkeypatch.setattr(base, "_ct2_cuda_count", lambda: 1)
    assert base.pick_device("auto", ["auto", "ctranslate2"]) == "cuda"
    assert base.pick_device("cpu", ["auto"]) == "cpu"
    code = ("import sys\nfrom translate.models.backends import pick_device\n"
            "pick_device('auto', ['auto'])\nprint('torch' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.stdout.strip() == "False", result.stderr


def test_file_imports_neither_torch_nor_transformers(tmp_path, tiny_marian):
    """`translate file` on CTranslate2, once the conversion is cached: no torch, no
    transformers (the one-off path's start-up cost)."""
    import os

    from translate.models.backends.ct2_cache import ensure_converted

    source = tmp_path / "a.txt"
    source.write_text(" date 2024-03 Het kabinet wil meer geld uitgeven aan onderwijs.\n",
                      encoding="utf-8")
    # The conversion (which needs transformers and torch) done beforehand, as a first run would.
    ensure_converted(tiny_marian, "int8", f"{tiny_marian}@main")
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['translate', 'file', {str(source)!r}, '--translation-model', "
        f"{str(tiny_marian)!r}, '--no-summary', '--backend', 'ctranslate2']\n"
        "try:\n    runpy.run_module('translate', run_name='__main__')\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "heavy = [m for m in ('torch', 'transformers') if m in sys.modules]\n"
        "print('HEAVY', heavy, 'EXIT', code, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, env=dict(os.environ))
    assert "HEAVY [] EXIT 0" in result.stderr, result.stderr
    assert result.stdout.startswith(" date 2024-03 ")
