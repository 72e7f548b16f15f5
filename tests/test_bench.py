"""`translate bench` machinery on the tiny models: every path runs and reports (no timing asserts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2")

from translate.bench import runner as bench  # noqa: E402
from translate.bench.paths import paragraphs_of  # noqa: E402

TEXT = (
    "De gemeente bouwt nieuwe woningen in het centrum.\n\n"
    "Het regent in Amsterdam. De trein rijdt niet.\n"
)
KEYS = {"naive_transformers_s", "tool_s", "torch_s", "raw_ctranslate2_s", "tokens_per_s",
        "peak_rss_mb", "ratios", "ratios_per_round", "seconds_per_round", "rounds", "sentences",
        "beams", "threads", "device"}
E2E_KEYS = {"e2e_naive_s", "e2e_tool_s", "e2e_raw_ctranslate2_s", "e2e_articles",
            "articles_per_hour", "peak_rss_mb", "ratios", "ratios_per_round",
            "seconds_per_round", "rounds", "summary_chunks", "summary_beams", "split_s",
            "sentences", "beams", "threads", "device"}


def test_shipped_text_is_forty_dutch_sentences_in_paragraphs() -> None:
    from translate.text.segment import split_sentences

    paragraphs = paragraphs_of(bench.bench_text())
    assert len(paragraphs) >= 5
    sentences = [s for p in paragraphs for s in split_sentences(p)]
    assert 38 <= len(sentences) <= 42


def test_bench_on_tiny_models(tiny_marian: Path, tiny_bart: Path) -> None:
    data = bench.run_bench(translation_dir=tiny_marian, summary_dir=tiny_bart, text=TEXT,
                           beams=2, rounds=1, isolate=False)
    assert set(data) == KEYS
    for path in bench.PATHS:
        assert data[f"{path}_s"] > 0
        assert data["tokens_per_s"][path] > 0
        assert data["peak_rss_mb"][path] > 0
    assert set(data["tokens_per_s"]) == set(bench.PATHS)
    assert set(data["ratios"]) == {"naive_over_tool", "tool_over_raw_ctranslate2"}
    assert all(v > 0 for v in data["ratios"].values())
    assert data["sentences"] == 3
    assert data["rounds"] == 1
    assert all(len(times) == 1 for times in data["seconds_per_round"].values())
    assert data["beams"] == 2
    assert data["threads"] >= 1
    assert data["device"] == "cpu"
    json.dumps(data)
    table = bench.format_table(data)
    for label in ("naive transformers", "raw ctranslate2", "translation only"):
        assert label in table


def test_bench_paths_run_in_their_own_processes(tiny_marian: Path) -> None:
    # The real driver: a `prepare` process, then one fresh process per path.
    # Interleaved: tool, raw, tool, raw; the ratio is the median of the per-round ratios.
    seen = []
    data = bench.run_bench(translation_dir=tiny_marian, text=TEXT, beams=1, rounds=2,
                           paths=("tool", "raw_ctranslate2"), progress=seen.append)
    assert seen == ["tool (round 1/2)", "raw_ctranslate2 (round 1/2)",
                    "tool (round 2/2)", "raw_ctranslate2 (round 2/2)"]
    assert data["tool_s"] > 0 and data["raw_ctranslate2_s"] > 0
    assert data["ratios"]["tool_over_raw_ctranslate2"] > 0
    assert len(data["ratios_per_round"]["tool_over_raw_ctranslate2"]) == 2
    assert data["beams"] == 1
    assert all(v > 0 for v in data["peak_rss_mb"].values())


def test_summary_path(tiny_marian: Path, tiny_bart: Path) -> None:
    data = bench.run_bench(translation_dir=tiny_marian, summary_dir=tiny_bart, text=TEXT,
                           beams=1, paths=(), summary=True, rounds=1, isolate=False)
    assert data["tool_summary_s"] > 0
    assert data["tokens_per_s"]["tool_summary"] > 0


def test_hypotheses_adds_the_choice_with_and_without(tiny_marian: Path) -> None:
    measured = bench.measure_all(translation_dir=tiny_marian, text=TEXT + "Er kwamen 300 mensen.\n",
                                 beams=2, paths=(), hypotheses=True, rounds=2, isolate=False)
    results = measured["results"]
    assert set(results) == {"checked", "checked_best_only"}
    assert [r["hypotheses"] for r in results["checked"]] == [2, 2]
    assert [r["hypotheses"] for r in results["checked_best_only"]] == [1, 1]
    assert all(r["chosen"] == 0 for r in results["checked_best_only"])
    data = bench.report(**measured)
    assert set(data["ratios"]) == set(data["cpu_ratios"]) == {"checked_over_best_only"}
    assert len(data["cpu_ratios_per_round"]["checked_over_best_only"]) == 2
    assert "in CPU seconds" in bench.format_table(data, results)


def test_a_failing_path_says_why(tiny_marian: Path, tmp_path: Path) -> None:
    with pytest.raises(bench.BenchError, match="failed"):
        bench.run_bench(translation_dir=tmp_path / "missing", text=TEXT, paths=("tool",))


def canned(**kwargs):
    result = {"seconds": 2.0, "tokens": 100, "sentences": 40, "peak_rss_mb": 500.0}
    return {"results": {path: [dict(result, seconds=2.0 + i, backend="x", engine_s=1.5)]
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
    assert data["ratios"] == {"naive_over_tool": 0.667, "tool_over_raw_ctranslate2": 0.6}
    assert seen["beams"] == 2 and seen["rounds"] == 3 and seen["translation_dir"] is None
    assert seen["end_to_end"] is False

    table = CliRunner().invoke(app, ["bench"])
    assert table.exit_code == 0, table.output
    assert "raw ctranslate2" in table.stdout and "tool / raw_ctranslate2" in table.stdout
    assert seen["rounds"] == 3  # interleaved rounds by default


def test_medians_and_per_round_ratios() -> None:
    # naive/tool per round: 10, 10, 20 -> median 10 (the ratio of the medians would be 20).
    def runs(*seconds):
        return [{"seconds": s, "tokens": 100, "sentences": 40, "peak_rss_mb": 100.0 + s}
                for s in seconds]

    data = bench.report({"naive_transformers": runs(10, 30, 20), "tool": runs(1, 3, 1)},
                        beams=4, threads=2, device="cpu")
    assert data["naive_transformers_s"] == 20 and data["tool_s"] == 1
    assert data["ratios"] == {"naive_over_tool": 10}
    assert data["ratios_per_round"] == {"naive_over_tool": [10, 10, 20]}
    assert data["seconds_per_round"]["naive_transformers"] == [10, 30, 20]
    assert data["peak_rss_mb"]["naive_transformers"] == 130  # the highest round
    assert data["rounds"] == 3
    assert "spread 10.000-20.000" in bench.format_table(data)


# ---------------------------------------------------------------- end to end


def test_shipped_articles_have_aligned_english_counterparts(tiny_marian: Path) -> None:
    from translate.bench import e2e, seams
    from translate.config import TranslationConfig
    from translate.models.translator import Translator

    articles = e2e.bench_articles()
    assert 4 <= len(articles) <= 8
    plan = seams.PlanEngine("cpu", 1, seams.to_longest_input)
    translator = Translator(tiny_marian, plan, TranslationConfig())
    for bench_article, article in zip(articles, e2e.segmented(articles, translator)):
        english = bench_article.english()
        assert 15 <= len(article.sentences()) <= 40, bench_article.name
        assert any(p.heading for p in article.paragraphs[1:]), bench_article.name
        # Paragraph for paragraph, sentence for sentence, as the tool segments the Dutch.
        assert [len(p.sentences) for p in article.paragraphs] == [len(s) for s in english], \
            bench_article.name
        assert len(e2e.counterparts(article, english)) == len(article.sentences())


def test_counterpart_lengths_are_forced_through_the_seam() -> None:
    from translate.bench import seams

    calls = []

    class Inner:
        name, device = "fake", "cpu"

        def generate(self, batch, *, max_new_tokens, min_new_tokens, num_beams):
            calls.append((max_new_tokens, min_new_tokens))
            return [[] for _ in batch]

    engine = seams.BenchEngine(Inner(), seams.to_counterpart({(5, 6, 0): 9, (7, 0): 3}))
    engine.generate([[5, 6, 0], [7, 0]], max_new_tokens=50, min_new_tokens=0, num_beams=4)
    engine.generate([[7, 0], [1, 2, 3, 4, 0]], max_new_tokens=50, min_new_tokens=0, num_beams=4)
    assert calls == [(9, 9), (5, 5)]  # an unknown input counts as long as itself
    assert engine.seconds > 0


def test_end_to_end_on_tiny_models(tiny_marian: Path, tiny_bart: Path) -> None:
    seen = []
    measured = bench.measure_all(translation_dir=tiny_marian, summary_dir=tiny_bart,
                                 end_to_end=True, rounds=1, articles=1, beams=1,
                                 summary_beams=1, isolate=False, progress=seen.append)
    assert seen == list(bench.E2E_PATHS)
    data = bench.report(**measured)
    assert set(data) == E2E_KEYS
    assert data["e2e_articles"] == 1
    assert data["articles_per_hour"] > 0
    assert set(data["peak_rss_mb"]) == set(bench.E2E_PATHS)
    assert set(data["ratios"]) == {"e2e_naive_over_tool", "e2e_tool_over_raw_ctranslate2"}
    assert data["beams"] == 1 and data["summary_beams"] == 1
    tool = measured["results"]["e2e_tool"][0]
    raw = measured["results"]["e2e_raw_ctranslate2"][0]
    # The same work on both: the tool's sentences, chunks and batches.
    assert tool["summary_chunks"] == raw["summary_chunks"] >= 1
    assert tool["sentences"] >= raw["sentences"] > 15
    json.dumps(data)
    table = bench.format_table(data, measured["results"])
    assert "both models (ceiling)" in table and "articles/h" in table


def test_end_to_end_paths_in_their_own_processes(tiny_marian: Path, tiny_bart: Path) -> None:
    data = bench.run_bench(translation_dir=tiny_marian, summary_dir=tiny_bart, end_to_end=True,
                           paths=("e2e_tool", "e2e_raw_ctranslate2"), rounds=1, articles=1,
                           summary_beams=2, summary_cap=20)
    assert data["summary_beams"] == 2
    assert data["e2e_tool_s"] > 0 and data["ratios"]["e2e_tool_over_raw_ctranslate2"] > 0


def test_cli_bench_end_to_end(monkeypatch) -> None:
    from typer.testing import CliRunner

    from translate.cli import app

    seen = {}

    def fake(**kwargs):
        seen.update(kwargs)
        run = {"seconds": 10.0, "articles": 4, "sentences": 97, "summary_chunks": 6,
               "summary_beams": 4, "peak_rss_mb": 900.0, "translate_s": 6.0, "summarise_s": 4.0}
        return {"results": {path: [dict(run, seconds=10.0 * (3 - i))]
                            for i, path in enumerate(bench.E2E_PATHS)},
                "beams": 4, "threads": 2, "device": "cpu"}

    monkeypatch.setattr(bench, "measure_all", fake)
    result = CliRunner().invoke(app, ["bench", "--end-to-end", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert seen["end_to_end"] is True
    assert set(data) == E2E_KEYS
    assert data["e2e_naive_s"] == 30 and data["e2e_tool_s"] == 20
    assert data["articles_per_hour"] == 720
    assert data["ratios"] == {"e2e_naive_over_tool": 1.5, "e2e_tool_over_raw_ctranslate2": 2}
