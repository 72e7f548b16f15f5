"""How a run shows itself: log lines for cron mail, a live progress bar for a person.

The library logs through `logging.getLogger("translate")`; this module decides how that
looks. `LineProgress` writes plain lines (one per finished article); `BarProgress` shows
what is loading, then a bar that moves with every batch of sentences, with sentences/s.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

log = logging.getLogger("translate")


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            return f"error: {message}"
        if record.levelno >= logging.WARNING:
            return f"warning: {message}"
        return message


def setup_logging(quiet: bool, console=None, level: int = logging.INFO) -> None:
    logger = logging.getLogger("translate")
    logger.handlers.clear()
    logger.propagate = False
    if console is not None:
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(console=console, show_time=False,
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
            log.info("%s %s", outcome, path)

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
