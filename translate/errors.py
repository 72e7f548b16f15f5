"""Every error the tool reports to its user, each carrying the exit code it means.

The command line maps them once (`cli.py`): one `error:` line, then `exit_code`. The
messages are one line and name the file, model or folder concerned.

Exit codes (the DESIGN.md contract):
  0  nothing failed            1  at least one article failed (the rest are written)
  2  usage, config, model or state error: the run was aborted, no article counted as failed
  3  another run holds the lock on the output folder
  130 / 143  interrupted by SIGINT / SIGTERM (finished articles are written)
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3


class TranslateError(Exception):
    """Base of the tool's own errors: a one-line message and the exit code it means."""

    exit_code = EXIT_USAGE


class UsageError(TranslateError):
    """Bad paths, an unwritable output folder: nothing was processed."""


class ConfigError(TranslateError):
    """A bad config file or value."""


class ModelUnavailable(TranslateError):
    """The model is neither on disk nor downloadable; the message says how to fix it."""


class HubUnreachable(ModelUnavailable):
    """The model hub cannot be reached from this machine (`translate models fetch`)."""


class EngineError(TranslateError):
    """A model folder that cannot be loaded on the asked backend or device."""


class StateError(TranslateError):
    """A state-database or lock problem the user has to act on."""


class StateDiskFull(StateError):
    """The state database cannot grow: its disk is full."""


class LockHeld(StateError):
    """Another live run holds the lock on this output folder."""

    exit_code = EXIT_LOCKED

    def __init__(self, folder: Path, pid: int, started: str, host: str) -> None:
        self.folder, self.pid, self.started, self.host = folder, pid, started, host
        if pid:
            message = (f"another translate run (pid {pid}, started {started} on {host}) "
                       f"holds the lock on {folder}")
        else:
            message = f"another translate run (pid unknown) holds the lock on {folder}"
        super().__init__(message)


class ArticleError(TranslateError):
    """A file that cannot be read as an article (the batch goes on without it)."""

    exit_code = EXIT_FAILED


class EmptyArticle(ArticleError):
    """A file with no text in it: skipped with a warning, not failed."""

    exit_code = EXIT_OK


class NotDutch(ArticleError):
    """An article in another language while `quality.non_dutch = "skip"`: skipped with a
    warning, not failed."""

    exit_code = EXIT_OK


class Interrupted(BaseException):
    """SIGINT or SIGTERM: the run stopped after its current write.

    Not an `Exception`, like KeyboardInterrupt: code that catches every failure to try
    something else (the CTranslate2 -> torch fallback, a library retrying a download) must
    never take a signal for a failure and carry on."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"interrupted by {signal.Signals(signum).name}")

    @property
    def exit_code(self) -> int:  # type: ignore[override]
        return 128 + self.signum


def quote(path: Path | str) -> str:
    """`path` as one double-quoted line (a JSON string), for messages.

    A newline, quote, control or other unprintable character in a file name (a line or
    paragraph separator, a byte that was not UTF-8) is escaped, so it can neither split the
    message nor fail to print; an ordinary name comes out as "name".
    """
    quoted = json.dumps(str(path), ensure_ascii=False)  # escapes quotes, backslashes and C0
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in quoted)


def _escape(ch: str) -> str:
    if ord(ch) > 0xFFFF:  # as JSON writes it: a surrogate pair
        units = ch.encode("utf-16-be")
        return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in (0, 2))
    return f"\\u{ord(ch):04x}"


def one_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type when it has none)."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
