"""One `translate run` per output folder at a time.

The lock is an `flock` on `<output folder>/.translate/lock`. The kernel drops an flock
when the process holding it dies, however it dies (SIGKILL, OOM killer), so a killed
run never leaves a lock that blocks the next night: the next run simply gets it. The
file's content ({"pid", "started", "host"} JSON) is only there so that a run that is
refused can say who holds the lock, and so that a run that takes over can say whose
run was left behind.

The lock file is never deleted: unlinking a file other processes may have open and be
waiting on would let two runs each hold an flock on a different file of the same name.
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import socket
import stat
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from translate.errors import LockHeld, quote
from translate.errors import StateError
from translate.files import STATE_DIR_NAME
from translate.run.state.database import utc_now

log = logging.getLogger("translate")

LOCK_NAME = "lock"
# The holder truncates, then writes its details; a reader arriving in between sees an
# empty file. Retry briefly before giving up and naming the holder "unknown".
_READ_RETRIES = 5
_READ_RETRY_DELAY_S = 0.04


@dataclass(frozen=True)
class _Holder:
    pid: int
    started: str
    host: str


def _parse_holder(text: str) -> _Holder | None:
    try:
        data = json.loads(text)
        return _Holder(pid=int(data["pid"]), started=str(data.get("started") or "unknown"),
                       host=str(data.get("host") or "unknown"))
    except (ValueError, TypeError, KeyError):
        return None


def _read_all(fd: int) -> str:
    chunks = []
    offset = 0
    while chunk := os.pread(fd, 4096, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks).decode("utf-8", errors="replace")


def _kind(mode: int) -> str:
    """What a path that should be a regular file or a folder is instead, in words."""
    for test, name in ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISREG, "a file"),
                       (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "a special file"


class RunLock:
    """Usage: `with RunLock(output_folder): ...`; raises LockHeld at once when another
    live run holds it. Not re-entrant across instances, even within one process."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / STATE_DIR_NAME / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None:
            return
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = self._read_holder(fd) if exc.errno in (errno.EWOULDBLOCK,
                                                            errno.EAGAIN) else None
            os.close(fd)
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise StateError(f"cannot lock {quote(self.path)}: "
                                 f"{exc.strerror or exc}") from None
            if holder is None:
                raise LockHeld(self.folder, 0, "unknown", "unknown") from None
            raise LockHeld(self.folder, holder.pid, holder.started, holder.host) from None

        try:
            self._note_previous_holder(_parse_holder(_read_all(fd)))
            record = json.dumps({"pid": os.getpid(), "started": utc_now(),
                                 "host": socket.gethostname()}).encode()
            os.ftruncate(fd, 0)
            os.pwrite(fd, record, 0)
            os.fsync(fd)
        except OSError as exc:
            # Holding a lock we cannot label is still a working lock, but a full disk
            # here means the run itself will fail soon; say so now.
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
            raise StateError(f"cannot write lock file {quote(self.path)}: "
                             f"{exc.strerror or exc}") from None
        self._fd = fd

    def _open(self) -> int:
        """The lock file's descriptor; a StateError naming what is in the way otherwise."""
        state_dir = self.path.parent
        try:
            state_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if os.path.lexists(state_dir) and not state_dir.is_dir():
                raise StateError(f"state folder {quote(state_dir)} is "
                                 f"{_kind(os.lstat(state_dir).st_mode)}, not a folder; "
                                 f"remove it") from None
            raise StateError(f"output folder {quote(self.folder)} is not writable: "
                             f"{exc.strerror or exc}") from None
        try:
            # os.open makes a non-inheritable descriptor, so programs this run starts
            # with exec do not keep the lock alive after it dies. O_NONBLOCK: a named
            # pipe in the lock's place must not hang the run (it is refused below).
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK, 0o644)
        except OSError as exc:
            if exc.errno == errno.EISDIR or self.path.is_dir():
                raise StateError(f"lock file {quote(self.path)} is a folder, not a file; "
                                 f"remove it") from None
            raise StateError(f"cannot open lock file {quote(self.path)}: "
                             f"{exc.strerror or exc}") from None
        try:
            mode = os.fstat(fd).st_mode
        except OSError as exc:
            os.close(fd)
            raise StateError(f"cannot open lock file {quote(self.path)}: "
                             f"{exc.strerror or exc}") from None
        if not stat.S_ISREG(mode):
            os.close(fd)
            raise StateError(f"lock file {quote(self.path)} is {_kind(mode)}, "
                             f"not a regular file; remove it")
        return fd

    def _read_holder(self, fd: int) -> _Holder | None:
        for attempt in range(_READ_RETRIES):
            try:
                holder = _parse_holder(_read_all(fd))
            except OSError:
                holder = None
            if holder is not None:
                return holder
            if attempt + 1 < _READ_RETRIES:
                time.sleep(_READ_RETRY_DELAY_S)
        return None

    @staticmethod
    def _note_previous_holder(previous: _Holder | None) -> None:
        # A clean release empties the file, so content here means a run died holding it.
        if previous is None or previous.pid == os.getpid():
            return
        if psutil.pid_exists(previous.pid):
            # The pid was reused, or the holder lives on another host sharing the folder.
            log.info("previous run's lock file was left by pid %d (started %s on %s), "
                     "which no longer holds it; taking over", previous.pid,
                     previous.started, previous.host)
        else:
            log.info("previous run's lock file was left by pid %d (started %s on %s), "
                     "which is no longer running; taking over", previous.pid,
                     previous.started, previous.host)

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            # Empty the file before unlocking, so the next run does not mistake a
            # clean finish for a killed run.
            os.ftruncate(fd, 0)
        except OSError:
            pass  # only the label; the lock itself goes with the close below
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()
