"""The tool's own files on disk, as every stage needs to know them: the names of an input's
outputs, the state folder's name, whole-or-nothing writing (a temporary name in the final
folder, then a rename), whether a file is a record the tool wrote, and the cache folder where
the tool keeps what it builds once (converted models, dictionaries: `cache_root`).

It sits low, beside the settings, because discovery (which must leave the tool's outputs
out of its inputs) and the run (which writes them) both need the same answers."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

TEMP_MARK = ".tmp-"


# The tool's own files: never taken as inputs, even when written alongside them.
OUTPUT_SUFFIXES = (".en.txt", ".en.md", ".summary.md", ".json", ".en.jsonl")


def stem_of(rel: Path) -> str:
    """`a/b/news.txt` -> `news` (only the last suffix goes: `x.2018.txt` -> `x.2018`)."""
    return rel.stem if rel.suffix else rel.name


def temp_path(path: Path) -> Path:
    """The temporary name `path` is written under before it is renamed into place (hidden,
    marked: a killed run's are found and removed by `remove_stale_temps`)."""
    return path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}")


def fsync_dir(folder: Path) -> None:
    # The rename itself is durable only once the folder entry is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# Keys a record must have for its article to count as done (a rebuild needs them too).
REQUIRED_KEYS = ("source", "sha256", "paragraphs", "fingerprint", "translation_fingerprint")


def read_record(path: Path) -> dict[str, Any] | None:
    """The record at `path`, or None when it is missing or damaged in any way (not JSON,
    not an object, a required key missing): the article is then simply redone."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or any(key not in record for key in REQUIRED_KEYS):
        return None
    if not isinstance(record["paragraphs"], list):
        return None
    return record


# A record this large is no record of ours (the biggest articles give a few MB).
_RECORD_MAX_BYTES = 64 << 20


def record_source(path: Path) -> str | None:
    """The `source` a record of this tool at `path` names, or None when `path` is no such
    record (absent, not a regular file, not a JSON object with `source` and `sha256`).
    Opened without blocking: a named pipe there cannot hang the caller."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _RECORD_MAX_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            record = json.loads(handle.read())
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)
    if not isinstance(record, dict) or not isinstance(record.get("source"), str) \
            or not isinstance(record.get("sha256"), str):
        return None
    return record["source"]


STATE_DIR_NAME = ".translate"


def cache_root() -> Path:
    """`$TRANSLATE_CACHE`, else `$XDG_CACHE_HOME/translate`, else `~/.cache/translate`."""
    explicit = os.environ.get("TRANSLATE_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "translate"
