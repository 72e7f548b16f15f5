"""Joining a Ray cluster for a run: reached, authenticated, and this machine one of its nodes.

`connect` starts a Ray of the run's own on this machine, or joins the cluster at an address
after checking, within seconds, what Ray itself would only find out slowly (an unreachable
head, a token it refuses, a machine that is not a node). The cluster's own messages to the
driver (a node marked dead, a raylet that ended) become one warning line each in the run's
log instead of Ray's dump of a raylet's log on stderr.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import socket
import sys
import time
from collections.abc import Iterator
from typing import Any

from translate.errors import EngineError, one_line

log = logging.getLogger("translate")

CONNECT_TIMEOUT_S = 3.0
# Ray's own settings: a single-machine Ray (every service on 127.0.0.1), the
# authentication of this process's Ray clients, and how long a GCS client waits.
SINGLE_MACHINE_ENV = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"
AUTH_MODE_ENV = "RAY_AUTH_MODE"
GCS_TIMEOUT_ENV = "RAY_py_gcs_connect_timeout_s"
# Ray's announcement of a raylet's log tail, which follows a message on its first line.
# The same message again within this many seconds is the same event.
REPEAT_S = 10.0
TAIL_OF_LOG = re.compile(r"\s*Last \d+ lines of the Raylet logs:.*$")


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

    said: dict[str, float] = {}  # message -> when it was last said

    def to_log(data, *args, **kwargs):
        if not isinstance(data, dict) or data.get("pid") != "raylet":
            return original(data, *args, **kwargs)
        for message in data.get("lines", []):
            first = next((line.strip() for line in str(message).splitlines() if line.strip()), "")
            first = TAIL_OF_LOG.sub("", first).strip()
            # Ray may publish one event more than once, within moments.
            if first and time.monotonic() - said.get(first, -REPEAT_S) >= REPEAT_S:
                said[first] = time.monotonic()
                log.warning("Ray: %s", short(first), extra={"event": "ray_cluster"})

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


def short(reason: str, limit: int = 300) -> str:
    """`reason` cut to `limit` characters for a log line."""
    return reason if len(reason) <= limit else reason[:limit] + "…"
