"""The command line's frame: the `translate` app, its shared options, and the one place where
every error becomes one `error:` line and its exit code. Each command lives in a module of its
own beside this one (`run.py`, `file.py`, `inspect.py`, `tools.py`).

No model logic lives here, and nothing heavy is imported at module level, so `--help`
answers at once. The tool's errors carry their exit code (`translate.errors`); they become
one `error:` line here, in one place (`_Group.main`).
"""

from __future__ import annotations

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
from translate.reporting.console import error_text, use_format
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


def examples(*lines: str) -> str:
    """The epilog that ends a command's `--help` (`\\b` keeps click from rewrapping it)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


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


