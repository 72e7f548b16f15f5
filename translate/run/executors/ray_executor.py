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

import contextlib
import dataclasses
import logging
import math
import os
import pickle
import socket
import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from translate.config import Config, config_from_dict
from translate.errors import EngineError, one_line
from translate.run.session import ModelSession
from translate.run.steps import FATAL, RecalledMemory, run_group
from translate.run.translation import distinct_sentences

log = logging.getLogger("translate")

CONNECT_TIMEOUT_S = 3.0
# How long a node's raylet may take to accept a connection before the node counts as lost.
PROBE_TIMEOUT_S = 1.0
# CPUs of one actor when `runtime.threads` is 0 (fewer on nodes that have fewer): two
# batches at once, one thread each.
ACTOR_CPUS = 2
# A window's groups are sent out again after a lost worker or node as long as each try
# brings some back; this many tries in a row that bring none back end the run.
MAX_FRUITLESS_TRIES = 3
# A window's groups go out as at least this many parts per worker (each part with at least
# PART_SENTENCES sentences, so batches stay full): every worker of a large cluster gets
# work, and a lost node takes less work with it.
PARTS_PER_WORKER = 2
PART_SENTENCES = 50
# Ray's own settings: a single-machine Ray (every service on 127.0.0.1), the
# authentication of this process's Ray clients, and how long a GCS client waits.
SINGLE_MACHINE_ENV = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"
AUTH_MODE_ENV = "RAY_AUTH_MODE"
GCS_TIMEOUT_ENV = "RAY_py_gcs_connect_timeout_s"


def connect(address: str, cpus: int) -> None:
    """Join the Ray cluster at `address`, or start a local Ray with `cpus` CPUs (0: all).

    Ray missing, an address that does not answer, or a cluster that refuses this machine
    is a run-wide error (exit 2), said within seconds in one line that names the fix."""
    if not address:
        # A Ray of this run's own listens on this machine only: Ray's single-machine
        # setting, read when Ray is imported (its processes inherit it).
        os.environ.setdefault(SINGLE_MACHINE_ENV, "0")
    try:
        import ray
    except ImportError:
        raise EngineError("--executor ray needs Ray: pip install 'translate[ray]'") from None
    if ray.is_initialized():
        return
    if address and address != "auto":
        _check_cluster(address)
    options: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False,
                               "configure_logging": True}
    # Ray's C++ core logs notices on the terminal (an actor pool with restarts gets one
    # every run); they stay in Ray's session logs. A run's own errors are said by the tool.
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    _route_cluster_messages()
    try:
        with _quiet_stderr():  # Ray's C++ core announces there that it read the log level
            if address:
                ray.init(address=address, **options)
            else:
                ray.init(num_cpus=cpus or None, include_dashboard=False, **options)
    except Exception as exc:  # noqa: BLE001 - Ray raises many kinds; all mean "no cluster"
        raise EngineError(f"cannot use the Ray cluster {address or '(local)'}: "
                         f"{one_line(exc)}") from None
    import ray.data

    # Ray and Ray Data log every dataset's execution on stderr, and a lost worker as a
    # traceback; our own log says what matters, in one line (see `RaySession._map`).
    for name in ("ray", "ray.data", "ray.data._internal"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    context.enable_auto_log_stats = False


def _route_cluster_messages() -> None:
    """The cluster's messages to this driver (a node marked dead, a raylet that ended:
    Ray prints them on stderr with the tail of the raylet's log) as one warning line each
    in the run's log. Ray prints them through `print_to_stdstream` of its worker module,
    looked up at each call; a Ray without it prints them as before."""
    try:
        from ray._private import worker as ray_worker
    except ImportError:
        return
    original = getattr(ray_worker, "print_to_stdstream", None)
    if original is None or getattr(original, "routed", False):
        return

    said: set[str] = set()

    def to_log(data, *args, **kwargs):
        if not isinstance(data, dict) or data.get("pid") != "raylet":
            return original(data, *args, **kwargs)
        for message in data.get("lines", []):
            first = next((line.strip() for line in str(message).splitlines() if line.strip()), "")
            if first and first not in said:  # Ray may publish one event more than once
                said.add(first)
                log.warning("Ray: %s", _short(first), extra={"event": "ray_cluster"})

    to_log.routed = True  # type: ignore[attr-defined]
    ray_worker.print_to_stdstream = to_log


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """File descriptor 2 to /dev/null for the block (C++ code writes there directly)."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _check_cluster(address: str) -> None:
    """The head at `address` answers, and this process speaks its authentication.

    Ray dials a loopback address as this machine's outward one (unless Ray's
    single-machine setting is on), and on a refused token it retries for 20 s before
    saying "Failed to connect"; both are found out here within seconds."""
    from ray._private.services import canonicalize_bootstrap_address

    _probe(address)
    if "://" in address:  # a Ray Client address: Ray's own checks apply
        return
    try:
        dialled = canonicalize_bootstrap_address(address) or address
    except Exception as exc:  # noqa: BLE001 - a malformed address, in Ray's words
        raise EngineError(f"not a Ray cluster address: {address}: {one_line(exc)}") from None
    if dialled != address:
        try:
            _probe(dialled)
        except EngineError:
            raise EngineError(
                f"the Ray cluster at {address} answers, but Ray dials it as {dialled}: "
                f"a head started on this machine only ({SINGLE_MACHINE_ENV}=0) needs "
                f"{SINGLE_MACHINE_ENV}=0 here too") from None
    _authenticate(address, dialled)


def _probe(address: str) -> None:
    """A TCP connect to the head's port: Ray itself keeps retrying an unreachable head."""
    host, _, port = address.split("://", 1)[-1].rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), CONNECT_TIMEOUT_S):
            pass
    except (OSError, ValueError) as exc:
        raise EngineError(f"the Ray cluster at {address} cannot be reached: "
                         f"{getattr(exc, 'strerror', None) or exc}") from None


def _authenticate(address: str, dialled: str) -> None:
    """This process's `RAY_AUTH_MODE` set to what the cluster at `dialled` asks for, and
    this machine one of its nodes.

    `ray start --head` turns on token authentication when the head's machine has a token
    (`~/.ray/auth_token`, written by any earlier local Ray), but a driver given an
    explicit address sends none unless `RAY_AUTH_MODE=token` is set. So the head is
    asked: a cluster that answers without a token is joined without one (a driver in
    token mode would reject its workers' calls); one that asks for a token gets the
    token Ray's own clients use (`RAY_AUTH_TOKEN`, else the file `RAY_AUTH_TOKEN_PATH`,
    else `~/.ray/auth_token`), and a refusal is said with its fix."""
    try:
        from ray._private.services import get_node_to_connect_for_driver
        from ray._raylet import AuthenticationTokenLoader
    except ImportError:  # a Ray older than its token authentication: ray.init says the rest
        return
    mode, client = "disabled", _gcs_client(dialled, "disabled")
    if client is None:
        loader = AuthenticationTokenLoader.instance()
        loader.reset_cache()
        if not loader.has_token(ignore_auth_mode=True):
            raise EngineError(
                f"the Ray cluster at {address} asks for a token and this machine has none: "
                f"copy the head's token (`ray get-auth-token` on the head prints it) to "
                f"~/.ray/auth_token here, or set RAY_AUTH_TOKEN to it")
        mode, client = "token", _gcs_client(dialled, "token")
        if client is None:
            raise EngineError(
                f"the Ray cluster at {address} refused the token in {_token_source()}: "
                f"put the head's token there (`ray get-auth-token` on the head prints it)")
        log.info("the Ray cluster at %s asks for a token: sending the one in %s",
                 address, _token_source())
    _set_auth_mode(mode)  # read by ray.init, this process's C++ core and its children
    # A driver runs on a node of its cluster (it talks to that node's raylet); elsewhere
    # Ray looks for one for a minute before it gives up.
    try:
        get_node_to_connect_for_driver(client, timeout_seconds=round(CONNECT_TIMEOUT_S))
    except Exception:  # noqa: BLE001 - Ray's "No node info found", or the GCS gone
        raise EngineError(
            f"this machine is not a node of the Ray cluster at {address}: run translate on "
            f"the head, or join this machine first (`ray start --address {address}`)") from None


def _gcs_client(address: str, mode: str):
    """A client of the head's GCS at `address` in authentication `mode`, or None when the
    GCS refused the token (or the lack of one); any other failure is an error."""
    from ray._raylet import GcsClient
    from ray.exceptions import AuthenticationError

    saved = os.environ.get(AUTH_MODE_ENV)
    timeout = os.environ.get(GCS_TIMEOUT_ENV)
    os.environ[GCS_TIMEOUT_ENV] = str(max(1, round(CONNECT_TIMEOUT_S)))
    try:
        _set_auth_mode(mode)
        with _quiet_stderr():  # the C++ client logs each failed attempt there
            return GcsClient(address=address)
    except AuthenticationError:
        return None
    except Exception as exc:  # noqa: BLE001 - a port that answers, but not as Ray's GCS
        raise EngineError(f"the Ray cluster at {address} does not answer as a Ray head: "
                         f"{one_line(exc)}") from None
    finally:
        _restore(GCS_TIMEOUT_ENV, timeout)
        _set_auth_mode(saved)


def _set_auth_mode(mode: str | None) -> None:
    """`RAY_AUTH_MODE` (None: unset) for this process, Ray's C++ settings read again."""
    from ray._raylet import Config

    _restore(AUTH_MODE_ENV, mode)
    Config.initialize("")


def _restore(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


def _token_source() -> str:
    """Where Ray's token loader takes the token from, in its order."""
    if os.environ.get("RAY_AUTH_TOKEN", "").strip():
        return "RAY_AUTH_TOKEN"
    if os.environ.get("RAY_AUTH_TOKEN_PATH"):
        return os.environ["RAY_AUTH_TOKEN_PATH"]
    return "~/.ray/auth_token"


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


@dataclasses.dataclass(frozen=True)
class Pool:
    """The actor pool a cluster can hold: `actors` workers of `cpus` CPUs (and `gpus`) each."""

    actors: int
    cpus: int
    gpus: int


def pool_size(nodes: list[dict[str, Any]], threads: int, gpu: bool, groups: int,
              address: str) -> Pool:
    """The pool for `groups` groups on the alive `nodes` (`ray.nodes()`), `threads` CPUs
    per worker (0: ACTOR_CPUS, or the most one node has when that is fewer), one GPU each
    with `gpu`. A worker never spans nodes, so what counts is what each node holds, not
    the cluster's sum. A cluster that cannot hold one worker is an EngineError that says
    what it has, what the run asks, and the settings that size the pool."""
    alive = [node for node in nodes if node.get("Alive")]
    cpus = [int(node.get("Resources", {}).get("CPU", 0)) for node in alive]
    gpus = [int(node.get("Resources", {}).get("GPU", 0)) for node in alive]
    per_actor = threads or max(1, min(ACTOR_CPUS, max(cpus, default=0)))
    fits = [c // per_actor if not gpu else min(c // per_actor, g) for c, g in zip(cpus, gpus)]
    if sum(fits) >= 1:
        return Pool(actors=max(1, min(groups, sum(fits))), cpus=per_actor, gpus=int(gpu))
    where = f"the Ray cluster at {address}" if address else "the local Ray"
    if not alive:
        has = "no alive node"
    elif len(set(cpus)) == 1:
        has = f"{len(alive)} alive node(s) with {cpus[0]} CPU(s) each"
    else:
        has = f"{len(alive)} alive nodes with " + ", ".join(map(str, cpus)) + " CPUs"
    if gpu:
        has += " and " + ", ".join(map(str, gpus)) + " GPU(s)"
    each = f"{per_actor} CPU(s)" + (" and 1 GPU" if gpu else "")
    needs = (f"the run needs 1 or more model workers x {each} each, a worker on one node"
             + (f" ([runtime] threads = {threads})" if threads else ""))
    most = max(cpus, default=0)
    if gpu and not any(gpus):
        fix = "add a node with a GPU (`ray start --address HEAD:PORT --num-gpus N`)"
    elif threads and most >= 1:
        fix = (f"set [runtime] threads = {most} (or 0: sized to the nodes) in the --config "
               f"file, or add nodes with {per_actor} CPUs or more")
    else:
        fix = "add a node with CPUs (`ray start --address HEAD:PORT --num-cpus N`)"
    if gpu:
        fix += ", or run on the CPU (--device cpu)"
    raise EngineError(f"{where} cannot hold one model worker: it has {has}; {needs}: {fix}")


def unreachable(nodes: list[dict[str, Any]]) -> set[str]:
    """The ids of the nodes Ray still counts alive whose raylet does not answer a TCP
    connect: a machine that died is seen within a second, where Ray's health checks take
    `health_check_period_ms` x `health_check_failure_threshold` (15 s by default)."""
    gone = set()
    for node in nodes:
        if not node.get("Alive"):
            continue
        try:
            with socket.create_connection((node["NodeManagerAddress"],
                                           int(node["NodeManagerPort"])), PROBE_TIMEOUT_S):
                pass
        except (OSError, KeyError, ValueError):
            gone.add(node["NodeID"])
    return gone


def split_groups(groups: list[list[tuple[Any, Any]]], parts: int,
                 least: int) -> list[tuple[int, list[tuple[Any, Any]]]]:
    """(group number, articles) for `groups` cut into about `parts` parts in all, each of
    whole articles in their order and at least `least` sentences (a group never joins
    another: each has its own sentence memory)."""
    sizes = [sum(len(article.sentences()) for _, article in items) for items in groups]
    target = max(least, math.ceil(sum(sizes) / max(1, parts)))
    cut: list[tuple[int, list[tuple[Any, Any]]]] = []
    for number, items in enumerate(groups):
        part: list[tuple[Any, Any]] = []
        sentences = 0
        for item in items:
            part.append(item)
            sentences += len(item[1].sentences())
            if sentences >= target:
                cut.append((number, part))
                part, sentences = [], 0
        if part and cut and cut[-1][0] == number and sentences < least:
            cut[-1][1].extend(part)  # a short tail joins the part before it
        elif part:
            cut.append((number, part))
    return cut


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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.nodes: Counter[str] = Counter()  # node id -> articles whose model work it did
        self.addresses: dict[str, str] = {}   # node id -> its address

    def work(self, groups, on_batch=None):
        """The model steps of every group (one plan window's), as one Ray Data dataset: one
        actor pool loads the models once for all of them, and each group's results come back
        as soon as it is done. The driver recalls each group's sentences from the memory
        before it goes out and remembers what the workers translated when it comes back."""
        groups = list(groups)
        if not groups:
            return
        self.prepare()
        runtime = self.config.runtime
        articles = sum(len(items) for items, _ in groups)
        pool = pool_size(_nodes(), runtime.threads, self.device() == "cuda", articles,
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
        Tries that bring nothing back are counted: MAX_FRUITLESS_TRIES of them in a row end
        the run (a run-wide error: nothing is counted as failed, the next run does the
        rest)."""
        pending = dict(enumerate(payloads))
        fruitless, lost_at, avoid = 0, None, set()
        while pending:
            came_back, error = 0, None
            try:
                for index, reply in self._map_once(pending, avoid):
                    if pending.pop(index, None) is None:
                        continue
                    came_back += 1
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
            if fruitless >= MAX_FRUITLESS_TRIES:
                raise EngineError(
                    f"the Ray workers brought back none of {len(pending)} group(s) in "
                    f"{fruitless} tries (last: {reason})")
            log.warning("Ray lost %d group(s) of articles (%s): sending them out again on "
                        "the node(s) left", len(pending), _short(reason),
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
                compute=ray.data.ActorPoolStrategy(min_size=1, max_size=pool.actors),
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


def _short(reason: str, limit: int = 300) -> str:
    return reason if len(reason) <= limit else reason[:limit] + "…"
