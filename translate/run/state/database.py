"""Opening the state database: create, migrate, and move aside what cannot be used.

It lives in `<state folder>/.translate/state.sqlite3`, so it travels with the outputs it
describes. The nightly job is killed now and then (OOM killer, reboots, a human with
`kill -9`), so every write is its own short SQLite transaction in WAL mode: whatever
point a run dies at, the next run opens a consistent database and at worst redoes the
article that was in flight.

The database is a cache of facts that can be recovered from the outputs (`rebuild`), so
when it is damaged, or was written by a newer version of the tool, it is moved aside
(never deleted: someone may want to look at it) and a fresh one is started.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from translate.errors import StateDiskFull, StateError
from translate.files import STATE_DIR_NAME
from translate.run.state.migrations import MIGRATIONS, SCHEMA_VERSION, migrate

log = logging.getLogger("translate")

DB_NAME = "state.sqlite3"

# A second process (say `translate status` while the nightly run writes) waits this
# long for a write lock instead of failing at once.
BUSY_TIMEOUT_MS = 10_000

# Error names (Python 3.11 `sqlite_errorname`) that mean the file itself is bad, as
# opposed to "locked", "read-only", "cannot open": those must never move a file aside.
_DAMAGE_ERRORS = {"SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_CORRUPT_INDEX",
                  "SQLITE_CORRUPT_SEQUENCE", "SQLITE_CORRUPT_VTAB"}

_SQLITE_MAGIC = b"SQLite format 3\x00"  # first 16 bytes of every SQLite 3 file; empty is new


class _Damaged(Exception):
    """The file is not an SQLite database at all (found before SQLite touches it)."""


class _NewerSchema(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(f"schema version {version}")
        self.version = version


def utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def is_damage(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name in _DAMAGE_ERRORS:
        return True
    # Without an error name (other builds) fall back to SQLite's fixed messages.
    text = str(exc).lower()
    return "file is not a database" in text or "malformed" in text


class Database:
    """The SQLite connection of one state folder, opened, migrated and checked.

    One instance may be used from several threads (calls are serialised); not for
    sharing across forked processes."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.state_dir = self.folder / STATE_DIR_NAME
        self.path = self.state_dir / DB_NAME
        self._damage_note = self.state_dir / (DB_NAME + ".check")
        self.moved_aside: Path | None = None
        self._mutex = threading.RLock()
        self._conn: sqlite3.Connection | None = None

        try:
            self.state_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._not_writable(exc) from None
        if not os.access(self.state_dir, os.W_OK | os.X_OK):
            raise StateError(f"output folder {self.folder} is not writable: "
                             f"no write permission on {self.state_dir}")

        try:
            self._conn = self._open()
        except _NewerSchema as exc:
            self._move_aside("newer", f"was written by a newer version of translate "
                                      f"({exc}, this version understands {SCHEMA_VERSION})")
            self._conn = self._open_fresh()
        except (_Damaged, sqlite3.Error) as exc:
            if isinstance(exc, sqlite3.Error) and not is_damage(exc):
                raise self._sqlite_error(exc) from None
            self._move_aside("damaged", f"is damaged ({exc})")
            self._conn = self._open_fresh()
        # Checked (or replaced) now; a note left by an earlier run has done its job.
        self._damage_note.unlink(missing_ok=True)

    # ---- opening -----------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so every write is
        # committed exactly when we say and nothing lingers in an implicit transaction.
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                               isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return conn

    def _check_header(self) -> None:
        # Checked by hand first because SQLite, on closing a connection to a file it
        # rejected, deletes the -wal beside it: evidence we promise to keep.
        try:
            with open(self.path, "rb") as file:
                header = file.read(len(_SQLITE_MAGIC))
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StateError(f"cannot read state database {self.path}: "
                             f"{exc.strerror or exc}") from None
        if header and header != _SQLITE_MAGIC:
            raise _Damaged("file is not a database")

    def _open(self) -> sqlite3.Connection:
        self._check_header()
        conn = self._connect()
        try:
            # Reading the header is what fails on a file that is not a database.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise _NewerSchema(version)
            conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode: a commit survives a process kill (it is in the WAL
            # file); only an OS crash can lose the last few commits, never consistency.
            conn.execute("PRAGMA synchronous = NORMAL")
            if version < SCHEMA_VERSION:
                self._migrate(conn)
            # Touch every table so that damage beyond the header shows up now, while
            # we can still move the file aside, rather than in the middle of a run.
            for table in ("runs", "articles", "sentences"):
                conn.execute(f"SELECT * FROM {table} LIMIT 1").fetchall()
            # A full check reads the whole file (the sentence memory grows without
            # bound), so it runs only when an earlier run met damage.
            if self._damage_note.exists():
                problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
                if problems != ["ok"]:
                    summary = " ".join(problems[0].split())  # one line for the log
                    raise _Damaged(f"integrity check: {summary[:300]}")
        except BaseException:
            conn.close()
            raise
        return conn

    def _open_fresh(self) -> sqlite3.Connection:
        try:
            return self._open()
        except (_Damaged, _NewerSchema, sqlite3.Error) as exc:
            # The old file is out of the way; failing again is not about its content.
            raise StateError(f"cannot create state database {self.path}: {exc}") from None

    def _migrate(self, conn: sqlite3.Connection) -> None:
        # IMMEDIATE takes the write lock first, so two processes opening an old database
        # at the same moment cannot both migrate it.
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise _NewerSchema(version)
            if version < SCHEMA_VERSION:
                migrate(conn, self.folder, version)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if 0 < version < len(MIGRATIONS):
            log.info("state database %s migrated from schema %d to %d", self.path, version,
                     SCHEMA_VERSION)

    def _move_aside(self, label: str, why: str) -> None:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        target = self.path.with_name(f"{DB_NAME}.{label}-{stamp}")
        counter = 1
        while target.exists():  # two in one second: keep both
            target = self.path.with_name(f"{DB_NAME}.{label}-{stamp}-{counter}")
            counter += 1
        try:
            # The -wal file holds committed data of a healthy newer-version database,
            # so it moves with the main file under the matching name (SQLite looks
            # for "<name>-wal"), keeping the moved copy openable. Side files go first: if
            # we die in between, the database is still in place and is moved aside again
            # next time, instead of its -wal being left for a fresh database to reset.
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(DB_NAME + suffix)
                if side.exists():
                    side.rename(target.with_name(target.name + suffix))
            self.path.rename(target)
        except OSError as exc:
            raise StateError(f"state database {self.path} {why} and could not be moved "
                             f"aside: {exc}") from None
        self.moved_aside = target
        log.warning("state database %s %s; moved it aside to %s and started a fresh one "
                    "(its contents can be rebuilt from the outputs)", self.path, why, target)

    def _note_damage(self) -> None:
        try:
            self._damage_note.touch()
        except OSError:
            pass  # best effort: without it the user still sees the StateError

    def _not_writable(self, exc: BaseException) -> StateError:
        reason = getattr(exc, "strerror", None) or str(exc)
        return StateError(f"output folder {self.folder} is not writable: {reason}")

    def _sqlite_error(self, exc: sqlite3.Error) -> StateError:
        name = getattr(exc, "sqlite_errorname", "") or ""
        if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
            return self._not_writable(exc)
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return StateError(f"state database {self.path} is busy (another process keeps "
                              f"it locked): {exc}")
        if name.startswith("SQLITE_FULL"):
            return StateDiskFull(f"state database {self.path}: the disk is full")
        return StateError(f"state database {self.path}: {exc}")

    # ---- plumbing ----------------------------------------------------------------

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """The connection, with SQLite errors turned into one-line StateErrors."""
        with self._mutex:
            if self._conn is None:
                raise StateError(f"state database {self.path} is closed")
            try:
                yield self._conn
            except sqlite3.Error as exc:
                if is_damage(exc):
                    # Opening only reads a little of the file, so damage deeper in shows
                    # up mid-run. Leave a note so the next open checks the whole file
                    # and moves it aside, instead of every later run failing here too.
                    self._note_damage()
                    raise StateError(f"state database {self.path} is damaged ({exc}); the "
                                     f"next run will move it aside and start a fresh one"
                                     ) from exc
                raise self._sqlite_error(exc) from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def close(self) -> None:
        with self._mutex:
            if self._conn is None:
                return
            try:
                self._conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass  # only a planner hint; closing matters more
            self._conn.close()
            self._conn = None
