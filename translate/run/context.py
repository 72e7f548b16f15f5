"""What the steps of one run share (`RunContext`: the request, the models, the report, the
state folders) and its bookkeeping: folders opened and closed, each article's outcome
counted and recorded, refusals, an aborted run, the articles a full disk left."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from translate.checks.quality import evidence
from translate.config import Config
from translate.errors import (
    EngineError, ModelUnavailable, StateDiskFull, UsageError, one_line, quote,
)
from translate.inputs.discover import InputFile
from translate.inputs.feed import entries, feed_key, is_feed, line_key
from translate.run.planning import Folder, Job, report_name, state_folder
from translate.run.report import RunReport
from translate.run.session import ModelSession
from translate.run.state import StateError, StateStore
from translate.run.stopping import StopSignals
from translate.run.writer import remove_stale_temps
from translate.text.article import Article

log = logging.getLogger("translate")


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def status(self, text: str) -> None: ...
    def work(self, sentences: int, articles: float) -> None: ...
    def advance(self, path: str, outcome: str) -> None: ...


class NoProgress:
    def start(self, total: int) -> None: ...
    def status(self, text: str) -> None: ...
    def work(self, sentences: int, articles: float) -> None: ...
    def advance(self, path: str, outcome: str) -> None: ...


@dataclass
class RunRequest:
    paths: list[Path]
    config: Config
    out_dir: Path | None = None          # None: --alongside
    force: bool = False
    device: str = "auto"
    overwrite: bool = False              # files of anyone else's in the way may be replaced


@dataclass
class RunContext:
    """What every step of one run shares."""

    request: RunRequest
    session: ModelSession
    report: RunReport
    progress: Progress
    stop: StopSignals
    folders: dict[Path, Folder] = field(default_factory=dict)
    disk_full: bool = False
    shared: frozenset[str] = frozenset()  # keys the report names by path (planning.shared_keys)

    @property
    def config(self) -> Config:
        return self.request.config

    def finish(self, job: Job, outcome: str, error: str | None = None,
               seconds: float = 0.0, say: bool = True, article: Article | None = None) -> str:
        """Count and record one article's outcome (a failure is said in one line); a
        translated `article`'s quality flags go to the report and the state. Returns the
        outcome counted: "failed" for one the state could not keep (the disk is full)."""
        flags, worst = evidence(article) if article is not None else ([], None)
        try:
            job.folder.store.put_article(job.folder.run_id, job.key, job.sha256,
                                         self.config.fingerprint(), outcome, error, seconds,
                                         flags, worst)
        except StateError as exc:
            if not (self.disk_full or isinstance(exc, StateDiskFull)):
                raise  # the run stops: an outcome the state cannot keep is not done
            # The disk is full: the state cannot keep this outcome, so the article is not
            # done (whatever of it was written, the next run redoes it) and the run stops.
            log.debug("could not record %s of %s", outcome, job.key, exc_info=True)
            if outcome != "failed":
                outcome, say = "failed", False
                error = f"{quote(job.input.path)}: not recorded: the disk is full"
            self.disk_full = True
        if outcome == "failed":
            self.report.fail(job.label, error or "failed")
            if say:
                log.error("%s", error, extra={"event": "failed", "article": job.label})
        else:
            getattr(self.report, outcome).append(job.label)
            self.report.flag(job.label, flags)
        self.progress.advance(job.label, outcome)
        return outcome


def open_folders(ctx: RunContext, folders: list[Path]) -> None:
    for path in folders:
        store = StateStore(path)
        ctx.folders[path] = Folder(path, store, store.start_run())
        ctx.report.state_runs[str(path)] = ctx.folders[path].run_id
        if ctx.report.run_id is None:
            ctx.report.run_id = ctx.folders[path].run_id
        removed = remove_stale_temps(path)
        if removed:
            log.info("removed %d temporary file(s) left by an interrupted run", removed)


def close_folders(ctx: RunContext) -> None:
    report = ctx.report
    for folder in ctx.folders.values():
        try:
            folder.store.finish_run(folder.run_id, report.counts(), report.exit_code,
                                    report.seconds, fatal=report.fatal)
        except StateError:
            log.debug("could not record the end of run %d", folder.run_id, exc_info=True)
        finally:
            folder.store.close()


def prepare_models(ctx: RunContext, pending: Callable[[], int]) -> bool:
    """Resolve both models and the device before any is loaded; False: the run is aborted
    (`pending`: the articles it leaves, counted only then)."""
    try:
        ctx.session.prepare()
    except (ModelUnavailable, EngineError) as exc:
        abort(ctx, exc, pending())
        return False
    return True


def abort(ctx: RunContext, exc: Exception, pending: int) -> None:
    ctx.report.fatal = one_line(exc)
    ctx.report.pending = pending
    log.error("%s", ctx.report.fatal, extra={"event": "aborted"})


def refuse(ctx: RunContext, refusals: list[tuple[list[InputFile], str]]) -> None:
    """Fail each group of refused inputs in one line. Their articles' rows are left as they
    were (the key a row holds belongs to whichever input was there before); the state
    keeps the refusals of this run instead, for `translate status` to list."""
    by_folder: dict[Path, dict[str, str]] = {path: {} for path in ctx.folders}
    for group, error in refusals:
        log.error("%s", error, extra={"event": "failed", "article": group[0].key})
        for key in dict.fromkeys(item.key for item in group):
            ctx.report.fail(key, error)
        for item in group:
            by_folder.setdefault(state_folder(ctx.request.out_dir, item), {})[item.key] = error
    for path, folder in ctx.folders.items():
        try:
            folder.store.put_refused(folder.run_id, by_folder.get(path, {}))
        except StateError:
            log.debug("could not record the refused inputs of %s", path, exc_info=True)


def done_names(report: RunReport) -> set[str]:
    return {*report.translated, *report.unchanged, *report.failed, *report.skipped}


def pending(ctx: RunContext, inputs: list[InputFile]) -> int:
    """The articles not done yet: a feed's are counted one by one (its bad lines too)."""
    done = done_names(ctx.report)
    return sum(_feed_left(ctx, item, done) if is_feed(item.rel) else 1
               for item in inputs if report_name(item, ctx.shared) not in done)


def _feed_left(ctx: RunContext, item: InputFile, done: set[str]) -> int:
    """The articles and bad lines of a feed not done yet (read again: a stream); 1 when
    it cannot be read."""
    try:
        return sum(1 for entry in entries(item.path) if report_name(
            item, ctx.shared, feed_key(item.key, entry.ident) if entry.problem is None
            else line_key(item.key, entry.line)) not in done)
    except (OSError, ValueError):
        return 1


def not_processed(ctx: RunContext, inputs: list[InputFile], failed: int = 1) -> None:
    """The disk is full: every article not done yet is listed, the condition said once
    (with the `failed` articles the full disk already failed)."""
    done = done_names(ctx.report)
    names = [report_name(item, ctx.shared) for item in inputs]
    left = [(name, item) for name, item in zip(names, inputs) if name not in done]
    for name, item in left:
        ctx.report.fail(name, f"{quote(item.path)}: not processed: the disk is full")
        ctx.progress.advance(name, "failed")
    log.error("the disk is full: %d article(s) not written; the next run does them",
              len(left) + failed)


def check_writable(folder: Path) -> None:
    """Create `folder` if needed and prove it takes a file; UsageError otherwise."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"output folder {quote(folder)} is not writable: "
                         f"{exc.strerror or exc}") from None


def check_creatable(folder: Path) -> None:
    """Whether `check_writable` can succeed, asked without creating anything."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise UsageError(f"output folder {quote(folder)} is not writable: "
                         f"{quote(existing)} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(f"output folder {quote(folder)} is not writable: "
                         f"no write permission on {quote(existing)}")
