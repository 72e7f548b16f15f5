"""The morning review: one self-contained HTML page of a run (`translate report`, `run --html`).

What a run did is read back from where it is kept: the run and its articles from the state
database of the output folder, each translated article's sentences, scores and flags from
its JSON record on disk (`record.read_record`). The page is rendered by Jinja2 with
autoescaping from `templates/review.html.j2`, so nothing an article contains can become
markup; the articles whose tables are not in the page itself carry their rows as JSON in
a `<script type="application/json">` block (Jinja's `tojson` escapes `<`, `>`, `&`, `'`)
that the page's own script turns into table rows with `textContent`. A Content-Security-
Policy with a per-page nonce lets only the page's own script and style run, and loads
nothing from outside: the file opens from a share or a mail attachment with no network.

Scale: a night of thousands of articles stays a few megabytes and renders at once,
because only the first `EAGER_ARTICLES` articles in page order (flagged first, worst
first) have their sentence tables in the HTML; the others are built when opened.
"""

from __future__ import annotations

import math
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from translate import __version__
from translate.run.record import read_record
from translate.run.planning import outputs_of_key

# Articles (in page order) whose sentence tables are in the HTML; the rest are built on
# demand from JSON when opened. Keeps a 2,000-article night light (see the README).
EAGER_ARTICLES = 100
# Flagged articles at the top of the page whose tables are open when the page loads.
OPEN_ARTICLES = 8
TITLE_MAX_CHARS = 120
# Sentence-score bands (mean log-probability per token, <= 0) that tint the table rows:
# above the first bound a row is plain, below the last it is red. The first is ln 0.5,
# where `quality` flags a sentence low_confidence by default.
SCORE_BANDS = (-0.69, -1.2, -2.0)
# Exit codes that mean the run stopped early, and how the page says it.
STOPPED = {130: "interrupted by SIGINT", 143: "interrupted by SIGTERM"}
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

    @property
    def band(self) -> str:
        """The row's tint: u (unscored), q0 (fine) ... q3 (worst)."""
        if self.score is None:
            return "u"
        return f"q{sum(self.score < bound for bound in SCORE_BANDS)}"

    def css(self) -> str:
        classes = [self.band] + (["h"] if self.heading else []) + (["p"] if self.first else []) \
            + (["f"] if self.flags else [])
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


# ---------------------------------------------------------------- gathering


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
        for number, sentence in enumerate(paragraph.get("sentences") or []):
            if isinstance(sentence, dict):
                rows.append(Row(nl=_text(sentence.get("nl")), en=_text(sentence.get("en")),
                                score=_number(sentence.get("score")),
                                flags=_strings(sentence.get("flags")),
                                heading=heading, first=number == 0 and bool(rows)))
    return rows


def _title(rows: list[Row]) -> str:
    title = next((row.en for row in rows if row.en.strip()), "")
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
    scores = [row.score for row in view.rows if row.score is not None]
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


def _run_view(runs: list, articles: list) -> RunView:
    """The run header; with several state folders (`--alongside` over several roots) the
    first one's run stands for all (each folder records the counts of the whole run)."""
    first = runs[0]
    counts: dict[str, int | None] = {name: first.counts.get(name) for name in
                                     ("translated", "unchanged", "skipped", "failed")}
    if not first.counts:  # killed before it recorded its end: count what the state says
        for name in ("translated", "skipped", "failed"):
            counts[name] = sum(1 for a in articles if a.outcome == name)
    return RunView(run_ids=[r.run_id for r in runs], folders=[], started=first.started,
                   finished=first.finished, seconds=first.seconds,
                   exit_code=first.exit_code, fatal=first.fatal, counts=counts)


def gather(sources: list[tuple[Path, int | None]], page_dir: Path) -> Review:
    """The review of a run from the state folders it wrote to: (folder, run id or None for
    the folder's latest run); links are relative to `page_dir`. Raises UsageError when a
    folder has no state or no such run."""
    from translate.errors import UsageError
    from translate.run.state import DB_NAME, STATE_DIR_NAME, StateStore

    runs, states, views, failures, skipped = [], [], [], [], []
    models: dict[str, dict[str, Any]] = {}
    for folder, run_id in sources:
        if not (folder / STATE_DIR_NAME / DB_NAME).is_file():
            raise UsageError(f"no translate state in {folder}: no run has written there yet")
        with StateStore(folder) as store:
            info = store.get_run(run_id)
            if info is None:
                raise UsageError(f"no run {run_id} in {folder}" if run_id is not None
                                 else f"no run recorded in {folder} yet")
            rows = store.run_articles(info.run_id)
        runs.append(info)
        states.extend(rows)
        prefix = f"{folder.name}/" if len(sources) > 1 else ""
        for state in rows:
            name = prefix + state.source
            if state.outcome == "failed":
                failures.append(Failure(name, state.error or "failed"))
            elif state.outcome == "skipped":
                skipped.append(name)
            else:
                paths = outputs_of_key(folder, state.source)
                links = [("English", paths.text), ("summary", paths.summary), ("JSON", paths.record)]
                record = read_record(paths.record)
                for entry in _model_entries(record):
                    models.setdefault(repr(sorted(entry.items(), key=str)), entry)
                views.append(article_view(name, state.seconds, record, links, page_dir))
    run = _run_view(runs, states)
    run.folders = [str(folder) for folder, _ in sources]
    # The state keeps no model list per run; the records of its articles say what was used.
    run.models = sorted(models.values(), key=lambda m: (str(m["role"]), str(m["id"])))
    return assemble(run, views, failures, skipped)


def from_report(report) -> Review:
    """The page of a run that stopped before it recorded anything (a missing model, the
    lock): what the in-memory `RunReport` knows."""
    counts = {name: len(getattr(report, name)) for name in
              ("translated", "unchanged", "skipped", "failed")}
    run = RunView(run_ids=[report.run_id] if report.run_id else [], folders=[],
                  started=report.started, finished=report.finished, seconds=report.seconds,
                  exit_code=report.exit_code, fatal=report.fatal, counts=counts)
    failures = [Failure(key, report.errors.get(key, "failed")) for key in report.failed]
    return assemble(run, [], failures, list(report.skipped))


def assemble(run: RunView, views: list[ArticleView], failures: list[Failure],
             skipped: list[str]) -> Review:
    """Order the articles, decide which tables are in the page, draw the charts."""
    views.sort(key=ArticleView.sort_key)
    for index, view in enumerate(views):
        view.index = index
        view.eager = index < EAGER_ARTICLES
        # A small run shows every table; a big one the worst few flagged ones.
        view.open = len(views) <= OPEN_ARTICLES or (view.flagged and index < OPEN_ARTICLES)
    run.counts["flagged"] = sum(1 for view in views if view.flagged)
    flag_names = sorted({flag for view in views for flag in view.flags})
    return Review(run=run, articles=views, failures=failures, skipped=sorted(skipped),
                  charts=_charts(views), flag_names=flag_names)


def _model_entries(record: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The models a record names: role, id, revision, backend, device."""
    models = record.get("models") if record else None
    return [{key: entry.get(key) for key in ("role", "id", "revision", "backend", "device")}
            for entry in (models if isinstance(models, list) else []) if isinstance(entry, dict)]


# ---------------------------------------------------------------- charts


def histogram(values: list[float], low: float, high: float, bins: int) -> list[int]:
    counts = [0] * bins
    span = (high - low) or 1.0
    for value in values:
        slot = int((min(max(value, low), high) - low) / span * bins)
        counts[min(slot, bins - 1)] += 1
    return counts


def _chart(title: str, counts: list[int], low: float, high: float, css: list[str],
           unit: str, note: str, empty: str) -> Chart:
    chart = Chart(title=title, bars=[], ticks=[], note=note)
    if not any(counts):
        chart.empty = empty
        return chart
    plot_w, plot_h, top = chart.width - 20, chart.height - 22, 4
    step = plot_w / len(counts)
    peak = max(counts)
    width = (high - low) / len(counts)
    for slot, count in enumerate(counts):
        if not count:
            continue
        height = max(1.5, (plot_h - top) * count / peak)
        start = low + slot * width
        chart.bars.append(Bar(x=10 + slot * step + 1, y=plot_h - height, width=step - 2,
                              height=height, css=css[slot],
                              tip=f"{start:.2f} to {start + width:.2f} {unit}: {count}"))
    tick = nice_step((high - low) / 5)
    for number in range(math.ceil(low / tick - 1e-9), math.floor(high / tick + 1e-9) + 1):
        value = number * tick
        chart.ticks.append((10 + (value - low) / (high - low) * plot_w, f"{value:g}"))
    return chart


def nice_step(raw: float) -> float:
    """The round number (1, 2, 2.5 or 5 times a power of ten) nearest above `raw`."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * 0.999)


def _charts(views: list[ArticleView]) -> list[Chart]:
    scores = [row.score for view in views for row in view.rows if row.score is not None]
    low = min(-4.0, math.floor(min(scores, default=0.0)))
    low = max(low, -10.0)
    bins = int(-low * 4)                       # quarter-point bins
    centers = [low + (slot + 0.5) * (-low / bins) for slot in range(bins)]
    css = [Row("", "", center, []).band for center in centers]
    unscored = sum(1 for view in views for row in view.rows if row.score is None)
    score_note = f"{len(scores):,} scored sentences" + (f", {unscored:,} unscored" if unscored else "")
    if scores and min(scores) < low:
        score_note += f"; below {low:g} counted at {low:g}"
    seconds = [view.seconds for view in views]
    high = max(seconds, default=0.0)
    high = math.ceil(high * 10) / 10 if high < 1 else float(math.ceil(high))
    return [
        _chart("Sentence scores (log-probability per token)", histogram(scores, low, 0.0, bins),
               low, 0.0, css, "", score_note,
               "no scored sentences in this run"),
        _chart("Seconds per article", histogram(seconds, 0.0, high or 1.0, 20), 0.0,
               high or 1.0, ["t"] * 20, "s",
               f"{len(seconds):,} articles, {sum(seconds):,.1f} s in all, slowest "
               f"{max(seconds, default=0.0):.2f} s", "no translated articles in this run"),
    ]


# ---------------------------------------------------------------- rendering


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def when_text(stamp: str | None) -> str:
    """`2026-11-23T02:00:01Z` -> `2026-11-23 02:00:01 UTC`."""
    if not stamp:
        return "–"
    return stamp.replace("T", " ").replace("Z", " UTC")


def render(review: Review, generated: str) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("translate", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(score=score_text, duration=duration_text, when=when_text)
    return env.get_template("review.html.j2").render(
        review=review, run=review.run, generated=generated, version=__version__,
        nonce=secrets.token_urlsafe(16), bands=SCORE_BANDS)


def write_page(review: Review, page: Path) -> None:
    from translate.run.state import utc_now
    from translate.run.writer import write_atomic

    write_atomic(page, render(review, utc_now()))


def report_page(folder: Path, run_id: int | None = None, page: Path | None = None) -> Path:
    """`translate report`: write the page of run `run_id` (None: the last run) of the
    output folder `folder` to `page` (None: `<folder>/run-<id>.html`); returns its path."""
    review = gather([(folder, run_id)], page.parent if page else folder)
    page = page or folder / f"run-{review.run.run_ids[0]}.html"
    write_page(review, page)
    return page


def run_page(report, page: Path, exit_code: int | None = None) -> None:
    """`translate run --html`: the page of the run `report` describes, from the state it
    wrote (or, when it stopped before writing any, from the report alone, with
    `exit_code` when the error that stopped it says another)."""
    if report.state_runs:
        review = gather([(Path(f), run_id) for f, run_id in report.state_runs.items()],
                        page.parent)
    else:
        review = from_report(report)
        if exit_code is not None:
            review.run.exit_code = exit_code
    write_page(review, page)
