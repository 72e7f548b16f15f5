"""translate: Dutch news articles into English translations and bullet summaries.

The Python API (docs/api.md):

- `NewsTranslator`: loads the models once; `translate_file`, `translate_text`, `run`.
- `Translation`: what `translate_file` / `translate_text` return.
- `RunReport`: what `run` returns (the JSON of `translate run --report`).
- `Config`, `load_config`: the settings (`configs/default.toml`).
- `TranslateError`: the base of every error the tool raises, with its exit code.

Nothing heavy is imported here (`translate --help` must not pull in torch): the names
above load on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "NewsTranslator": "translate.api",
    "Translation": "translate.api",
    "RunReport": "translate.run.report",
    "Config": "translate.config",
    "load_config": "translate.config",
    "TranslateError": "translate.errors",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'translate' has no attribute {name!r}")
