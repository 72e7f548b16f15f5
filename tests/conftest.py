"""Shared test setup: no Hugging Face hub, and tiny random-weight models built once.

Every test runs offline against an empty, throw-away HF cache, so a test that would
reach for a real checkpoint fails at once instead of downloading it (or quietly using
one from the developer's own cache). Tests that need a model use `tiny_marian` /
`tiny_bart`: folders built by `translate.synthetic` that load through the same
`from_pretrained` path as the real opus-mt / distilBART checkpoints.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Every Ray the tests start listens on 127.0.0.1 only: Ray's single-machine setting, read
# when Ray is first imported (here, before any test module imports it) and inherited by
# the Ray processes it starts.
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")


@pytest.fixture(scope="session")
def hf_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty HF_HOME shared by the session's tests."""
    return tmp_path_factory.mktemp("hf_home")


@pytest.fixture(scope="session")
def test_environment(hf_home: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The variables `offline_hub` and `isolated_cache` set for every test: offline hub,
    throw-away HF and translate caches. A module-scoped fixture runs before those, so one
    that starts processes meant to outlive it (a Ray head, whose workers inherit its
    environment) gives them these itself."""
    return {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HOME": str(hf_home),
            "HF_HUB_CACHE": str(hf_home / "hub"),
            "TRANSLATE_CACHE": str(tmp_path_factory.getbasetemp() / "translate-cache")}


@pytest.fixture(autouse=True)
def offline_hub(monkeypatch: pytest.MonkeyPatch, hf_home: Path,
                test_environment: dict[str, str]) -> None:
    """Force offline mode and point the HF caches at `hf_home` for every test."""
    cache = hf_home / "hub"
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HOME", "HF_HUB_CACHE"):
        monkeypatch.setenv(name, test_environment[name])
    # huggingface_hub reads these variables once, when it is first imported; if an
    # earlier test (or a collected module) already imported it, the environment alone
    # changes nothing, so patch its constants too. Not importing it here keeps tests
    # that never touch transformers fast.
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:
        monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
        monkeypatch.setattr(constants, "HF_HOME", str(hf_home))
        monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Marian nl->en model folder (opus-mt layout, ~500-token vocab)."""
    from translate.synthetic import build_marian

    return build_marian(tmp_path_factory.mktemp("tiny_marian"))


@pytest.fixture(scope="session")
def tiny_bart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random BART summariser folder with only 64 positions, so chunking kicks in."""
    from translate.synthetic import build_bart

    return build_bart(tmp_path_factory.mktemp("tiny_bart"), max_positions=64)


@pytest.fixture(autouse=True)
def isolated_cache(monkeypatch: pytest.MonkeyPatch, test_environment: dict[str, str]) -> None:
    """CTranslate2 conversions of the tiny models go to a throw-away cache, not ~/.cache."""
    monkeypatch.setenv("TRANSLATE_CACHE", test_environment["TRANSLATE_CACHE"])


@pytest.fixture(autouse=True)
def one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiny models run fastest on one thread: OpenMP hand-offs cost more than the math."""
    import translate.models.backends.base

    monkeypatch.setattr(translate.models.backends.base, "thread_count", lambda threads: 1)
