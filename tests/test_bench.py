"""`translate bench` machinery on the tiny models: every path runs and reports (no timing asserts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2")

from translate import bench  # noqa: E402

TEXT = (
    "De gemeente bouwt nieuwe woningen in het centrum.\n\n"
    "Het regent in Amsterdam. De trein rijdt niet.\n"
)
KEYS = {"naive_transformers_s", "tool_s", "torch_s", "raw_ctranslate2_s", "tokens_per_s",
        "peak_rss_mb", "ratios", "sentences", "beams", "threads", "device"}


def test_shipped_text_is_forty_dutch_sentences_in_paragraphs() -> None:
    from translate.segment import split_sentences

    paragraphs = bench.paragraphs_of(bench.bench_text())
    assert len(paragraphs) >= 5
    sentences = [s for p in paragraphs for s in split_sentences(p)]
    assert 38 <= len(sentences) <= 42


def test_bench_on_tiny_models(tiny_marian: Path, tiny_bart: Path) -> None:
    data = bench.run_bench(translation_dir=tiny_marian, summary_dir=tiny_bart, text=TEXT,
                           beams=2, isolate=False)
    assert set(data) == KEYS
    for path in bench.PATHS:
        assert data[f"{path}_s"] > 0
        assert data["tokens_per_s"][path] > 0
        assert data["peak_rss_mb"][path] > 0
    assert set(data["tokens_per_s"]) == set(bench.PATHS)
    assert set(data["ratios"]) == {"naive_over_tool", "tool_over_raw_ctranslate2"}
    assert all(v > 0 for v in data["ratios"].values())
    assert data["sentences"] == 3
    assert data["beams"] == 2
    assert data["threads"] >= 1
    assert data["device"] == "cpu"
    json.dumps(data)
    table = bench.format_table(data)
    for label in ("naive transformers", "raw ctranslate2", "translation only"):
        assert label in table


def test_bench_paths_run_in_their_own_processes(tiny_marian: Path) -> None:
    # The real driver: a `prepare` process, then one fresh process per path.
    data = bench.run_bench(translation_dir=tiny_marian, text=TEXT, beams=1,
                           paths=("tool", "raw_ctranslate2"))
    assert data["tool_s"] > 0 and data["raw_ctranslate2_s"] > 0
    assert data["ratios"]["tool_over_raw_ctranslate2"] > 0
    assert data["beams"] == 1
    assert all(v > 0 for v in data["peak_rss_mb"].values())


def test_summary_path(tiny_marian: Path, tiny_bart: Path) -> None:
    data = bench.run_bench(translation_dir=tiny_marian, summary_dir=tiny_bart, text=TEXT,
                           beams=1, paths=(), summary=True, isolate=False)
    assert data["tool_summary_s"] > 0
    assert data["tokens_per_s"]["tool_summary"] > 0


def test_a_failing_path_says_why(tiny_marian: Path, tmp_path: Path) -> None:
    with pytest.raises(bench.BenchError, match="failed"):
        bench.run_bench(translation_dir=tmp_path / "missing", text=TEXT, paths=("tool",))


def canned(**kwargs):
    result = {"seconds": 2.0, "tokens": 100, "sentences": 40, "peak_rss_mb": 500.0}
    return {"results": {path: dict(result, seconds=2.0 + i, backend="x", engine_s=1.5)
                        for i, path in enumerate(bench.PATHS)},
            "beams": 4, "threads": 2, "device": "cpu"}


def test_cli_bench_json(monkeypatch) -> None:
    from typer.testing import CliRunner

    from translate.cli import app

    seen = {}

    def fake(**kwargs):
        seen.update(kwargs)
        return canned()

    monkeypatch.setattr(bench, "measure_all", fake)
    result = CliRunner().invoke(app, ["bench", "--json", "--beams", "2", "--rounds", "3"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == KEYS
    assert data["ratios"] == {"naive_over_tool": 0.67, "tool_over_raw_ctranslate2": 0.6}
    assert seen["beams"] == 2 and seen["rounds"] == 3 and seen["translation_dir"] is None

    table = CliRunner().invoke(app, ["bench"])
    assert table.exit_code == 0, table.output
    assert "raw ctranslate2" in table.stdout and "tool / raw ctranslate2" in table.stdout
