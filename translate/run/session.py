"""The models of one run: both resolved first, each loaded on first use, then reused.

`prepare()` finds both model folders (and the device) before either model loads, so a
missing summary model is reported in seconds, not after the translation model has loaded.
Nothing is imported or loaded until a step needs it, so a run with nothing to do loads
no model at all and `models_loaded` stays empty. `work()` does the model steps of groups of
articles here, one group at a time; `executors.ray_executor.RaySession` does them on Ray.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translate.config import Config, SummaryConfig, TranslationConfig
from translate.models.backends.base import Engine
from translate.models.hub import ModelRef, resolve_all

if TYPE_CHECKING:
    from translate.text.article import Article
    from translate.run.steps import GroupResult
    from translate.run.translation import SentenceMemory

log = logging.getLogger("translate")


class ModelSession:
    def __init__(self, config: Config, device: str = "auto",
                 on_status: Callable[[str], None] | None = None,
                 engine_wrapper: Callable[[Engine], Engine] | None = None) -> None:
        """`engine_wrapper`, when given, wraps each loaded engine (a seam for callers that
        need to watch or steer generation, such as `translate bench`)."""
        self.config = config
        self.requested_device = device
        self.engine_wrapper = engine_wrapper
        self.on_status = on_status or (lambda text: None)
        self.loaded: list[str] = []
        self._folders: dict[str, Path] | None = None
        self._models: dict[str, Any] = {}     # role -> Translator / Summarizer, as loaded
        self._device: str | None = None
        # One lock per role: a model asked for while `load_ahead` loads it waits for it,
        # not for the other model.
        self._locks = {"translation": threading.Lock(), "summary": threading.Lock()}
        self._ahead: threading.Thread | None = None

    @property
    def translation_ref(self) -> ModelRef:
        return ModelRef(self.config.models.translation, self.config.models.translation_revision)

    @property
    def summary_ref(self) -> ModelRef:
        return ModelRef(self.config.models.summary, self.config.models.summary_revision)

    def refs(self) -> dict[str, ModelRef]:
        """The models this run needs, by role."""
        refs = {"translation": self.translation_ref}
        if self.config.summary.enabled:
            refs["summary"] = self.summary_ref
        return refs

    def prepare(self) -> None:
        """Find every model folder and the device; raises ModelUnavailable / EngineError."""
        if self._folders is None:
            refs = self.refs()
            self._folders = dict(zip(refs, resolve_all(list(refs.values()))))
        self.device()

    def device(self) -> str:
        if self._device is None:
            from translate.models.backends import pick_device

            backends = [self.config.translation.backend]
            if self.config.summary.enabled:
                backends.append(self.config.summary.backend)
            self._device = pick_device(self.requested_device, backends)
        return self._device

    @property
    def translator(self):
        """The translation model (a `translator.Translator`), loaded on first use."""
        return self._model("translation")

    @property
    def summarizer(self):
        """The summary model (a `summarize.Summarizer`), loaded on first use."""
        return self._model("summary")

    def _model(self, role: str):
        with self._locks[role]:
            if role not in self._models:
                from translate.models.summarizer import Summarizer
                from translate.models.translator import Translator

                if role == "translation":
                    self._models[role] = self._load(role, self.translation_ref, Translator,
                                                    self.config.translation)
                else:
                    self._models[role] = self._load(role, self.summary_ref, Summarizer,
                                                    self.config.summary)
            return self._models[role]

    def load_ahead(self) -> None:
        """Start loading this session's models now, in the background, translation first:
        for one article (`translate file`), where loading is most of the wait. CTranslate2
        reads a model without holding Python's lock, so the translation model loads while
        the article is read, checked and segmented here, and the summary model while the
        first one translates. A model asked for before it is in waits for it; a load that
        fails there is tried again, and fails, where the model is asked for. A model still
        to be converted for CTranslate2 is left to load where it is asked for: a signal
        during a conversion is handled there (the conversion stopped, its folder removed)."""
        self.prepare()
        if self._ahead is None:
            self._ahead = threading.Thread(target=self._load_all, name="translate-load-ahead",
                                           daemon=True)
            self._ahead.start()

    def _load_all(self) -> None:
        for role in self.refs():
            if not self._ready(role):
                return
            try:
                self._model(role)
            except Exception:  # noqa: BLE001 - said where the model is asked for
                log.debug("loading the %s model ahead failed", role, exc_info=True)
                return

    def _ready(self, role: str) -> bool:
        """Whether `role`'s model loads without a CTranslate2 conversion first."""
        settings = self.config.translation if role == "translation" else self.config.summary
        if settings.backend == "torch":
            return True
        from translate.models.backends.ct2_cache import is_converted, resolve_compute_type

        ref = self.translation_ref if role == "translation" else self.summary_ref
        return is_converted(self._folder(role, ref),
                            resolve_compute_type(settings.compute_type, self.device()),
                            _model_key(ref))

    def _folder(self, role: str, ref: ModelRef) -> Path:
        self.prepare()
        folder = self._folders.get(role) if self._folders else None
        if folder is None:  # the summary model of a --no-summary session, asked for anyway
            folder = resolve_all([ref])[0]
        return folder

    def _load(self, role: str, ref: ModelRef, wrapper, settings: TranslationConfig | SummaryConfig):
        """Load `ref` on its backend, wrap it; say what is loading and what was chosen."""
        from translate.models.backends import load_engine

        folder = self._folder(role, ref)
        self.on_status(f"loading {role} model {ref.name}")
        log.info("loading %s model %s ...", role, ref.name)
        engine = load_engine(
            folder, backend=settings.backend, device=self.device(),
            threads=self.config.runtime.threads, compute_type=settings.compute_type,
            model_key=_model_key(ref),
        )
        if self.engine_wrapper is not None:
            engine = self.engine_wrapper(engine)
        loaded = wrapper(folder, engine, settings)
        self.loaded.append(ref.describe()["id"])
        log.info("%s model %s loaded (%s on %s)", role, ref.name, engine.name, engine.device)
        return loaded

    def work(self, groups: Iterable[tuple[list[tuple[Any, Article]], SentenceMemory | None]],
             on_batch: Callable[[list, int, int], None] | None = None) -> Iterator[GroupResult]:
        """The model steps of each group of (tag, segmented article) pairs, in this process,
        a group at a time, with its sentence memory; yields what came of each (a failed
        group's articles one by one). `on_batch(items, done, total)` hears of each batch of
        sentences translated."""
        from translate.run.steps import run_group

        for items, memory in groups:
            report = functools.partial(on_batch, items) if on_batch is not None else None
            yield from run_group(items, self, memory, report)

    def options(self) -> dict[str, dict[str, Any]]:
        """The options each loaded model runs with, by role."""
        return {role: model.options for role, model in self._models.items()}

    def current_backends(self) -> dict[str, str]:
        """The backend each loaded model runs on now (auto may have fallen back)."""
        return {role: model.engine.name for role, model in self._models.items()}

    def placement(self) -> dict[str, int] | None:
        """Articles whose model work each node did (an executor with nodes); None here."""
        return None

    def placement_line(self) -> str:
        return ""

    def provenance(self) -> list[dict[str, Any]]:
        """Model id, revision and the options actually used, for each model of this run."""
        refs = {"translation": self.translation_ref, "summary": self.summary_ref}
        executor = self.config.runtime.executor
        options = self.options()
        return [{"role": role, **refs[role].describe(), **options[role], "executor": executor}
                for role in ("translation", "summary") if role in options]


def _model_key(ref: ModelRef) -> str:
    """The name a model's CTranslate2 conversion is cached under."""
    return f"{ref.name}@{ref.revision}"
