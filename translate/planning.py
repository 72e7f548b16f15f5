"""Which inputs need work: where each one's outputs and state go, and what it was when planned.

`plan` hashes the inputs of one state folder and compares them with what the state says;
it decides, it does not act: each input comes back with its verdict (to do, unchanged,
skipped, failed and why), and the pipeline counts, records and works through them.
"""

from __future__ import annotations

import hashlib
import os
import stat as stat_module
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from translate.config import Config
from translate.discover import InputFile
from translate.errors import ArticleError, quote
from translate.record import outputs_intact, read_record
from translate.state import StateStore
from translate.stopping import StopSignals
from translate.writer import OutputPaths, output_paths, stem_of


@dataclass
class Folder:
    """A state folder of this run (the output folder, or with --alongside an input root)."""

    path: Path
    store: StateStore
    run_id: int


@dataclass
class Job:
    """One article to (re)do: where it comes from, where it goes, what it was when planned."""

    input: InputFile
    outputs: OutputPaths
    folder: Folder
    sha256: str
    stat: tuple[int, int]                # (mtime_ns, size): a change during the run is seen

    @property
    def key(self) -> str:
        return self.input.key

    @property
    def size(self) -> int:
        return self.stat[1]


@dataclass
class Verdict:
    """What planning decided for one input: `outcome` None means it is to be done."""

    job: Job
    outcome: str | None = None           # None | "unchanged" | "skipped" | "failed"
    error: str | None = None             # the one line of a failure


def state_folder(out_dir: Path | None, item: InputFile) -> Path:
    """Where an input's state lives: the output folder, or (--alongside, `out_dir` None)
    its input root."""
    return out_dir if out_dir is not None else item.root


def outputs_for(out_dir: Path | None, item: InputFile) -> OutputPaths:
    folder = (out_dir / item.rel.parent) if out_dir is not None else item.path.parent
    return output_paths(folder, stem_of(item.rel))


def plan(folder: Folder, items: list[InputFile], config: Config, out_dir: Path | None,
         force: bool, stop: StopSignals) -> Iterator[Verdict]:
    """Hash every input of `folder`; the unchanged ones are to be left alone, bad ones failed."""
    fingerprint = config.fingerprint()
    with_summary = config.summary.enabled
    limit = config.runtime.max_article_bytes
    known = folder.store.get_articles([item.key for item in items])
    claimed: dict[Path, str] = {}
    for item in items:
        stop.check()
        paths = outputs_for(out_dir, item)
        job = Job(item, paths, folder, sha256="", stat=(0, 0))
        owner = claimed.setdefault(paths.record, item.key)
        if item.problem:
            yield Verdict(job, "failed", item.problem)
            continue
        if owner != item.key:
            yield Verdict(job, "failed", f"{quote(item.path)}: its outputs would overwrite "
                                         f"those of {quote(owner)}")
            continue
        try:
            job.stat, job.sha256 = hash_regular_file(item.path)
        except (OSError, ArticleError) as exc:
            message = str(exc) if isinstance(exc, ArticleError) else \
                f"{quote(item.path)}: cannot read: {exc.strerror or exc}"
            yield Verdict(job, "failed", message)
            continue
        if limit and job.size > limit:
            yield Verdict(job, "failed", f"{quote(item.path)}: {job.size:,} bytes, over the "
                                         f"limit of {limit:,} (runtime.max_article_bytes); "
                                         "not translated")
            continue
        before = known.get(item.key)
        if not force and before and before.sha256 == job.sha256 \
                and before.fingerprint == fingerprint:
            if before.outcome == "skipped":
                yield Verdict(job, "skipped")
                continue
            needed = [paths.text, paths.record] + ([paths.summary] if with_summary else [])
            if before.outcome == "translated" and outputs_intact(needed, paths.record, job.sha256):
                yield Verdict(job, "unchanged")
                continue
        yield Verdict(job)


def hash_regular_file(path: Path) -> tuple[tuple[int, int], str]:
    """((mtime_ns, size), sha256) of a regular file; ArticleError for anything else."""
    # Opened without blocking and checked after opening: a file swapped for a FIFO
    # between discovery and now must not hang the run.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat_module.S_ISREG(info.st_mode):
            raise ArticleError(f"{quote(path)}: not a regular file; not read")
        digest = hashlib.sha256()
        with os.fdopen(fd, "rb", closefd=False) as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    finally:
        os.close(fd)
    return (info.st_mtime_ns, info.st_size), digest.hexdigest()


def records_on_disk(out_dir: Path | None, items: list[InputFile]) -> Iterable[dict]:
    """The JSON records already written for `items`, keyed as the state database keys them."""
    for item in items:
        if item.problem:
            continue
        record = read_record(outputs_for(out_dir, item).record)
        if record is not None:
            yield record | {"source": item.key}
