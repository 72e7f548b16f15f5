"""The Ray executor: the model work of a run on Ray Data actors, the rest on the driver.

`RaySession` is the pipeline's `ModelSession` when `runtime.executor = "ray"`: its `work()`
takes the groups of articles of one plan window, already read and segmented here (the
driver keeps the translation model's tokenizer for that), and sends them out as one Ray
Data dataset, each group with the translations the sentence memory already holds for it.
`ModelWorker`, a callable class in an actor pool, loads the models once per dataset (the
model folder or hub id resolved on the worker) and runs on each group the model steps a
local run runs (`steps.run_group`). Each group comes back as soon as it is done: the
driver remembers the new sentences in the state and the pipeline writes its articles. Ray
restarts a worker that dies and retries its group, so no article is lost.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import pickle
import socket
import sys
import warnings
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
# CPUs of one actor when `runtime.threads` is 0: two batches at once, one thread each.
ACTOR_CPUS = 2
MAX_RESTARTS = 3
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

    # Ray and Ray Data log every dataset's execution on stderr; our own log says what matters.
    for name in ("ray", "ray.data", "ray.data._internal"):
        logging.getLogger(name).setLevel(logging.ERROR)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    context.enable_auto_log_stats = False


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
                             "options": self.session.options()})


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

    def work(self, groups, on_batch=None):
        """The model steps of every group (one plan window's), as one Ray Data dataset: one
        actor pool loads the models once for all of them, and each group's results come back
        as soon as it is done. The driver recalls each group's sentences from the memory
        before it goes out and remembers what the workers translated when it comes back."""
        groups = list(groups)
        if not groups:
            return
        self.prepare()
        fingerprint = self.config.translation_fingerprint()
        payloads = []
        for items, memory in groups:
            articles = [article for _, article in items]
            known = memory.recall(fingerprint, distinct_sentences(articles)) if memory else {}
            payloads.append(pickle.dumps(([(i, a) for i, a in enumerate(articles)], known)))
        self.on_status("translating on Ray")
        for index, reply in self._map(payloads):
            items, memory = groups[index]
            if "fatal" in reply:
                raise EngineError(f"on a Ray worker: {reply['fatal']}")
            if memory is not None and reply["added"]:
                memory.remember(fingerprint, reply["added"])
            for role, options in reply["options"].items():
                self._model(role).reported(options)
            for result in reply["results"]:
                result.items = [(items[i][0], article) for i, article in result.items]
                if on_batch is not None and result.counts and result.counts.translated:
                    on_batch(result.items, result.counts.translated, result.counts.translated)
                yield result

    def _map(self, payloads: list[bytes]):
        """(index, reply) for each payload, as the workers finish them."""
        import ray
        import ray.data

        cpus = int(ray.cluster_resources().get("CPU", 1))
        gpus = 1 if self.device() == "cuda" else 0
        # Each actor runs on its own CPUs: `runtime.threads` of them (0: ACTOR_CPUS), never
        # all of a node's cores, which would oversubscribe a node running several actors.
        threads = max(1, min(self.config.runtime.threads or ACTOR_CPUS, cpus))
        actors = max(1, min(len(payloads), cpus // threads))
        settings = dataclasses.asdict(self.config)
        settings["runtime"]["threads"] = threads
        dataset = ray.data.from_items(
            [{"index": i, "group": payload} for i, payload in enumerate(payloads)])
        with warnings.catch_warnings():
            # Ray Data 2.6x deprecates `ray_remote_args` but names no other way to bound
            # an actor's restarts; the bound is kept, the notice not shown to the user.
            warnings.filterwarnings("ignore", message=".*ray_remote_args.*deprecated")
            mapped = dataset.map_batches(
                worker_class(settings, self.device()),
                batch_size=1, batch_format="numpy",
                compute=ray.data.ActorPoolStrategy(min_size=1, max_size=actors),
                num_cpus=threads, num_gpus=gpus,
                # A worker that dies is restarted (a few times) and its group retried:
                # nothing is lost; one that dies again and again fails the run instead of
                # looping.
                max_restarts=MAX_RESTARTS, max_task_retries=MAX_RESTARTS,
            )
        seen = set()
        for batch in mapped.iter_batches(batch_size=None, batch_format="numpy"):
            for index, reply in zip(batch["index"].tolist(), batch["result"].tolist()):
                seen.add(index)
                yield index, pickle.loads(reply)
        if len(seen) != len(payloads):
            raise EngineError(f"the Ray workers returned nothing for "
                              f"{len(payloads) - len(seen)} group(s)")
