"""Find the input articles under the PATHs given on the command line.

Each input keeps the root it was found under, so outputs can mirror its relative path,
and is keyed by that relative path (a moved or re-mounted tree is not redone).
The tool's own outputs (those its records say it made), its state folder and temporary
files are never taken as inputs (a Markdown input's English `x.en.md` and its summary
`x.summary.md` included); a file that only looks like an output (`verslag.en.txt`) is an
article. Whatever else is left out (hidden files, a name --alongside writes another
input's English to) is said in a warning, and so is a PATH that yields no article.

Nothing here opens a file: names are classified with `lstat`/`stat` only, so a named
pipe, socket or device in an input folder cannot block the run. Such a name (and a
broken symbolic link) comes back as an input with a `problem`, which the pipeline
reports as a failed article without reading it.

Symbolic links are followed, folders included. Every real folder is searched once (a
link to a parent cannot loop) and every real file comes back once, under its best path:
one through no symbolic link if there is one, else the first in sorted order. So adding
a link to a folder already searched never changes which path an article is known by.
"""

from __future__ import annotations

import errno
import heapq
import logging
import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

from translate.errors import UsageError, quote
from translate.inputs.feed import FEED_SUFFIXES
from translate.files import OUTPUT_SUFFIXES, STATE_DIR_NAME, TEMP_MARK, record_source, stem_of
from translate.inputs.formats import english_suffix

log = logging.getLogger("translate")

FEED_ENGLISH = ".en.jsonl"   # a feed's English (writer.OUTPUT_SUFFIXES)



class InputError(UsageError):
    """A PATH that cannot be used (missing, unreadable); a usage error."""


@dataclass(frozen=True)
class InputFile:
    path: Path      # as found (absolute; through any symbolic link on the way)
    root: Path      # the folder it was found under (for a file given directly: its folder)
    rel: Path       # path relative to root
    problem: str | None = None  # set: not a regular file; report this line, never read it

    @property
    def key(self) -> str:
        """The article's identity in the state database: its path relative to the root."""
        return self.rel.as_posix()


def is_feed_records(folder: str, name: str) -> bool:
    """`<stem>.records` beside the feed `<stem>.jsonl` (or `.json`): the tool's own."""
    if not name.endswith(".records"):
        return False
    stem = name[:-len(".records")]
    return any(os.path.lexists(os.path.join(folder, stem + suffix))
               for suffix in FEED_SUFFIXES)


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return f"a special file (mode {stat.S_IFMT(mode):#o})"


def _problem(path: Path, via_link: bool, info: os.stat_result | OSError) -> str | None:
    """None for a regular file (after links); else the one line the run reports."""
    if isinstance(info, OSError):
        if info.errno == errno.ENOENT:
            try:
                target = os.readlink(path)
            except OSError:
                return f"{quote(path)}: vanished while the inputs were listed; not read"
            return f"{quote(path)}: a broken symbolic link (to {quote(target)}); not read"
        if info.errno == errno.ELOOP:
            return f"{quote(path)}: a loop of symbolic links; not read"
        return f"{quote(path)}: cannot be examined: {info.strerror or info}; not read"
    if stat.S_ISREG(info.st_mode):
        return None
    what = _kind(info.st_mode)
    if via_link:
        what = f"a symbolic link to {what}"
    return f"{quote(path)}: {what}, not a regular file; not read"


def _stat(path: Path | str) -> os.stat_result | OSError:
    try:
        return os.stat(path)
    except OSError as exc:
        return exc


# A candidate's rank: lower wins among paths to one real file (or folder).
# (index of the PATH given, passes through a symbolic link, path components)
_Rank = tuple[int, bool, tuple[str, ...]]


@dataclass
class _Tally:
    """What one PATH held besides its articles, said when it yields none."""

    articles: int = 0                                      # matching files taken
    own: int = 0                                           # the tool's own outputs
    others: Counter = field(default_factory=Counter)       # extension -> files not matching


@dataclass
class _Hidden:
    """Hidden files matching the glob and hidden folders: left out, said in one line."""

    files: int = 0
    folders: int = 0
    example: str | None = None

    def add(self, path: str, folder: bool) -> None:
        if folder:
            self.folders += 1
        else:
            self.files += 1
        self.example = self.example or path


def find_inputs(paths: list[Path], glob: str | tuple[str, ...], exclude: list[Path] = (),
                alongside: bool = False) -> list[InputFile]:
    """All matching files under `paths`, sorted, each real file once, without the tool's own.

    `exclude` holds folders never searched (the output folder, when it lies inside an input).
    `alongside`: outputs are written next to their inputs, so a name where an input's
    English goes is that input's, not an article of its own. A missing PATH, or an
    unreadable folder given as one, raises InputError. What is left out other than the
    tool's own files, and each PATH that yields no article, is said in a warning.
    """
    globs = (glob,) if isinstance(glob, str) else tuple(g for g in glob if g)
    excluded = set()
    for folder in exclude:
        info = _stat(Path(folder).expanduser())
        if not isinstance(info, OSError):
            excluded.add((info.st_dev, info.st_ino))
    visited: set[tuple[int, int]] = set()   # real folders searched, across all PATHs
    best: dict[tuple[int, int], tuple[_Rank, InputFile]] = {}
    tallies = [_Tally() for _ in paths]
    hidden = _Hidden()

    def offer(identity: tuple[int, int], rank: _Rank, item: InputFile) -> None:
        tallies[rank[0]].articles += 1
        held = best.get(identity)
        if held is None or rank < held[0]:
            best[identity] = (rank, item)

    for index, given in enumerate(paths):
        path = Path(given).expanduser()
        if not os.path.lexists(path):
            raise InputError(f"no such file or folder: {quote(given)}")
        info = _stat(path)
        if not isinstance(info, OSError) and stat.S_ISDIR(info.st_mode):
            search = _Search(index, globs, alongside, excluded, visited, offer, tallies[index],
                             hidden)
            search.tree(path.resolve())
            continue
        # A file given directly: taken whatever its name; its root is its own folder.
        absolute = Path(os.path.abspath(path))
        root = absolute.parent.resolve()
        own = os.lstat(absolute)
        target = own if isinstance(info, OSError) else info
        problem = _problem(absolute, stat.S_ISLNK(own.st_mode), info)
        offer((target.st_dev, target.st_ino), (index, False, ()),
              InputFile(root / absolute.name, root, Path(absolute.name), problem))
    for given, tally in zip(paths, tallies):
        if not tally.articles:
            log.warning("%s", _nothing_found(Path(given), globs, tally))
    if hidden.files or hidden.folders:
        what = " and ".join(part for part in (
            f"{hidden.files} hidden article file(s)" if hidden.files else "",
            f"{hidden.folders} hidden folder(s)" if hidden.folders else "") if part)
        log.warning("left out %s (a name starting with '.'), e.g. %s", what,
                    quote(hidden.example))
    return sorted((item for _, item in best.values()), key=lambda f: (str(f.root), str(f.rel)))


def _either(globs: tuple[str, ...]) -> str:
    return " or ".join(repr(glob) for glob in globs)


def _matches(name: str, globs: tuple[str, ...]) -> bool:
    return any(fnmatch(name, glob) for glob in globs)


def _nothing_found(path: Path, globs: tuple[str, ...], tally: _Tally) -> str:
    """The warning for a PATH that yields no article: the glob, and what the PATH held."""
    line = (f"{quote(path)}: no article found: no file matches {_either(globs)} "
            "(output.glob, output.feed_glob)")
    count = sum(tally.others.values())
    if count:
        extension, _ = tally.others.most_common(1)[0]
        line += (f"; it holds {count} other file(s), most of them {extension!r}"
                 if extension else f"; it holds {count} other file(s), most without extension")
        if extension and _matches(f"x{extension.lower()}", tuple(g.lower() for g in globs)):
            line += " (the glob is case-sensitive)"
    if tally.own:
        line += f"; {tally.own} file(s) there are this tool's own outputs"
    return line


class _Search:
    """The search of one PATH given as a folder: its tree, each real folder once."""

    def __init__(self, index: int, globs: tuple[str, ...], alongside: bool,
                 excluded: set[tuple[int, int]], visited: set[tuple[int, int]], offer,
                 tally: _Tally, hidden: _Hidden) -> None:
        self.index, self.globs, self.alongside = index, globs, alongside
        self.excluded, self.visited, self.offer = excluded, visited, offer
        self.tally, self.hidden = tally, hidden

    def tree(self, root: Path) -> None:
        """Search the tree under `root`: folders reached without a symbolic link first,
        then those through links, each in sorted order; every real folder once."""
        # Heap of folders to search: (through a link, components relative to root, path).
        pending: list[tuple[bool, tuple[str, ...], str]] = [(False, (), str(root))]
        while pending:
            via_link, parts, folder = heapq.heappop(pending)
            info = _stat(folder)
            if isinstance(info, OSError):
                continue  # vanished meanwhile
            identity = (info.st_dev, info.st_ino)
            if identity in self.visited or (parts and identity in self.excluded):
                continue  # a loop, a second link to it, or the output folder
            self.visited.add(identity)
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda e: e.name)
            except OSError as exc:
                if not parts:
                    raise InputError(f"cannot read folder {quote(folder)}: "
                                     f"{exc.strerror or exc}") from None
                log.warning("cannot read folder %s: %s; its articles are left out",
                            quote(folder), exc.strerror or exc)
                continue
            for is_link, here, path in self._folder(root, folder, entries, parts, via_link):
                heapq.heappush(pending, (via_link or is_link, here, path))

    def _folder(self, root: Path, folder: str, entries: list[os.DirEntry],
                parts: tuple[str, ...], via_link: bool) -> list[tuple[bool, tuple[str, ...], str]]:
        """Offer the articles of one folder; returns its subfolders to search."""
        subfolders = []
        matching: list[tuple[os.DirEntry, bool]] = []
        for entry in entries:
            name = entry.name
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_link, is_dir = True, False
            if name.startswith("."):
                # Hidden: our state folder and temporary files among them (said for others).
                if not (name == STATE_DIR_NAME or TEMP_MARK in name) \
                        and (is_dir or _matches(name, self.globs)):
                    self.hidden.add(entry.path, is_dir)
                continue
            if is_dir:
                if not is_feed_records(folder, name):   # a feed's records, written alongside it
                    subfolders.append((is_link, parts + (name,), entry.path))
            elif _matches(name, self.globs):
                matching.append((entry, is_link))
            else:
                self.tally.others[os.path.splitext(name)[1]] += 1
        left_out = _own_outputs(folder, [entry.name for entry, _ in matching], self.alongside)
        for entry, is_link in matching:
            name = entry.name
            if name in left_out:
                reason = left_out[name]
                if reason is None:
                    self.tally.own += 1
                else:
                    log.warning("%s: left out: %s", quote(entry.path), reason)
                continue
            target = _stat(entry.path) if is_link else _lstat(entry)
            file = Path(entry.path)
            problem = _problem(file, is_link, target)
            if isinstance(target, OSError):
                try:
                    own = entry.stat(follow_symlinks=False)
                except OSError:
                    continue  # vanished meanwhile
                identity = (own.st_dev, own.st_ino)
            else:
                identity = (target.st_dev, target.st_ino)
            here = parts + (name,)
            rank = (self.index, via_link or is_link, here)
            self.offer(identity, rank, InputFile(file, root, Path(*here), problem))
        return subfolders


def _output_stem(name: str) -> str | None:
    """`a.en.txt` -> `a`: the stem whose outputs `name` would be; None for other names."""
    for suffix in OUTPUT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return None


def _own_outputs(folder: str, names: list[str], alongside: bool) -> dict[str, str | None]:
    """Which of `names` (files of one folder matching the glob) are not articles: name ->
    None for the tool's own outputs (left out silently), or the reason said for leaving it out.

    An output is the tool's own when the record beside it (`<stem>.json`, this tool's JSON)
    says it was made from an input of that stem (a feed's English `<stem>.en.jsonl`: when
    its records folder `<stem>.records` is beside it). With --alongside, a name where another
    input's English is written belongs to that input even without such a record (a run
    killed between writing an article's files); anything else is an article, whatever its
    name looks like (`verslag.en.txt`).
    """
    stems = {name: _output_stem(name) for name in names}
    if not any(stems.values()):
        return {}
    sources: dict[str, str | None] = {}
    left_out: dict[str, str | None] = {}
    for name, stem in stems.items():
        if stem is None:
            continue
        if name.endswith(FEED_ENGLISH):
            if os.path.isdir(os.path.join(folder, f"{stem}.records")):
                left_out[name] = None
            continue
        if stem not in sources:
            sources[stem] = record_source(Path(folder) / f"{stem}.json")
        source = sources[stem]
        if source is not None and stem_of(PurePosixPath(source)) == stem and (
                name[len(stem):] not in (".en.txt", ".en.md")
                or name[len(stem):] == english_suffix(source)):
            left_out[name] = None
    if not alongside:
        return left_out
    owners: dict[str, str] = {}
    for name in names:
        if name not in left_out:
            owners.setdefault(stem_of(Path(name)), name)
    for name, stem in stems.items():
        owner = owners.get(stem) if stem is not None else None
        if name not in left_out and owner is not None and owner != name:
            left_out[name] = (f"--alongside writes the outputs of {quote(owner)} under this "
                              "name; rename it to have it translated")
    return left_out


def _lstat(entry: os.DirEntry) -> os.stat_result | OSError:
    try:
        return entry.stat(follow_symlinks=False)
    except OSError as exc:
        return exc
