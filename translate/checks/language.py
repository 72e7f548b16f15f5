"""py3langid's language identifier, loaded once per process, and fast.

py3langid ships its model as an LZMA-compressed npz (4.6 MB); decompressing it takes about
a third of a second on every start, as much as the rest of a one-sentence `translate file`
beyond the model itself. Its arrays are kept decompressed in the cache folder
(`<cache>/langid/<key>/`, one `.npy` file each, 68 MB, written once, atomically, keyed by
py3langid's version and its model file) and memory-mapped from there: the same arrays
py3langid's own loader (`py3langid.modelio.load_model`) reads, and a classification
touches only the pages it needs. When the cache cannot be written or read, or
the file is not laid out as expected, py3langid loads its model itself.

The Dutch-or-English identifier is a copy of the full one restricted to the two languages:
the model is loaded once for both.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import logging
import os
import secrets
from pathlib import Path

log = logging.getLogger("translate")

# The npz keys of py3langid's model file (`py3langid.modelio`).
_KEYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_TYPECODES = {2: "H", 4: "I", 8: "L"}
_COMPLETE = ".complete"


@functools.lru_cache(maxsize=1)
def identifier():
    """py3langid's identifier over all its languages, with normalised probabilities."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    source = MODEL_DIR / MODEL_FILE
    try:
        ptc, pc, classes, nextmove, row, output = _load(source)
    except Exception as exc:  # noqa: BLE001 - any trouble with the copy: py3langid's own way
        log.debug("language model from py3langid itself (%s)", exc)
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)


@functools.lru_cache(maxsize=1)
def dutch_or_english():
    """The same identifier choosing between Dutch and English only."""
    restricted = copy.copy(identifier())
    restricted.set_languages(["nl", "en"])
    return restricted


def cached_model(source: Path) -> Path:
    """The folder of py3langid's model arrays (from its file `source`), one `.npy` file
    each, made on first use."""
    from importlib.metadata import version

    from translate.files import cache_root

    stat = source.stat()
    key = hashlib.sha256(
        f"{version('py3langid')}|{source}|{stat.st_size}|{stat.st_mtime_ns}".encode()
    ).hexdigest()[:16]
    folder = cache_root() / "langid" / key
    if not (folder / _COMPLETE).is_file():
        _unpack(source, folder)
    return folder


def _unpack(source: Path, folder: Path) -> None:
    """Decompress py3langid's npz into `folder` (via a temporary folder: whole or absent)."""
    import lzma
    import shutil
    import tempfile

    import numpy as np

    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = folder.with_name(f".tmp-{folder.name}-{os.getpid()}-{secrets.token_hex(4)}")
    temp.mkdir()
    try:
        with tempfile.TemporaryFile(dir=temp) as npz:
            with lzma.open(source) as src:
                shutil.copyfileobj(src, npz, length=1 << 20)
            npz.seek(0)
            with np.load(npz, allow_pickle=False) as data:
                for key in _KEYS:
                    np.save(temp / f"{key}.npy", data[key], allow_pickle=False)
        (temp / _COMPLETE).write_text(str(source) + "\n", encoding="utf-8")
        try:
            temp.rename(folder)
        except OSError:  # another process unpacked it first: theirs is as good
            if not (folder / _COMPLETE).is_file():
                raise
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _load(source: Path):
    """The model's arrays as py3langid's `load_model` returns them, from the unpacked copy:
    memory-mapped, so a classification reads only the pages it touches."""
    import numpy as np

    folder = cached_model(source)
    ptc, pc, classes, nextmove, row, output = (
        np.load(folder / f"{key}.npy", mmap_mode="r", allow_pickle=False) for key in _KEYS)
    # The DFA tables as py3langid walks them (indexing gives Python ints): its loader
    # copies them into stdlib arrays; a memoryview of the mapped file is the same, uncopied.
    return (ptc, np.asarray(pc), classes.tolist(), _ints(nextmove), _ints(row),
            output.tolist())


def _ints(values):
    """An unsigned NumPy array as a sequence of Python ints, without copying it."""
    return memoryview(values).cast("B").cast(_TYPECODES[values.dtype.itemsize])
