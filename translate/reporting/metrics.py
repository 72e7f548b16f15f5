"""`--metrics FILE.prom`: a run's figures for Prometheus, through node_exporter's textfile collector.

Every figure is derived from the run report (`translate.run.report.RunReport`), so whatever the
report counts (files, feed articles named `feed.jsonl#<id>`) the metrics count alike. The file
is written with prometheus_client's `write_to_textfile` from a registry of its own (never the
process-wide default one): to a temporary name beside it, then renamed, so the collector never
reads half a file. Names follow Prometheus' practice: base units in the name (`_seconds`,
`_timestamp_seconds`), labels for outcomes, a HELP line for each.

`translate_last_success_timestamp_seconds` is the end of the last run that went through its
articles (exit 0, or 1: some articles failed, the rest written; those are counted in
`translate_articles{outcome="failed"}`). A run that did not (aborted, interrupted, the lock
held) carries the value over from the previous file, so "no success for two nights" can be
alerted on; 0 when no run has succeeded yet.
"""

from __future__ import annotations

import calendar
import math
import time
from pathlib import Path
from typing import Any

from translate.errors import EXIT_FAILED, EXIT_OK
from translate.run.report import OUTCOMES, RunReport

SUCCESS_CODES = (EXIT_OK, EXIT_FAILED)
SUCCESS_METRIC = "translate_last_success_timestamp_seconds"


def _timestamp(iso: str | None) -> float:
    """Seconds since the epoch of a report's `YYYY-MM-DDTHH:MM:SSZ` (now when missing)."""
    if iso:
        try:
            return float(calendar.timegm(time.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")))
        except ValueError:
            pass
    return time.time()


def previous_success(path: Path) -> float:
    """The success timestamp of the file a previous run wrote at `path` (0 when none)."""
    from prometheus_client.parser import text_string_to_metric_families

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 0.0
    try:
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name == SUCCESS_METRIC:
                    return float(sample.value)
    except ValueError:  # a damaged file: no success is known
        return 0.0
    return 0.0


def known_flags() -> list[str]:
    """Every flag the quality checks can give, so each series exists from the first night."""
    from translate.checks import quality

    return list(quality.ALL_FLAGS)


def figures(report: RunReport, exit_code: int, previous: float) -> dict[str, Any]:
    """The metrics' values: {name: value or {label value: value}}."""
    finished = _timestamp(report.finished)
    flags = dict.fromkeys(known_flags(), 0) | report.flag_counts
    return {
        "translate_last_run_timestamp_seconds": finished,
        SUCCESS_METRIC: finished if exit_code in SUCCESS_CODES else previous,
        "translate_run_duration_seconds": report.seconds,
        "translate_articles": report.counts(),
        "translate_sentences": {"model": report.sentences_translated,
                                "memory": report.sentences_reused},
        "translate_flagged_articles": len(report.flagged),
        "translate_flags": flags,
        "translate_pending_articles": math.nan if report.pending is None else report.pending,
        "translate_exit_code": exit_code,
    }


HELP = {
    "translate_last_run_timestamp_seconds": "When the last run ended, whatever its outcome.",
    SUCCESS_METRIC: "When the last run that went through its articles ended (exit 0 or 1); "
                    "kept from the previous file by a run that did not (0: never).",
    "translate_run_duration_seconds": "How long the last run took.",
    "translate_articles": "Articles of the last run by outcome "
                          f"({', '.join(OUTCOMES)}).",
    "translate_sentences": "Sentences of the last run's translated articles by where their "
                           "English came from: the model, or the sentence memory.",
    "translate_flagged_articles": "Articles the last run translated with any quality flag.",
    "translate_flags": "Articles of the last run carrying each quality flag.",
    "translate_pending_articles": "Articles the last run left for the next one (aborted or "
                                  "interrupted; NaN: stopped before its inputs were listed).",
    "translate_exit_code": "The last run's exit code (0 ok, 1 some articles failed, 2 aborted, "
                           "3 locked, 130/143 interrupted).",
}
LABELS = {"translate_articles": "outcome", "translate_sentences": "source",
          "translate_flags": "flag"}


def write_metrics(path: Path, report: RunReport, exit_code: int | None = None) -> None:
    """Write the report's figures to `path` (textfile collector format, atomic rename);
    `exit_code` overrides the report's own (a run stopped before its first article)."""
    from prometheus_client import CollectorRegistry, Gauge, write_to_textfile

    code = report.exit_code if exit_code is None else exit_code
    values = figures(report, code, previous_success(path))
    registry = CollectorRegistry(auto_describe=True)
    for name, value in values.items():
        label = LABELS.get(name)
        gauge = Gauge(name, HELP[name], [label] if label else [], registry=registry)
        if label:
            for key, number in value.items():
                gauge.labels(key).set(number)
        else:
            gauge.set(value)
    write_to_textfile(str(path), registry)
