"""The command line: parse, build settings, call the library, print, exit with the right code.

No model logic lives here, and nothing heavy is imported at module level, so `--help`
answers at once. `app.py` holds the app and its error handling; each command is a module
that registers itself on it.
"""

from translate.cli.app import app, main
# Each command module registers its commands on `app`, in the order `--help` lists them.
from translate.cli import run, file, inspect, tools  # noqa: F401, E402  isort: skip

__all__ = ["app", "main"]
