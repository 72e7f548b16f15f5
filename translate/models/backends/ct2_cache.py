"""The CTranslate2 conversion cache: a Hugging Face folder converted once, reused after.

Conversion (`TransformersConverter`) runs once per model, quantisation and CTranslate2
version and is cached under the user's cache folder (`cache_root() / "ct2"`). It is
written to a temporary folder and renamed into place, so an interrupted conversion never
leaves an entry that looks complete; an entry whose files do not match its manifest is
removed and converted again.

The conversion runs in a child process: a SIGINT or SIGTERM to the run stops it at once
(the child is killed, its temporary folder removed) even in the middle of a long call
into torch or numpy, which a signal handler in this process would have to wait out; and
the torch copy of the model the converter loads is gone when the child ends.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from translate.files import cache_root
from translate.errors import Interrupted
from translate.models.hf import no_progress_bars

log = logging.getLogger("translate")

MANIFEST = "translate-ct2.json"
# How many conversions this process has run (tests check that a cached entry is reused).
conversions = 0



def resolve_compute_type(compute_type: str, device: str) -> str:
    """`auto` -> int8 on CPU, float16 on CUDA; anything else is passed through."""
    if compute_type != "auto":
        return compute_type
    return "float16" if device == "cuda" else "int8"


def _folder_signature(folder: Path) -> list[list[Any]]:
    """Name, size and mtime of every file of the model folder (symlinks followed)."""
    entries = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        stat = path.stat()
        entries.append([path.name, stat.st_size, stat.st_mtime_ns])
    return entries


def entry_key(folder: Path, quantization: str, model_key: str | None = None) -> str:
    """The cache key of `folder` converted with `quantization` by this CTranslate2."""
    import ctranslate2

    folder = Path(folder).resolve()
    data = {
        "model": model_key or str(folder),
        "files": _folder_signature(folder),
        "quantization": quantization,
        "ctranslate2": ctranslate2.__version__,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:24]


def is_converted(folder: Path, quantization: str, model_key: str | None = None) -> bool:
    """Whether the cache already holds a complete conversion of `folder` (nothing to run)."""
    try:
        entry = cache_root() / "ct2" / entry_key(folder, quantization, model_key)
    except (ImportError, OSError):
        return False
    return entry_is_complete(entry)


def entry_is_complete(entry: Path) -> bool:
    """True when `entry` holds every file its manifest lists, at the recorded size."""
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
        if "model.bin" not in files:
            return False
        return all((entry / name).stat().st_size == size for name, size in files.items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_temps(root: Path) -> None:
    """Temporary folders of conversions whose process is gone (killed mid-conversion)."""
    for path in root.glob(".tmp-*"):
        try:
            pid = int(path.name.split("-")[2])
        except (IndexError, ValueError):
            continue
        if pid != os.getpid() and not _pid_alive(pid):
            shutil.rmtree(path, ignore_errors=True)


def _sync(folder: Path) -> None:
    """Flush the folder's files to disk before it is renamed into place."""
    for path in folder.iterdir():
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())


def _discard(entry: Path) -> None:
    """Move a broken entry out of the way (atomically), then delete it."""
    trash = entry.with_name(f".tmp-broken-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        entry.rename(trash)
    except FileNotFoundError:
        return
    shutil.rmtree(trash, ignore_errors=True)


def _converter(folder: Path):
    from ctranslate2.converters import TransformersConverter

    class Converter(TransformersConverter):
        def load_model(self, model_class, model_name_or_path, **kwargs):
            model = super().load_model(model_class, model_name_or_path, **kwargs)
            config = model.config
            # The BART loader reads `normalize_before`, which transformers 5 no longer
            # defines; hub configs saved by transformers 3 carry it, newer ones do not.
            # BART is post-norm.
            if config.model_type == "bart" and not hasattr(config, "normalize_before"):
                config.normalize_before = False
            return model

    return Converter(str(folder))


def convert(folder: Path, out: Path, quantization: str) -> None:
    """Convert the Hugging Face model in `folder` into `out` (which must not exist), in a
    child process; RuntimeError with the converter's last words when it fails. A signal
    (`Interrupted`) kills the child before it is passed on."""
    global conversions

    # The child imports this very package, wherever this process found it.
    package_parent = str(Path(__file__).resolve().parents[3])
    path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH")) if p)
    command = [sys.executable, "-c", "from translate.models.backends.ct2_cache import _child; _child()",
               str(folder), str(out), quantization, str(os.getpid())]
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": path},
                             start_new_session=True)   # Ctrl-C reaches this process only
    try:
        _, stderr = child.communicate()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    if child.returncode != 0:
        lines = stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[-1] if lines else (
            f"killed by {signal.Signals(-child.returncode).name}" if child.returncode < 0
            else f"exit status {child.returncode}")
        raise RuntimeError(f"conversion failed: {reason}")
    conversions += 1


def _child() -> None:
    """The conversion process: `FOLDER OUT QUANTIZATION PARENT_PID` on its command line."""
    folder, out, quantization, parent = sys.argv[1:5]
    # The parent decides about signals and kills this process; if the parent itself is
    # killed (SIGKILL), this one stops too rather than convert for no one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == int(parent):
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    try:
        with no_progress_bars():
            _converter(Path(folder)).convert(out, quantization=quantization)
    except Exception as exc:  # noqa: BLE001 - said to the parent in one line
        lines = str(exc).strip().splitlines()
        print(f"{type(exc).__name__}: {lines[0] if lines else ''}", file=sys.stderr)
        sys.exit(1)


def _remove(folder: Path) -> None:
    """Remove `folder` even when a second signal arrives meanwhile (then passed on after)."""
    caught: BaseException | None = None
    for _ in range(5):
        try:
            shutil.rmtree(folder, ignore_errors=True)
            break
        except (Interrupted, KeyboardInterrupt) as exc:
            caught = caught or exc
    if caught is not None:
        raise caught


def ensure_converted(folder: Path, quantization: str, model_key: str | None = None,
                     *, rebuild: bool = False) -> Path:
    """The cached CTranslate2 conversion of `folder`, converting it first if needed."""
    import ctranslate2

    folder = Path(folder).resolve()
    root = cache_root() / "ct2"
    key = entry_key(folder, quantization, model_key)
    entry = root / key
    if entry.exists():
        if not rebuild and entry_is_complete(entry):
            return entry
        log.warning("CTranslate2 cache entry %s is incomplete; converting again", entry)
        _discard(entry)
    root.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(root)
    # .tmp-<key>-<pid>-<random>: _remove_stale_temps reads the pid back.
    temp = root / f".tmp-{key[:8]}-{os.getpid()}-{secrets.token_hex(4)}"
    log.info("converting %s for CTranslate2 (%s; once, cached in %s)", folder, quantization, entry)
    try:
        convert(folder, temp, quantization)
        files = {p.name: p.stat().st_size for p in temp.iterdir() if p.is_file()}
        manifest = {
            "source": str(folder), "model_key": model_key, "quantization": quantization,
            "ctranslate2": ctranslate2.__version__, "files": files,
        }
        (temp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        _sync(temp)
        try:
            temp.rename(entry)
        except OSError:
            # Another process finished the same conversion first: use theirs.
            if not entry_is_complete(entry):
                raise
    finally:
        _remove(temp)
    return entry


