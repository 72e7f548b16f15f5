"""The flow of a run: find → read → segment → translate → summarise → write → record.

Each step lives in its own module; this one only wires them: it decides which articles
need work, feeds them through the steps a group at a time, and keeps the batch going when
one article fails. Small articles go first, in groups; an article larger than
`LARGE_ARTICLE_BYTES` goes alone, after them, so one giant file never holds back the rest.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from pathlib import Path

from translate.checks.glossary import configured as configured_glossary
from translate.checks.quality import check_language
from translate.errors import (
    ArticleError, EmptyArticle, EngineError, Interrupted, ModelUnavailable, NotDutch,
    StateDiskFull, StateError, one_line, quote,
)
from translate.inputs.discover import InputFile, find_inputs
from translate.inputs.feed import assemble, is_feed, record_token
from translate.run.context import (
    NoProgress, Progress, RunContext, RunRequest, abort, check_creatable, check_writable,
    close_folders, not_processed, open_folders, pending, prepare_models, refuse,
)
from translate.run.one_article import entry_article, make_record, segment_article
from translate.run.planning import (
    Folder, Job, Verdict, blocked, feed_outputs_for, plan, plan_feed, records_on_disk,
    refusals, report_name, shared_keys, state_folder,
)
from translate.inputs.formats import parse_input
from translate.run.record import dumps
from translate.run.report import RunReport
from translate.run.session import ModelSession
from translate.run.state import DB_NAME, STATE_DIR_NAME, utc_now
from translate.run.state.rebuild import rebuild
from translate.run.steps import GroupResult
from translate.run.stopping import StopSignals
from translate.run.writer import remove_outputs, write_atomic, write_outputs
from translate.text.article import Article

log = logging.getLogger("translate")

# Articles translated together: big enough to fill batches across articles, small enough
# that finished articles reach the disk often (a killed run loses little work).
GROUP_SENTENCES = 400
# Bigger articles (a typical one is 2-10 KB) are translated alone, after all the others.
LARGE_ARTICLE_BYTES = 100_000
# Inputs planned (hashed, compared with the state) at a time: the driver's memory holds
# one window's jobs, not the whole corpus's.
PLAN_WINDOW = 500
# A feed's English is put together after its last article, and meanwhile after a plan
# window when it was last put together this many seconds ago.
FEED_REFRESH_SECONDS = 60
# Share of an article's progress that is translation (the rest is its summary).
TRANSLATION_SHARE = 0.6
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


# ---------------------------------------------------------------- the batch run


def run(request: RunRequest, progress: Progress | None = None,
        session: ModelSession | None = None, stop: StopSignals | None = None) -> RunReport:
    """Bring the outputs of every input under `request.paths` up to date (with the models
    of `session`, when one is passed in already loaded). `stop`: signal handling the
    caller already installed (the command line's, which also covers writing the report);
    by default the run installs its own."""
    clock = time.monotonic()
    # A glossary set in code rather than a config file is read here: a bad one stops the
    # run (exit 2) before any model loads, not each article on its own.
    configured_glossary(request.config.glossary.file)
    report = RunReport(started=utc_now(), executor=request.config.runtime.executor)
    progress = progress or NoProgress()
    session = session or _session(request, progress)
    with (nullcontext(stop) if stop is not None else StopSignals()) as stop:
        ctx = RunContext(request, session, report, progress, stop)
        exclude = [request.out_dir] if request.out_dir is not None else []
        inputs = find_inputs(request.paths, request.config.output.globs(), exclude,
                             alongside=request.out_dir is None)
        try:
            _run_inputs(ctx, inputs, clock)
        except Interrupted as exc:   # before the state's lock was taken
            _stopped(ctx, exc, inputs)
        if report.finished is None:  # ended before the lock: no model, or a signal
            report.seconds = time.monotonic() - clock
            report.finished = utc_now()
    return report


def _stopped(ctx: RunContext, exc: Interrupted, inputs: list[InputFile]) -> None:
    """A signal before the work on the articles began (loading the models, taking the lock,
    opening the state): every input not counted yet is left for the next run."""
    ctx.stop.hold()
    ctx.report.interrupted = exc.signum
    ctx.report.pending = pending(ctx, inputs)


def _run_inputs(ctx: RunContext, listed: list[InputFile], clock: float) -> None:
    """Refuse the inputs whose outputs would clash, then do the others under the state
    folders' locks."""
    from translate.run.state.lock import RunLock

    request, report, session, stop = ctx.request, ctx.report, ctx.session, ctx.stop
    inputs, refused = refusals(listed, request.out_dir)
    ctx.shared = shared_keys(inputs, request.out_dir)
    folders = sorted({state_folder(request.out_dir, item) for item in inputs}, key=str)
    if request.out_dir is not None and request.out_dir not in folders:
        folders.append(request.out_dir)
    for folder in folders:
        check_creatable(folder)
    if inputs and (request.force or not all((f / STATE_DIR_NAME / DB_NAME).is_file()
                                             for f in folders)):
        # Everything is to do: a missing model stops the run before it creates anything.
        if not prepare_models(ctx, lambda: pending(ctx, inputs)):
            return
    for folder in folders:
        check_writable(folder)
    locks = [RunLock(folder) for folder in folders]
    try:
        for lock in locks:
            lock.acquire()
        open_folders(ctx, folders)
        refuse(ctx, refused)
        _run_folders(ctx, inputs)
    except Interrupted as exc:
        _stopped(ctx, exc, listed)
    finally:
        stop.hold()  # a signal from here on has nothing left to stop
        report.seconds = time.monotonic() - clock
        report.finished = utc_now()
        report.models_loaded = list(session.loaded)
        report.backends = session.current_backends()
        report.nodes = session.placement()
        if report.nodes:
            log.info("%s", session.placement_line())
        close_folders(ctx)
        for lock in reversed(locks):
            lock.release()


def _session(request: RunRequest, progress: Progress) -> ModelSession:
    """The run's models: here (`local`), or on Ray workers (`--executor ray`)."""
    if request.config.runtime.executor == "ray":
        from translate.run.executors.ray_executor import RaySession

        return RaySession(request.config, request.device, on_status=progress.status)
    return ModelSession(request.config, request.device, on_status=progress.status)


def _run_folders(ctx: RunContext, inputs: list[InputFile]) -> None:
    """Plan and work through the inputs a window at a time, so memory does not grow with
    the corpus and the first articles are written within seconds; large articles last."""
    by_folder: dict[Path, list[InputFile]] = {path: [] for path in ctx.folders}
    for item in inputs:
        by_folder[state_folder(ctx.request.out_dir, item)].append(item)
    for path, folder in ctx.folders.items():
        if folder.store.moved_aside is not None:
            restored = rebuild(folder.store, records_on_disk(ctx.request.out_dir, by_folder[path]))
            log.warning("state rebuilt from %d output record(s) on disk", restored)
    ctx.progress.start(len(inputs))
    large: list[Job] = []
    try:
        for path, items in by_folder.items():
            articles = [item for item in items if not is_feed(item.rel)]
            for start in range(0, len(articles), PLAN_WINDOW):
                jobs = _plan(ctx, ctx.folders[path], articles[start:start + PLAN_WINDOW])
                if jobs and not prepare_models(ctx, lambda: pending(ctx, inputs)):
                    return
                large.extend(job for job in jobs if job.size > LARGE_ARTICLE_BYTES)
                work(ctx, [job for job in jobs if job.size <= LARGE_ARTICLE_BYTES])
                if ctx.disk_full:
                    return not_processed(ctx, inputs)
            for item in items:
                if is_feed(item.rel) and not _run_feed(ctx, ctx.folders[path], item, inputs):
                    return
        for job in sorted(large, key=lambda j: j.size):
            work(ctx, [job])
            if ctx.disk_full:
                return not_processed(ctx, inputs)
    except StateDiskFull:
        ctx.disk_full = True
        not_processed(ctx, inputs, failed=0)  # met before an article was written
    except (ModelUnavailable, EngineError, StateError) as exc:
        abort(ctx, exc, pending(ctx, inputs))
    except Interrupted as exc:
        ctx.report.interrupted = exc.signum
        ctx.report.pending = pending(ctx, inputs)


def _run_feed(ctx: RunContext, folder: Folder, item: InputFile,
              inputs: list[InputFile]) -> bool:
    """Work through a feed's articles a plan window at a time, then put its English
    together; the English is also brought up to date after a window when the last time
    was FEED_REFRESH_SECONDS ago, so a long feed's consumers see its progress. False: the
    run stops (no model, or the disk is full)."""
    request = ctx.request
    outputs = feed_outputs_for(request.out_dir, item)
    refreshed, readable, read = time.monotonic(), True, set()
    for verdicts in plan_feed(folder, item, request.config, request.out_dir, request.force,
                              ctx.stop, PLAN_WINDOW, ctx.shared, request.overwrite):
        readable = readable and verdicts[0].job.entry is not None
        read.update(record_token(v.job.outputs.record) for v in verdicts
                    if v.job.entry is not None and v.job.entry.ident is not None)
        jobs = _sort(ctx, verdicts)
        if jobs and not prepare_models(ctx, lambda: pending(ctx, inputs)):
            return False
        work(ctx, jobs)
        if ctx.disk_full:
            not_processed(ctx, inputs)
            return False
        if jobs and time.monotonic() - refreshed > FEED_REFRESH_SECONDS:
            _assemble(ctx, item, outputs, read)
            refreshed = time.monotonic()
    if readable:
        _assemble(ctx, item, outputs, read)
    return True


def _assemble(ctx: RunContext, item: InputFile, outputs, read: set[int]) -> None:
    name = report_name(item, ctx.shared)
    with ctx.stop.deferred():
        try:
            if assemble(item.path, outputs, read):
                log.info("%s: written", quote(outputs.english))
        except OSError as exc:
            full = exc.errno in _DISK_FULL
            ctx.disk_full = ctx.disk_full or full
            ctx.report.fail(name, f"{quote(outputs.english)}: cannot write: "
                                  f"{'the disk is full' if full else exc.strerror or exc}")
            log.error("%s", ctx.report.errors[name])
        except ValueError as exc:   # the feed was rewritten as something else meanwhile
            ctx.report.fail(name, f"{quote(item.path)}: changed during the run and can no "
                                  f"longer be read ({one_line(exc)}); redone next run")
            log.error("%s", ctx.report.errors[name])


def _plan(ctx: RunContext, folder: Folder, items: list[InputFile]) -> list[Job]:
    """The jobs among `items` that need work; the others are counted (failures recorded)."""
    request = ctx.request
    return _sort(ctx, plan(folder, items, request.config, request.out_dir, request.force,
                           ctx.stop, ctx.shared, request.overwrite))


def _sort(ctx: RunContext, verdicts: Iterable[Verdict]) -> list[Job]:
    """The jobs to do among `verdicts`; the others are counted (failures recorded)."""
    report = ctx.report
    jobs: list[Job] = []
    for verdict in verdicts:
        job = verdict.job
        if verdict.outcome is None:
            jobs.append(job)
        elif verdict.outcome == "failed":
            ctx.finish(job, "failed", verdict.error)
        else:
            getattr(report, verdict.outcome).append(job.label)
            ctx.progress.advance(job.label, verdict.outcome)
    return jobs


# ---------------------------------------------------------------- the work


def work(ctx: RunContext, jobs: list[Job]) -> None:
    """Read and segment `jobs` a group of articles at a time, have the session do their
    model work (here, or on Ray workers), and write each article as its group is done."""
    with_summary = ctx.config.summary.enabled

    def translated(items: list, done: int, total: int) -> None:
        share = len(items) * (TRANSLATION_SHARE if with_summary else 1.0)
        ctx.progress.work(done, share * done / max(1, total))

    groups = ((group, group[0][0].folder.store) for group in _groups(ctx, jobs))
    for result in ctx.session.work(groups, on_batch=translated):
        _finish_group(ctx, result)
        if ctx.disk_full:
            return


def _groups(ctx: RunContext, jobs: list[Job]) -> Iterator[list[tuple[Job, Article]]]:
    """Read and segment articles as they are needed, in groups of about GROUP_SENTENCES
    sentences. A group never mixes state folders (each has its own sentence memory)."""
    group: list[tuple[Job, Article]] = []
    sentences = 0
    for job in jobs:
        article = _read(ctx, job)
        if article is None:
            continue
        if group and group[0][0].folder is not job.folder:
            yield group
            group, sentences = [], 0
        group.append((job, article))
        sentences += len(article.sentences())
        if sentences >= GROUP_SENTENCES:
            yield group
            group, sentences = [], 0
    if group:
        yield group


def _read(ctx: RunContext, job: Job) -> Article | None:
    """The article of `job`, segmented; None when it was skipped or failed (recorded)."""
    ctx.stop.check()
    if job.entry is not None:
        return _read_entry(ctx, job)
    try:
        data = job.input.path.read_bytes()
    except OSError as exc:
        ctx.finish(job, "failed", f"{quote(job.input.path)}: cannot read: {exc.strerror or exc}")
        return None
    if hashlib.sha256(data).hexdigest() != job.sha256:
        ctx.finish(job, "failed", f"{quote(job.input.path)}: changed during the run; "
                                  "it will be redone next run")
        return None
    try:
        article = parse_input(data, job.input.path, job.input.rel, ctx.config)
        check_language(article, ctx.config.quality)
    except (EmptyArticle, NotDutch) as exc:
        log.warning("%s", exc, extra={"event": "skipped", "article": job.label})
        ctx.finish(job, "skipped")
        return None
    except ArticleError as exc:
        ctx.finish(job, "failed", str(exc))
        return None
    segment_article(article, ctx.session)
    return article


def _read_entry(ctx: RunContext, job: Job) -> Article | None:
    """The article of a feed's entry (read when the feed was planned), segmented."""
    try:
        return entry_article(job.entry, job.input.path, job.key, ctx.session)
    except (EmptyArticle, NotDutch) as exc:
        log.warning("%s", exc, extra={"event": "skipped", "article": job.label})
        ctx.finish(job, "skipped")
        return None


def _finish_group(ctx: RunContext, result: GroupResult[Job]) -> None:
    """Write the articles of a group whose model work is done, or fail them."""
    if result.counts is None:
        for job, _ in result.items:
            ctx.finish(job, "failed", f"{quote(job.input.path)}: {result.error}")
        return
    ctx.report.sentences_translated += result.counts.translated
    ctx.report.sentences_reused += result.counts.reused
    total = sum(len(article.sentences()) for _, article in result.items) or 1
    for job, article in result.items:
        if ctx.disk_full:
            return
        _write(ctx, job, article, result.seconds * len(article.sentences()) / total)


def _write(ctx: RunContext, job: Job, article: Article, seconds: float) -> None:
    """Write one article's outputs as a set and record it; a signal waits until it is done."""
    path = job.input.path
    # A feed may grow while it is read (a scraper still writing): its articles were read
    # when planned and are written as read; the feed's English is put together from them.
    if job.entry is None:
        try:
            info = path.stat()
        except FileNotFoundError:
            ctx.finish(job, "failed", f"{quote(path)}: deleted during the run")
            return
        if (info.st_mtime_ns, info.st_size) != job.stat:
            ctx.finish(job, "failed", f"{quote(path)}: changed during the run; it will be "
                                      "redone next run")
            return
        # A file put where an output goes since the article was planned: left alone.
        error = blocked(job.outputs, job.input, ctx.config.summary.enabled,
                        ctx.request.overwrite, job.owned)
        if error:
            ctx.finish(job, "failed", error)
            return
    record = make_record(article, ctx.session, seconds)
    with ctx.stop.deferred():
        written = [job.outputs.record]
        try:
            if job.entry is not None:
                write_atomic(job.outputs.record, dumps(record))
            else:
                write_outputs(job.outputs, article, record, ctx.config.summary.enabled)
                written = job.outputs.all() if ctx.config.summary.enabled else \
                    [job.outputs.text, job.outputs.record]
        except OSError as exc:
            full = exc.errno in _DISK_FULL
            ctx.disk_full = ctx.disk_full or full
            ctx.finish(job, "failed", f"{quote(job.outputs.text.parent)}: cannot write the "
                                      f"outputs of {quote(job.key)}: {exc.strerror or exc}",
                       say=not full)
            return
        if ctx.finish(job, "translated", seconds=seconds, article=article) == "failed":
            # Not recorded (the disk is full): not done. Its outputs go again, as a set, so
            # the disk says what the report and the error line say; the next run does it.
            remove_outputs(written)
