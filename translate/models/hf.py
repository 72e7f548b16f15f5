"""What the tool reads from a Hugging Face model folder, and how it keeps transformers quiet.

Both backends, the translator and the summariser need the same few facts of a model folder
(its tokenizer, its position limit, its own generation settings); they are read here, and
only here, so no backend has to import another to get them.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def quiet_transformers() -> None:
    """Keep transformers' progress bars and advice off the user's terminal."""
    import warnings

    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")


@contextlib.contextmanager
def no_progress_bars() -> Iterator[None]:
    """Hide transformers' progress bars ("Loading weights", "Writing model shards") for a while."""
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def read_json(path: Path) -> dict[str, Any]:
    """A model folder's JSON file as a dict ({} when missing, unreadable or not an object)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def model_max_positions(folder: Path, fallback: int = 512) -> int:
    """`max_position_embeddings` of the model's `config.json` (read directly: transformers
    costs a second to import); transformers' `AutoConfig` answers for a config without it
    (its class default)."""
    config = read_json(Path(folder) / "config.json")
    if "max_position_embeddings" in config:
        return int(config["max_position_embeddings"] or fallback)
    from transformers import AutoConfig

    loaded = AutoConfig.from_pretrained(str(folder))
    return int(getattr(loaded, "max_position_embeddings", None) or fallback)


def generation_settings(folder: Path) -> dict[str, Any]:
    """The model's own generation settings, as transformers' `from_pretrained` sees them:
    `generation_config.json`, or for older checkpoints (distilbart-cnn) the same keys in
    `config.json`."""
    for name in ("generation_config.json", "config.json"):
        path = Path(folder) / name
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict):
                return data
    return {}


def default_num_beams(folder: Path) -> int:
    """The model's own beam size (1 when it sets none)."""
    try:
        return int(generation_settings(folder).get("num_beams") or 1)
    except (TypeError, ValueError):
        return 1
