"""Find model folders: a local folder as given, or a hub id resolved through the HF cache.

Every model is looked up on disk first (its folder, or the HF cache: no network). Only
for a model that is missing is the hub asked, and only after one cheap probe of the hub
endpoint with a short, hard deadline: an offline machine fails within seconds with one
message naming the model(s) and both fixes, instead of sitting through the hub client's
retries (1 + 2 + 4 + 8 + 8 s per request, each announced with a "Retrying in ..." line).
While the hub client works for us its own log lines and warnings are kept off the
user's terminal; what went wrong is said once, in our exception's message.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from translate.errors import HubUnreachable, ModelUnavailable

log = logging.getLogger("translate")

__all__ = [
    "HubUnreachable", "ModelRef", "ModelUnavailable", "download", "fetch_folder", "hub_problem",
    "resolve", "resolve_all", "resolve_local",
]

# Files a seq2seq model needs; the hub repos also hold TF/Flax/Rust weights we never load.
MODEL_FILES = ["*.json", "*.spm", "*.model", "*.txt", "*.safetensors"]
LEGACY_WEIGHTS = "pytorch_model.bin"

# How long the hub probe may take, DNS included, unless HF_HUB_ETAG_TIMEOUT says otherwise.
PROBE_TIMEOUT = 3.0

FIXES = (
    "fix: run `translate models fetch` on a connected machine (then copy the folder or cache "
    "here), or pass a local model folder with --translation-model / --summary-model"
)


@dataclass(frozen=True)
class ModelRef:
    """A model as the user named it: hub id (with revision) or local folder."""

    name: str
    revision: str

    @property
    def is_local(self) -> bool:
        return Path(self.name).expanduser().is_dir()

    def describe(self) -> dict[str, str | None]:
        if self.is_local:
            return {"id": str(Path(self.name).expanduser().resolve()), "revision": None}
        return {"id": self.name, "revision": self.revision}

    def label(self) -> str:
        return f"'{self.name}' (revision {self.revision})"


# --- on disk only ------------------------------------------------------------------------


def resolve_local(ref: ModelRef) -> Path | None:
    """The folder of `ref` on this machine (its own folder, or the HF cache), or None when
    it is a hub id that is not cached. Never touches the network. Raises ModelUnavailable
    for a folder that is not a model, a path that does not exist, or a malformed id."""
    path = Path(ref.name).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise ModelUnavailable(f"model folder {path} has no config.json: not a model folder")
        return path.resolve()
    if _looks_like_path(ref.name):
        raise ModelUnavailable(f"model folder not found: {ref.name}")
    _short_timeouts()
    with _quiet_hub():
        from huggingface_hub import snapshot_download
        from huggingface_hub.errors import LocalEntryNotFoundError

        try:
            return Path(snapshot_download(ref.name, revision=ref.revision, local_files_only=True))
        except LocalEntryNotFoundError:
            return None
        except Exception as exc:  # noqa: BLE001 - a malformed id, a broken cache
            raise ModelUnavailable(
                f"model {ref.label()} cannot be used ({_one_line(exc)}); {FIXES}") from None


# --- the hub -----------------------------------------------------------------------------


def hub_endpoint() -> str:
    from huggingface_hub import constants

    return constants.ENDPOINT


def hub_problem(timeout: float | None = None) -> str | None:
    """Why the hub cannot be reached from here, or None when it answers.

    One HEAD request to the hub endpoint through the hub client's own session (so proxies,
    HF_ENDPOINT and a custom client factory apply), no retries, and a hard deadline that
    covers DNS as well: the request runs in a daemon thread that is abandoned when late.
    """
    from huggingface_hub import constants

    if constants.is_offline_mode():
        return "HF_HUB_OFFLINE is set"
    timeout = _probe_timeout() if timeout is None else timeout
    endpoint = constants.ENDPOINT
    outcome: list[str | None] = []

    def probe(session) -> None:  # no logging or warnings filters touched in this thread
        try:
            response = session.request("HEAD", endpoint, timeout=timeout)
            if response.status_code >= 500 or response.status_code == 407:
                # a proxy or gateway saying it cannot get there
                outcome.append(f"HTTP {response.status_code} from {endpoint}")
            else:
                outcome.append(None)
        except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
            outcome.append(_one_line(exc))

    with _quiet_hub():
        from huggingface_hub.utils import get_session

        worker = threading.Thread(target=probe, args=(get_session(),),
                                  name="translate-hub-probe", daemon=True)
        worker.start()
        worker.join(timeout + 0.5)
    if not outcome:
        return f"no answer within {timeout:g} s; HF_HUB_ETAG_TIMEOUT=SECONDS waits longer"
    return outcome[0]


def _probe_timeout() -> float:
    """PROBE_TIMEOUT, or the user's HF_HUB_ETAG_TIMEOUT when set (a slow link may need more)."""
    if "HF_HUB_ETAG_TIMEOUT" in _SET_BY_US:
        return PROBE_TIMEOUT
    try:
        value = float(os.environ.get("HF_HUB_ETAG_TIMEOUT", ""))
    except ValueError:
        return PROBE_TIMEOUT
    return value if value > 0 else PROBE_TIMEOUT


# --- resolving ---------------------------------------------------------------------------


def resolve_all(refs: list[ModelRef]) -> list[Path]:
    """The local folder of every ref, in order; call before loading any model.

    All refs are looked up on disk first; the hub is probed once, and only when some are
    missing. If any is missing and the hub cannot be reached, one ModelUnavailable names
    every missing model and both fixes (within seconds). Missing models are downloaded
    when the hub answers.
    """
    folders = [resolve_local(ref) for ref in refs]
    missing = [ref for ref, folder in zip(refs, folders) if folder is None]
    if not missing:
        return folders  # type: ignore[return-value]
    problem = hub_problem()
    if problem is not None:
        raise _not_here(missing, problem)
    for i, (ref, folder) in enumerate(zip(refs, folders)):
        if folder is None:
            log.info("downloading %s (revision %s)", ref.name, ref.revision)
            folders[i] = _download(ref, None, unreachable=lambda ref, why: _not_here([ref], why))
    return folders  # type: ignore[return-value]


def resolve(ref: ModelRef) -> Path:
    """The local folder holding `ref`, downloading it only if it is not cached yet."""
    return resolve_all([ref])[0]


def download(ref: ModelRef, folder: Path | None) -> Path:
    """Download `ref` into the HF cache, or into `folder` when given; returns its folder.

    For `translate models fetch`: raises HubUnreachable (within seconds) when the hub
    cannot be reached from this machine, ModelUnavailable for other failures.
    """
    _short_timeouts()
    from huggingface_hub import constants

    if constants.is_offline_mode():
        raise ModelUnavailable(
            f"cannot download model {ref.label()}: HF_HUB_OFFLINE is set; unset it to fetch "
            "models (or pass a local model folder with --translation-model / --summary-model)")
    problem = hub_problem()
    if problem is not None:
        raise _hub_unreachable(ref, problem)
    return _download(ref, folder, unreachable=_hub_unreachable)


def fetch_folder(base: Path, ref: ModelRef) -> Path:
    """Where `models fetch --dir` puts a model: a plain folder usable as --*-model."""
    return base / ref.name.replace("/", "--")


# --- helpers -----------------------------------------------------------------------------


def _download(ref: ModelRef, folder: Path | None, unreachable) -> Path:
    """The download itself, once the hub has answered the probe."""
    with _quiet_hub():
        from huggingface_hub import HfApi, snapshot_download

        try:
            api = HfApi()
            files = api.list_repo_files(ref.name, revision=ref.revision)
            commit = api.model_info(ref.name, revision=ref.revision).sha
            if commit and commit != ref.revision:
                # "main" moves; the commit is what to pin in the config for reproducible runs.
                log.info("%s revision %s is commit %s (pin it in the config)",
                         ref.name, ref.revision, commit)
            patterns = list(MODEL_FILES)
            if not any(f.endswith(".safetensors") for f in files):
                patterns.append(LEGACY_WEIGHTS)
            return Path(
                snapshot_download(
                    ref.name, revision=ref.revision, allow_patterns=patterns,
                    local_dir=str(folder) if folder else None,
                )
            )
        except Exception as exc:  # noqa: BLE001 - reported as one line
            if _is_network_error(exc):  # the hub went away after the probe
                raise unreachable(ref, _one_line(exc)) from None
            raise ModelUnavailable(
                f"cannot download model {ref.label()} ({_one_line(exc)}); {FIXES}") from None


def _not_here(missing: list[ModelRef], problem: str) -> ModelUnavailable:
    labels = " and ".join(ref.label() for ref in missing)
    subject = f"model {labels} is" if len(missing) == 1 else f"models {labels} are"
    return ModelUnavailable(
        f"{subject} not on this machine and cannot be downloaded: the model hub "
        f"{hub_endpoint()} cannot be reached ({problem}); {FIXES}"
    )


def _hub_unreachable(ref: ModelRef, problem: str) -> HubUnreachable:
    return HubUnreachable(
        f"cannot download model {ref.label()}: the model hub {hub_endpoint()} is unreachable "
        f"from this machine ({problem}); fix: run `translate models fetch --dir DIR` on a machine "
        "with network access and copy DIR here (then pass --translation-model / --summary-model "
        "DIR/<model>), or copy that machine's Hugging Face cache here; or, if the hub is reachable "
        "through a proxy or mirror, set HTTPS_PROXY or HF_ENDPOINT"
    )


def _is_network_error(exc: BaseException) -> bool:
    try:
        import httpx2 as httpx  # what this huggingface_hub is built on
    except ImportError:  # pragma: no cover - older hubs use httpx
        import httpx  # type: ignore[no-redef]
    from huggingface_hub.errors import LocalEntryNotFoundError, OfflineModeIsEnabled

    kinds = (httpx.TransportError, OfflineModeIsEnabled, LocalEntryNotFoundError, ConnectionError)
    seen: BaseException | None = exc
    while seen is not None:  # the hub wraps the transport error in its own
        if isinstance(seen, kinds):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


@contextlib.contextmanager
def _quiet_hub() -> Iterator[None]:
    """Keep huggingface_hub's log lines ("Retrying in 8s [Retry 5/5]") and warnings off the
    terminal while it works for us; failures reach the user as our own one-line message."""
    logger = logging.getLogger("huggingface_hub")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _looks_like_path(name: str) -> bool:
    return name.startswith((".", "/", "~")) or name.count("/") > 1 or os.sep != "/" and os.sep in name


_SET_BY_US: set[str] = set()


def _short_timeouts() -> None:
    # The hub client's defaults wait 10 s per request; users can still raise them through
    # the environment. Only effective before huggingface_hub is first imported (it reads
    # them then), so this runs before each of our first imports of it.
    for name, value in (("HF_HUB_ETAG_TIMEOUT", "5"), ("HF_HUB_DOWNLOAD_TIMEOUT", "10")):
        if name not in os.environ:
            os.environ[name] = value
            _SET_BY_US.add(name)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".strip()
