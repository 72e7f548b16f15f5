"""The flow of a run: find → read → segment → translate → summarise → write → record.

Each step lives in its own module; this one only wires them, keeps the batch going when
one article fails, and counts what happened.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Protocol

from translate import __version__
from translate.article import Article, Sentence
from translate.config import Config
from translate.discover import STATE_DIR, InputError, InputFile, find_inputs
from translate.reader import ArticleError, EmptyArticle, parse_article
from translate.session import ModelSession
from translate.writer import (
    OutputPaths, build_record, output_paths, remove_stale_temps, stem_of, write_outputs,
)

log = logging.getLogger("translate")

# Articles translated together: big enough to fill batches across articles, small enough
# that finished articles reach the disk often (a killed run loses little work).
GROUP_SENTENCES = 400


class UsageError(Exception):
    """Bad paths, an unwritable output folder: nothing was processed (exit 2)."""


class SentenceMemory(Protocol):
    def recall(self, fingerprint: str, sentences: list[str]) -> dict[str, str]: ...
    def remember(self, fingerprint: str, pairs: list[tuple[str, str]]) -> None: ...


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, path: str, outcome: str) -> None: ...


@dataclass
class RunRequest:
    paths: list[Path]
    config: Config
    out_dir: Path | None = None          # None: --alongside
    force: bool = False
    device: str = "auto"


@dataclass
class RunReport:
    translated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    models_loaded: list[str] = field(default_factory=list)
    backends: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    sentences_translated: int = 0
    sentences_reused: int = 0
    fatal: str | None = None             # a run-wide error (a model that cannot be loaded)

    def counts(self) -> dict[str, int]:
        return {k: len(getattr(self, k)) for k in ("translated", "unchanged", "skipped", "failed")}

    @property
    def exit_code(self) -> int:
        if self.fatal:
            return 2
        return 1 if self.failed else 0

    def fail(self, key: str, message: str) -> None:
        self.failed.append(key)
        self.errors[key] = message
        # A run-wide error is said once, not again for every article it stops.
        if message != self.fatal:
            log.error("%s", message)

    def to_json(self) -> dict[str, Any]:
        data = {
            "translated": self.translated, "unchanged": self.unchanged,
            "skipped": self.skipped, "failed": self.failed, "errors": self.errors,
            "models_loaded": self.models_loaded, "backends": self.backends,
            "seconds": round(self.seconds, 3),
            "sentences_translated": self.sentences_translated,
            "sentences_reused": self.sentences_reused,
        }
        if self.fatal:
            data["fatal"] = self.fatal
        return data


@dataclass
class Job:
    """One article to (re)do: where it comes from, where it goes, what was read."""

    input: InputFile
    outputs: OutputPaths
    data: bytes
    sha256: str
    stat: tuple[int, int]
    article: Article | None = None


# ---------------------------------------------------------------- the core steps


def segment(article: Article, count_tokens: Callable[[str], int], max_tokens: int) -> None:
    from translate.segment import segment_paragraph, split_long

    for paragraph in article.paragraphs:
        text = " ".join(paragraph.nl.split())
        parts = (split_long(text, count_tokens, max_tokens) if paragraph.heading
                 else segment_paragraph(text, count_tokens, max_tokens))
        paragraph.sentences = [Sentence(nl=part) for part in parts]


def translate_sentences(
    articles: list[Article], session: ModelSession, memory: SentenceMemory | None,
    report: RunReport,
) -> None:
    """Fill every sentence's `en`: from the sentence memory where known, else the model.

    Sentences repeated across articles (bylines, "Bron: ANP") go to the model once.
    """
    from translate.state import normalise_sentence

    translator = session.translator
    fingerprint = session.config.translation_fingerprint()
    sentences = [s for a in articles for s in a.sentences()]
    unique = list(dict.fromkeys(normalise_sentence(s.nl) for s in sentences))
    known = memory.recall(fingerprint, unique) if memory else {}
    todo = [s for s in unique if s not in known]
    fresh = dict(zip(todo, translator.translate(todo)))
    empty = [source for source, english in fresh.items() if not english]
    if empty:
        # Never lose a sentence: one the model gave nothing for keeps its Dutch text,
        # and stays out of the memory so that the next run tries it again.
        log.warning("the model returned nothing for %d sentence(s); kept in Dutch", len(empty))
        for source in empty:
            fresh[source] = source
    if memory and fresh:
        memory.remember(fingerprint, [(s, e) for s, e in fresh.items() if s not in empty])
    report.sentences_translated += len(todo)
    report.sentences_reused += len(sentences) - len(todo)
    for sentence in sentences:
        key = normalise_sentence(sentence.nl)
        sentence.en = fresh[key] if key in fresh else known[key]


def summarise(articles: list[Article], session: ModelSession) -> None:
    if not session.config.summary.enabled:
        return
    texts = [
        [s.en for p in a.paragraphs if not p.heading for s in p.sentences if s.en]
        or [s.en for s in a.sentences() if s.en]
        for a in articles
    ]
    for article, bullets in zip(articles, session.summarizer.summarize(texts)):
        article.summary = bullets


def process(articles: list[Article], session: ModelSession, memory: SentenceMemory | None,
            report: RunReport) -> None:
    """Segment, translate and summarise `articles` in place (the `file` command uses this)."""
    translator = session.translator
    for article in articles:
        segment(article, translator.count_tokens, translator.max_input_tokens)
    translate_sentences(articles, session, memory, report)
    summarise(articles, session)


def make_record(article: Article, session: ModelSession, seconds: float) -> dict[str, Any]:
    return build_record(
        article, session.provenance(),
        {"fingerprint": session.config.fingerprint(),
         "translation_fingerprint": session.config.translation_fingerprint()},
        __version__, seconds,
    )


# ---------------------------------------------------------------- the batch run


def state_folder(request: RunRequest, item: InputFile) -> Path:
    """Where an input's state lives: the output folder, or (--alongside) its input root."""
    return request.out_dir if request.out_dir is not None else item.root


def outputs_for(request: RunRequest, item: InputFile) -> OutputPaths:
    folder = (request.out_dir / item.rel.parent) if request.out_dir is not None else item.path.parent
    return output_paths(folder, stem_of(item.rel))


def check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"output folder {folder} is not writable: {exc.strerror or exc}") from None


def outputs_intact(paths: OutputPaths, sha256: str, with_summary: bool) -> bool:
    needed = [paths.text, paths.record] + ([paths.summary] if with_summary else [])
    try:
        if any(p.stat().st_size == 0 for p in needed):
            return False
        return json.loads(paths.record.read_text(encoding="utf-8")).get("sha256") == sha256
    except (OSError, ValueError):
        return False


def run(request: RunRequest, progress: Progress | None = None) -> RunReport:
    """Bring the outputs of every input under `request.paths` up to date."""
    from translate.lock import RunLock
    from translate.state import StateStore

    started = time.monotonic()
    report = RunReport()
    config = request.config
    exclude = [request.out_dir] if request.out_dir is not None else []
    try:
        inputs = find_inputs(request.paths, config.output.glob, exclude)
    except (InputError, OSError) as exc:
        raise UsageError(str(exc)) from None
    folders = sorted({state_folder(request, item) for item in inputs}, key=str)
    if request.out_dir is not None and request.out_dir not in folders:
        folders.append(request.out_dir)
    for folder in folders:
        check_writable(folder)

    locks = [RunLock(folder) for folder in folders]
    stores: dict[Path, StateStore] = {}
    try:
        for lock in locks:
            lock.acquire()
        for folder in folders:
            stores[folder] = StateStore(folder)
            removed = remove_stale_temps(folder)
            if removed:
                log.info("removed %d temporary file(s) left by an interrupted run", removed)
        runs = {folder: store.start_run() for folder, store in stores.items()}
        session = ModelSession(config, request.device)
        if progress:
            progress.start(len(inputs))
        for folder, store in stores.items():
            mine = [item for item in inputs if state_folder(request, item) == folder]
            if store.moved_aside is not None:
                restored = store.rebuild(_records_on_disk(mine, request))
                log.warning("state rebuilt from %d output record(s) on disk", restored)
            jobs = plan(mine, request, store, report, progress)
            work(jobs, session, store, runs[folder], report, progress)
        report.models_loaded = list(session.loaded)
        report.backends = session.current_backends()
        report.seconds = time.monotonic() - started
        for folder, store in stores.items():
            store.finish_run(runs[folder], report.counts(), report.exit_code, report.seconds)
    finally:
        for store in stores.values():
            store.close()
        for lock in reversed(locks):
            lock.release()
    return report


def plan(items: list[InputFile], request: RunRequest, store, report: RunReport,
         progress: Progress | None) -> list[Job]:
    """Read every input once; the unchanged ones are counted and left alone."""
    fingerprint = request.config.fingerprint()
    with_summary = request.config.summary.enabled
    known = store.get_articles([item.key for item in items])
    jobs: list[Job] = []
    claimed: dict[Path, str] = {}
    for item in items:
        paths = outputs_for(request, item)
        owner = claimed.setdefault(paths.record, item.key)
        if owner != item.key:
            report.fail(item.key, f"{item.path}: its outputs would overwrite those of {owner}")
            _advance(progress, item.key, "failed")
            continue
        try:
            data = item.path.read_bytes()
            stat = item.path.stat()
        except OSError as exc:
            report.fail(item.key, f"{item.path}: cannot read: {exc.strerror or exc}")
            _advance(progress, item.key, "failed")
            continue
        sha256 = hashlib.sha256(data).hexdigest()
        before = known.get(item.key)
        if not request.force and before and before.sha256 == sha256 and before.fingerprint == fingerprint:
            if before.outcome == "skipped":
                report.skipped.append(item.key)
                _advance(progress, item.key, "skipped")
                continue
            if before.outcome == "translated" and outputs_intact(paths, sha256, with_summary):
                report.unchanged.append(item.key)
                _advance(progress, item.key, "unchanged")
                continue
        jobs.append(Job(item, paths, data, sha256, (stat.st_mtime_ns, stat.st_size)))
    return jobs


def _records_on_disk(items: list[InputFile], request: RunRequest) -> Iterable[dict]:
    """The JSON records already written for `items`, keyed as the state database keys them."""
    for item in items:
        try:
            record = json.loads(outputs_for(request, item).record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(record, dict):
            yield record | {"source": item.key}


def work(jobs: list[Job], session: ModelSession, store, run_id: int, report: RunReport,
         progress: Progress | None) -> None:
    """Read, translate, summarise and write `jobs`, a group of articles at a time."""
    fingerprint = session.config.fingerprint()
    ready: list[Job] = []
    for job in jobs:
        try:
            job.article = parse_article(job.data, job.input.path, job.input.rel)
        except EmptyArticle as exc:
            log.warning("%s", exc)
            report.skipped.append(job.input.key)
            store.put_article(run_id, job.input.key, job.sha256, fingerprint, "skipped", None, 0.0)
            _advance(progress, job.input.key, "skipped")
            continue
        except ArticleError as exc:
            _record_failure(job, str(exc), store, run_id, fingerprint, report, progress)
            continue
        ready.append(job)

    for group in _groups(ready):
        if report.fatal:
            for job in group:
                _record_failure(job, report.fatal, store, run_id, fingerprint, report, progress)
            continue
        started = time.monotonic()
        articles = [job.article for job in group]
        try:
            process(articles, session, store, report)
        except Exception as exc:  # noqa: BLE001 - one group's failure must not stop the batch
            from translate.engines import EngineError
            from translate.models import ModelUnavailable

            message = _one_line(exc)
            if isinstance(exc, (ModelUnavailable, EngineError)):
                report.fatal = message
                log.error("%s", message)
            else:
                log.debug("translation of %d article(s) failed", len(group), exc_info=True)
            for job in group:
                # A run-wide error is said once; any other names each article it stopped.
                said = message if report.fatal else f"{job.input.path}: {message}"
                _record_failure(job, said, store, run_id, fingerprint, report, progress)
            continue
        elapsed = time.monotonic() - started
        total = sum(len(a.sentences()) for a in articles) or 1
        for job in group:
            seconds = elapsed * len(job.article.sentences()) / total
            if not _write(job, session, seconds, store, run_id, fingerprint, report, progress):
                # The disk is full: stop cleanly rather than fail every article after it.
                for other in ready[ready.index(job) + 1:]:
                    _record_failure(other, "not processed: the disk is full", store, run_id,
                                    fingerprint, report, progress)
                return


def _write(job: Job, session: ModelSession, seconds: float, store, run_id: int,
           fingerprint: str, report: RunReport, progress: Progress | None) -> bool:
    """Write one article's outputs and record it; False when the disk is full."""
    key = job.input.key
    try:
        stat = job.input.path.stat()
        changed = (stat.st_mtime_ns, stat.st_size) != job.stat
    except FileNotFoundError:
        _record_failure(job, f"{job.input.path}: deleted during the run", store, run_id,
                        fingerprint, report, progress)
        return True
    if changed:
        _record_failure(job, f"{job.input.path}: changed during the run; it will be redone next run",
                        store, run_id, fingerprint, report, progress)
        return True
    # The record's `source` is the article's path relative to its input root (`rel`).
    record = make_record(job.article, session, seconds)
    try:
        write_outputs(job.outputs, job.article, record, session.config.summary.enabled)
    except OSError as exc:
        _record_failure(job, f"{job.outputs.text.parent}: cannot write outputs: "
                        f"{exc.strerror or exc}", store, run_id, fingerprint, report, progress)
        return exc.errno not in (errno.ENOSPC, errno.EDQUOT)
    store.put_article(run_id, key, job.article.sha256, fingerprint, "translated", None, seconds)
    report.translated.append(key)
    _advance(progress, key, "translated")
    return True


def _record_failure(job: Job, message: str, store, run_id: int, fingerprint: str,
                    report: RunReport, progress: Progress | None) -> None:
    report.fail(job.input.key, message)
    try:
        store.put_article(run_id, job.input.key, job.sha256, fingerprint, "failed", message, 0.0)
    except Exception:  # noqa: BLE001 - a full disk may refuse the state write too
        log.debug("could not record failure of %s", job.input.key, exc_info=True)
    _advance(progress, job.input.key, "failed")


def _groups(jobs: list[Job]) -> Iterable[list[Job]]:
    group: list[Job] = []
    size = 0
    for job in jobs:
        group.append(job)
        size += sum(max(1, p.nl.count(". ") + 1) for p in job.article.paragraphs)
        if size >= GROUP_SENTENCES:
            yield group
            group, size = [], 0
    if group:
        yield group


def _advance(progress: Progress | None, key: str, outcome: str) -> None:
    if progress:
        progress.advance(key, outcome)


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


__all__ = ["RunRequest", "RunReport", "UsageError", "run", "process", "make_record", "STATE_DIR"]
