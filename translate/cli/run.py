"""`translate run`: the nightly batch, and the files it leaves beside its last line (--report,
--metrics, --html)."""

from __future__ import annotations

import json
import sys
import typer
from pathlib import Path
from typing import Annotated, Optional

from translate.cli.app import app, BackendOpt, build_config, _Command, ConfigOpt, DeviceOpt, examples, Executor, fail, LogFormat, LogFormatOpt, NoSummaryOpt, QuietOpt, SummaryModelOpt, TranslationModelOpt
from translate.reporting.console import BarProgress, error_text, LineProgress, say_summary, setup_logging, use_format
from translate.errors import EXIT_USAGE, Interrupted, TranslateError


RUN_HELP = """Translate and summarise every article under PATHS; unchanged ones are left alone.

Outputs go to --out DIR (default: the configured output folder, `outputs/`), mirroring each
article's path below the folder it was found in; --alongside writes them next to each article.

Exit codes: 0 nothing failed; 1 at least one article failed (all others are written);
2 usage, config or run-wide error such as a missing model (the run is aborted, no article
counted as failed); 3 another run holds the lock on the output folder; 130 / 143
interrupted by SIGINT / SIGTERM (finished articles are written, the rest left for the next run).
"""


@app.command(cls=_Command, help=RUN_HELP, epilog=examples(
    "translate run /srv/news/nl --out /srv/news/en --report run.json",
    "translate run artikelen/ --alongside --no-summary --html night.html"))
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
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="Replace files translate did not write where an output goes "
                            "(by default such an article fails and the file is left as it is).")] = False,
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
    from translate.run.context import RunRequest
    from translate.run.pipeline import run as run_pipeline
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
                         device=config.runtime.device, overwrite=overwrite)
    outputs = RunOutputs(report_file, html_file, metrics_file or _config_path(config.output.metrics))
    # One signal handling for the run and its report: a signal once the work is over
    # (the run holds it from then on) cannot cut the report short or change the exit code.
    with StopSignals() as stop:
        try:
            report = run_pipeline(request, progress, stop=stop)
        except Interrupted as exc:
            # A signal while the inputs were being listed: how many were left is not known.
            stop.hold()
            report = RunReport(interrupted=exc.signum, pending=None)
        except TranslateError as exc:
            # Stopped before any article (a bad path, the lock, the state): the report says
            # so; how many articles were left is not counted (`pending` null).
            stop.hold()
            outputs.write(RunReport(fatal=str(exc), pending=None), exc.exit_code)
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
