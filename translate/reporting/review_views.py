"""What the review page shows: one view per article (its sentences, scores and flags, read
from its JSON record), the run's header, the charts' bars. Built by `review.gather`,
rendered by `review.render`."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote


TITLE_MAX_CHARS = 120


# Sentence-score bands (mean log-probability per token, <= 0) that tint the table rows:
# above the first bound a row is plain, below the last it is red. The first is ln 0.5,
# where `quality` flags a sentence low_confidence by default.
SCORE_BANDS = (-0.69, -1.2, -2.0)


# Flags the tool itself sets on an article the page could not read in full.
RECORD_MISSING = "record_missing"


@dataclass
class Row:
    nl: str
    en: str
    score: float | None
    flags: list[str]
    heading: bool = False
    first: bool = False              # first sentence of a paragraph (a rule above it)
    noise: str | None = None         # a scraper-noise part's kind ("credit", "caption" ...)

    @property
    def band(self) -> str:
        """The row's tint: u (unscored), q0 (fine) ... q3 (worst)."""
        if self.score is None:
            return "u"
        return f"q{sum(self.score < bound for bound in SCORE_BANDS)}"

    def css(self) -> str:
        classes = [self.band] + (["h"] if self.heading else []) + (["p"] if self.first else []) \
            + (["f"] if self.flags else []) \
            + ([f"x k-{self.noise}"] if self.noise and self.noise.isalpha() else [])
        return " ".join(classes)

    def compact(self) -> list[Any]:
        """The row as the page's script builds it: [nl, en, score text, flags, classes]."""
        return [self.nl, self.en, score_text(self.score), self.flags, self.css()]


@dataclass
class ArticleView:
    name: str                        # the article's key (its path below the input root)
    seconds: float
    title: str = ""
    date: str | None = None
    summary: list[str] = field(default_factory=list)
    bullet_flags: list[list[str]] = field(default_factory=list)   # per bullet of `summary`
    rows: list[Row] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)        # article-level and sentence flags
    flagged_sentences: int = 0
    min_score: float | None = None
    mean_score: float | None = None
    language: str | None = None
    links: list[tuple[str, str | None]] = field(default_factory=list)  # (label, href or None)
    index: int = 0
    eager: bool = True
    open: bool = False

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    @property
    def scored(self) -> bool:
        return self.min_score is not None

    @property
    def band(self) -> str:
        return Row("", "", self.min_score, []).band

    def compact_rows(self) -> list[list[Any]]:
        return [row.compact() for row in self.rows]

    def sort_key(self) -> tuple:
        # Flagged first, then worst first by the worst sentence; unscored ones last.
        return (not self.flagged, not self.scored, self.min_score or 0.0, self.name)


@dataclass
class Failure:
    name: str
    error: str


@dataclass
class RunView:
    run_ids: list[int]
    folders: list[str]
    started: str | None
    finished: str | None
    seconds: float | None
    exit_code: int | None
    fatal: str | None
    counts: dict[str, int | None]
    models: list[dict[str, Any]] = field(default_factory=list)

    @property
    def status(self) -> tuple[str, str]:
        """(css class, words) for the run's outcome."""
        if self.fatal:
            return "bad", f"aborted: {self.fatal}"
        if self.exit_code in STOPPED:
            return "warn", STOPPED[self.exit_code]
        if self.exit_code is None:
            return "warn", "did not finish (killed, or still running)"
        if self.exit_code == 0:
            return "ok", "finished, nothing failed"
        if self.exit_code == 1:
            return "warn", "finished, some articles failed"
        return "bad", f"exit code {self.exit_code}"


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    tip: str


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    ticks: list[tuple[float, str]]   # (x, label) under the axis
    note: str
    width: int = 420
    height: int = 120
    empty: str = ""


@dataclass
class Review:
    run: RunView
    articles: list[ArticleView]
    failures: list[Failure]
    skipped: list[str]
    charts: list[Chart] = field(default_factory=list)
    flag_names: list[str] = field(default_factory=list)

    def lazy_rows(self) -> str:
        """The rows of the tables the page builds when opened, by article index: JSON,
        gzipped and base64-encoded (a third of the size; base64 holds no markup character).
        The page inflates it with the browser's own DecompressionStream."""
        import base64
        import gzip
        import json

        rows = {str(a.index): a.compact_rows() for a in self.articles if not a.eager and a.rows}
        data = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return base64.b64encode(gzip.compress(data, compresslevel=6, mtime=0)).decode("ascii")


def score_text(score: float | None) -> str:
    return "–" if score is None else f"{score:.2f}"


def _number(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value if isinstance(v, (str, int, float))] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _href(target: Path, page_dir: Path) -> str | None:
    """A link to `target` relative to the page's folder; None when the file is not there."""
    if not target.is_file():
        return None
    relative = os.path.relpath(target.resolve(), page_dir.resolve())
    return url_quote(Path(relative).as_posix())


def _rows(record: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    for paragraph in record.get("paragraphs") or []:
        if not isinstance(paragraph, dict):
            continue
        heading = paragraph.get("heading") is True
        kind = paragraph.get("kind")
        noise = kind if isinstance(kind, str) and kind not in ("body", "heading") else None
        for number, sentence in enumerate(paragraph.get("sentences") or []):
            if isinstance(sentence, dict):
                rows.append(Row(nl=_text(sentence.get("nl")), en=_text(sentence.get("en")),
                                score=_number(sentence.get("score")),
                                flags=_strings(sentence.get("flags")),
                                heading=heading, first=number == 0 and bool(rows),
                                noise=noise))
    return rows


def _title(rows: list[Row]) -> str:
    title = next((row.en for row in rows if row.en.strip() and not row.noise), "")
    if len(title) > TITLE_MAX_CHARS:
        title = title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] + "…"
    return title


def article_view(name: str, seconds: float, record: dict[str, Any] | None,
                 paths: list[tuple[str, Path]], page_dir: Path) -> ArticleView:
    """What the page shows of one translated article (`record` None: it could not be read)."""
    view = ArticleView(name=name, seconds=seconds,
                       links=[(label, _href(path, page_dir)) for label, path in paths])
    if record is None:
        view.flags = [RECORD_MISSING]
        return view
    view.rows = _rows(record)
    view.title = _title(view.rows)
    view.date = record.get("date") if isinstance(record.get("date"), str) else None
    view.summary = _strings(record.get("summary"))
    view.bullet_flags = _bullet_flags(record, len(view.summary))
    quality = record.get("quality") if isinstance(record.get("quality"), dict) else {}
    scores = [row.score for row in view.rows if row.score is not None and not row.noise]
    view.min_score = _number(quality.get("min_score"))
    view.mean_score = _number(quality.get("mean_score"))
    if view.min_score is None and scores:
        view.min_score = min(scores)
    if view.mean_score is None and scores:
        view.mean_score = sum(scores) / len(scores)
    view.language = quality.get("language") if isinstance(quality.get("language"), str) else None
    sentence_flags = [flag for row in view.rows for flag in row.flags]
    view.flagged_sentences = sum(1 for row in view.rows if row.flags)
    bullet_flags = [flag for flags in view.bullet_flags for flag in flags]
    view.flags = list(dict.fromkeys(_strings(quality.get("flags")) + sentence_flags
                                    + bullet_flags))
    return view


def _bullet_flags(record: dict[str, Any], bullets: int) -> list[list[str]]:
    """The flags of each bullet (records before bullet checks have none)."""
    checks = record.get("summary_checks")
    checks = checks if isinstance(checks, list) else []
    flags = [_strings(c.get("flags")) if isinstance(c, dict) else [] for c in checks[:bullets]]
    return flags + [[]] * (bullets - len(flags))


# Exit codes that mean the run stopped early, and how the page says it.
STOPPED = {130: "interrupted by SIGINT", 143: "interrupted by SIGTERM"}
