"""Find the input articles under the PATHs given on the command line.

Each input keeps the root it was found under, so outputs can mirror its relative path,
and is keyed by that relative path (a moved or re-mounted tree is not redone).
The tool's own outputs, its state folder and temporary files are never taken as inputs.

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
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from translate.errors import UsageError, quote
from translate.feed import FEED_SUFFIXES
from translate.writer import OUTPUT_SUFFIXES

log = logging.getLogger("translate")



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


def is_own_output(name: str) -> bool:
    return name.endswith(OUTPUT_SUFFIXES) or name.startswith(".")


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


def find_inputs(paths: list[Path], glob: str | tuple[str, ...],
                exclude: list[Path] = ()) -> list[InputFile]:
    """All matching files under `paths`, sorted, each real file once, without the tool's own.

    `exclude` holds folders never searched (the output folder, when it lies inside an input).
    A missing PATH, or an unreadable folder given as one, raises InputError.
    """
    globs = (glob,) if isinstance(glob, str) else tuple(g for g in glob if g)
    excluded = set()
    for folder in exclude:
        info = _stat(Path(folder).expanduser())
        if not isinstance(info, OSError):
            excluded.add((info.st_dev, info.st_ino))
    visited: set[tuple[int, int]] = set()   # real folders searched, across all PATHs
    best: dict[tuple[int, int], tuple[_Rank, InputFile]] = {}

    def offer(identity: tuple[int, int], rank: _Rank, item: InputFile) -> None:
        held = best.get(identity)
        if held is None or rank < held[0]:
            best[identity] = (rank, item)

    for index, given in enumerate(paths):
        path = Path(given).expanduser()
        if not os.path.lexists(path):
            raise InputError(f"no such file or folder: {quote(given)}")
        info = _stat(path)
        if not isinstance(info, OSError) and stat.S_ISDIR(info.st_mode):
            _search(index, path.resolve(), globs, excluded, visited, offer)
            continue
        # A file given directly: taken whatever its name; its root is its own folder.
        absolute = Path(os.path.abspath(path))
        root = absolute.parent.resolve()
        own = os.lstat(absolute)
        target = own if isinstance(info, OSError) else info
        problem = _problem(absolute, stat.S_ISLNK(own.st_mode), info)
        offer((target.st_dev, target.st_ino), (index, False, ()),
              InputFile(root / absolute.name, root, Path(absolute.name), problem))
    return sorted((item for _, item in best.values()), key=lambda f: (str(f.root), str(f.rel)))


def _search(index: int, root: Path, globs: tuple[str, ...], excluded: set[tuple[int, int]],
            visited: set[tuple[int, int]], offer) -> None:
    """Search the tree under `root`: folders reached without a symbolic link first, then
    those through links, each in sorted order; every real folder once."""
    # Heap of folders to search: (through a link, components relative to root, path).
    pending: list[tuple[bool, tuple[str, ...], str]] = [(False, (), str(root))]
    while pending:
        via_link, parts, folder = heapq.heappop(pending)
        info = _stat(folder)
        if isinstance(info, OSError):
            continue  # vanished meanwhile
        identity = (info.st_dev, info.st_ino)
        if identity in visited or (parts and identity in excluded):
            continue  # a loop, a second link to it, or the output folder
        visited.add(identity)
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
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue  # hidden: our state folder and temporary files among them
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_link, is_dir = True, False
            here = parts + (name,)
            if is_dir:
                if is_feed_records(folder, name):
                    continue  # a feed's records, written alongside it
                heapq.heappush(pending, (via_link or is_link, here, entry.path))
                continue
            if not any(fnmatch(name, glob) for glob in globs) or is_own_output(name):
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
            rank = (index, via_link or is_link, here)
            offer(identity, rank, InputFile(file, root, Path(*here), problem))


def _lstat(entry: os.DirEntry) -> os.stat_result | OSError:
    try:
        return entry.stat(follow_symlinks=False)
    except OSError as exc:
        return exc
