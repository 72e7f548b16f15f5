"""The run-state database: what each article's last run did, and the sentence memory.

It lives in `<output folder>/.translate/state.sqlite3`, so it travels with the outputs it
describes. The nightly job is killed now and then (OOM killer, reboots, a human with
`kill -9`), so every write is its own short SQLite transaction in WAL mode: whatever
point a run dies at, the next run opens a consistent database and at worst redoes the
article that was in flight.

The database is a cache of facts that can be recovered from the outputs (`rebuild`), so
when it is damaged, or was written by a newer version of the tool, it is moved aside
(never deleted: someone may want to look at it) and a fresh one is started.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("translate")

SCHEMA_VERSION = 1
STATE_DIR_NAME = ".translate"
DB_NAME = "state.sqlite3"
OUTCOMES = ("translated", "failed", "skipped")

# A second process (say `translate status` while the nightly run writes) waits this
# long for a write lock instead of failing at once.
BUSY_TIMEOUT_MS = 10_000
# Old SQLite builds allow only 999 host parameters per statement; stay well under.
IN_CHUNK = 500
# rebuild commits every this many records, so a kill mid-rebuild keeps what was done
# without one huge transaction.
REBUILD_BATCH = 200

# Error names (Python 3.11 `sqlite_errorname`) that mean the file itself is bad, as
# opposed to "locked", "read-only", "cannot open": those must never move a file aside.
_DAMAGE_ERRORS = {"SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_CORRUPT_INDEX",
                  "SQLITE_CORRUPT_SEQUENCE", "SQLITE_CORRUPT_VTAB"}

_SQLITE_MAGIC = b"SQLite format 3\x00"  # first 16 bytes of every SQLite 3 file; empty is new

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    kind      TEXT    NOT NULL DEFAULT 'run',      -- 'run' | 'rebuild'
    started   TEXT    NOT NULL,                    -- ISO 8601 UTC
    finished  TEXT,                                -- NULL: still running, or killed
    seconds   REAL,
    counts    TEXT    NOT NULL DEFAULT '{}',       -- JSON object outcome -> count
    exit_code INTEGER,
    pid       INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    source      TEXT PRIMARY KEY,                  -- input path as the caller gave it
    sha256      TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('translated', 'failed', 'skipped')),
    error       TEXT,
    seconds     REAL NOT NULL,
    run_id      INTEGER NOT NULL REFERENCES runs (run_id),
    updated     TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS articles_by_outcome ON articles (outcome);
CREATE TABLE IF NOT EXISTS sentences (
    fingerprint TEXT NOT NULL,                     -- translation fingerprint (model + settings)
    source      TEXT NOT NULL,                     -- normalise_sentence(Dutch sentence)
    translation TEXT NOT NULL,
    PRIMARY KEY (fingerprint, source)
) WITHOUT ROWID;
"""


class StateError(Exception):
    """A state problem the user has to act on; the message is one line."""


class _Damaged(Exception):
    """The file is not an SQLite database at all (found before SQLite touches it)."""


class _NewerSchema(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(f"schema version {version}")
        self.version = version


@dataclass(frozen=True)
class ArticleState:
    source: str
    sha256: str
    fingerprint: str
    outcome: str  # "translated" | "failed" | "skipped"
    error: str | None
    seconds: float
    run_id: int


@dataclass(frozen=True)
class RunInfo:
    run_id: int
    started: str  # ISO 8601 UTC
    finished: str | None  # None: still running, or the run was killed
    seconds: float | None
    counts: dict[str, int]
    exit_code: int | None
    pid: int


def normalise_sentence(sentence: str) -> str:
    """The sentence-memory key: whitespace runs (any Unicode whitespace) become one space."""
    return " ".join(sentence.split())


def utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _chunks(items: list, size: int = IN_CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _is_damage(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name in _DAMAGE_ERRORS:
        return True
    # Without an error name (other builds) fall back to SQLite's fixed messages.
    text = str(exc).lower()
    return "file is not a database" in text or "malformed" in text


_ARTICLE_COLUMNS = "source, sha256, fingerprint, outcome, error, seconds, run_id"


def _article(row: tuple) -> ArticleState:
    return ArticleState(source=row[0], sha256=row[1], fingerprint=row[2], outcome=row[3],
                        error=row[4], seconds=row[5], run_id=row[6])


class StateStore:
    """The state database of one output folder. Not for sharing across processes'
    forks; one instance may be used from several threads (calls are serialised)."""

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
            if isinstance(exc, sqlite3.Error) and not _is_damage(exc):
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
                self._create_schema(conn)
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

    @staticmethod
    def _create_schema(conn: sqlite3.Connection) -> None:
        # IMMEDIATE takes the write lock first, so two processes opening a new
        # database at the same moment cannot both half-create it.
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise _NewerSchema(version)
            if version < SCHEMA_VERSION:
                # Version 1 is the first schema; later versions add their migrations here.
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

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
        return StateError(f"state database {self.path}: {exc}")

    # ---- plumbing ----------------------------------------------------------------

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """The connection, with SQLite errors turned into one-line StateErrors."""
        with self._mutex:
            if self._conn is None:
                raise StateError(f"state database {self.path} is closed")
            try:
                yield self._conn
            except sqlite3.Error as exc:
                if _is_damage(exc):
                    # Opening only reads a little of the file, so damage deeper in shows
                    # up mid-run. Leave a note so the next open checks the whole file
                    # and moves it aside, instead of every later run failing here too.
                    self._note_damage()
                    raise StateError(f"state database {self.path} is damaged ({exc}); the "
                                     f"next run will move it aside and start a fresh one"
                                     ) from exc
                raise self._sqlite_error(exc) from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._db() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # ---- runs --------------------------------------------------------------------

    def start_run(self) -> int:
        return self._start_run("run")

    def _start_run(self, kind: str) -> int:
        with self._db() as conn:
            cursor = conn.execute("INSERT INTO runs (kind, started, pid) VALUES (?, ?, ?)",
                                  (kind, utc_now(), os.getpid()))
            return int(cursor.lastrowid)

    def finish_run(self, run_id: int, counts: dict[str, int], exit_code: int,
                   seconds: float) -> None:
        with self._db() as conn:
            cursor = conn.execute(
                "UPDATE runs SET finished = ?, seconds = ?, counts = ?, exit_code = ? "
                "WHERE run_id = ?",
                (utc_now(), float(seconds), json.dumps(dict(counts), sort_keys=True),
                 int(exit_code), run_id))
            if cursor.rowcount == 0:
                raise ValueError(f"no run with id {run_id}")

    def recent_runs(self, n: int = 10) -> list[RunInfo]:
        """The last `n` runs, newest first; unfinished ones (killed) have finished=None."""
        with self._db() as conn:
            rows = conn.execute(
                "SELECT run_id, started, finished, seconds, counts, exit_code, pid "
                "FROM runs ORDER BY run_id DESC LIMIT ?", (max(0, int(n)),)).fetchall()
        return [RunInfo(run_id=r[0], started=r[1], finished=r[2], seconds=r[3],
                        counts=json.loads(r[4]), exit_code=r[5], pid=r[6]) for r in rows]

    # ---- articles ----------------------------------------------------------------

    def get_article(self, source: str) -> ArticleState | None:
        with self._db() as conn:
            row = conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE source = ?",
                               (source,)).fetchone()
        return _article(row) if row else None

    def get_articles(self, sources: list[str]) -> dict[str, ArticleState]:
        """The known ones among `sources`, keyed by source; a few queries for thousands."""
        wanted = list(dict.fromkeys(sources))
        found: dict[str, ArticleState] = {}
        with self._db() as conn:
            for chunk in _chunks(wanted):
                marks = ",".join("?" * len(chunk))
                for row in conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles "
                                        f"WHERE source IN ({marks})", chunk):
                    found[row[0]] = _article(row)
        return found

    def put_article(self, run_id: int, source: str, sha256: str, fingerprint: str,
                    outcome: str, error: str | None, seconds: float) -> None:
        """Record the latest outcome for `source` (replacing the previous one), committed
        at once."""
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}")
        with self._db() as conn:
            conn.execute(
                "INSERT INTO articles (source, sha256, fingerprint, outcome, error, seconds, "
                "run_id, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (source) DO UPDATE SET sha256 = excluded.sha256, "
                "fingerprint = excluded.fingerprint, outcome = excluded.outcome, "
                "error = excluded.error, seconds = excluded.seconds, "
                "run_id = excluded.run_id, updated = excluded.updated",
                (source, sha256, fingerprint, outcome, error, float(seconds), run_id,
                 utc_now()))

    def failures(self) -> list[ArticleState]:
        """Articles whose latest outcome is "failed", by source."""
        with self._db() as conn:
            rows = conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles "
                                "WHERE outcome = 'failed' ORDER BY source").fetchall()
        return [_article(r) for r in rows]

    # ---- sentence memory ---------------------------------------------------------

    def recall(self, fingerprint: str, sentences: list[str]) -> dict[str, str]:
        """Known translations, keyed by the sentences exactly as passed in."""
        originals_by_key: dict[str, list[str]] = {}
        for sentence in sentences:
            key = normalise_sentence(sentence)
            if key:
                originals_by_key.setdefault(key, []).append(sentence)
        found: dict[str, str] = {}
        with self._db() as conn:
            for chunk in _chunks(list(originals_by_key)):
                marks = ",".join("?" * len(chunk))
                for key, translation in conn.execute(
                        f"SELECT source, translation FROM sentences "
                        f"WHERE fingerprint = ? AND source IN ({marks})", [fingerprint, *chunk]):
                    for original in originals_by_key[key]:
                        found[original] = translation
        return found

    def remember(self, fingerprint: str, pairs: list[tuple[str, str]]) -> None:
        """Store (Dutch sentence, translation) pairs in one transaction; later pairs win."""
        rows = [(fingerprint, key, translation) for sentence, translation in pairs
                if (key := normalise_sentence(sentence))]
        if not rows:
            return
        with self._transaction() as conn:
            self._insert_sentences(conn, rows)

    @staticmethod
    def _insert_sentences(conn: sqlite3.Connection, rows: list[tuple[str, str, str]]) -> None:
        conn.executemany(
            "INSERT INTO sentences (fingerprint, source, translation) VALUES (?, ?, ?) "
            "ON CONFLICT (fingerprint, source) DO UPDATE SET translation = excluded.translation",
            rows)

    # ---- rebuild -----------------------------------------------------------------

    def rebuild(self, records: Iterable[dict]) -> int:
        """Restore article rows and the sentence memory from the JSON records written
        next to the outputs; returns how many articles were restored. A record that
        lacks a field is skipped with a warning rather than stopping the rebuild."""
        run_id = self._start_run("rebuild")
        started = time.monotonic()
        restored = skipped = 0
        batch: list[tuple[tuple, list[tuple[str, str, str]]]] = []

        def flush() -> None:
            if not batch:
                return
            with self._transaction() as conn:
                now = utc_now()
                conn.executemany(
                    "INSERT OR REPLACE INTO articles (source, sha256, fingerprint, outcome, "
                    "error, seconds, run_id, updated) VALUES (?, ?, ?, 'translated', NULL, "
                    "?, ?, ?)", [(*article, run_id, now) for article, _ in batch])
                for _, sentence_rows in batch:
                    self._insert_sentences(conn, sentence_rows)
            batch.clear()

        for record in records:
            try:
                article = (str(record["source"]), str(record["sha256"]),
                           str(record["fingerprint"]), float(record.get("seconds") or 0.0))
                translation_fingerprint = str(record["translation_fingerprint"])
                sentence_rows = [
                    (translation_fingerprint, key, sentence["en"])
                    for paragraph in record["paragraphs"]
                    for sentence in paragraph.get("sentences") or []
                    if isinstance(sentence.get("en"), str) and sentence["en"]
                    and (key := normalise_sentence(str(sentence.get("nl") or "")))]
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                skipped += 1
                where = record.get("source", "?") if isinstance(record, dict) else "?"
                log.warning("rebuild: skipping record for %s: missing or bad field (%s: %s)",
                            where, type(exc).__name__, exc)
                continue
            batch.append((article, sentence_rows))
            restored += 1
            if len(batch) >= REBUILD_BATCH:
                flush()
        flush()

        counts = {"restored": restored}
        if skipped:
            counts["skipped"] = skipped
        self.finish_run(run_id, counts, 0, time.monotonic() - started)
        return restored

    # ---- lifetime ----------------------------------------------------------------

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

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
