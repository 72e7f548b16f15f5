"""The command line: parse, build settings, call the library, print, exit with the right code.

No model logic lives here, and nothing heavy is imported at module level, so `--help`
answers at once.
"""

from __future__ import annotations

import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from translate import __version__
from translate.config import Config, ConfigError, load_config

log = logging.getLogger("translate")

app = typer.Typer(
    help="Translate Dutch news articles into English and summarise them.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
models_app = typer.Typer(help="Manage the translation and summary models.", no_args_is_help=True)
app.add_typer(models_app, name="models")


class Device(str, Enum):
    auto = "auto"
    cpu = "cpu"
    cuda = "cuda"


class Backend(str, Enum):
    auto = "auto"
    torch = "torch"
    ctranslate2 = "ctranslate2"


ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="TOML settings file.")]
TranslationModelOpt = Annotated[Optional[str], typer.Option(
    "--translation-model", help="Hugging Face model id or local folder.")]
SummaryModelOpt = Annotated[Optional[str], typer.Option(
    "--summary-model", help="Hugging Face model id or local folder.")]
NoSummaryOpt = Annotated[bool, typer.Option("--no-summary", help="Translate only.")]
DeviceOpt = Annotated[Optional[Device], typer.Option("--device", help="Where models run.")]
BackendOpt = Annotated[Optional[Backend], typer.Option("--backend", help="Inference backend.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")]


def fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def build_config(config_file: Path | None, translation_model: str | None,
                 summary_model: str | None, no_summary: bool, device: Device | None,
                 backend: Backend | None) -> Config:
    """Settings from the file (or the defaults), with command-line flags on top."""
    try:
        config = load_config(config_file)
    except ConfigError as exc:
        raise fail(str(exc), 2) from None
    if translation_model:
        config.models.translation = translation_model
    if summary_model:
        config.models.summary = summary_model
    if no_summary:
        config.summary.enabled = False
    if device:
        config.runtime.device = device.value
    if backend:
        config.translation.backend = backend.value
    return config


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            return f"error: {message}"
        if record.levelno >= logging.WARNING:
            return f"warning: {message}"
        return message


def setup_logging(quiet: bool, console=None, level: int = logging.INFO) -> None:
    logger = logging.getLogger("translate")
    logger.handlers.clear()
    logger.propagate = False
    if console is not None:
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(console=console, show_time=False, show_path=False)
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_Formatter())
    logger.addHandler(handler)
    logger.setLevel(logging.ERROR if quiet else level)
    # transformers and the hub client are chatty on stderr; our own log says what matters.
    for name in ("transformers", "huggingface_hub"):
        logging.getLogger(name).setLevel(logging.ERROR)


class LineProgress:
    """Plain log lines, one per finished article: for cron mail and log files."""

    def start(self, total: int) -> None:
        log.info("%d article(s) found", total)

    def advance(self, path: str, outcome: str) -> None:
        if outcome in ("translated", "skipped"):
            log.info("%s %s", outcome, path)

    def close(self) -> None:
        pass


class BarProgress:
    """A progress bar for a person at a terminal."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.console = Console(stderr=True)
        self.bar = Progress(
            TextColumn("[bold]translating"), BarColumn(), MofNCompleteColumn(),
            TimeRemainingColumn(), TextColumn("{task.fields[last]}"),
            console=self.console, transient=True,
        )
        self.task = None

    def start(self, total: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task("articles", total=total, last="")

    def advance(self, path: str, outcome: str) -> None:
        self.bar.update(self.task, advance=1, last=f"{outcome}: {Path(path).name}")

    def close(self) -> None:
        self.bar.stop()


def write_report(path: Path, data: dict) -> None:
    from translate.writer import write_atomic

    try:
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    except OSError as exc:
        typer.echo(f"error: cannot write report {path}: {exc.strerror or exc}", err=True)


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders (searched recursively).")],
    out: Annotated[Optional[Path], typer.Option("--out", help="Output folder (mirrors the input tree).")] = None,
    alongside: Annotated[bool, typer.Option("--alongside", help="Write outputs next to each article.")] = False,
    config_file: ConfigOpt = None,
    translation_model: TranslationModelOpt = None,
    summary_model: SummaryModelOpt = None,
    no_summary: NoSummaryOpt = False,
    force: Annotated[bool, typer.Option("--force", help="Redo every article, even unchanged ones.")] = False,
    device: DeviceOpt = None,
    backend: BackendOpt = None,
    report_file: Annotated[Optional[Path], typer.Option("--report", help="Write the run report as JSON.")] = None,
    quiet: QuietOpt = False,
) -> None:
    """Translate and summarise every article under PATHS; unchanged ones are left alone."""
    from translate.lock import LockHeld
    from translate.pipeline import RunRequest, UsageError, run as run_pipeline
    from translate.state import StateError

    if out is not None and alongside:
        raise fail("--out and --alongside cannot be used together", 2)
    config = build_config(config_file, translation_model, summary_model, no_summary, device, backend)
    out_dir = None if alongside else (out or Path(config.output.dir))
    progress = BarProgress() if (sys.stderr.isatty() and not quiet) else LineProgress()
    setup_logging(quiet, getattr(progress, "console", None))
    request = RunRequest(paths=paths, config=config, out_dir=out_dir, force=force,
                         device=config.runtime.device)
    try:
        report = run_pipeline(request, progress)
    except (UsageError, StateError) as exc:
        progress.close()
        _report_early(report_file, str(exc))
        raise fail(str(exc), 2) from None
    except LockHeld as exc:
        progress.close()
        _report_early(report_file, str(exc))
        raise fail(str(exc), 3) from None
    except KeyboardInterrupt:
        progress.close()
        raise fail("interrupted; finished articles are written, the next run does the rest", 130) from None
    except Exception as exc:  # noqa: BLE001 - a bug must still end in one clear line
        progress.close()
        log.debug("unexpected error", exc_info=True)
        message = f"unexpected {type(exc).__name__}: {exc}; finished articles are written"
        _report_early(report_file, message)
        raise fail(message, 1) from None
    progress.close()
    if report_file:
        write_report(report_file, report.to_json())
    if not quiet:
        counts = report.counts()
        typer.echo(
            f"translated {counts['translated']}, unchanged {counts['unchanged']}, "
            f"skipped {counts['skipped']}, failed {counts['failed']} in {report.seconds:.1f} s",
            err=True,
        )
    raise typer.Exit(report.exit_code)  # 2 when a run-wide error stopped it


def _report_early(report_file: Path | None, message: str) -> None:
    """A run stopped before any article: the report still says so, as JSON."""
    from translate.pipeline import RunReport

    if report_file:
        report = RunReport(fatal=message)
        write_report(report_file, report.to_json())


@app.command("file")
def file_command(
    file: Annotated[Path, typer.Argument(help="One article file.")],
    config_file: ConfigOpt = None,
    translation_model: TranslationModelOpt = None,
    summary_model: SummaryModelOpt = None,
    no_summary: NoSummaryOpt = False,
    device: DeviceOpt = None,
    backend: BackendOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON record instead.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Translate one article and print it, then its bullets; writes no file."""
    from translate.engines import EngineError
    from translate.models import ModelUnavailable
    from translate.pipeline import RunReport, make_record, process
    from translate.reader import ArticleError, EmptyArticle, read_article
    from translate.session import ModelSession
    from translate.writer import render_text_and_summary

    config = build_config(config_file, translation_model, summary_model, no_summary, device, backend)
    setup_logging(quiet, level=logging.WARNING)
    if file.is_dir():
        raise fail(f"{file} is a folder; use `translate run {file}` for folders", 2)
    if not file.exists():
        raise fail(f"no such file: {file}", 2)
    try:
        article = read_article(file)
    except EmptyArticle as exc:
        typer.echo(f"warning: {exc}", err=True)
        raise typer.Exit(0)
    except ArticleError as exc:
        raise fail(str(exc), 1) from None
    session = ModelSession(config, config.runtime.device)
    import time

    started = time.monotonic()
    try:
        process([article], session, None, RunReport())
    except (ModelUnavailable, EngineError) as exc:
        raise fail(str(exc), 2) from None
    if as_json:
        record = make_record(article, session, time.monotonic() - started)
        typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        typer.echo(render_text_and_summary(article), nl=False)


@models_app.command("fetch")
def models_fetch(
    folder: Annotated[Optional[Path], typer.Option("--dir", help="Save as plain folders here (else the Hugging Face cache).")] = None,
    config_file: ConfigOpt = None,
    translation_model: TranslationModelOpt = None,
    summary_model: SummaryModelOpt = None,
    no_summary: NoSummaryOpt = False,
) -> None:
    """Download the configured models for offline use."""
    from translate.models import ModelRef, ModelUnavailable, download, fetch_folder

    config = build_config(config_file, translation_model, summary_model, no_summary, None, None)
    setup_logging(False)
    refs = [ModelRef(config.models.translation, config.models.translation_revision)]
    if config.summary.enabled:
        refs.append(ModelRef(config.models.summary, config.models.summary_revision))
    for ref in refs:
        if ref.is_local:
            typer.echo(f"{ref.name}: a local folder, nothing to fetch")
            continue
        try:
            path = download(ref, fetch_folder(folder, ref) if folder else None)
        except ModelUnavailable as exc:
            raise fail(str(exc), 1) from None
        typer.echo(f"{ref.name}@{ref.revision}: {path}")
        if folder:
            typer.echo(f"  use it with: --{'translation' if ref is refs[0] else 'summary'}-model {path}")


@app.command()
def status(
    out: Annotated[Optional[Path], typer.Argument(help="Output folder (default: the configured one).")] = None,
    runs: Annotated[int, typer.Option("--runs", min=1, help="How many recent runs to list.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
    config_file: ConfigOpt = None,
) -> None:
    """The last runs on an output folder and the articles that failed last time."""
    from dataclasses import asdict

    from translate.state import DB_NAME, STATE_DIR_NAME, StateError, StateStore

    folder = out or Path(build_config(config_file, None, None, False, None, None).output.dir)
    if not (folder / STATE_DIR_NAME / DB_NAME).is_file():
        raise fail(f"no translate state in {folder}: no run has written there yet", 2)
    setup_logging(False)
    try:
        with StateStore(folder) as store:
            recent, failures = store.recent_runs(runs), store.failures()
    except StateError as exc:
        raise fail(str(exc), 2) from None
    if as_json:
        data = {"runs": [asdict(r) for r in recent], "failed": [asdict(f) for f in failures]}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"last runs on {folder}:")
    for info in recent:
        duration = f"{info.seconds:.1f} s" if info.seconds is not None else "did not finish"
        counts = ", ".join(f"{k} {v}" for k, v in info.counts.items()) or "-"
        code = "-" if info.exit_code is None else str(info.exit_code)
        typer.echo(f"  #{info.run_id}  {info.started}  {duration:>14}  exit {code}  {counts}")
    typer.echo(f"failed last time: {len(failures)}")
    for article in failures:
        typer.echo(f"  {article.source}: {article.error}")


def version_callback(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Translate Dutch news articles into English and summarise them."""


def main() -> None:
    app()


@app.command("bench")
def bench_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
    beams: Annotated[int, typer.Option("--beams", help="Beam size (0: the model's own; 4 for opus-mt).")] = 0,
    rounds: Annotated[int, typer.Option("--rounds", help="Run every path this many times; keep the fastest.")] = 1,
    summary: Annotated[bool, typer.Option("--summary", help="Also time the summariser.")] = False,
    threads: Annotated[int, typer.Option("--threads", help="CPU threads (0: all cores).")] = 0,
    device: DeviceOpt = None,
    translation_dir: Annotated[Optional[Path], typer.Option("--translation-dir", hidden=True)] = None,
    summary_dir: Annotated[Optional[Path], typer.Option("--summary-dir", hidden=True)] = None,
) -> None:
    """Time the tool against plain transformers and bare CTranslate2 (random models, real shapes)."""
    from translate.bench import BenchError, format_table, measure_all, report

    try:
        measured = measure_all(
            translation_dir=translation_dir, summary_dir=summary_dir, beams=beams,
            threads=threads, device=device.value if device else "auto", summary=summary,
            rounds=rounds, progress=lambda path: typer.echo(f"running {path} ...", err=True),
        )
    except BenchError as exc:
        raise fail(str(exc), 1) from None
    data = report(**measured)
    typer.echo(json.dumps(data, indent=2) if as_json else format_table(data, measured["results"]))
