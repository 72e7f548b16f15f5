"""The models of one run: each resolved and loaded on first use, then reused.

Nothing is imported or loaded until a step needs it, so a run with nothing to do loads
no model at all and `models_loaded` stays empty.
"""

from __future__ import annotations

import logging
from typing import Any

from translate.config import Config
from translate.models import ModelRef, resolve

log = logging.getLogger("translate")


class ModelSession:
    def __init__(self, config: Config, device: str = "auto", force_length: bool = False) -> None:
        self.config = config
        self.requested_device = device
        self.force_length = force_length
        self.loaded: list[str] = []
        self._translator = None
        self._summarizer = None
        self._device: str | None = None

    @property
    def translation_ref(self) -> ModelRef:
        return ModelRef(self.config.models.translation, self.config.models.translation_revision)

    @property
    def summary_ref(self) -> ModelRef:
        return ModelRef(self.config.models.summary, self.config.models.summary_revision)

    def device(self) -> str:
        if self._device is None:
            from translate.engines import pick_device

            self._device = pick_device(self.requested_device)
        return self._device

    @property
    def translator(self):
        if self._translator is None:
            from translate.translator import Translator

            self._translator = self._load("translation", self.translation_ref, Translator,
                                          self.config.translation)
        return self._translator

    @property
    def summarizer(self):
        if self._summarizer is None:
            from translate.summarize import Summarizer

            self._summarizer = self._load("summary", self.summary_ref, Summarizer,
                                          self.config.summary)
        return self._summarizer

    def _load(self, role: str, ref: ModelRef, wrapper, settings):
        """Resolve `ref`, load it on the configured backend, wrap it; say what was chosen."""
        from translate.engines import load_engine

        folder = resolve(ref)
        engine = load_engine(
            folder, backend=self.config.translation.backend, device=self.device(),
            threads=self.config.runtime.threads, compute_type=self.config.translation.compute_type,
            model_key=f"{ref.name}@{ref.revision}",
        )
        loaded = wrapper(folder, engine, settings, self.force_length)
        self.loaded.append(ref.describe()["id"])
        log.info("%s model %s loaded (%s on %s)", role, ref.name, engine.name, engine.device)
        return loaded

    def current_backends(self) -> dict[str, str]:
        """The backend each loaded model runs on now (auto may have fallen back)."""
        engines = {"translation": self._translator, "summary": self._summarizer}
        return {role: wrapper.engine.name for role, wrapper in engines.items() if wrapper}

    def provenance(self) -> list[dict[str, Any]]:
        """Model id, revision and the options actually used, for each model of this run."""
        models = []
        if self._translator is not None:
            models.append({"role": "translation", **self.translation_ref.describe(),
                           **self._translator.options})
        if self._summarizer is not None:
            models.append({"role": "summary", **self.summary_ref.describe(),
                           **self._summarizer.options})
        return models
