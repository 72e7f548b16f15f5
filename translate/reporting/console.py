"""How a run shows itself: log lines for cron mail, a live progress bar for a person, or
JSON lines for a machine.

The library logs through `logging.getLogger("translate")`; this module decides how that
looks. `LineProgress` writes plain lines (one per finished article); `BarProgress` shows
what is loading, then a bar that moves with every batch of sentences, with sentences/s.
With `--log-format json` every line on stderr (log lines, `error:` lines, the last line) is
one JSON object: `time` (ISO 8601 UTC), `level`, `event`, `article` (or null), `message`,
and for the last line the run's counts. A log call says its event and article with
`extra={"event": ..., "article": ...}`; without them the event is the module that logged.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

log = logging.getLogger("translate")

LOG_FORMATS = ("text", "json")
_format = "text"   # how this process shows its lines (set by setup_logging)


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            return f"error: {message}"
        if record.levelno >= logging.WARNING:
            return f"warning: {message}"
        return message


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, event, article, message (and extra fields
    a call passes under `fields`)."""

    def format(self, record: logging.LogRecord) -> str:
        return json_line(record.levelname.lower(), getattr(record, "event", None) or record.module,
                         record.getMessage(), getattr(record, "article", None),
                         getattr(record, "fields", None), record.created)


def json_line(level: str, event: str, message: str, article: str | None = None,
              fields: dict[str, Any] | None = None, created: float | None = None) -> str:
    created = time.time() if created is None else created
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(created)) + f".{int(created % 1 * 1000):03d}Z"
    data = {"time": stamp, "level": level, "event": event, "article": article, "message": message}
    return json.dumps(data | (fields or {}), ensure_ascii=False)


def error_text(message: str) -> str:
    """An `error:` line as this process shows it (a JSON object with `--log-format json`)."""
    if _format == "json":
        return json_line("error", "error", message)
    return f"error: {message}"


def say_summary(report) -> None:
    """The run's last line: the counts and the time (with its counts as fields in JSON)."""
    line = report.summary_line()
    if _format == "json":
        event = "aborted" if report.fatal else "interrupted" if report.interrupted else "finished"
        fields = {**report.counts(), "flagged": len(report.flagged), "pending": report.pending,
                  "seconds": round(report.seconds, 3), "exit_code": report.exit_code}
        print(json_line("info" if not report.exit_code else "error", f"run_{event}", line,
                        fields=fields), file=sys.stderr, flush=True)
    else:
        print(line, file=sys.stderr, flush=True)


def use_format(log_format: str) -> None:
    """How this process's lines look from now on: text or json."""
    global _format
    _format = log_format


def setup_logging(quiet: bool, console=None, level: int = logging.INFO,
                  log_format: str = "text") -> None:
    use_format(log_format)
    logger = logging.getLogger("translate")
    logger.handlers.clear()
    logger.propagate = False
    if log_format == "json":
        handler: logging.Handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
    elif console is not None:
        from rich.logging import RichHandler

        handler = RichHandler(console=console, show_time=False,
                                               show_level=False, show_path=False, markup=False)
        handler.setFormatter(_Formatter())
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_Formatter())
    logger.addHandler(handler)
    logger.setLevel(logging.ERROR if quiet else level)
    # transformers and the hub client are chatty on stderr; our own log says what matters.
    for name in ("transformers", "huggingface_hub"):
        logging.getLogger(name).setLevel(logging.ERROR)


class LineProgress:
    """Plain log lines, one per finished article: for cron mail and log files."""

    def start(self, total: int) -> None:
        pass  # the last line counts every article; a first line would only repeat it

    def status(self, text: str) -> None:
        pass  # the log already says what loads

    def work(self, sentences: int, articles: float) -> None:
        pass

    def advance(self, path: str, outcome: str) -> None:
        if outcome in ("translated", "skipped"):
            log.info("%s %s", outcome, path, extra={"event": outcome, "article": path})

    def close(self) -> None:
        pass


class BarProgress:
    """A progress bar for a person at a terminal: what is loading, then articles done
    (moving with every batch of sentences) and sentences per second."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn, Progress, SpinnerColumn, TextColumn,
            TimeRemainingColumn,
        )

        self.console = Console(stderr=True)
        self.bar = Progress(
            SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
            TextColumn("{task.fields[count]}"),
            TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
            TextColumn("{task.fields[last]}"),
            console=self.console, transient=True,
        )
        self.task = self.bar.add_task("starting", total=None, count="", rate="", last="")
        self.bar.start()
        self.total = 0
        self.finished = 0
        self.partial = 0.0
        self.sentences = 0
        self.first_work: float | None = None

    def start(self, total: int) -> None:
        self.total = total
        self.bar.update(self.task, total=max(total, 1), description="translating",
                        count=f"0/{total} articles")

    def status(self, text: str) -> None:
        self.bar.update(self.task, description=text)

    def work(self, sentences: int, articles: float) -> None:
        now = time.monotonic()
        if self.first_work is None:
            self.first_work = now
        self.sentences += sentences
        self.partial += articles
        elapsed = now - self.first_work
        rate = f"{self.sentences / elapsed:.1f} sentences/s" if elapsed > 0.5 else ""
        self.bar.update(self.task, completed=self.finished + self.partial, rate=rate)

    def advance(self, path: str, outcome: str) -> None:
        self.finished += 1
        self.partial = max(0.0, self.partial - 1)
        self.bar.update(self.task, completed=self.finished + self.partial,
                        count=f"{self.finished}/{self.total} articles",
                        last=f"{outcome}: {Path(path).name}")

    def close(self) -> None:
        self.bar.stop()
