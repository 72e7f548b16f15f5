"""What the state database answers: runs, each article's last outcome, the sentence memory.

Articles are keyed by their path relative to the input root (`InputFile.key`), so a moved
or re-mounted input tree is not redone. Sentences are keyed by the translation
fingerprint and the whitespace-normalised Dutch sentence.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from translate.text.article import Translated
from translate.run.state.database import Database, utc_now

OUTCOMES = ("translated", "failed", "skipped")
# Old SQLite builds allow only 999 host parameters per statement; stay well under.
IN_CHUNK = 500


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
class FlaggedArticle:
    """An article a run translated with quality flags, and its worst sentence."""

    source: str
    flags: list[str]
    worst: dict | None    # {nl, en, score, flags} of its worst sentence
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
    fatal: str | None = None  # the run-wide error that aborted it


def normalise_sentence(sentence: str) -> str:
    """The sentence-memory key: whitespace runs (any Unicode whitespace) become one space."""
    return " ".join(sentence.split())


def _alternatives_json(alternatives: tuple[Translated, ...]) -> str | None:
    if not alternatives:
        return None
    return json.dumps([[a.text, a.score, a.capped] for a in alternatives], ensure_ascii=False)


def _alternatives(stored: str | None) -> tuple[Translated, ...] | None:
    """The alternatives a row keeps; None when they cannot be read."""
    if not stored:
        return ()
    try:
        return tuple(Translated(str(text), float(score), bool(capped))
                     for text, score, capped in json.loads(stored))
    except (ValueError, TypeError):
        return None


def _chunks(items: list, size: int = IN_CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


_ARTICLE_COLUMNS = "source, sha256, fingerprint, outcome, error, seconds, run_id"


def _article(row: tuple) -> ArticleState:
    return ArticleState(source=row[0], sha256=row[1], fingerprint=row[2], outcome=row[3],
                        error=row[4], seconds=row[5], run_id=row[6])


class StateStore:
    """The state of one output folder (or, with `--alongside`, one input root)."""

    def __init__(self, folder: Path) -> None:
        self.db = Database(folder)
        self.folder = self.db.folder
        self.path = self.db.path

    @property
    def moved_aside(self) -> Path | None:
        """Where a damaged or newer database was moved this time (None: it was fine)."""
        return self.db.moved_aside

    # ---- runs --------------------------------------------------------------------

    def start_run(self, kind: str = "run") -> int:
        with self.db.connection() as conn:
            cursor = conn.execute("INSERT INTO runs (kind, started, pid) VALUES (?, ?, ?)",
                                  (kind, utc_now(), os.getpid()))
            return int(cursor.lastrowid)

    def finish_run(self, run_id: int, counts: dict[str, int], exit_code: int,
                   seconds: float, fatal: str | None = None) -> None:
        with self.db.connection() as conn:
            cursor = conn.execute(
                "UPDATE runs SET finished = ?, seconds = ?, counts = ?, exit_code = ?, "
                "fatal = ? WHERE run_id = ?",
                (utc_now(), float(seconds), json.dumps(dict(counts), sort_keys=True),
                 int(exit_code), fatal, run_id))
            if cursor.rowcount == 0:
                raise ValueError(f"no run with id {run_id}")

    def recent_runs(self, n: int = 10) -> list[RunInfo]:
        """The last `n` runs, newest first; unfinished ones (killed) have finished=None."""
        with self.db.connection() as conn:
            rows = conn.execute(
                "SELECT run_id, started, finished, seconds, counts, exit_code, pid, fatal "
                "FROM runs ORDER BY run_id DESC LIMIT ?", (max(0, int(n)),)).fetchall()
        return [RunInfo(run_id=r[0], started=r[1], finished=r[2], seconds=r[3],
                        counts=json.loads(r[4]), exit_code=r[5], pid=r[6], fatal=r[7])
                for r in rows]

    def get_run(self, run_id: int | None = None) -> RunInfo | None:
        """Run `run_id`, or (None) the latest batch run (not a rebuild); None: no such run."""
        where, args = ("run_id = ?", (int(run_id),)) if run_id is not None else ("kind = 'run'", ())
        with self.db.connection() as conn:
            row = conn.execute(
                "SELECT run_id, started, finished, seconds, counts, exit_code, pid, fatal "
                f"FROM runs WHERE {where} ORDER BY run_id DESC LIMIT 1", args).fetchone()
        if row is None:
            return None
        return RunInfo(run_id=row[0], started=row[1], finished=row[2], seconds=row[3],
                       counts=json.loads(row[4]), exit_code=row[5], pid=row[6], fatal=row[7])

    # ---- articles ----------------------------------------------------------------

    def run_articles(self, run_id: int) -> list[ArticleState]:
        """The articles whose latest outcome run `run_id` decided (translated, failed or
        skipped by it), by source; an article redone by a later run belongs to that one."""
        with self.db.connection() as conn:
            rows = conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE run_id = ? "
                                "ORDER BY source", (int(run_id),)).fetchall()
        return [_article(r) for r in rows]

    def get_article(self, source: str) -> ArticleState | None:
        with self.db.connection() as conn:
            row = conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE source = ?",
                               (source,)).fetchone()
        return _article(row) if row else None

    def get_articles(self, sources: list[str]) -> dict[str, ArticleState]:
        """The known ones among `sources`, keyed by source; a few queries for thousands."""
        wanted = list(dict.fromkeys(sources))
        found: dict[str, ArticleState] = {}
        with self.db.connection() as conn:
            for chunk in _chunks(wanted):
                marks = ",".join("?" * len(chunk))
                for row in conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles "
                                        f"WHERE source IN ({marks})", chunk):
                    found[row[0]] = _article(row)
        return found

    def put_article(self, run_id: int, source: str, sha256: str, fingerprint: str,
                    outcome: str, error: str | None, seconds: float,
                    flags: list[str] | None = None, worst: dict | None = None) -> None:
        """Record the latest outcome for `source` (replacing the previous one), committed
        at once; `flags` and `worst` (its worst sentence) for a translated article."""
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}")
        with self.db.connection() as conn:
            conn.execute(
                "INSERT INTO articles (source, sha256, fingerprint, outcome, error, seconds, "
                "run_id, updated, flags, worst) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (source) DO UPDATE SET sha256 = excluded.sha256, "
                "fingerprint = excluded.fingerprint, outcome = excluded.outcome, "
                "error = excluded.error, seconds = excluded.seconds, "
                "run_id = excluded.run_id, updated = excluded.updated, "
                "flags = excluded.flags, worst = excluded.worst",
                (source, sha256, fingerprint, outcome, error, float(seconds), run_id,
                 utc_now(), json.dumps(flags) if flags else None,
                 json.dumps(worst, ensure_ascii=False) if flags and worst else None))

    def put_translated(self, conn: sqlite3.Connection, run_id: int,
                       rows: Iterable[tuple[str, str, str, float]]) -> None:
        """Mark (source, sha256, fingerprint, seconds) rows translated, in the caller's
        transaction (a rebuild)."""
        now = utc_now()
        conn.executemany(
            "INSERT OR REPLACE INTO articles (source, sha256, fingerprint, outcome, error, "
            "seconds, run_id, updated) VALUES (?, ?, ?, 'translated', NULL, ?, ?, ?)",
            [(*row, run_id, now) for row in rows])

    def failures(self) -> list[ArticleState]:
        """Articles whose latest outcome is "failed", by source: those failed by a run, and
        those the last run refused (`put_refused`; their row, if any, kept as it was)."""
        with self.db.connection() as conn:
            rows = conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles "
                                "WHERE outcome = 'failed' ORDER BY source").fetchall()
            refused = conn.execute("SELECT source, error, run_id FROM refused").fetchall()
        failed = {row[0]: _article(row) for row in rows}
        for source, error, run_id in refused:
            failed[source] = ArticleState(source=source, sha256="", fingerprint="",
                                          outcome="failed", error=error, seconds=0.0,
                                          run_id=run_id)
        return [failed[source] for source in sorted(failed)]

    def put_refused(self, run_id: int, refused: dict[str, str]) -> None:
        """The inputs run `run_id` refused (source -> its one-line message), replacing those
        of the runs before: a refusal resolved since is no longer listed."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM refused")
            conn.executemany("INSERT OR REPLACE INTO refused (source, error, run_id) "
                             "VALUES (?, ?, ?)",
                             [(source, error, run_id) for source, error in refused.items()])

    def flagged(self) -> list[FlaggedArticle]:
        """The flagged articles of the last run that translated any article (last night's),
        by source."""
        with self.db.connection() as conn:
            last = conn.execute("SELECT MAX(run_id) FROM articles "
                                "WHERE outcome = 'translated'").fetchone()[0]
            if last is None:
                return []
            rows = conn.execute("SELECT source, flags, worst, run_id FROM articles "
                                "WHERE outcome = 'translated' AND run_id = ? "
                                "AND flags IS NOT NULL ORDER BY source", (last,)).fetchall()
        return [FlaggedArticle(source=r[0], flags=json.loads(r[1]),
                               worst=json.loads(r[2]) if r[2] else None, run_id=r[3])
                for r in rows]

    # ---- sentence memory ---------------------------------------------------------

    def recall(self, fingerprint: str, sentences: list[str]) -> dict[str, Translated]:
        """Known translations with their scores, keyed by the sentences exactly as passed
        in. A sentence remembered without a score (before schema v3) is not known."""
        originals_by_key: dict[str, list[str]] = {}
        for sentence in sentences:
            key = normalise_sentence(sentence)
            if key:
                originals_by_key.setdefault(key, []).append(sentence)
        found: dict[str, Translated] = {}
        with self.db.connection() as conn:
            for chunk in _chunks(list(originals_by_key)):
                marks = ",".join("?" * len(chunk))
                for key, translation, score, capped, hypotheses, alternatives in conn.execute(
                        f"SELECT source, translation, score, capped, hypotheses, alternatives "
                        f"FROM sentences WHERE fingerprint = ? AND score IS NOT NULL "
                        f"AND source IN ({marks})", [fingerprint, *chunk]):
                    others = _alternatives(alternatives)
                    # Unreadable alternatives: known for a run that asks for one only.
                    translated = Translated(translation, score, bool(capped), others or (),
                                            int(hypotheses) if others is not None else 1)
                    for original in originals_by_key[key]:
                        found[original] = translated
        return found

    def remember(self, fingerprint: str, pairs: list[tuple[str, Translated]]) -> None:
        """Store (Dutch sentence, translation) pairs in one transaction; later pairs win."""
        rows = [(fingerprint, key, t.text, t.score, t.capped, t.hypotheses,
                 _alternatives_json(t.alternatives))
                for sentence, t in pairs if (key := normalise_sentence(sentence))]
        if not rows:
            return
        with self.db.transaction() as conn:
            self.insert_sentences(conn, rows)

    @staticmethod
    def insert_sentences(conn: sqlite3.Connection, rows: list[tuple]) -> None:
        """(fingerprint, source, translation, score, capped[, hypotheses, alternatives
        JSON]) rows; a NULL score is kept but never recalled; without the last two, one
        hypothesis and no alternatives."""
        conn.executemany(
            "INSERT INTO sentences (fingerprint, source, translation, score, capped, "
            "hypotheses, alternatives) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (fingerprint, source) DO UPDATE SET translation = excluded.translation, "
            "score = excluded.score, capped = excluded.capped, "
            "hypotheses = excluded.hypotheses, alternatives = excluded.alternatives",
            [(f, k, t, score, int(bool(capped)), int(hypotheses), alternatives)
             for f, k, t, score, capped, hypotheses, alternatives
             in (tuple(row) + (1, None)[len(row) - 5:] for row in rows)])

    # ---- lifetime ----------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
