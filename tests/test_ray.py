"""`--executor ray`: the model work on Ray Data actors, everything else as a local run.

One local Ray instance for the whole module (`ray.init(num_cpus=2)`), tiny models, on
127.0.0.1 only (`conftest.py` sets Ray's single-machine setting).
"""

from __future__ import annotations

import json
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from helpers import SECOND, SEED_SHAPED, model_flags, run, write

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module", autouse=True)
def local_ray(test_environment):
    # Ray's workers inherit the environment ray.init finds, and this fixture runs before
    # the tests' own (offline hub, throw-away caches): without these the workers converted
    # the tiny models again, and built the lexicons, in ~/.cache/translate.
    with pytest.MonkeyPatch.context() as patch:
        for name, value in test_environment.items():
            patch.setenv(name, value)
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    assert {node["NodeManagerAddress"] for node in ray.nodes()} == {"127.0.0.1"}, \
        "Ray was imported before conftest.py set RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0"
    yield
    ray.shutdown()


@pytest.fixture
def models(tiny_marian, tiny_bart, tmp_path):
    # One thread on both sides: the workers plan their batches as this process does (the
    # suite pins it to one thread), so both executors make the very same model calls.
    config = write(tmp_path / "threads.toml", "[runtime]\nthreads = 1\n")
    return [*model_flags(tiny_marian, tiny_bart), "--config", str(config)]


def articles(folder: Path) -> Path:
    write(folder / "a.txt", SEED_SHAPED)
    write(folder / "sub" / "b.txt", SECOND)
    write(folder / "c.txt", SECOND.replace("49,8", "51,2") + "\nEen extra alinea. Met twee zinnen.\n")
    return folder


def comparable(record: dict) -> dict:
    """A record without what may differ between two runs: timings, the executor's name."""
    models = [{k: v for k, v in m.items() if k != "executor"} for m in record["models"]]
    return {k: v for k, v in record.items() if k != "seconds"} | {"models": models}


def state_rows(out: Path) -> list[tuple]:
    with sqlite3.connect(out / ".translate" / "state.sqlite3") as conn:
        return conn.execute("SELECT source, sha256, fingerprint, outcome FROM articles "
                            "ORDER BY source").fetchall()


def test_ray_run_equals_local_run_and_a_local_rerun_finds_it_unchanged(tmp_path, models):
    folder = articles(tmp_path / "in")
    local_out, ray_out = tmp_path / "local" / "out", tmp_path / "ray" / "out"
    code, local, _ = run(folder, local_out, models)
    assert code == 0
    code, remote, output = run(folder, ray_out, models, "--executor", "ray")
    assert code == 0, output
    assert remote["executor"] == "ray" and local["executor"] == "local"
    assert sorted(remote["translated"]) == sorted(local["translated"]) == ["a.txt", "c.txt", "sub/b.txt"]

    for path in sorted(local_out.rglob("*")):
        if path.is_file() and ".translate" not in path.parts:
            twin = ray_out / path.relative_to(local_out)
            if path.suffix == ".json":
                ours, theirs = json.loads(path.read_text()), json.loads(twin.read_text())
                assert comparable(theirs) == comparable(ours)
                assert {m["executor"] for m in theirs["models"]} == {"ray"}
            else:
                assert twin.read_text() == path.read_text(), path.name
    assert state_rows(ray_out) == state_rows(local_out)

    code, again, _ = run(folder, ray_out, models)  # the local executor, same settings
    assert code == 0
    assert sorted(again["unchanged"]) == ["a.txt", "c.txt", "sub/b.txt"]
    assert again["models_loaded"] == []

    # The driver's sentence memory reaches the workers: redone on Ray, nothing is translated
    # again, and the outputs stay what they were.
    before = (ray_out / "a.en.txt").read_text()
    code, redone, _ = run(folder, ray_out, models, "--executor", "ray", "--force")
    assert code == 0 and len(redone["translated"]) == 3
    assert redone["sentences_translated"] == 0
    assert redone["sentences_reused"] == remote["sentences_translated"] + remote["sentences_reused"]
    assert (ray_out / "a.en.txt").read_text() == before


def _kill_first_worker(killed: list[int], stop: threading.Event) -> None:
    import psutil

    while not stop.is_set() and not killed:
        for process in psutil.Process().children(recursive=True):  # this test's Ray only
            try:
                text = " ".join(process.cmdline()) + process.name()
                if "ModelWorker" in text:
                    process.send_signal(signal.SIGKILL)
                    killed.append(process.pid)
                    return
            except psutil.Error:
                continue
        time.sleep(0.05)


def test_a_killed_worker_is_survived(tmp_path, models):
    folder = articles(tmp_path / "in")
    killed: list[int] = []
    stop = threading.Event()
    killer = threading.Thread(target=_kill_first_worker, args=(killed, stop), daemon=True)
    killer.start()
    try:
        code, report, output = run(folder, tmp_path / "out", models, "--executor", "ray",
                                   "--no-summary")
    finally:
        stop.set()
        killer.join(timeout=10)
    assert killed, "no Ray worker was seen to kill"
    assert code == 0, output
    assert sorted(report["translated"]) == ["a.txt", "c.txt", "sub/b.txt"]


def test_an_unreachable_cluster_is_one_line_and_exit_2(tmp_path, models):
    folder = articles(tmp_path / "in")
    ray.shutdown()  # a fresh driver, as a command-line run is
    try:
        started = time.monotonic()
        code, report, output = run(folder, tmp_path / "out", models, "--executor", "ray",
                                   "--ray-address", "127.0.0.1:9")
        elapsed = time.monotonic() - started
    finally:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    assert code == 2 and report["failed"] == []
    assert "127.0.0.1:9" in report["fatal"] and "cannot be reached" in report["fatal"]
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert elapsed < 30  # a hang guard: the probe gives up after 3 s
