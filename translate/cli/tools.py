"""`translate models fetch`, `translate models check` and `translate bench`: the models on this
machine, and how fast each path runs here."""

from __future__ import annotations

import json
import logging
import typer
from pathlib import Path
from typing import Annotated, Optional

from translate.cli.app import app, BackendOpt, build_config, ConfigOpt, DeviceOpt, examples, fail, models_app, NoSummaryOpt, SummaryModelOpt, TranslationModelOpt
from translate.reporting.console import setup_logging
from translate.errors import EXIT_FAILED



@models_app.command("fetch", epilog=examples(
    "translate models fetch                 # into the Hugging Face cache",
    "translate models fetch --dir models/   # as plain folders"))
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


@models_app.command("check", epilog=examples(
    "translate models check --config /etc/translate/config.toml",
    "translate models check --backend torch --json"))
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


@app.command("bench", epilog=examples(
    "translate bench                        # translation only",
    "translate bench --end-to-end --json    # whole articles, both models"))
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
