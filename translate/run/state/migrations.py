"""Numbered schema migrations, applied in order inside one transaction.

`PRAGMA user_version` records the last one applied, so last night's database grows into
tonight's schema instead of being thrown away. A new schema version is one more function
appended to `MIGRATIONS`; never edit one that has shipped.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path, PurePosixPath

log = logging.getLogger("translate")


_V1_SCHEMA = """
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
    source      TEXT PRIMARY KEY,                  -- the article's key (see v2)
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
) WITHOUT ROWID
"""


def v1_initial(conn: sqlite3.Connection, folder: Path) -> None:
    """Runs, articles keyed by absolute input path, and the sentence memory."""
    for statement in _V1_SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)


def v2_relative_keys(conn: sqlite3.Connection, folder: Path) -> None:
    """Articles keyed by their path relative to the input root; runs record a fatal error.

    A moved or re-mounted input tree then keeps its state. Version 1 keyed articles by
    absolute path; each is re-keyed by what its outputs say: with `--alongside` the state
    folder is the input root itself; with `--out` the record written for it names its
    relative path (`source`), and the record's place mirrors that path. A row whose
    relative path cannot be known (no record: it failed, or was skipped) is dropped; its
    article is simply looked at again.
    """
    conn.execute("ALTER TABLE runs ADD COLUMN fatal TEXT")
    rows = conn.execute("SELECT source FROM articles").fetchall()
    for (source,) in rows:
        path = PurePosixPath(source)
        if not path.is_absolute():
            continue
        rel = _relative_key(path, folder)
        if rel is None or conn.execute("SELECT 1 FROM articles WHERE source = ?",
                                       (rel,)).fetchone():
            conn.execute("DELETE FROM articles WHERE source = ?", (source,))
        else:
            conn.execute("UPDATE articles SET source = ? WHERE source = ?", (rel, source))


def _relative_key(path: PurePosixPath, folder: Path) -> str | None:
    from translate.files import read_record, stem_of
    from translate.run.writer import output_paths

    try:
        return path.relative_to(PurePosixPath(folder.resolve().as_posix())).as_posix()
    except ValueError:
        pass
    parts = path.parts[1:]
    for start in range(len(parts)):
        rel = PurePosixPath(*parts[start:])
        record_path = output_paths(folder / rel.parent, stem_of(Path(rel))).record
        record = read_record(record_path)
        if record is not None and record["source"] == rel.as_posix():
            return rel.as_posix()
    return None


def v3_quality(conn: sqlite3.Connection, folder: Path) -> None:
    """Scores in the sentence memory; each article's quality flags and worst sentence.

    A sentence remembered before has no score (NULL): the memory does not answer for it,
    so the model translates it once more and the score is kept from then on."""
    conn.execute("ALTER TABLE sentences ADD COLUMN score REAL")
    conn.execute("ALTER TABLE sentences ADD COLUMN capped INTEGER NOT NULL DEFAULT 0")
    conn.execute("ALTER TABLE articles ADD COLUMN flags TEXT")   # JSON list; NULL: none
    conn.execute("ALTER TABLE articles ADD COLUMN worst TEXT")   # JSON {nl, en, score, flags}


def v4_hypotheses(conn: sqlite3.Connection, folder: Path) -> None:
    """The engine's alternatives with each remembered sentence, and how many hypotheses it
    was asked for: the quality step chooses among them again for each article that
    recalls the sentence. A sentence remembered before counts as asked for one, so a run
    that asks for more has the model say it again (once)."""
    conn.execute("ALTER TABLE sentences ADD COLUMN hypotheses INTEGER NOT NULL DEFAULT 1")
    conn.execute("ALTER TABLE sentences ADD COLUMN alternatives TEXT")  # JSON [[en, score, capped]]


def v5_refused(conn: sqlite3.Connection, folder: Path) -> None:
    """The inputs the last run refused without touching their article's row (two PATHs
    holding one relative name; an input whose outputs would go over another input), so
    `translate status` lists them with their message; the article's own row stays."""
    conn.execute("CREATE TABLE IF NOT EXISTS refused (source TEXT PRIMARY KEY, "
                 "error TEXT NOT NULL, run_id INTEGER NOT NULL) WITHOUT ROWID")


MIGRATIONS: list[Callable[[sqlite3.Connection, Path], None]] = [
    v1_initial, v2_relative_keys, v3_quality, v4_hypotheses, v5_refused,
]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, folder: Path, version: int) -> None:
    """Apply every migration after `version` (inside the caller's transaction)."""
    for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
        step(conn, folder)
        conn.execute(f"PRAGMA user_version = {number}")
