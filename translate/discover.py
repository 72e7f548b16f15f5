"""Find the input articles under the PATHs given on the command line.

Each input keeps the root it was found under, so outputs can mirror its relative path.
The tool's own outputs, its state folder and temporary files are never taken as inputs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

OUTPUT_SUFFIXES = (".en.txt", ".summary.md", ".json")
STATE_DIR = ".translate"


class InputError(Exception):
    """A PATH that cannot be used (missing, unreadable); a usage error."""


@dataclass(frozen=True)
class InputFile:
    path: Path      # as found (absolute)
    root: Path      # the folder it was found under (for a file given directly: its folder)
    rel: Path       # path relative to root

    @property
    def key(self) -> str:
        """The article's identity in the state database."""
        return str(self.path)


def is_own_output(name: str) -> bool:
    return name.endswith(OUTPUT_SUFFIXES) or name.startswith(".")


def find_inputs(paths: list[Path], glob: str, exclude: list[Path] = ()) -> list[InputFile]:
    """All matching files under `paths`, sorted, without duplicates or the tool's own files.

    `exclude` holds folders never searched (the output folder, when it lies inside an input).
    """
    excluded = {p.resolve() for p in exclude}
    found: dict[Path, InputFile] = {}
    for given in paths:
        path = Path(given).expanduser()
        if not path.exists():
            raise InputError(f"no such file or folder: {given}")
        path = path.resolve()
        if path.is_file():
            found.setdefault(path, InputFile(path, path.parent, Path(path.name)))
            continue
        if not path.is_dir():
            raise InputError(f"not a file or folder: {given}")
        for folder, dirs, files in os.walk(path, onerror=None):
            here = Path(folder)
            # Prune hidden folders (our state folder among them) and excluded output folders.
            dirs[:] = sorted(
                d for d in dirs
                if not d.startswith(".") and (here / d).resolve() not in excluded
            )
            for name in sorted(files):
                if fnmatch(name, glob) and not is_own_output(name):
                    file = here / name
                    found.setdefault(file, InputFile(file, path, file.relative_to(path)))
    return sorted(found.values(), key=lambda f: (str(f.root), str(f.rel)))
