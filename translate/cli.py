"""The command line: parse, build settings, call the library, print, exit with the right code.

No model logic lives here, and nothing heavy is imported at module level, so `--help`
answers at once. The tool's errors carry their exit code (`translate.errors`); they become
one `error:` line here, in one place (`_Group.main`).
"""

from __future__ import annotations

import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
import typer.core

from translate import __version__
from translate.config import Config, load_config
from translate.reporting.console import (
    BarProgress, LineProgress, error_text, say_summary, setup_logging, use_format,
)
from translate.errors import EXIT_FAILED, EXIT_USAGE, Interrupted, TranslateError, one_line

log = logging.getLogger("translate")


# The parser's own errors (a bad flag, a bad choice). Typer 0.2x vendors its own copy of
# click, so its exceptions are not `click`'s: take the class from the one Typer raises.
_PARSER_ERRORS = tuple({click.ClickException, *(
    cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "ClickException")})


class _Group(typer.core.TyperGroup):
    """Every error the tool or the parser meets ends as one `error:` line and its exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        use_format("text")  # until a command says otherwise (`run --log-format json`)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except (TranslateError, Interrupted) as exc:
            code = _error(str(exc), exc.exit_code)
        except _PARSER_ERRORS as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                typer.echo(exc.ctx.get_help(), err=True)
                code = EXIT_USAGE
            else:
                hint = f" (see `{exc.ctx.command_path} --help`)" if getattr(exc, "ctx", None) else ""
                code = _error(exc.format_message() + hint, exc.exit_code)
        except (click.exceptions.Abort, typer.Abort):
            code = _error("aborted", 130)
        except Exception as exc:  # noqa: BLE001 - a bug still ends in one clear line
            log.debug("unexpected error", exc_info=True)
            code = _error(f"unexpected {type(exc).__name__}: {one_line(exc)}", EXIT_FAILED)
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


class _Command(typer.core.TyperCommand):
    """Help that reads like a normal command line: `PATH...` in the usage line, no type
    labels such as `<list[Path]>` after an argument whose metavar already says it."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if isinstance(param, typer.core.TyperArgument) and param.metavar:
                metavar = param.metavar
                param.display_type_rich = lambda ctx: None
                param._usage_display_name = lambda metavar=metavar: metavar
        return params


def _error(message: str, code: int) -> int:
    typer.echo(error_text(message), err=True)
    return code


app = typer.Typer(
    cls=_Group, help="Translate Dutch news articles into English and summarise them.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
models_app = typer.Typer(help="Manage the translation and summary models.", no_args_is_help=True,
                         rich_markup_mode=None)
app.add_typer(models_app, name="models")


class Device(str, Enum):
    auto = "auto"
    cpu = "cpu"
    cuda = "cuda"


class Executor(str, Enum):
    local = "local"
    ray = "ray"


class LogFormat(str, Enum):
    text = "text"
    json = "json"


class Backend(str, Enum):
    auto = "auto"
    torch = "torch"
    ctranslate2 = "ctranslate2"


ConfigOpt = Annotated[Optional[Path], typer.Option(
    "--config", metavar="FILE", help="TOML settings file (see configs/default.toml).")]
TranslationModelOpt = Annotated[Optional[str], typer.Option(
    "--translation-model", metavar="ID|DIR", help="Hugging Face model id or local folder.")]
SummaryModelOpt = Annotated[Optional[str], typer.Option(
    "--summary-model", metavar="ID|DIR", help="Hugging Face model id or local folder.")]
NoSummaryOpt = Annotated[bool, typer.Option("--no-summary", help="Translate only.")]
DeviceOpt = Annotated[Optional[Device], typer.Option(
    "--device", metavar="auto|cpu|cuda", help="Where models run (default: auto).")]
BackendOpt = Annotated[Optional[Backend], typer.Option(
    "--backend", metavar="auto|torch|ctranslate2",
    help="Inference backend of both models (default: auto).")]
LogFormatOpt = Annotated[Optional[LogFormat], typer.Option(
    "--log-format", metavar="text|json",
    help="Log lines for people (text, default) or one JSON object per line (json).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")]


def fail(message: str, code: int) -> typer.Exit:
    typer.echo(error_text(message), err=True)
    return typer.Exit(code)


def build_config(config_file: Path | None, translation_model: str | None,
                 summary_model: str | None, no_summary: bool, device: Device | None,
                 backend: Backend | None) -> Config:
    """Settings from the file (or the defaults), with command-line flags on top."""
    config = load_config(config_file)
    if translation_model:
        config.models.translation = translation_model
    if summary_model:
        config.models.summary = summary_model
    if no_summary:
        config.summary.enabled = False
    if device:
        config.runtime.device = device.value
    if backend:
        config.translation.backend = config.summary.backend = backend.value
    return config


RUN_HELP = """Translate and summarise every article under PATHS; unchanged ones are left alone.

Outputs go to --out DIR (default: the configured output folder, `outputs/`), mirroring each
article's path below the folder it was found in; --alongside writes them next to each article.

Exit codes: 0 nothing failed; 1 at least one article failed (all others are written);
2 usage, config or run-wide error such as a missing model (the run is aborted, no article
counted as failed); 3 another run holds the lock on the output folder; 130 / 143
interrupted by SIGINT / SIGTERM (finished articles are written, the rest left for the next run).
"""


@app.command(cls=_Command, help=RUN_HELP)
def run(
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH...", help="Article files, feeds (.jsonl, or a .json array) or folders (searched recursively).", show_default=False)],
    out: Annotated[Optional[Path], typer.Option(
        "--out", metavar="DIR", help="Output folder (mirrors the input tree).")] = None,
    alongside: Annotated[bool, typer.Option("--alongside", help="Write outputs next to each article.")] = False,
    config_file: ConfigOpt = None,
    translation_model: TranslationModelOpt = None,
    summary_model: SummaryModelOpt = None,
    no_summary: NoSummaryOpt = False,
    force: Annotated[bool, typer.Option("--force", help="Redo every article, even unchanged ones.")] = False,
    device: DeviceOpt = None,
    backend: BackendOpt = None,
    report_file: Annotated[Optional[Path], typer.Option(
        "--report", metavar="FILE", help="Write the run report as JSON.")] = None,
    html_file: Annotated[Optional[Path], typer.Option(
        "--html", metavar="FILE", help="Write the run's review page (self-contained HTML).")] = None,
    executor: Annotated[Optional[Executor], typer.Option(
        "--executor", metavar="local|ray",
        help="Where the model work runs (default: local; ray needs translate[ray]).")] = None,
    ray_address: Annotated[Optional[str], typer.Option(
        "--ray-address", metavar="ADDR",
        help="Head of an existing Ray cluster (host:port); default: start a local Ray.")] = None,
    metrics_file: Annotated[Optional[Path], typer.Option(
        "--metrics", metavar="FILE.prom",
        help="Write the run's Prometheus metrics (textfile collector format).")] = None,
    log_format: LogFormatOpt = None,
    quiet: QuietOpt = False,
) -> None:
    from translate.run.pipeline import RunRequest, run as run_pipeline
    from translate.run.report import RunReport
    from translate.run.stopping import StopSignals

    as_json = (log_format or LogFormat.text) is LogFormat.json
    use_format("json" if as_json else "text")  # from the first error line on
    if out is not None and alongside:
        raise fail("--out and --alongside cannot be used together", EXIT_USAGE)
    config = build_config(config_file, translation_model, summary_model, no_summary, device, backend)
    if executor:
        config.runtime.executor = executor.value
    if ray_address:
        config.runtime.ray_address = ray_address
    out_dir = None if alongside else (out or Path(config.output.dir))
    progress = BarProgress() if (sys.stderr.isatty() and not quiet and not as_json) else LineProgress()
    setup_logging(quiet, getattr(progress, "console", None), log_format="json" if as_json else "text")
    request = RunRequest(paths=paths, config=config, out_dir=out_dir, force=force,
                         device=config.runtime.device)
    outputs = RunOutputs(report_file, html_file, metrics_file or _config_path(config.output.metrics))
    # One signal handling for the run and its report: a signal once the work is over
    # (the run holds it from then on) cannot cut the report short or change the exit code.
    with StopSignals() as stop:
        try:
            report = run_pipeline(request, progress, stop=stop)
        except Interrupted as exc:
            # A signal before any article was planned (listing the inputs, taking the lock).
            stop.hold()
            report = RunReport(interrupted=exc.signum)
        except TranslateError as exc:
            # Stopped before any article (a bad path, the lock, the state): the report says so.
            stop.hold()
            outputs.write(RunReport(fatal=str(exc)), exc.exit_code)
            raise
        finally:
            progress.close()
        outputs.write(report)
        if not quiet or report.exit_code:
            say_summary(report)
    raise typer.Exit(report.exit_code)


def _config_path(value: str) -> Path | None:
    return Path(value) if value else None


class RunOutputs:
    """The files a run writes about itself, on every path that ends it: the report, the
    review page, the metrics. Failing to write one is one error line, never another exit code."""

    def __init__(self, report: Path | None, html: Path | None, metrics: Path | None) -> None:
        self.report, self.html, self.metrics = report, html, metrics

    def write(self, report, exit_code: int | None = None) -> None:
        if self.report:
            data = report.to_json()
            write_report(self.report, data if exit_code is None else data | {"exit_code": exit_code})
        if self.html:
            write_html(self.html, report, exit_code)
        if self.metrics:
            write_metrics(self.metrics, report, exit_code)


def write_metrics(path: Path, report, exit_code: int | None = None) -> None:
    from translate.reporting.metrics import write_metrics as write

    try:
        write(path, report, exit_code)
    except OSError as exc:
        typer.echo(error_text(f"cannot write metrics {path}: {exc.strerror or exc}"), err=True)


def write_report(path: Path, data: dict) -> None:
    from translate.run.writer import write_atomic

    try:
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    except OSError as exc:
        typer.echo(error_text(f"cannot write report {path}: {exc.strerror or exc}"), err=True)


def write_html(path: Path, report, exit_code: int | None = None) -> None:
    """The review page at the end of a run; failing to write it does not change the exit code."""
    from translate.reporting.review import run_page

    try:
        run_page(report, path, exit_code)
    except OSError as exc:
        typer.echo(error_text(f"cannot write review page {path}: {exc.strerror or exc}"), err=True)


@app.command("file", cls=_Command)
def file_command(
    file: Annotated[Path, typer.Argument(
        metavar="FILE", help="One article file; - reads it from standard input.", show_default=False)],
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
    import time

    from translate.errors import EmptyArticle, NotDutch
    from translate.run.pipeline import make_record, process
    from translate.inputs.textfile import read_article, read_stdin
    from translate.run.session import ModelSession
    from translate.run.writer import render_quality, render_text_and_summary

    config = build_config(config_file, translation_model, summary_model, no_summary, device, backend)
    setup_logging(quiet, level=logging.WARNING)
    from_stdin = str(file) == "-"
    if not from_stdin and file.is_dir():
        raise fail(f"{file} is a folder; use `translate run {file}` for folders", EXIT_USAGE)
    if not from_stdin and not file.exists():
        raise fail(f"no such file: {file}", EXIT_USAGE)
    from translate.inputs.feed import is_feed

    if is_feed(file):
        raise typer.Exit(_file_feed(file, config, as_json, quiet))
    try:
        article = read_stdin() if from_stdin else read_article(file)
    except EmptyArticle as exc:
        typer.echo(f"warning: {exc}", err=True)
        raise typer.Exit(0)
    session = ModelSession(config, config.runtime.device)
    session.load_ahead()  # the models load while the article is checked and segmented
    started = time.monotonic()
    try:
        process([article], session)
    except NotDutch as exc:
        typer.echo(f"warning: {exc}", err=True)
        raise typer.Exit(0)
    if as_json:
        record = make_record(article, session, time.monotonic() - started)
        typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        typer.echo(render_text_and_summary(article, marked=True), nl=False)
        if not quiet:
            typer.echo(render_quality(article), err=True)


def _file_feed(file: Path, config, as_json: bool, quiet: bool) -> int:
    """`translate file FEED`: each article's output line (`--json`), or its English and
    bullets under its name; a line that is no article is one warning. The exit code."""
    from translate.errors import ArticleError
    from translate.inputs.feed import feed_key
    from translate.run.pipeline import process_feed
    from translate.run.session import ModelSession
    from translate.run.writer import render_text_and_summary

    session = ModelSession(config, config.runtime.device)
    session.prepare()
    failed = 0
    try:
        for entry, article, line in process_feed(file, session):
            if line is None:
                failed += entry.problem is not None
                typer.echo(f"{'error' if entry.problem else 'warning'}: "
                           f"{entry.problem or entry.skipped}", err=True)
            elif as_json:
                typer.echo(json.dumps(line, ensure_ascii=False))
            else:
                typer.echo(f"== {feed_key(file.name, entry.ident)} ==")
                typer.echo(render_text_and_summary(article, marked=True))
    except ArticleError as exc:
        raise fail(str(exc), EXIT_FAILED) from None
    return EXIT_FAILED if failed else 0


@models_app.command("fetch")
def models_fetch(
    folder: Annotated[Optional[Path], typer.Option(
        "--dir", metavar="DIR", help="Save as plain folders here (else the Hugging Face cache).")] = None,
    config_file: ConfigOpt = None,
    translation_model: TranslationModelOpt = None,
    summary_model: SummaryModelOpt = None,
    no_summary: NoSummaryOpt = False,
) -> None:
    """Download the configured models for offline use."""
    from translate.models.hub import ModelRef, download, fetch_folder

    config = build_config(config_file, translation_model, summary_model, no_summary, None, None)
    setup_logging(False)
    refs = [ModelRef(config.models.translation, config.models.translation_revision)]
    if config.summary.enabled:
        refs.append(ModelRef(config.models.summary, config.models.summary_revision))
    for ref in refs:
        if ref.is_local:
            typer.echo(f"{ref.name}: a local folder, nothing to fetch")
            continue
        path = download(ref, fetch_folder(folder, ref) if folder else None)
        typer.echo(f"{ref.name}@{ref.revision}: {path}")
        if folder:
            typer.echo(f"  use it with: --{'translation' if ref is refs[0] else 'summary'}-model {path}")


@models_app.command("check")
def models_check(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
    config_file: ConfigOpt = None,
    translation_model: TranslationModelOpt = None,
    summary_model: SummaryModelOpt = None,
    no_summary: NoSummaryOpt = False,
    device: DeviceOpt = None,
    backend: BackendOpt = None,
) -> None:
    """Self-test of the configured models on this machine: a built-in set of Dutch news
    sentences and one article through them; scores, checks, a verdict against documented
    thresholds. Exit 0: passed; 1: a threshold missed (each one named); 2: no model."""
    from translate.reporting.selftest import check_models

    config = build_config(config_file, translation_model, summary_model, no_summary, device, backend)
    setup_logging(False, level=logging.WARNING)
    result = check_models(config, config.runtime.device)
    typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2) if as_json
               else result.render(), nl=as_json)
    raise typer.Exit(result.exit_code)


@app.command(cls=_Command)
def status(
    out: Annotated[Optional[Path], typer.Argument(
        metavar="[OUT]", help="Output folder (default: the configured one).", show_default=False)] = None,
    runs: Annotated[int, typer.Option("--runs", min=1, metavar="N", help="How many recent runs to list.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
    config_file: ConfigOpt = None,
) -> None:
    """The last runs on an output folder, the articles that failed last time, and last
    night's flagged articles with their worst sentence."""
    from dataclasses import asdict

    from translate.run.state import DB_NAME, STATE_DIR_NAME, StateStore

    folder = out or Path(build_config(config_file, None, None, False, None, None).output.dir)
    if not (folder / STATE_DIR_NAME / DB_NAME).is_file():
        raise fail(f"no translate state in {folder}: no run has written there yet", EXIT_USAGE)
    setup_logging(False)
    with StateStore(folder) as store:
        recent, failures, flagged = store.recent_runs(runs), store.failures(), store.flagged()
    if as_json:
        data = {"runs": [asdict(r) for r in recent], "failed": [asdict(f) for f in failures],
                "flagged": [asdict(f) for f in flagged]}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"last runs on {folder}:")
    for info in recent:
        duration = f"{info.seconds:.1f} s" if info.seconds is not None else "did not finish"
        counts = ", ".join(f"{k} {v}" for k, v in info.counts.items()) or "-"
        code = "-" if info.exit_code is None else str(info.exit_code)
        typer.echo(f"  #{info.run_id}  {info.started}  {duration:>14}  exit {code}  {counts}")
        if info.fatal:
            typer.echo(f"      aborted: {info.fatal}")
    typer.echo(f"failed last time: {len(failures)}")
    for article in failures:
        typer.echo(f"  {article.source}: {article.error}")
    typer.echo(f"flagged last time: {len(flagged)}")
    for item in flagged:
        typer.echo(f"  {item.source}: {', '.join(item.flags)}")
        if item.worst:
            worst = item.worst
            typer.echo(f"      worst sentence (score {worst['score']}, "
                       f"{', '.join(worst['flags']) or 'no sentence flags'}):")
            typer.echo(f"        nl: {worst['nl']}")
            typer.echo(f"        en: {worst['en']}")
            bullet = worst.get("bullet")
            if isinstance(bullet, dict):
                typer.echo(f"      bullet ({', '.join(bullet.get('flags') or [])}): "
                           f"{bullet.get('bullet')}")


@app.command("report", cls=_Command)
def report_command(
    out: Annotated[Optional[Path], typer.Argument(
        metavar="[OUT]", help="Output folder (default: the configured one).", show_default=False)] = None,
    run_id: Annotated[Optional[int], typer.Option(
        "--run", min=1, metavar="N", help="Which run (default: the last one).")] = None,
    page: Annotated[Optional[Path], typer.Option(
        "--out", metavar="FILE", help="Where to write the page (default: OUT/run-N.html).")] = None,
    config_file: ConfigOpt = None,
) -> None:
    """Write one self-contained HTML page of a run: counts, failures, and every article it
    translated, flagged first, Dutch and English side by side."""
    from translate.reporting.review import report_page

    folder = out or Path(build_config(config_file, None, None, False, None, None).output.dir)
    setup_logging(False)
    try:
        written = report_page(folder, run_id, page)
    except OSError as exc:
        raise fail(f"cannot write {page or folder}: {exc.strerror or exc}", EXIT_USAGE) from None
    typer.echo(str(written))


@app.command("eval", cls=_Command)
def eval_command(
    refs: Annotated[Path, typer.Argument(
        metavar="REFS.tsv", help="Reference pairs, one `Dutch<TAB>English` per line.",
        show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
    hyps: Annotated[Optional[Path], typer.Option(
        "--hyps", metavar="FILE", help="Write the translations here, one per line.")] = None,
    config_file: ConfigOpt = None,
    translation_model: TranslationModelOpt = None,
    device: DeviceOpt = None,
    backend: BackendOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Translate the Dutch column of REFS.tsv with the configured model and backend and
    score it against the English column: sacrebleu BLEU and chrF (with signatures), the
    mean score per sentence and the quality flag counts."""
    from translate.reporting.evaluate import evaluate_file

    config = build_config(config_file, translation_model, None, True, device, backend)
    setup_logging(quiet, level=logging.WARNING)
    result = evaluate_file(refs, config, hyps)
    typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2) if as_json
               else result.render(), nl=as_json)


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
    rounds: Annotated[int, typer.Option("--rounds", help="Interleaved rounds of all paths (A B C A B C ...); medians are reported.")] = 3,
    summary: Annotated[bool, typer.Option("--summary", help="Also time the summariser.")] = False,
    end_to_end: Annotated[bool, typer.Option("--end-to-end", help="Whole articles, both models (translate, then summarise) instead of translation only.")] = False,
    hypotheses: Annotated[bool, typer.Option("--hypotheses", help="Also time the tool with the choice among the n best hypotheses and with num_hypotheses = 1.")] = False,
    threads: Annotated[int, typer.Option("--threads", help="CPU threads (0: all cores).")] = 0,
    device: DeviceOpt = None,
    translation_dir: Annotated[Optional[Path], typer.Option("--translation-dir", hidden=True)] = None,
    summary_dir: Annotated[Optional[Path], typer.Option("--summary-dir", hidden=True)] = None,
) -> None:
    """Time the tool against plain transformers and bare CTranslate2 (random models, real shapes)."""
    from translate.bench.runner import BenchError, measure_all
    from translate.bench.table import format_table, report

    try:
        measured = measure_all(
            translation_dir=translation_dir, summary_dir=summary_dir, beams=beams,
            threads=threads, device=device.value if device else "auto", summary=summary,
            end_to_end=end_to_end, hypotheses=hypotheses, rounds=rounds, progress=lambda path: typer.echo(f"running {path} ...", err=True),
        )
    except BenchError as exc:
        raise fail(str(exc), EXIT_FAILED) from None
    data = report(**measured)
    typer.echo(json.dumps(data, indent=2) if as_json else format_table(data, measured["results"]))
