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
import secrets
from pathlib import Path
from typing import Any

from translate import __version__
from translate.files import read_record
from translate.run.planning import outputs_of_key
from translate.reporting.review_views import (
    SCORE_BANDS, ArticleView, Bar, Chart, Failure, Review, Row, RunView, article_view, score_text,
)

# Articles (in page order) whose sentence tables are in the HTML; the rest are built on
# demand from JSON when opened. Keeps a 2,000-article night light (docs/review.md).
EAGER_ARTICLES = 100
# Flagged articles at the top of the page whose tables are open when the page loads.
OPEN_ARTICLES = 8


# ---------------------------------------------------------------- gathering


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
