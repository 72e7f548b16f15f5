"""`translate file`: one article (a file, a feed or standard input) in English now, on stdout."""

from __future__ import annotations

import json
import logging
import typer
from pathlib import Path
from typing import Annotated

from translate.cli.app import app, BackendOpt, build_config, _Command, ConfigOpt, DeviceOpt, examples, fail, NoSummaryOpt, QuietOpt, SummaryModelOpt, TranslationModelOpt
from translate.reporting.console import setup_logging
from translate.errors import EXIT_FAILED, EXIT_USAGE



@app.command("file", cls=_Command, epilog=examples(
    "translate file artikel.txt",
    "translate file - --json < artikel.txt    # from stdin; print the record"))
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
    from translate.run.one_article import make_record, process
    from translate.inputs.formats import read_input
    from translate.inputs.textfile import read_stdin
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
        article = read_stdin() if from_stdin else read_input(file, config)
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
    from translate.run.one_article import process_feed
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
