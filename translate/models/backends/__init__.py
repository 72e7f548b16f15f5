"""Backends: a Hugging Face seq2seq model folder run by torch or by CTranslate2.

- `base`: the `Engine` protocol every backend implements; device and thread choice.
- `torch_engine`: `TorchEngine`, transformers' `generate()`.
- `ct2_engine`: `CT2Engine`, CTranslate2's `translate_batch` on a converted copy.
- `ct2_cache`: the conversion, done once per model and cached.
- `loader`: `load_engine`, which picks the backend and falls back to torch.
"""

from translate.models.backends.base import Engine, Hypothesis, pick_device, split_threads, thread_count
from translate.models.backends.loader import FallbackEngine, load_engine

__all__ = ["Engine", "FallbackEngine", "Hypothesis", "load_engine", "pick_device", "split_threads",
           "thread_count"]
