"""The Ray executor: the model work of a run on Ray Data actors, the rest on the driver.

`RaySession` is the pipeline's `ModelSession` when `runtime.executor = "ray"`: its `work()`
takes the groups of articles of one plan window, already read and segmented here (the
driver keeps the translation model's tokenizer for that), and sends them out as one Ray
Data dataset, each group with the translations the sentence memory already holds for it.
`ModelWorker`, a callable class in an actor pool, loads the models once per dataset (the
model folder or hub id resolved on the worker) and runs on each group the model steps a
local run runs (`steps.run_group`). Each group comes back as soon as it is done: the
driver remembers the new sentences in the state and the pipeline writes its articles.

The pool is sized to the cluster's alive nodes (`pool_size`): a cluster that cannot hold
even one worker is said within seconds (exit 2), not waited on. Recovery is the driver's:
a worker that dies, or a whole node with its workers and the results it held, ends the
dataset; the driver, which knows which groups came back, sends the others out again as a
new dataset sized to the nodes left (`RaySession._map`). Ray's own actor restarts are off:
an actor restarted on a node that is gone, or on a cluster with no room for it, would hold
its group forever.
"""

from __future__ import annotations

import dataclasses
import logging
import pickle
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

from translate.config import Config, config_from_dict
from translate.errors import EngineError, one_line
from translate.run.executors.ray_cluster import connect, short
from translate.run.executors.ray_pool import pool_size, split_groups, unreachable
from translate.run.session import ModelSession
from translate.run.steps import FATAL, GroupResult, RecalledMemory, run_group
from translate.run.translation import distinct_sentences

log = logging.getLogger("translate")

# A window's groups are sent out again after a lost worker or node as long as each try
# brings some back; this many tries in a row that bring none back end the run.
MAX_FRUITLESS_TRIES = 3
# A window's groups go out as at least this many parts per worker (each part with at least
# PART_SENTENCES sentences, so batches stay full): every worker of a large cluster gets
# work, and a lost node takes less work with it.
PARTS_PER_WORKER = 2
PART_SENTENCES = 50


class ModelWorker:
    """A Ray Data actor holding the run's models; each row it maps is one group of articles,
    on which it runs the same model steps as a local run (`steps.run_group`). The run's
    settings come as class attributes (`worker_class`), not constructor arguments, which Ray
    would keep in its object store for restarts."""

    config: dict[str, Any] = {}
    device = "cpu"

    def __init__(self) -> None:
        settings = config_from_dict(self.config)
        settings.runtime.executor = "local"  # on the worker the models run here
        self.session = ModelSession(settings, self.device)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        return {"index": batch["index"],
                "result": np.array([self._group(payload) for payload in batch["group"]],
                                   dtype=object)}

    def _group(self, payload: bytes) -> bytes:
        items, known = pickle.loads(payload)
        memory = RecalledMemory(known)
        try:
            results = run_group(items, self.session, memory)
        except FATAL as exc:  # the run stops: redoing articles one by one cannot help
            return pickle.dumps({"fatal": one_line(exc)})
        return pickle.dumps({"results": results, "added": memory.added,
                             "options": self.session.options(), "node": _this_node()})


def _this_node() -> tuple[str, str]:
    """The id and address of the Ray node this worker runs on."""
    import ray

    return ray.get_runtime_context().get_node_id(), ray.util.get_node_ip_address()


def worker_class(config: dict[str, Any], device: str) -> type[ModelWorker]:
    """`ModelWorker` for one run's settings (Ray ships the class by value to the workers)."""
    return type("ModelWorker", (ModelWorker,), {"config": config, "device": device})


@dataclasses.dataclass(frozen=True)
class _EngineInfo:
    name: str
    device: str


class RemoteModel:
    """The driver's side of a model that runs on Ray workers: its tokenizer (the driver
    segments) and the options the workers report."""

    def __init__(self, role: str, folder: Path, config: Config, device: str) -> None:
        from translate.models.hf import model_max_positions
        from translate.models.tokenizer import load_tokenizer

        self.role = role
        self.engine = _EngineInfo(name="ray", device=device)
        self.options: dict[str, Any] = {}  # the workers' own, once a group came back
        if role == "translation":
            self.tokenizer = load_tokenizer(folder)
            limit = config.translation.max_input_tokens
            # As the local Translator: two positions stay free for the end of sentence.
            self.max_input_tokens = min(limit, model_max_positions(folder) - 2)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def reported(self, options: dict[str, Any]) -> None:
        self.options = options
        self.engine = _EngineInfo(name=str(options.get("backend", "ray")),
                                  device=str(options.get("device", self.engine.device)))


class RaySession(ModelSession):
    """The models of a run on Ray: the driver resolves them (and keeps the translation
    model's tokenizer), the workers load and run them. The pipeline uses it as it uses a
    local `ModelSession`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.nodes: Counter[str] = Counter()  # node id -> articles whose model work it did
        self.addresses: dict[str, str] = {}   # node id -> its address

    def prepare(self) -> None:
        super().prepare()
        # An unreachable cluster is said before anything is created or loaded.
        runtime = self.config.runtime
        connect(runtime.ray_address, runtime.ray_cpus or runtime.threads)
        # A cluster too small for even one worker is said now, not waited on.
        pool_size(_nodes(), runtime.threads, self.device() == "cuda", 1, runtime.ray_address)

    def _model(self, role: str):
        if role not in self._models:
            ref = self.translation_ref if role == "translation" else self.summary_ref
            folder = self._folder(role, ref)
            self.on_status(f"starting {role} workers on Ray")
            self._models[role] = RemoteModel(role, folder, self.config, self.device())
            self.loaded.append(ref.describe()["id"])
            log.info("%s model %s runs on Ray workers", role, ref.name)
        return self._models[role]

    def work(self, groups, on_batch=None):
        """The model steps of every group (one plan window's), cut into parts for the
        workers the cluster holds (`split_groups`) and sent out as one Ray Data dataset: one
        actor pool loads the models once for all of them, and each part's results come back
        as soon as it is done. The driver recalls each group's sentences from the memory
        before it goes out and remembers what the workers translated when it comes back."""
        groups = list(groups)
        if not groups:
            return
        self.prepare()
        runtime = self.config.runtime
        count = sum(len(items) for items, _ in groups)
        pool = pool_size(_nodes(), runtime.threads, self.device() == "cuda", count,
                         runtime.ray_address)
        parts = split_groups([items for items, _ in groups], PARTS_PER_WORKER * pool.actors,
                             PART_SENTENCES)
        fingerprint = self.config.translation_fingerprint()
        payloads = []
        for number, items in parts:
            memory = groups[number][1]
            articles = [article for _, article in items]
            known = memory.recall(fingerprint, distinct_sentences(articles)) if memory else {}
            payloads.append(pickle.dumps(([(i, a) for i, a in enumerate(articles)], known)))
        self.on_status("translating on Ray")
        for index, reply in self._map(payloads):
            number, items = parts[index]
            memory = groups[number][1]
            if "fatal" in reply:
                raise EngineError(f"on a Ray worker: {reply['fatal']}")
            if "lost" in reply:  # each article fails alone; the run goes on
                for item in items:
                    yield GroupResult([item], None, reply["lost"], 0.0)
                continue
            if memory is not None and reply["added"]:
                memory.remember(fingerprint, reply["added"])
            for role, options in reply["options"].items():
                self._model(role).reported(options)
            node, address = reply["node"]
            self.addresses[node] = address
            for result in reply["results"]:
                result.items = [(items[i][0], article) for i, article in result.items]
                if result.counts is not None:
                    self.nodes[node] += len(result.items)
                if on_batch is not None and result.counts and result.counts.translated:
                    on_batch(result.items, result.counts.translated, result.counts.translated)
                yield result

    def placement(self) -> dict[str, int]:
        """Articles whose model work each Ray node did, by node id."""
        return dict(self.nodes)

    def placement_line(self) -> str:
        return "articles per Ray node: " + ", ".join(
            f"{node} ({self.addresses.get(node, '?')}) {count}"
            for node, count in self.nodes.most_common())

    def _map(self, payloads: list[bytes]):
        """(index, reply) for each payload, as the workers finish them.

        A worker or a node lost ends Ray Data's dataset with an error; the groups that did
        not come back go out again, as a new dataset on a pool sized to the nodes left.
        Tries that bring nothing back are counted: after MAX_FRUITLESS_TRIES of them in a
        row, the groups left are what kills its workers when the others came back (each of
        their articles fails, in one line: the run goes on), else the cluster itself is at
        fault (a run-wide error: nothing is counted as failed, the next run does the rest)."""
        pending = dict(enumerate(payloads))
        fruitless, lost_at, avoid, delivered = 0, None, set(), False
        while pending:
            came_back, error = 0, None
            try:
                for index, reply in self._map_once(pending, avoid):
                    if pending.pop(index, None) is None:
                        continue
                    came_back += 1
                    delivered = True
                    if lost_at is not None:
                        log.info("Ray: a group came back %.1f s after the loss",
                                 time.monotonic() - lost_at)
                        lost_at = None
                    yield index, pickle.loads(reply)
            except _RayFailure as failure:
                error = failure.cause
            if not pending:
                return
            lost_at = time.monotonic()
            # Nodes Ray has not yet found dead are left out of the next try at once.
            avoid = unreachable(_nodes())
            fruitless = 0 if came_back else fruitless + 1
            reason = one_line(error) if error is not None else "no result"
            if fruitless >= MAX_FRUITLESS_TRIES and delivered:
                for index in list(pending):
                    yield index, {"lost": f"lost by the Ray workers {fruitless} times "
                                          f"(last: {short(reason)})"}
                return
            if fruitless >= MAX_FRUITLESS_TRIES:
                raise EngineError(
                    f"the Ray workers brought back none of {len(pending)} group(s) in "
                    f"{fruitless} tries (last: {reason})")
            log.warning("Ray lost %d group(s) of articles (%s): sending them out again on "
                        "the node(s) left", len(pending), short(reason),
                        extra={"event": "ray_retry"})

    def _map_once(self, pending: dict[int, bytes], avoid: set[str]):
        """(index, reply) for each pending payload, from one Ray Data dataset on a pool
        sized to the cluster's alive nodes but those in `avoid`; a Ray failure is raised
        as `_RayFailure`."""
        import ray
        import ray.data

        runtime = self.config.runtime
        gpu = self.device() == "cuda"
        nodes = [node for node in _nodes() if node.get("NodeID") not in avoid]
        pool = pool_size(nodes, runtime.threads, gpu, len(pending), runtime.ray_address)
        log.info("Ray: %d group(s) of articles for up to %d model worker(s) of %d CPU(s) "
                 "on %d node(s)", len(pending), pool.actors, pool.cpus,
                 sum(1 for node in nodes if node.get("Alive")))
        placement = ({"label_selector": {"ray.io/node-id": f"!in({','.join(sorted(avoid))})"}}
                     if avoid else {})
        settings = dataclasses.asdict(self.config)
        settings["runtime"]["threads"] = pool.cpus
        dataset = ray.data.from_items(
            [{"index": i, "group": payload} for i, payload in pending.items()])
        with warnings.catch_warnings():
            # Ray Data 2.6x deprecates `ray_remote_args` but names no other way to turn
            # off an actor's restarts; the setting is kept, the notice not shown.
            warnings.filterwarnings("ignore", message=".*ray_remote_args.*deprecated")
            mapped = dataset.map_batches(
                worker_class(settings, self.device()),
                batch_size=1, batch_format="numpy",
                # Every worker the nodes hold starts at once (Ray Data would otherwise
                # start one and add the others as the work waits), each on its node.
                compute=ray.data.ActorPoolStrategy(size=pool.actors),
                num_cpus=pool.cpus, num_gpus=pool.gpus,
                # No restarts, no retries by Ray: a lost worker fails the dataset at once
                # and the driver sends what did not come back out again (see `_map`).
                max_restarts=0, max_task_retries=0, **placement,
            )
        batches = iter(mapped.iter_batches(batch_size=None, batch_format="numpy"))
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - Ray raises many kinds for a lost worker
                raise _RayFailure(exc) from exc
            yield from zip(batch["index"].tolist(), batch["result"].tolist())


def _nodes() -> list[dict[str, Any]]:
    """The cluster's nodes (`ray.nodes()`); a cluster that no longer answers is an
    EngineError."""
    import ray

    try:
        return ray.nodes()
    except Exception as exc:  # noqa: BLE001 - the head gone, in Ray's words
        raise EngineError(f"the Ray cluster no longer answers: {one_line(exc)}") from None


class _RayFailure(Exception):
    """One dataset of the run failed in Ray (a worker or a node lost): `cause` says how."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause
