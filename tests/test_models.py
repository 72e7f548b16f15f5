"""Model lookup on a machine without the hub: fast, one message, nothing from the libraries.

The suite runs with HF_HUB_OFFLINE=1 (conftest); the "offline but not told so" cases turn
offline mode off and point the hub at 127.0.0.1 only: a closed port (refused at once) or a
socket that accepts and never answers (a hang the probe's deadline must cut short).
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from huggingface_hub import constants

from translate.models import hub as models
from translate.errors import EXIT_USAGE, HubUnreachable, ModelUnavailable
from translate.models.hub import ModelRef, download, fetch_folder, resolve, resolve_all

OPUS = ModelRef("Helsinki-NLP/opus-mt-nl-en", "main")
BART = ModelRef("sshleifer/distilbart-cnn-12-6", "a4f8f3e")
HANG_GUARD = 10.0  # seconds; the goal is < 5 s, this only stops a hang passing as slow


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def point_hub_at(monkeypatch: pytest.MonkeyPatch, endpoint: str) -> None:
    """Offline mode off, and the hub (and its shared client) at `endpoint`."""
    from huggingface_hub.utils import close_session

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", endpoint)
    monkeypatch.setattr(constants, "ENDPOINT", endpoint)
    close_session()


@pytest.fixture
def refused_hub(monkeypatch: pytest.MonkeyPatch) -> str:
    endpoint = f"http://127.0.0.1:{closed_port()}"
    point_hub_at(monkeypatch, endpoint)
    return endpoint


@pytest.fixture
def silent_hub(monkeypatch: pytest.MonkeyPatch):
    """A hub that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)  # never accepted: the kernel completes the handshake, nobody answers
    endpoint = f"http://127.0.0.1:{server.getsockname()[1]}"
    point_hub_at(monkeypatch, endpoint)
    yield endpoint
    server.close()


@pytest.fixture
def empty_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    cache = tmp_path / "hub"
    cache.mkdir()
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    return cache


def cache_model(cache: Path, ref: ModelRef) -> Path:
    """Put `ref` into the HF cache layout, as `models fetch` would leave it."""
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = cache / f"models--{ref.name.replace('/', '--')}"
    snapshot = repo / "snapshots" / commit
    snapshot.mkdir(parents=True)
    (snapshot / "config.json").write_text("{}", encoding="utf-8")
    (repo / "refs").mkdir()
    (repo / "refs" / ref.revision).write_text(commit, encoding="utf-8")
    return snapshot


def model_folder(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / "config.json").write_text("{}", encoding="utf-8")
    return path


def assert_names_both_fixes(message: str) -> None:
    assert "translate models fetch" in message and "on a connected machine" in message
    assert "local model folder" in message
    assert "--translation-model" in message and "--summary-model" in message
    assert "\n" not in message


def no_hub_records(caplog: pytest.LogCaptureFixture) -> None:
    hub = [r.getMessage() for r in caplog.records if r.name.startswith("huggingface_hub")]
    assert hub == []


def test_missing_model_with_refused_hub_fails_fast_with_one_message(
        refused_hub, empty_cache, capfd, caplog):
    caplog.set_level(logging.DEBUG)
    started = time.monotonic()
    with pytest.raises(ModelUnavailable) as info:
        resolve(OPUS)
    assert time.monotonic() - started < HANG_GUARD
    message = str(info.value)
    assert "'Helsinki-NLP/opus-mt-nl-en' (revision main)" in message
    assert refused_hub in message and "cannot be reached" in message
    assert_names_both_fixes(message)
    assert info.value.exit_code == EXIT_USAGE
    assert not isinstance(info.value, HubUnreachable)
    no_hub_records(caplog)
    assert capfd.readouterr() == ("", "")


def test_silent_hub_is_cut_short_by_the_probe_deadline(silent_hub, empty_cache, monkeypatch, capfd):
    monkeypatch.setattr(models, "PROBE_TIMEOUT", 0.5)
    started = time.monotonic()
    with pytest.raises(ModelUnavailable) as info:
        resolve(OPUS)
    assert time.monotonic() - started < HANG_GUARD
    assert "Helsinki-NLP/opus-mt-nl-en" in str(info.value)
    assert_names_both_fixes(str(info.value))
    assert capfd.readouterr() == ("", "")


def test_user_etag_timeout_sets_the_probe_deadline(silent_hub, monkeypatch):
    monkeypatch.setenv("HF_HUB_ETAG_TIMEOUT", "1")
    monkeypatch.setattr(models, "_SET_BY_US", set())
    started = time.monotonic()
    problem = models.hub_problem()
    assert 0.9 < time.monotonic() - started < HANG_GUARD
    assert problem and ("imeout" in problem or "no answer" in problem)


def test_hub_problem_is_none_when_the_hub_answers(monkeypatch):
    import http.server
    import threading

    class Quiet(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        point_hub_at(monkeypatch, f"http://127.0.0.1:{server.server_port}")
        assert models.hub_problem() is None
    finally:
        server.shutdown()
        server.server_close()


def test_cached_model_resolves_without_asking_the_hub(refused_hub, empty_cache, monkeypatch):
    snapshot = cache_model(empty_cache, OPUS)
    monkeypatch.setattr(models, "hub_problem", lambda *a: pytest.fail("probed the hub"))
    assert resolve(OPUS) == snapshot
    assert resolve_all([OPUS]) == [snapshot]


def test_cached_model_resolves_in_offline_mode(empty_cache):
    snapshot = cache_model(empty_cache, BART)
    assert resolve(BART) == snapshot


def test_offline_mode_message_names_the_model_and_fixes(empty_cache, capfd):
    with pytest.raises(ModelUnavailable) as info:
        resolve(OPUS)
    assert "Helsinki-NLP/opus-mt-nl-en" in str(info.value) and "HF_HUB_OFFLINE" in str(info.value)
    assert_names_both_fixes(str(info.value))
    assert capfd.readouterr() == ("", "")


def test_resolve_all_reports_only_the_missing_summary_model(refused_hub, empty_cache, tmp_path,
                                                            monkeypatch):
    translation = ModelRef(str(model_folder(tmp_path / "opus")), "main")
    probes = []
    real_probe = models.hub_problem
    monkeypatch.setattr(models, "hub_problem", lambda *a: probes.append(1) or real_probe(*a))
    with pytest.raises(ModelUnavailable) as info:
        resolve_all([translation, BART])
    message = str(info.value)
    assert "model 'sshleifer/distilbart-cnn-12-6' (revision a4f8f3e) is not on this machine" in message
    assert str(tmp_path / "opus") not in message
    assert_names_both_fixes(message)
    assert probes == [1]


def test_resolve_all_names_every_missing_model_once(refused_hub, empty_cache):
    with pytest.raises(ModelUnavailable) as info:
        resolve_all([OPUS, BART])
    message = str(info.value)
    assert message.startswith("models 'Helsinki-NLP/opus-mt-nl-en'")
    assert "'sshleifer/distilbart-cnn-12-6'" in message
    assert message.count("translate models fetch") == 1


def test_resolve_all_checks_local_folders_before_the_hub(refused_hub, empty_cache, tmp_path,
                                                         monkeypatch):
    monkeypatch.setattr(models, "hub_problem", lambda *a: pytest.fail("probed the hub"))
    with pytest.raises(ModelUnavailable, match="model folder not found"):
        resolve_all([OPUS, ModelRef(str(tmp_path / "nope" / "model"), "main")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelUnavailable, match="no config.json"):
        resolve_all([OPUS, ModelRef(str(tmp_path / "empty"), "main")])


def test_resolve_all_returns_folders_in_order(empty_cache, tmp_path):
    snapshot = cache_model(empty_cache, BART)
    local = model_folder(tmp_path / "opus")
    assert resolve_all([ModelRef(str(local), "main"), BART]) == [local.resolve(), snapshot]
    assert resolve_all([]) == []


def test_download_says_the_hub_is_unreachable(refused_hub, tmp_path, capfd, caplog):
    caplog.set_level(logging.DEBUG)
    started = time.monotonic()
    with pytest.raises(HubUnreachable) as info:
        download(OPUS, fetch_folder(tmp_path, OPUS))
    assert time.monotonic() - started < HANG_GUARD
    message = str(info.value)
    assert "Helsinki-NLP/opus-mt-nl-en" in message
    assert f"the model hub {refused_hub} is unreachable from this machine" in message
    assert "on a machine with network access" in message and "HF_ENDPOINT" in message
    assert "on a connected machine" not in message  # not the `run` advice
    assert info.value.exit_code == EXIT_USAGE and isinstance(info.value, ModelUnavailable)
    assert not (tmp_path / "Helsinki-NLP--opus-mt-nl-en").exists()
    no_hub_records(caplog)
    assert capfd.readouterr() == ("", "")


def test_download_in_offline_mode_says_so(tmp_path):
    with pytest.raises(ModelUnavailable, match="HF_HUB_OFFLINE is set") as info:
        download(OPUS, None)
    assert not isinstance(info.value, HubUnreachable)


def test_fetch_folder_is_a_plain_folder_name(tmp_path):
    assert fetch_folder(tmp_path, OPUS) == tmp_path / "Helsinki-NLP--opus-mt-nl-en"


def test_nothing_from_the_libraries_reaches_stderr(tmp_path):
    """A fresh interpreter, as a user runs it: no pytest log capture to hide hub warnings."""
    script = textwrap.dedent("""
        from translate.models.hub import ModelRef, ModelUnavailable, download, resolve
        for call in (lambda: resolve(ModelRef("Helsinki-NLP/opus-mt-nl-en", "main")),
                     lambda: download(ModelRef("Helsinki-NLP/opus-mt-nl-en", "main"), None)):
            try:
                call()
            except ModelUnavailable as exc:
                print(type(exc).__name__)
    """)
    env = {k: v for k, v in os.environ.items()
           if k not in {"HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_CACHE"}
           and not k.lower().endswith("_proxy")}
    env.update(HF_HOME=str(tmp_path / "hf"), HF_ENDPOINT=f"http://127.0.0.1:{closed_port()}")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=False, env=env, timeout=60, cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ModelUnavailable", "HubUnreachable"]
    assert result.stderr == ""
    assert time.monotonic() - started < 30  # interpreter start and imports included
