"""`translate status`, `translate report` and `translate eval`: what the runs did, the review page,
and the model scored against references."""

from __future__ import annotations

import json
import logging
import typer
from pathlib import Path
from typing import Annotated, Optional

from translate.cli.app import app, BackendOpt, build_config, _Command, ConfigOpt, DeviceOpt, examples, fail, QuietOpt, TranslationModelOpt
from translate.reporting.console import setup_logging
from translate.errors import EXIT_USAGE



@app.command(cls=_Command, epilog=examples(
    "translate status /srv/news/en",
    "translate status /srv/news/en --runs 10 --json"))
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


@app.command("report", cls=_Command, epilog=examples(
    "translate report /srv/news/en --out night.html   # the last run",
    "translate report /srv/news/en --run 12           # writes run-12.html there"))
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


@app.command("eval", cls=_Command, epilog=examples(
    "translate eval refs.tsv",
    "translate eval refs.tsv --backend torch --json --hyps torch.txt"))
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
