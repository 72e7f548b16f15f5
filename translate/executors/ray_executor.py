"""The Ray executor: the model work of a run on Ray Data actors, the rest on the driver.

`ModelSession` gives the pipeline a `RemoteModel` for each role instead of a local model:
the same `translate(texts, on_batch)` / `summarize(articles, on_batch)` interface, so the
pipeline does not know where its models run. Each call becomes a Ray Data dataset mapped
by `ModelWorker`, a callable class that loads its model in `__init__` (the model folder or
hub id resolved on the worker) and maps batches in `__call__`, in an actor pool. Ray
restarts a worker that dies and retries its batch, so no sentence is lost. Results come
back tagged with their input's index and are put back in order.

The driver keeps the tokenizer only, to segment articles within the model's input limit.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import socket
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from translate.article import Translated
from translate.config import Config, config_from_dict
from translate.errors import EngineError, one_line
from translate.session import ModelSession

log = logging.getLogger("translate")

# Inputs a worker maps at a time: big enough to fill the model's own batches.
BATCH_SIZE = {"translation": 256, "summary": 8}
CONNECT_TIMEOUT_S = 3.0
MAX_RESTARTS = 3


def connect(address: str, cpus: int) -> None:
    """Join the Ray cluster at `address`, or start a local Ray with `cpus` CPUs (0: all).

    Ray missing, or an address that does not answer, is a run-wide error (exit 2), said
    within seconds."""
    try:
        import ray
    except ImportError:
        raise EngineError("--executor ray needs Ray: pip install 'translate[ray]'") from None
    if ray.is_initialized():
        return
    if address and address != "auto":
        _probe(address)
    options: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False,
                               "configure_logging": True}
    try:
        if address:
            ray.init(address=address, **options)
        else:
            ray.init(num_cpus=cpus or None, include_dashboard=False, **options)
    except Exception as exc:  # noqa: BLE001 - Ray raises many kinds; all mean "no cluster"
        raise EngineError(f"cannot use the Ray cluster {address or '(local)'}: "
                         f"{one_line(exc)}") from None
    import ray.data

    # Ray and Ray Data log every dataset's execution on stderr; our own log says what matters.
    for name in ("ray", "ray.data", "ray.data._internal"):
        logging.getLogger(name).setLevel(logging.ERROR)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    context.enable_auto_log_stats = False


def _probe(address: str) -> None:
    """A TCP connect to the head's port: Ray itself keeps retrying an unreachable head."""
    target = address.split("://", 1)[-1]
    host, _, port = target.rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), CONNECT_TIMEOUT_S):
            pass
    except (OSError, ValueError) as exc:
        raise EngineError(f"the Ray cluster at {address} cannot be reached: "
                         f"{getattr(exc, 'strerror', None) or exc}") from None


class ModelWorker:
    """A Ray Data actor holding one model; maps batches of JSON-encoded inputs."""

    def __init__(self, role: str, config: dict[str, Any], device: str) -> None:
        self.role = role
        settings = config_from_dict(config)
        settings.runtime.executor = "local"  # on the worker the model runs here
        session = ModelSession(settings, device)
        self.model = session.translator if role == "translation" else session.summarizer
        self.options = json.dumps(self.model.options)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        items = [json.loads(item) for item in batch["item"]]
        if self.role == "translation":
            results = [json.dumps([t.text, t.score, t.capped]) for t in self.model.translate(items)]
        else:
            results = [json.dumps(bullets) for bullets in self.model.summarize(items)]
        return {"index": batch["index"], "result": np.array(results, dtype=object),
                "options": np.array([self.options] * len(results), dtype=object)}


@dataclasses.dataclass(frozen=True)
class _EngineInfo:
    name: str
    device: str


class RemoteModel:
    """The driver's side of a model that runs on Ray workers."""

    def __init__(self, role: str, folder: Path, config: Config, device: str) -> None:
        from translate.hf import load_tokenizer, model_max_positions

        self.role = role
        self.config = config
        self.device = device
        self.engine = _EngineInfo(name="ray", device=device)
        self.options: dict[str, Any] = {}  # the workers' own, once a batch came back
        connect(config.runtime.ray_address, config.runtime.ray_cpus or config.runtime.threads)
        if role == "translation":
            self.tokenizer = load_tokenizer(folder)
            limit = config.translation.max_input_tokens
            # As the local Translator: two positions stay free for the end of sentence.
            self.max_input_tokens = min(limit, model_max_positions(folder) - 2)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def translate(self, texts: Sequence[str],
                  on_batch: Callable[[int], None] | None = None) -> list[Translated]:
        return [Translated(text, score, capped)
                for text, score, capped in self._map(list(texts), on_batch)]

    def summarize(self, articles: Sequence[Sequence[str]],
                  on_batch: Callable[[int], None] | None = None) -> list[list[str]]:
        return self._map([list(sentences) for sentences in articles], on_batch)

    def _map(self, items: list, on_batch: Callable[[int], None] | None) -> list:
        if not items:
            return []
        import ray
        import ray.data

        cpus = int(ray.cluster_resources().get("CPU", 1))
        gpus = 1 if self.device == "cuda" else 0
        threads = max(1, self.config.runtime.threads or 1)
        actors = max(1, min(len(items), cpus // threads))
        dataset = ray.data.from_items(
            [{"index": i, "item": json.dumps(item)} for i, item in enumerate(items)])
        mapped = dataset.map_batches(
            ModelWorker,
            fn_constructor_kwargs={"role": self.role, "config": dataclasses.asdict(self.config),
                                   "device": self.device},
            batch_size=BATCH_SIZE[self.role], batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(min_size=1, max_size=actors),
            num_cpus=threads, num_gpus=gpus,
            # A worker that dies is restarted (a few times) and its batch retried: nothing
            # is lost; one that cannot start at all fails the run instead of looping.
            ray_remote_args_fn=lambda: {"max_restarts": MAX_RESTARTS,
                                        "max_task_retries": MAX_RESTARTS},
        )
        results: list = [None] * len(items)
        for batch in mapped.iter_batches(batch_size=None, batch_format="numpy"):
            for index, result in zip(batch["index"].tolist(), batch["result"].tolist()):
                results[index] = json.loads(result)
            self.options = json.loads(batch["options"][0])
            if on_batch:
                on_batch(len(batch["index"]))
        missing = sum(result is None for result in results)
        if missing:
            raise RuntimeError(f"the Ray workers returned no result for {missing} input(s)")
        return results


class RaySession(ModelSession):
    """The models of a run on Ray: the driver resolves them (and keeps their tokenizer), the
    workers load and run them. The pipeline uses it as it uses a local `ModelSession`."""

    def prepare(self) -> None:
        super().prepare()
        # An unreachable cluster is said before anything is created or loaded.
        runtime = self.config.runtime
        connect(runtime.ray_address, runtime.ray_cpus or runtime.threads)

    def _model(self, role: str):
        if role not in self._models:
            ref = self.translation_ref if role == "translation" else self.summary_ref
            folder = self._folder(role, ref)
            self.on_status(f"starting {role} workers on Ray")
            self._models[role] = RemoteModel(role, folder, self.config, self.device())
            self.loaded.append(ref.describe()["id"])
            log.info("%s model %s runs on Ray workers", role, ref.name)
        return self._models[role]
