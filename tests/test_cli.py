"""End to end through the real CLI and the real `from_pretrained` path, on tiny models."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import (
    SECOND, SEED_SHAPED, check_outputs, fewest_bullets, invoke, model_flags, record_blocks,
)


@pytest.fixture
def models(tiny_marian, tiny_bart):
    return model_flags(tiny_marian, tiny_bart)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def test_seed_shaped_article(tmp_path, models):
    source = write(tmp_path / "in" / "brug.txt", SEED_SHAPED)
    out = tmp_path / "out"
    result = invoke("run", tmp_path / "in", "--out", out, *models)
    assert result.exit_code == 0, result.output
    record = check_outputs(source, out)
    # The scraper-noise line at the end: its credits split off, the rest (no end
    # punctuation) a heading line.
    assert [p["kind"] for p in record["paragraphs"]] == [
        "heading", "body", "body", "heading", "body", "credit", "credit", "heading"]
    assert [p["heading"] for p in record["paragraphs"]] == [
        True, False, False, True, False, False, False, True]
    assert len(record["paragraphs"][1]["sentences"]) == 3
    # 3 to 5 bullets when the article has 3 distinct English sentences; the tiny model's
    # (int8, CPU-dependent) sentences may be alike, so the floor comes from the record.
    assert fewest_bullets(record) <= len(record["summary"]) <= 5
    assert record["source"] == "brug.txt"
    assert {m["role"] for m in record["models"]} == {"translation", "summary"}
    assert "translated 1, unchanged 0, skipped 0, failed 0" in result.output


def test_paragraph_far_beyond_the_model_limit(tmp_path, models, tiny_marian):
    from transformers import AutoTokenizer

    words = ("de gemeente heeft woensdag bekendgemaakt dat de nieuwe brug over het water "
             "later klaar is dan gepland en dat de kosten fors zijn gestegen").split()
    one_sentence = " ".join(words[i % len(words)] for i in range(1500)) + "."
    many = " ".join(f"Zin nummer {i} gaat over de brug en de kosten." for i in range(200))
    source = write(tmp_path / "in" / "lang.txt", f" date 2020-01 Titel\n\n{one_sentence}\n\n{many}\n")
    out = tmp_path / "out"
    result = invoke("run", source, "--out", out, *models)
    assert result.exit_code == 0, result.output
    record = check_outputs(source, out)
    tokenizer = AutoTokenizer.from_pretrained(str(tiny_marian))
    long_paragraph = record["paragraphs"][1]["sentences"]
    assert len(long_paragraph) > 1
    for sentence in long_paragraph + record["paragraphs"][2]["sentences"]:
        assert len(tokenizer(sentence["nl"])["input_ids"]) <= 256
    assert len(record["paragraphs"][2]["sentences"]) == 200


def test_bom_and_crlf(tmp_path, models):
    source = write(tmp_path / "in" / "crlf.txt",
                   b"\xef\xbb\xbf" + SEED_SHAPED.replace("\n", "\r\n").encode())
    out = tmp_path / "out"
    result = invoke("run", source, "--out", out, *models)
    assert result.exit_code == 0, result.output
    record = check_outputs(source, out)
    assert record["date"] == "2019-06"
    assert (out / "crlf.en.txt").read_text(encoding="utf-8").startswith(" date 2019-06 ")


def test_bad_files_beside_a_good_one(tmp_path, models):
    folder = tmp_path / "in"
    good = write(folder / "good.txt", SEED_SHAPED)
    write(folder / "empty.txt", "")
    write(folder / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    write(folder / "latin.txt", "Het café in Zürich is één dag open.".encode("latin-1"))
    out, report_file = tmp_path / "out", tmp_path / "report.json"
    result = invoke("run", folder, "--out", out, "--report", report_file, *models)
    assert result.exit_code == 1, result.output
    check_outputs(good, out)
    report = json.loads(report_file.read_text())
    assert set(report) >= {"translated", "unchanged", "skipped", "failed", "errors", "models_loaded", "seconds"}
    assert [Path(p).name for p in report["translated"]] == ["good.txt"]
    assert [Path(p).name for p in report["skipped"]] == ["empty.txt"]
    assert sorted(Path(p).name for p in report["failed"]) == ["binary.txt", "latin.txt"]
    for path, message in report["errors"].items():
        assert "\n" not in message and path in message
    assert len(report["models_loaded"]) == 2
    error_lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 2
    assert not (out / "latin.en.txt").exists() and not (out / "empty.en.txt").exists()
    assert "Traceback" not in result.output


def test_nested_folders_are_mirrored(tmp_path, models):
    folder = tmp_path / "in"
    a = write(folder / "2021" / "03" / "verkiezing.txt", SECOND)
    b = write(folder / "brug.txt", SEED_SHAPED)
    out = tmp_path / "out"
    result = invoke("run", folder, "--out", out, *models)
    assert result.exit_code == 0, result.output
    check_outputs(a, out / "2021" / "03")
    check_outputs(b, out)
    assert json.loads((out / "2021" / "03" / "verkiezing.json").read_text())["source"] == "2021/03/verkiezing.txt"


def test_alongside_twice_reingests_nothing(tmp_path, models):
    folder = tmp_path / "in"
    source = write(folder / "sub" / "brug.txt", SEED_SHAPED)
    first = invoke("run", folder, "--alongside", *models)
    assert first.exit_code == 0, first.output
    check_outputs(source, source.parent)
    report_file = tmp_path / "r.json"
    second = invoke("run", folder, "--alongside", "--report", report_file, *models)
    assert second.exit_code == 0, second.output
    report = json.loads(report_file.read_text())
    assert report["translated"] == [] and len(report["unchanged"]) == 1
    assert report["models_loaded"] == []
    names = sorted(p.name for p in source.parent.iterdir())
    assert names == ["brug.en.txt", "brug.json", "brug.summary.md", "brug.txt"]


def test_file_prints_text_then_bullets_and_writes_nothing(tmp_path, models):
    source = write(tmp_path / "brug.txt", SEED_SHAPED)
    before = sorted(tmp_path.rglob("*"))
    result = invoke("file", source, *models)
    assert result.exit_code == 0, result.output
    assert sorted(tmp_path.rglob("*")) == before
    out = result.stdout
    assert out.startswith(" date 2019-06 ")
    body, _, bullets = out.rstrip("\n").rpartition("\n\n")
    assert len(body.split("\n\n")) == 6
    # The same article as JSON, in the same process: the same int8 outputs, so the same
    # bullets; how many depends on how alike the tiny model's sentences are (see
    # fewest_bullets), not on a fixed count.
    as_json = invoke("file", source, "--json", *models)
    assert as_json.exit_code == 0, as_json.output
    record = json.loads(as_json.stdout)
    # A flagged bullet is marked like a flagged sentence (its check's flags).
    assert bullets.split("\n") == [
        f"- {c['bullet']} [flagged: {', '.join(c['flags'])}]" if c["flags"] else f"- {c['bullet']}"
        for c in record["summary_checks"]]
    assert [c["bullet"] for c in record["summary_checks"]] == record["summary"]
    assert fewest_bullets(record) <= len(record["summary"]) <= 5


def test_file_json(tmp_path, models):
    source = write(tmp_path / "brug.txt", SEED_SHAPED)
    result = invoke("file", source, "--json", *models)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert len(record_blocks(record)) == 6 and record["date"] == "2019-06"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brug.txt"]


def test_file_errors(tmp_path, models):
    latin = write(tmp_path / "latin.txt", "café".encode("latin-1"))
    result = invoke("file", latin, *models)
    assert result.exit_code == 1 and "latin.txt" in result.output
    assert invoke("file", tmp_path / "missing.txt", *models).exit_code == 2
    empty = write(tmp_path / "empty.txt", "")
    result = invoke("file", empty, *models)
    assert result.exit_code == 0 and "empty" in result.output


def test_offline_error_is_fast_and_names_model_and_fixes(tmp_path):
    source = write(tmp_path / "in" / "brug.txt", SEED_SHAPED)
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_HOME=str(tmp_path / "hf"))
    env.pop("HF_HUB_CACHE", None)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "translate", "run", str(source), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, timeout=120,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    assert elapsed < 30
    assert "Helsinki-NLP/opus-mt-nl-en" in result.stderr
    assert "translate models fetch" in result.stderr and "local model folder" in result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1


def test_missing_local_model_folder(tmp_path, tiny_bart):
    source = write(tmp_path / "brug.txt", SEED_SHAPED)
    result = invoke("file", source, "--translation-model", tmp_path / "nope" / "model",
                    "--summary-model", tiny_bart)
    assert result.exit_code == 2
    assert "model folder not found" in result.output


def test_help_imports_no_torch():
    code = (
        "import sys, runpy\n"
        "sys.argv = ['translate', '--help']\n"
        "try:\n    runpy.run_module('translate', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr
    assert "run" in result.stdout and "file" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["run", "MISSING", "--out", "OUT"], "no such file or folder"),
        (["run", "IN", "--out", "OUT", "--alongside"], "cannot be used together"),
        (["run", "IN", "--config", "BADCONF"], "unknown section"),
    ],
)
def test_usage_errors_exit_2(tmp_path, args, message):
    write(tmp_path / "in" / "a.txt", SECOND)
    (tmp_path / "bad.toml").write_text("[nope]\n")
    mapping = {"MISSING": tmp_path / "missing", "OUT": tmp_path / "out", "IN": tmp_path / "in",
               "BADCONF": tmp_path / "bad.toml"}
    result = invoke(*[mapping.get(a, a) for a in args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_no_summary(tmp_path, models):
    source = write(tmp_path / "in" / "a.txt", SECOND)
    out = tmp_path / "out"
    result = invoke("run", source, "--out", out, "--no-summary", *models)
    assert result.exit_code == 0, result.output
    record = json.loads((out / "a.json").read_text())
    assert record["summary"] == [] and [m["role"] for m in record["models"]] == ["translation"]
    assert not (out / "a.summary.md").exists()


def test_cuda_without_a_gpu_is_a_clear_error(tmp_path, models):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    source = write(tmp_path / "a.txt", SECOND)
    result = invoke("file", source, "--device", "cuda", *models)
    assert result.exit_code == 2
    assert "no CUDA GPU" in result.output and "Traceback" not in result.output


def test_status_json(tmp_path, models):
    source = write(tmp_path / "in" / "a.txt", SECOND)
    out = tmp_path / "out"
    assert invoke("run", source, "--out", out, *models).exit_code == 0
    result = invoke("status", out, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["runs"][0]["counts"]["translated"] == 1 and data["failed"] == []


def test_models_fetch_offline_names_the_model(tmp_path, tiny_bart):
    result = invoke("models", "fetch", "--dir", tmp_path / "models", "--summary-model", tiny_bart)
    assert result.exit_code == 2
    assert "Helsinki-NLP/opus-mt-nl-en" in result.output and "Traceback" not in result.output
    assert "a local folder, nothing to fetch" not in result.output  # stopped at the first model


def test_models_fetch_local_folders_need_nothing(tiny_marian, tiny_bart):
    result = invoke("models", "fetch", *model_flags(tiny_marian, tiny_bart))
    assert result.exit_code == 0
    assert result.output.count("a local folder, nothing to fetch") == 2
