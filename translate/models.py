"""Find model folders: a local folder as given, or a hub id resolved through the HF cache.

A hub id is looked up in the local cache first (no network); only when it is missing is
the hub asked, with short time-outs, so an offline machine fails within seconds with one
message naming the model and both fixes.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("translate")

# Files a seq2seq model needs; the hub repos also hold TF/Flax/Rust weights we never load.
MODEL_FILES = ["*.json", "*.spm", "*.model", "*.txt", "*.safetensors"]
LEGACY_WEIGHTS = "pytorch_model.bin"


class ModelUnavailable(Exception):
    """The model is neither on disk nor downloadable; the message says how to fix it."""


@dataclass(frozen=True)
class ModelRef:
    """A model as the user named it: hub id (with revision) or local folder."""

    name: str
    revision: str

    @property
    def is_local(self) -> bool:
        return Path(self.name).expanduser().is_dir()

    def describe(self) -> dict[str, str | None]:
        if self.is_local:
            return {"id": str(Path(self.name).expanduser().resolve()), "revision": None}
        return {"id": self.name, "revision": self.revision}


def _unavailable(ref: ModelRef, reason: str) -> ModelUnavailable:
    return ModelUnavailable(
        f"model '{ref.name}' (revision {ref.revision}) is not on this machine and cannot be "
        f"downloaded ({reason}); fix: run `translate models fetch` on a connected machine "
        "(then copy the folder or cache here), or pass a local model folder with "
        "--translation-model / --summary-model"
    )


def _looks_like_path(name: str) -> bool:
    return name.startswith((".", "/", "~")) or name.count("/") > 1 or os.sep != "/" and os.sep in name


def _short_timeouts() -> None:
    # The hub client's defaults wait 10 s per request and retry; an offline machine
    # should hear "no" quickly. Users can still raise them through the environment.
    os.environ.setdefault("HF_HUB_ETAG_TIMEOUT", "5")
    os.environ.setdefault("HF_HUB_DOWNLOAD_TIMEOUT", "10")


def resolve(ref: ModelRef) -> Path:
    """The local folder holding `ref`, downloading it only if it is not cached yet."""
    path = Path(ref.name).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise ModelUnavailable(f"model folder {path} has no config.json: not a model folder")
        return path.resolve()
    if _looks_like_path(ref.name):
        raise ModelUnavailable(f"model folder not found: {ref.name}")
    _short_timeouts()
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        return Path(snapshot_download(ref.name, revision=ref.revision, local_files_only=True))
    except LocalEntryNotFoundError:
        pass
    except Exception as exc:  # a malformed id, a broken cache
        raise _unavailable(ref, _one_line(exc)) from None
    from huggingface_hub import constants

    if constants.HF_HUB_OFFLINE:
        raise _unavailable(ref, "HF_HUB_OFFLINE is set and it is not in the cache")
    log.info("downloading %s (revision %s)", ref.name, ref.revision)
    return download(ref, None)


def download(ref: ModelRef, folder: Path | None) -> Path:
    """Download `ref` into the HF cache, or into `folder` when given; returns its folder."""
    _short_timeouts()
    from huggingface_hub import HfApi, snapshot_download

    try:
        api = HfApi()
        files = api.list_repo_files(ref.name, revision=ref.revision)
        commit = api.model_info(ref.name, revision=ref.revision).sha
        if commit and commit != ref.revision:
            # "main" moves; the commit is what to pin in the config for reproducible runs.
            log.info("%s revision %s is commit %s (pin it in the config)", ref.name, ref.revision, commit)
        patterns = list(MODEL_FILES)
        if not any(f.endswith(".safetensors") for f in files):
            patterns.append(LEGACY_WEIGHTS)
        return Path(
            snapshot_download(
                ref.name, revision=ref.revision, allow_patterns=patterns,
                local_dir=str(folder) if folder else None,
            )
        )
    except Exception as exc:
        raise _unavailable(ref, _one_line(exc)) from None


def fetch_folder(base: Path, ref: ModelRef) -> Path:
    """Where `models fetch --dir` puts a model: a plain folder usable as --*-model."""
    return base / ref.name.replace("/", "--")


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".strip()
