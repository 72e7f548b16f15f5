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
from translate.inputs.discover import InputFile
from translate.inputs.formats import english_suffix
from translate.errors import ArticleError, quote
from translate.inputs.feed import (
    FeedEntry, FeedOutputs, check_utf8, entries, feed_key, feed_outputs, is_feed, line_key,
    records_in_the_way, split_key, to_article,
)
from translate.inputs.parts import READER_VERSION, reader_current
from translate.checks.glossary import configured as configured_glossary, terms_current
from translate.files import read_record
from translate.run.record import outputs_intact
from translate.run.state import StateStore
from translate.run.stopping import StopSignals
from translate.run.writer import (
    OutputPaths, in_the_way, in_the_way_error, output_paths, stem_of,
)


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
    entry: FeedEntry | None = None       # an article of a feed: the input is the feed
    name: str | None = None              # a feed article's key: `feed.jsonl#<id>`
    shown: str | None = None             # its name in the report when not its key (shared_keys)
    owned: bool = False                  # the state says the tool wrote its outputs (`blocked`)

    @property
    def key(self) -> str:
        return self.name or self.input.key

    @property
    def label(self) -> str:
        """The article's name in the report, the progress and the log."""
        return self.shown or self.key

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


def outputs_of_key(folder: Path, key: str) -> OutputPaths:
    """The outputs of the article keyed `key` in the state of `folder` (for a feed's article:
    the feed's English, twice, and the article's record)."""
    feed = split_key(key)
    if feed is None:
        rel = Path(key)
        return output_paths(folder / rel.parent, stem_of(rel), english_suffix(rel))
    rel = Path(feed[0])
    outputs = feed_outputs(folder / rel.parent, stem_of(rel))
    return OutputPaths(outputs.english, outputs.english, outputs.record(feed[1]))


def outputs_for(out_dir: Path | None, item: InputFile) -> OutputPaths:
    folder = (out_dir / item.rel.parent) if out_dir is not None else item.path.parent
    return output_paths(folder, stem_of(item.rel), english_suffix(item.rel))


def collisions(inputs: list[InputFile], out_dir: Path | None) -> list[list[InputFile]]:
    """Groups of inputs whose outputs would be the same files: two PATHs holding the same
    relative name written into one --out folder, or `a.txt` and `a.md` under `*.*`. No
    input of a group is translated (none may write over another's outputs, and which one
    won would change from night to night); the run says each group in one line."""
    by_output: dict[Path, list[InputFile]] = {}
    for item in inputs:
        output = feed_outputs_for(out_dir, item).english if is_feed(item.rel) \
            else outputs_for(out_dir, item).record
        by_output.setdefault(output, []).append(item)
    return [group for group in by_output.values() if len(group) > 1]


def overwrites(inputs: list[InputFile], out_dir: Path | None
               ) -> list[tuple[InputFile, InputFile, Path]]:
    """(writer, input, path): inputs one of whose outputs would be another input of this
    run (with --alongside, `x.txt`'s record `x.json` is the feed `x.json` given as a
    PATH). The writer is refused (nothing is ever written over an input); the input it
    would have written over is translated."""
    taken = {item.path: item for item in inputs}
    found = []
    for item in inputs:
        if is_feed(item.rel):
            feed = feed_outputs_for(out_dir, item)
            outputs = [feed.english, feed.records]
        else:
            outputs = outputs_for(out_dir, item).all()
        for path in outputs:
            other = taken.get(path)
            if other is not None and other is not item:
                found.append((item, other, path))
                break
    return found


def overwrite_error(item: InputFile, other: InputFile, path: Path) -> str:
    """The one line that refuses an input whose outputs would go over another input."""
    return (f"{quote(item.key)}: {quote(item.path)} would be written as {quote(path)}, "
            f"which is the input {quote(other.path)} of this run; {quote(item.path)} is not "
            "translated: rename one of them")


def collision_error(group: list[InputFile], out_dir: Path | None) -> str:
    """The one line that refuses a group of colliding inputs."""
    record = outputs_for(out_dir, group[0]).record
    names = ", ".join(quote(item.path) for item in group)
    keys = sorted({item.key for item in group})
    fix = ("give each PATH its own --out" if len(keys) == 1 and out_dir is not None
           else "rename one of them")
    return (f"{', '.join(quote(key) for key in keys)}: {names} would all be written as "
            f"{quote(record.parent / record.stem)}.*; none is translated: {fix}")


def refusals(inputs: list[InputFile], out_dir: Path | None
             ) -> tuple[list[InputFile], list[tuple[list[InputFile], str]]]:
    """The inputs to translate, and the groups refused (`collisions`, `overwrites`), each
    with the one line that says why."""
    refused = collisions(inputs, out_dir)
    left_out = {id(item) for group in refused for item in group}
    inputs = [item for item in inputs if id(item) not in left_out]
    over = overwrites(inputs, out_dir)
    left_out = {id(item) for item, _, _ in over}
    return ([item for item in inputs if id(item) not in left_out],
            [(group, collision_error(group, out_dir)) for group in refused]
            + [([item], overwrite_error(item, other, path)) for item, other, path in over])


def shared_keys(inputs: list[InputFile], out_dir: Path | None) -> frozenset[str]:
    """Keys held by more than one state folder of this run (--alongside over PATHs that
    hold the same relative name): the report names those articles by their path."""
    if out_dir is not None:
        return frozenset()  # one state folder: a key twice is a collision, refused
    roots: dict[str, Path] = {}
    shared = set()
    for item in inputs:
        if roots.setdefault(item.key, item.root) != item.root:
            shared.add(item.key)
    return frozenset(shared)


def report_name(item: InputFile, shared: frozenset[str], key: str | None = None) -> str:
    """How the report names the article keyed `key` (default: the input's key): the key,
    or where another root shares the input's key, the input's path (plus `#<id>` of a
    feed's article)."""
    key = key or item.key
    if item.key not in shared:
        return key
    relative = os.path.relpath(item.path)
    return (str(item.path) if relative.startswith("..") else relative) + key[len(item.key):]


def output_name(path: Path, paths: OutputPaths) -> str:
    """What the output at `path` is, in a message: "the English", "the summary", "the record"."""
    return {paths.text: "the English", paths.summary: "the summary",
            paths.record: "the record"}.get(path, "an output")


def blocked(paths: OutputPaths, item: InputFile, with_summary: bool,
            overwrite: bool, owned: bool = False) -> str | None:
    """The one line that fails `item` when a file the tool did not write is where one of
    its outputs goes (`writer.in_the_way`); None when its outputs may be written.
    `owned`: the state says the tool translated this article into these files (a record
    of its own damaged since is then redone, not taken for someone else's)."""
    needed = [paths.text, paths.record] + ([paths.summary] if with_summary else [])
    found = in_the_way(needed, paths.record, stem_of(item.rel), overwrite or owned)
    if found is None:
        return None
    return in_the_way_error(found[0], found[1], output_name(found[0], paths), item.path)


def feed_blocked(outputs: FeedOutputs, item: InputFile, overwrite: bool) -> str | None:
    """The one line that fails a feed when its English or its records folder would go over
    something the tool did not write; None when they may be written. The English is the
    tool's own when the tool's records folder is beside it."""
    what = records_in_the_way(outputs.records)
    if what is not None:
        return in_the_way_error(outputs.records, what, "the records", item.path, folder=True)
    try:
        info = os.lstat(outputs.english)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return in_the_way_error(outputs.english, f"cannot be examined ({exc.strerror or exc})",
                                "the English", item.path)
    if stat_module.S_ISDIR(info.st_mode):
        return in_the_way_error(outputs.english, "a folder", "the English", item.path)
    if overwrite or (stat_module.S_ISREG(info.st_mode)
                     and (outputs.records.is_dir() or info.st_size == 0)):
        return None
    what = "not a regular file" if not stat_module.S_ISREG(info.st_mode) else \
        "a file translate did not write (no records folder of it beside)"
    return in_the_way_error(outputs.english, what, "the English", item.path)


def plan(folder: Folder, items: list[InputFile], config: Config, out_dir: Path | None,
         force: bool, stop: StopSignals, shared: frozenset[str] = frozenset(),
         overwrite: bool = False) -> Iterator[Verdict]:
    """Hash every input of `folder`; the unchanged ones are to be left alone, bad ones failed.
    `shared`: the keys the report names by path (`shared_keys`)."""
    fingerprint = config.fingerprint()
    glossary_current = terms_current(configured_glossary(config.glossary.file))

    def current(record: dict) -> bool:
        # A record of an older reader whose article this reader cuts into other parts
        # (scraper noise split off) is redone; one it reads the same way is not.
        return glossary_current(record) and reader_current(record)

    with_summary = config.summary.enabled
    limit = config.runtime.max_article_bytes
    known = folder.store.get_articles([item.key for item in items])
    for item in items:
        stop.check()
        paths = outputs_for(out_dir, item)
        job = Job(item, paths, folder, sha256="", stat=(0, 0),
                  shown=report_name(item, shared) if item.key in shared else None)
        if item.problem:
            yield Verdict(job, "failed", item.problem)
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
            if before.outcome == "translated" and outputs_intact(needed, paths.record, job.sha256,
                                                                 current):
                yield Verdict(job, "unchanged")
                continue
        job.owned = before is not None and before.outcome == "translated"
        error = blocked(paths, item, with_summary, overwrite, job.owned)
        yield Verdict(job, "failed", error) if error else Verdict(job)


def feed_outputs_for(out_dir: Path | None, item: InputFile) -> FeedOutputs:
    folder = (out_dir / item.rel.parent) if out_dir is not None else item.path.parent
    return feed_outputs(folder, stem_of(item.rel))


def plan_feed(folder: Folder, item: InputFile, config: Config, out_dir: Path | None,
              force: bool, stop: StopSignals, window: int,
              shared: frozenset[str] = frozenset(),
              overwrite: bool = False) -> Iterator[list[Verdict]]:
    """The verdicts on a feed's articles, `window` at a time, read as a stream. A feed that
    cannot be read at all (not UTF-8, not a regular file) is one failed verdict on the feed."""
    fingerprint = config.fingerprint()
    glossary_current = terms_current(configured_glossary(config.glossary.file))
    outputs = feed_outputs_for(out_dir, item)
    paths = outputs_for(out_dir, item)
    try:
        if item.problem:
            raise ArticleError(item.problem)
        stat, _ = hash_regular_file(item.path)
        check_utf8(item.path)
        error = feed_blocked(outputs, item, overwrite)
        if error:
            raise ArticleError(error)
    except (OSError, ArticleError) as exc:
        message = str(exc) if isinstance(exc, ArticleError) else \
            f"{quote(item.path)}: cannot read: {exc.strerror or exc}"
        yield [Verdict(Job(item, paths, folder, "", (0, 0),
                           shown=report_name(item, shared) if item.key in shared else None),
                       "failed", message)]
        return
    batch: list[FeedEntry] = []
    stream = entries(item.path)
    while True:
        stop.check()
        batch = [entry for _, entry in zip(range(window), stream)]
        if not batch:
            return
        # A line that is no article is named by its line: its identity, if it has one,
        # may belong to another line of the feed.
        keys = {id(e): feed_key(item.key, e.ident) if e.problem is None
                else line_key(item.key, e.line) for e in batch}
        known = folder.store.get_articles(list(keys.values()))
        verdicts = []
        for entry in batch:
            key = keys[id(entry)]
            record = outputs.record(entry.ident) if entry.ident is not None else paths.record
            job = Job(item, OutputPaths(outputs.english, outputs.english, record), folder,
                      entry.sha256, stat, entry=entry, name=key,
                      shown=report_name(item, shared, key) if item.key in shared else None)
            if entry.problem:
                verdicts.append(Verdict(job, "failed", entry.problem))
                continue
            before = known.get(key)
            if not force and before and before.sha256 == entry.sha256 \
                    and before.fingerprint == fingerprint and before.outcome in ("translated", "skipped") \
                    and (before.outcome == "skipped" or outputs_intact(
                        [record], record, entry.sha256,
                        lambda found, e=entry, k=key: glossary_current(found)
                        and _feed_reader_current(found, e, item.path, k))):
                verdicts.append(Verdict(job, "skipped" if before.outcome == "skipped" else "unchanged"))
                continue
            verdicts.append(Verdict(job))
        yield verdicts


def _feed_reader_current(record: dict, entry: FeedEntry, feed: Path, key: str) -> bool:
    """`parts.reader_current` for a feed's article: its title and text read again."""
    if record.get("reader") == READER_VERSION:
        return True
    try:
        paragraphs = to_article(entry, feed, key).paragraphs
    except ArticleError:
        return False
    return reader_current(record, paragraphs)


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
        if item.problem or is_feed(item.rel):
            continue  # a feed's articles are redone (their state is not rebuilt)
        record = read_record(outputs_for(out_dir, item).record)
        if record is not None:
            yield record | {"source": item.key}
