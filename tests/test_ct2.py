"""The CTranslate2 backend: same outputs as torch, a conversion cache that survives crashes."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2")

from translate.models.backends import ct2_cache as ct2  # noqa: E402
from translate.models.backends import ct2_engine  # noqa: E402
from translate.models.backends.ct2_engine import CT2Engine  # noqa: E402

DUTCH = [
    "De gemeenteraad heeft dinsdag ingestemd met de bouw van nieuwe woningen.",
    "Het regent in Amsterdam.",
    "Volgens de minister moeten de eerste huizen in 2026 klaar zijn, zei zij.",
]
ENGLISH = [
    "The council approved the construction of new homes on Tuesday.",
    "It is raining in Amsterdam.",
    "According to the minister the first houses must be ready in 2026, she said.",
]


@pytest.fixture(scope="module")
def shared_cache(test_environment: dict[str, str]) -> Path:
    """The session's throw-away cache (conftest.py): conversions the other tests made of
    the tiny models are reused here, and this module's (float32) are reused after it. The
    tests that count conversions use a cache of their own (`tmp_path`)."""
    return Path(test_environment["TRANSLATE_CACHE"])


@pytest.fixture(autouse=True)
def cache(monkeypatch: pytest.MonkeyPatch, shared_cache: Path) -> Path:
    """Conversions go to a throw-away cache, never to the user's ~/.cache."""
    monkeypatch.setenv("TRANSLATE_CACHE", str(shared_cache))
    return shared_cache


@pytest.fixture(scope="module")
def int8_entry(tiny_marian: Path, shared_cache: Path) -> Path:
    """The module's one int8 conversion of `tiny_marian` (a cache entry, converted once)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSLATE_CACHE", str(shared_cache))
        entry = CT2Engine(tiny_marian, device="cpu", threads=1).model_dir
    assert ct2.entry_is_complete(entry)
    return entry


def cached_copy(entry: Path, cache: Path) -> Path:
    """A copy of the complete cache `entry` in the cache folder `cache`, where a conversion
    of the same model would put it (an entry's key does not depend on the cache's place):
    the tests that damage an entry start from it instead of converting the model again."""
    import shutil

    copy = cache / "ct2" / entry.name
    shutil.copytree(entry, copy)
    assert ct2.entry_is_complete(copy)
    return copy


def encode(folder: Path, texts: list[str]) -> list[list[int]]:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(folder))(texts)["input_ids"]


def torch_engine(folder: Path):
    from translate.models.backends.torch_engine import TorchEngine

    return TorchEngine(folder, "cpu", 1)


def ids_of(hypotheses) -> list[list[int]]:
    return [h.ids for h in hypotheses]


def without_bos(outputs: list[list[int]], bos: int) -> list[list[int]]:
    # TorchEngine keeps BART's forced <s> (the first generated token); CT2Engine drops it.
    return [ids[1:] if ids and ids[0] == bos else ids for ids in outputs]


# ----------------------------------------------------------------- same outputs as torch


@pytest.mark.parametrize("force", [False, True])
def test_greedy_marian_matches_torch(tiny_marian: Path, force: bool) -> None:
    inputs = encode(tiny_marian, DUTCH)
    longest = max(len(ids) for ids in inputs)
    limits = dict(min_new_tokens=longest, max_new_tokens=longest) if force else \
        dict(min_new_tokens=0, max_new_tokens=2 * longest + 10)
    engine = CT2Engine(tiny_marian, device="cpu", threads=1, compute_type="float32")
    expected = ids_of(torch_engine(tiny_marian).generate(inputs, num_beams=1, **limits))
    got = ids_of(engine.generate(inputs, num_beams=1, **limits))
    assert got == expected
    assert all(len(ids) > 0 for ids in got)
    eos = 0  # opus-mt layout: </s> is id 0; it never appears in an output
    assert all(eos not in ids for ids in got)


@pytest.mark.parametrize("force", [False, True])
def test_greedy_bart_matches_torch(tiny_bart: Path, force: bool) -> None:
    inputs = encode(tiny_bart, ENGLISH)
    longest = max(len(ids) for ids in inputs)
    limits = dict(min_new_tokens=longest, max_new_tokens=longest) if force else \
        dict(min_new_tokens=5, max_new_tokens=40)
    engine = CT2Engine(tiny_bart, device="cpu", threads=1, compute_type="float32")
    assert engine.prefix_token == "<s>"  # forced_bos_token_id, passed as a target prefix
    assert engine.options["no_repeat_ngram_size"] == 3  # from generation_config.json
    expected = without_bos(ids_of(torch_engine(tiny_bart).generate(inputs, num_beams=1, **limits)), 0)
    got = ids_of(engine.generate(inputs, num_beams=1, **limits))
    assert got == expected
    assert all(0 not in ids and 2 not in ids for ids in got)  # no <s>, no </s>


def test_n_best_match_torch_and_leave_the_best_as_it_was(tiny_marian: Path) -> None:
    # Beam search's n best at float32: the same hypotheses and scores on both backends
    # (one definition of `score`), and the best exactly what one hypothesis gives.
    inputs = encode(tiny_marian, DUTCH)
    limits = dict(min_new_tokens=0, max_new_tokens=40, num_beams=4)
    on_torch = torch_engine(tiny_marian)
    on_ct2 = CT2Engine(tiny_marian, device="cpu", threads=1, compute_type="float32")
    for engine in (on_torch, on_ct2):
        one = engine.generate(inputs, **limits)
        many = engine.generate(inputs, num_hypotheses=4, **limits)
        assert ids_of(many) == ids_of(one)
        assert [h.score for h in many] == [h.score for h in one]
        assert all(not h.alternatives for h in one)
        assert [len(h.alternatives) for h in many] == [3, 3, 3]
        # No more than the beam holds.
        assert [len(h.alternatives) for h in engine.generate(inputs, num_hypotheses=9,
                                                             **limits)] == [3, 3, 3]
    torch_many = on_torch.generate(inputs, num_hypotheses=4, **limits)
    ct2_many = on_ct2.generate(inputs, num_hypotheses=4, **limits)
    for mine, theirs in zip(torch_many, ct2_many):
        assert [h.ids for h in (mine, *mine.alternatives)] == \
            [h.ids for h in (theirs, *theirs.alternatives)]
        assert [h.score for h in (mine, *mine.alternatives)] == \
            pytest.approx([h.score for h in (theirs, *theirs.alternatives)], abs=1e-4)
        assert all(h.score <= 0 for h in (mine, *mine.alternatives))


def test_forced_length_gives_the_same_lengths_as_torch(tiny_marian: Path) -> None:
    # transformers' forced EOS takes the last slot: max_new_tokens - 1 tokens come back.
    inputs = encode(tiny_marian, DUTCH)
    engine = CT2Engine(tiny_marian, device="cpu", threads=1, compute_type="float32")
    out = engine.generate(inputs, num_beams=4, min_new_tokens=12, max_new_tokens=12)
    assert [len(h.ids) for h in out] == [11, 11, 11]
    assert all(h.capped for h in out)


def test_translator_and_summarizer_run_on_ct2(tiny_marian: Path, tiny_bart: Path) -> None:
    from translate.config import SummaryConfig, TranslationConfig
    from translate.models.summarizer import Summarizer
    from translate.models.translator import Translator

    settings = TranslationConfig(num_beams=1)
    on_ct2 = Translator(tiny_marian, CT2Engine(tiny_marian, device="cpu", threads=1,
                                               compute_type="float32"), settings)
    on_torch = Translator(tiny_marian, torch_engine(tiny_marian), settings)
    assert [t.text for t in on_ct2.translate(DUTCH)] == [t.text for t in on_torch.translate(DUTCH)]
    assert on_ct2.options["backend"] == "ctranslate2"

    summarizer = Summarizer(tiny_bart, CT2Engine(tiny_bart, device="cpu", threads=1),
                            SummaryConfig())
    bullets = summarizer.summarize([ENGLISH * 6, ENGLISH[:1]])
    assert len(bullets) == 2
    for article in bullets:
        assert 1 <= len(article) <= 5
        assert all(b.strip() for b in article)


# ----------------------------------------------------------------- compute type, threads


def test_int8_by_default_on_cpu(tiny_marian: Path) -> None:
    engine = CT2Engine(tiny_marian, device="cpu", threads=0)
    assert engine.compute_type == "int8"
    assert engine.translator.compute_type.startswith("int8")
    manifest = json.loads((engine.model_dir / ct2.MANIFEST).read_text())
    assert manifest["quantization"] == "int8"
    assert ct2.resolve_compute_type("auto", "cuda") == "float16"
    assert ct2.resolve_compute_type("float32", "cpu") == "float32"


def test_cuda_without_gpu_is_an_error(tiny_marian: Path, monkeypatch) -> None:
    monkeypatch.setattr(ct2_engine, "_cuda_count", lambda: 0)
    with pytest.raises(RuntimeError, match="CUDA"):
        CT2Engine(tiny_marian, device="cuda", threads=1)


# ----------------------------------------------------------------- the conversion cache


def test_cache_folder_follows_the_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TRANSLATE_CACHE", str(tmp_path / "explicit"))
    assert ct2.cache_root() == tmp_path / "explicit"
    monkeypatch.delenv("TRANSLATE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert ct2.cache_root() == tmp_path / "xdg" / "translate"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert ct2.cache_root() == tmp_path / "home" / ".cache" / "translate"


def test_second_load_reuses_the_conversion(tiny_marian: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TRANSLATE_CACHE", str(tmp_path))
    before = ct2.conversions
    first = CT2Engine(tiny_marian, device="cpu", threads=1, model_key="tiny@main")
    assert ct2.conversions == before + 1
    assert first.model_dir.parent == tmp_path / "ct2"
    stamp = (first.model_dir / "model.bin").stat().st_mtime_ns
    second = CT2Engine(tiny_marian, device="cpu", threads=1, model_key="tiny@main")
    assert ct2.conversions == before + 1
    assert second.model_dir == first.model_dir
    assert (second.model_dir / "model.bin").stat().st_mtime_ns == stamp
    # Another quantisation, or another model key, is another entry.
    CT2Engine(tiny_marian, device="cpu", threads=1, compute_type="float32", model_key="tiny@main")
    assert ct2.conversions == before + 2
    assert not list((tmp_path / "ct2").glob(".tmp-*"))


def test_changed_model_files_are_converted_again(tiny_marian: Path, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "model"
    shutil.copytree(tiny_marian, folder)
    key = ct2.entry_key(folder, "int8", "m@main")
    assert ct2.entry_key(folder, "int8", "m@main") == key
    assert ct2.entry_key(folder, "float32", "m@main") != key
    config = folder / "config.json"
    stat = config.stat()
    os.utime(config, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert ct2.entry_key(folder, "int8", "m@main") != key


@pytest.mark.parametrize("damage", ["truncate", "no-manifest", "no-model"])
def test_broken_entry_is_rebuilt(tiny_marian: Path, tmp_path: Path, monkeypatch,
                                 damage: str, int8_entry: Path) -> None:
    monkeypatch.setenv("TRANSLATE_CACHE", str(tmp_path))
    cached_copy(int8_entry, tmp_path)
    before = ct2.conversions
    engine = CT2Engine(tiny_marian, device="cpu", threads=1)
    assert ct2.conversions == before  # the complete entry is used as it is
    entry = engine.model_dir
    assert entry == tmp_path / "ct2" / int8_entry.name
    model = entry / "model.bin"
    if damage == "truncate":
        model.write_bytes(model.read_bytes()[:100])
    elif damage == "no-manifest":
        (entry / ct2.MANIFEST).unlink()
    else:
        model.unlink()
    assert not ct2.entry_is_complete(entry)
    before = ct2.conversions
    inputs = encode(tiny_marian, DUTCH[:1])
    again = CT2Engine(tiny_marian, device="cpu", threads=1)
    assert ct2.conversions == before + 1
    assert again.model_dir == entry and ct2.entry_is_complete(entry)
    assert again.generate(inputs, num_beams=1, min_new_tokens=0, max_new_tokens=8)


def test_killed_conversion_leaves_no_entry(tiny_marian: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TRANSLATE_CACHE", str(tmp_path))

    def crash(folder, out, quantization):
        Path(out).mkdir(parents=True)
        (Path(out) / "model.bin").write_bytes(b"half")
        raise KeyboardInterrupt

    real_convert = ct2.convert
    monkeypatch.setattr(ct2, "convert", crash)
    with pytest.raises(KeyboardInterrupt):
        CT2Engine(tiny_marian, device="cpu", threads=1)
    assert list((tmp_path / "ct2").iterdir()) == []  # no entry, no temp folder
    # A temp folder left by a process that died (SIGKILL: no clean-up) is removed later.
    stale = tmp_path / "ct2" / ".tmp-abcdef12-999999999-0000"
    stale.mkdir()
    monkeypatch.setattr(ct2, "convert", real_convert)
    engine = CT2Engine(tiny_marian, device="cpu", threads=1)
    assert not stale.exists()
    assert ct2.entry_is_complete(engine.model_dir)


def test_unreadable_entry_is_converted_again(tiny_marian: Path, tmp_path: Path, monkeypatch,
                                            int8_entry: Path) -> None:
    monkeypatch.setenv("TRANSLATE_CACHE", str(tmp_path))
    cached_copy(int8_entry, tmp_path)
    before = ct2.conversions
    entry = CT2Engine(tiny_marian, device="cpu", threads=1).model_dir
    assert ct2.conversions == before and entry == tmp_path / "ct2" / int8_entry.name
    model = entry / "model.bin"
    model.write_bytes(b"\0" * model.stat().st_size)  # same size, garbage bytes
    before = ct2.conversions
    engine = CT2Engine(tiny_marian, device="cpu", threads=1)
    assert ct2.conversions == before + 1
    assert engine.generate(encode(tiny_marian, DUTCH[:1]), num_beams=1, min_new_tokens=0,
                           max_new_tokens=8)


# ----------------------------------------------------------------- backend selection


class _Broken:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("conversion exploded")


def test_auto_backend_falls_back_to_torch(tiny_marian: Path, monkeypatch) -> None:
    from translate.models.backends import load_engine
    from translate.models.backends.torch_engine import TorchEngine
    from translate.errors import EngineError

    monkeypatch.setattr(ct2_engine, "CT2Engine", _Broken)
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect(level=logging.WARNING)
    logger = logging.getLogger("translate")
    logger.addHandler(handler)
    try:
        engine = load_engine(tiny_marian, backend="auto", device="cpu", threads=1)
    finally:
        logger.removeHandler(handler)
    assert isinstance(engine, TorchEngine)
    assert any("conversion exploded" in r.getMessage() and "torch" in r.getMessage()
               for r in records)
    with pytest.raises(EngineError, match="conversion exploded"):
        load_engine(tiny_marian, backend="ctranslate2", device="cpu", threads=1)


def test_auto_backend_uses_ct2(tiny_marian: Path) -> None:
    from translate.models.backends import load_engine

    engine = load_engine(tiny_marian, backend="auto", device="cpu", threads=1)
    assert engine.name == "ctranslate2"


def test_auto_backend_falls_back_to_torch_at_run_time(tiny_marian: Path, tiny_bart: Path,
                                                      tmp_path: Path, monkeypatch) -> None:
    """CTranslate2 loads but fails while generating: the run goes on with torch, loses nothing."""
    import json

    from helpers import SEED_SHAPED, check_outputs, invoke, model_flags

    def explode(self, *args, **kwargs):
        raise RuntimeError("ctranslate2 crashed mid-batch")

    monkeypatch.setattr(CT2Engine, "generate", explode)
    source = tmp_path / "in" / "a.txt"
    source.parent.mkdir()
    source.write_text(SEED_SHAPED, encoding="utf-8")
    report = tmp_path / "report.json"
    result = invoke("run", source, "--out", tmp_path / "out", "--report", report,
                    *model_flags(tiny_marian, tiny_bart))
    assert result.exit_code == 0, result.output
    assert "crashed mid-batch" in result.output and "using torch" in result.output
    assert json.loads(report.read_text())["backends"] == {"translation": "torch", "summary": "torch"}
    check_outputs(source, tmp_path / "out")
