"""`run --metrics FILE.prom` and `--log-format json`: what a monitoring system reads of a run.

The metrics file is parsed with prometheus_client's own parser (what node_exporter's textfile
collector accepts), its values are checked against the run's JSON report, and the success
timestamp must survive a night that did not succeed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from helpers import SECOND, SEED_SHAPED, invoke, model_flags, run, write
from translate.reporting.metrics import write_metrics
from translate.run.report import RunReport

NAMES = ("translate_last_run_timestamp_seconds", "translate_last_success_timestamp_seconds",
         "translate_run_duration_seconds", "translate_articles", "translate_sentences",
         "translate_flagged_articles", "translate_flags", "translate_pending_articles",
         "translate_exit_code")


def parse(path: Path) -> dict:
    """{name: value} for unlabelled samples, {name: {label value: value}} for labelled ones;
    every family must carry a HELP text."""
    values: dict = {}
    for family in text_string_to_metric_families(path.read_text(encoding="utf-8")):
        assert family.documentation, family.name
        assert family.type == "gauge", family.name
        for sample in family.samples:
            if sample.labels:
                (label,) = sample.labels.values()
                values.setdefault(sample.name, {})[label] = sample.value
            else:
                values[sample.name] = sample.value
    return values


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    write(folder / "a" / "brug.txt", SEED_SHAPED)
    write(folder / "b" / "verkiezing.txt", SECOND)
    write(folder / "b" / "leeg.txt", "")                                     # skipped
    (folder / "b" / "latin.txt").write_bytes("Café in één keer".encode("latin-1"))  # failed
    return folder


def test_metrics_match_the_report_and_success_survives_an_aborted_night(
        tmp_path: Path, articles: Path, tiny_marian: Path, tiny_bart: Path) -> None:
    out, prom = tmp_path / "out", tmp_path / "metrics" / "translate.prom"
    prom.parent.mkdir()
    models = model_flags(tiny_marian, tiny_bart)
    code, report, _ = run(articles, out, models, "--metrics", prom)
    assert code == 1
    values = parse(prom)
    assert set(values) == set(NAMES)
    assert values["translate_articles"] == {
        "translated": len(report["translated"]), "unchanged": 0, "skipped": 1, "failed": 1}
    assert values["translate_articles"]["translated"] == 2
    assert values["translate_sentences"] == {"model": report["sentences_translated"],
                                             "memory": report["sentences_reused"]}
    assert values["translate_sentences"]["model"] > 0
    assert values["translate_flagged_articles"] == len(report["flagged"])
    for flag, count in report["flag_counts"].items():
        assert values["translate_flags"][flag] == count
    assert values["translate_run_duration_seconds"] == pytest.approx(report["seconds"], abs=1e-3)
    assert values["translate_exit_code"] == 1
    assert values["translate_pending_articles"] == 0
    # Some articles failed, the rest were written: the run went through, a success.
    first = values["translate_last_success_timestamp_seconds"]
    assert first == values["translate_last_run_timestamp_seconds"] > 1.7e9
    assert not list(prom.parent.glob("*.prom.*")), "temporary file left beside the metrics"

    # The next night the translation model is missing: aborted, the success stays.
    (articles / "a" / "brug.txt").write_text(SEED_SHAPED + "\nNog een zin erbij.\n", encoding="utf-8")
    broken = ["--translation-model", str(tmp_path / "gone"), "--summary-model", str(tiny_bart)]
    code, report, _ = run(articles, out, broken, "--metrics", prom)
    assert code == 2 and report["fatal"]
    values = parse(prom)
    assert values["translate_exit_code"] == 2
    assert values["translate_last_success_timestamp_seconds"] == first
    assert values["translate_last_run_timestamp_seconds"] >= first
    assert values["translate_pending_articles"] >= 1
    assert values["translate_articles"] == {"translated": 0, "unchanged": 0, "skipped": 0, "failed": 0}

    # A night stopped before its first article (here: an input that does not exist) is
    # written too, through the same path as its report.
    code, report, _ = run(tmp_path / "nowhere", out, models, "--metrics", prom)
    assert code == 2 and report["exit_code"] == 2
    values = parse(prom)
    assert values["translate_exit_code"] == 2
    assert values["translate_last_success_timestamp_seconds"] == first

    # A good night again: unchanged articles counted, success moves on.
    code, report, _ = run(articles, out, models, "--metrics", prom)
    assert code == 1
    values = parse(prom)
    assert values["translate_articles"]["translated"] == 1      # the edited one
    assert values["translate_articles"]["unchanged"] == 1
    assert values["translate_sentences"]["memory"] == report["sentences_reused"] > 0
    assert values["translate_last_success_timestamp_seconds"] >= first


def test_metrics_from_the_config(tmp_path: Path, articles: Path, tiny_marian: Path,
                                 tiny_bart: Path) -> None:
    prom = tmp_path / "night.prom"
    config = write(tmp_path / "c.toml", f'[output]\nmetrics = "{prom}"\n')
    code, _, _ = run(articles, tmp_path / "out", model_flags(tiny_marian, tiny_bart),
                     "--no-summary", "--config", config)
    assert code == 1
    assert parse(prom)["translate_exit_code"] == 1


@pytest.mark.parametrize("signal", [2, 15])
def test_an_interrupted_run_keeps_the_last_success(tmp_path: Path, signal: int) -> None:
    prom = tmp_path / "t.prom"
    write_metrics(prom, RunReport(translated=["a.txt"], finished="2026-11-28T02:00:00Z"))
    success = parse(prom)["translate_last_success_timestamp_seconds"]
    assert success == 1795831200
    report = RunReport(translated=["b.txt"], interrupted=signal, pending=4,
                       finished="2026-11-29T02:00:00Z")
    write_metrics(prom, report)
    values = parse(prom)
    assert values["translate_exit_code"] == 128 + signal
    assert values["translate_last_success_timestamp_seconds"] == success
    assert values["translate_last_run_timestamp_seconds"] == success + 86400
    assert values["translate_pending_articles"] == 4


def test_no_success_yet_or_a_damaged_file_gives_zero(tmp_path: Path) -> None:
    prom = tmp_path / "t.prom"
    prom.write_text("this is { not prometheus\n")
    write_metrics(prom, RunReport(fatal="model missing", pending=2))
    assert parse(prom)["translate_last_success_timestamp_seconds"] == 0


def test_feed_articles_count_like_files(tmp_path: Path) -> None:
    prom = tmp_path / "t.prom"
    report = RunReport(translated=["news.jsonl#1", "news.jsonl#2", "x.txt"], failed=["news.jsonl#3"])
    report.flag("news.jsonl#2", ["numbers"])
    write_metrics(prom, report)
    values = parse(prom)
    assert values["translate_articles"]["translated"] == 3
    assert values["translate_articles"]["failed"] == 1
    assert values["translate_flags"]["numbers"] == 1


def test_an_unwritable_metrics_file_is_one_line_and_keeps_the_exit_code(
        tmp_path: Path, articles: Path, tiny_marian: Path, tiny_bart: Path) -> None:
    prom = tmp_path / "missing-folder" / "t.prom"
    code, _, output = run(articles, tmp_path / "out", model_flags(tiny_marian, tiny_bart),
                          "--no-summary", "--metrics", prom)
    assert code == 1
    assert [line for line in output.splitlines() if "cannot write metrics" in line] == [
        next(line for line in output.splitlines() if line.startswith("error: cannot write metrics"))]


def test_json_log_lines(tmp_path: Path, articles: Path, tiny_marian: Path, tiny_bart: Path) -> None:
    result = invoke("run", articles, "--out", tmp_path / "out", "--no-summary",
                    *model_flags(tiny_marian, tiny_bart), "--log-format", "json")
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.output.splitlines()]   # every line is JSON
    for line in lines:
        assert {"time", "level", "event", "article", "message"} <= set(line)
        assert line["time"].endswith("Z") and line["level"] in ("info", "warning", "error")
    events = {(line["event"], line["article"]) for line in lines}
    assert ("translated", "a/brug.txt") in events
    assert ("failed", "b/latin.txt") in events
    assert ("skipped", "b/leeg.txt") in events
    last = lines[-1]
    assert last["event"] == "run_finished" and last["exit_code"] == 1
    assert (last["translated"], last["skipped"], last["failed"]) == (2, 1, 1)


def test_json_error_lines_and_text_stays_the_default(tmp_path: Path) -> None:
    result = invoke("run", tmp_path / "nowhere", "--log-format", "json")
    assert result.exit_code == 2
    (line,) = [json.loads(line) for line in result.output.splitlines()]
    assert line["level"] == "error" and "nowhere" in line["message"]
    result = invoke("run", tmp_path, "--out", tmp_path, "--alongside", "--log-format", "json")
    assert result.exit_code == 2 and json.loads(result.output)["message"].startswith("--out and")
    result = invoke("run", tmp_path / "nowhere")
    assert result.output.startswith("error: no such file")
    result = invoke("run", tmp_path, "--log-format", "xml")
    assert result.exit_code == 2 and "xml" in result.output


def test_a_real_sigterm_writes_metrics_and_keeps_the_success(tmp_path: Path,
                                                             tiny_marian: Path) -> None:
    """A night stopped by SIGTERM (systemd's TimeoutStartSec): exit 143, the metrics say
    so, the previous success stays, the last JSON line is `run_interrupted`."""
    import os
    import signal
    import subprocess
    import sys
    import time

    folder, out, prom = tmp_path / "in", tmp_path / "out", tmp_path / "t.prom"
    for i in range(120):
        write(folder / f"bericht-{i:03d}.txt",
              f"De gemeente meldde dinsdag dat er {i} klachten waren over de brug.\n")
    write_metrics(prom, RunReport(translated=["x.txt"], finished="2026-11-28T02:00:00Z"))
    root = Path(__file__).resolve().parent.parent
    child = subprocess.Popen(
        [sys.executable, "-m", "translate", "run", str(folder), "--out", str(out),
         "--metrics", str(prom), "--log-format", "json", "--no-summary",
         "--translation-model", str(tiny_marian)],
        cwd=root, env={**os.environ, "PYTHONPATH": str(root), "OMP_NUM_THREADS": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while len(list(out.glob("*.json"))) < 3:
            assert time.monotonic() < deadline and child.poll() is None, "no article written"
            time.sleep(0.05)
        child.send_signal(signal.SIGTERM)
        _, stderr = child.communicate(timeout=120)
    finally:
        child.kill()
    assert child.returncode == 143, stderr
    last = json.loads(stderr.strip().splitlines()[-1])
    assert last["event"] == "run_interrupted" and last["exit_code"] == 143
    values = parse(prom)
    assert values["translate_exit_code"] == 143
    assert values["translate_last_success_timestamp_seconds"] == 1795831200
    assert values["translate_pending_articles"] == last["pending"] > 0
    assert values["translate_articles"]["translated"] == last["translated"] >= 3
