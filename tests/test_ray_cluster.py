"""The cluster recipe as a user runs it: `ray start --head`, then `translate run --ray-address`.

A real head in its own process group, on 127.0.0.1 only (Ray's single-machine setting,
`RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0`, for the head and the driver), with a temp dir and a
home of its own: the home holds the token a local Ray leaves in `~/.ray/auth_token`, so the
head turns on token authentication as `ray start --head` does on a machine that ran Ray
before. The driver is `python -m translate` in its own process, told nothing but the
address. The head's whole process group is killed afterwards, whatever happened.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from helpers import SECOND, SEED_SHAPED, check_outputs, model_flags, output_or_fail, write

if importlib.util.find_spec("ray") is None:  # not imported here: the Ray is the head's
    pytest.skip("needs Ray: pip install 'translate[ray]'", allow_module_level=True)
psutil = pytest.importorskip("psutil")

LOOPBACK = {"127.0.0.1", "::ffff:127.0.0.1", "::1"}
RAY_SETTINGS = ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH", "RAY_ADDRESS")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(home: Path) -> dict[str, str]:
    """This test's environment (offline hub, throw-away caches), with `home` as HOME, Ray
    on this machine only, and none of the caller's Ray settings."""
    env = {k: v for k, v in os.environ.items() if k not in RAY_SETTINGS}
    env.update(HOME=str(home), RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER="0",
               PYTHONPATH=os.pathsep.join(filter(None, [str(Path(__file__).parents[1]),
                                                        env.get("PYTHONPATH")])))
    return env


def ray_command() -> list[str]:
    script = Path(sys.executable).with_name("ray")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ray.scripts.scripts"]


class Head:
    def __init__(self, process: subprocess.Popen, address: str, home: Path) -> None:
        self.process, self.address, self.home = process, address, home
        self.pgid = process.pid  # a session of its own: its pid is its group


def tree(pid: int) -> list[psutil.Process]:
    """The process `pid` and all its descendants (Ray's workers have groups of their own)."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    running = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                running.append(process)
        except psutil.Error:
            continue
    return running


def stop_head(head: Head) -> None:
    """SIGTERM to the head's process group (`ray start --block` stops its Ray then), SIGKILL
    to whatever of its tree is left after 3 s."""
    processes = tree(head.process.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(head.pgid, signal.SIGTERM)
    psutil.wait_procs(alive(processes), timeout=3)
    for process in alive(processes):
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(alive(processes), timeout=10)


@pytest.fixture(scope="module")
def head(tmp_path_factory, test_environment):
    home = tmp_path_factory.mktemp("home")
    # The token an earlier local Ray (`ray.init()`) leaves behind.
    write(home / ".ray" / "auth_token", "5f0c" * 16)
    # Ray's unix socket paths must stay short: a temp dir of its own, directly under /tmp.
    temp_dir = tempfile.mkdtemp(prefix="ray-", dir="/tmp")
    port = free_port()
    log = tmp_path_factory.mktemp("head") / "head.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [*ray_command(), "start", "--head", "--block", "--port", str(port),
             "--node-ip-address", "127.0.0.1", "--include-dashboard", "false",
             "--num-cpus", "2", "--temp-dir", temp_dir, "--disable-usage-stats"],
            # The tests' offline hub and caches, which this module-scoped fixture comes
            # before: the workers inherit the head's environment.
            env=environment(home) | test_environment, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    head = Head(process, f"127.0.0.1:{port}", home)
    try:
        deadline = time.monotonic() + 90
        while "Ray runtime started" not in log.read_text():
            assert process.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        assert "Token authentication is enabled" in log.read_text()
        yield head
    finally:
        processes = tree(process.pid)
        stop_head(head)
        process.wait(timeout=10)
        shutil.rmtree(temp_dir, ignore_errors=True)
        assert not alive(processes)


@pytest.fixture(scope="module")
def settings(tiny_marian, tiny_bart, tmp_path_factory):
    config = write(tmp_path_factory.mktemp("config") / "threads.toml",
                   "[runtime]\nthreads = 1\n")
    return [*model_flags(tiny_marian, tiny_bart), "--config", str(config)]


def driver(folder: Path, out: Path, settings: list[str], head: Head, home: Path,
           *extra: str) -> subprocess.Popen:
    report = out.parent / f"report-{len(list(out.parent.glob('report-*')))}.json"
    return subprocess.Popen(
        [sys.executable, "-m", "translate", "run", str(folder), "--out", str(out),
         "--report", str(report), *settings, "--executor", "ray", "--ray-address",
         head.address, *extra],
        env=environment(home), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen, out: Path) -> tuple[int, dict, str]:
    output = output_or_fail(process, 240)
    report = json.loads(max(out.parent.glob("report-*.json"),
                            key=lambda p: p.stat().st_mtime).read_text())
    return process.returncode, report, output


def listening(processes: list[psutil.Process]) -> set[tuple[str, str, int]]:
    found = set()
    for process in processes:
        try:
            for conn in process.net_connections(kind="inet"):
                if conn.status == psutil.CONN_LISTEN:
                    found.add((process.name(), conn.laddr.ip, conn.laddr.port))
        except psutil.Error:
            continue
    return found


def kill_a_worker(head: Head, run: subprocess.Popen, seen: dict, stop: threading.Event) -> None:
    """SIGKILL the first model worker (an actor process under the head) once it is at work
    (half a second of CPU: importing, loading its models or translating), noting first what
    every Ray process of the head and of the driver listens on."""
    while not stop.is_set():
        for process in tree(head.process.pid):
            try:
                text = process.name() + " ".join(process.cmdline())
                working = sum(process.cpu_times()[:2]) >= 0.5
            except psutil.Error:
                continue
            if "ModelWorker" in text and working:
                seen["listening"] = listening(tree(head.process.pid) + tree(run.pid))
                try:
                    process.send_signal(signal.SIGKILL)
                except psutil.Error:
                    continue
                seen["killed"] = process.pid
                return
        time.sleep(0.05)


def test_a_run_on_a_started_head_survives_a_killed_worker_and_a_rerun_is_a_no_op(
        tmp_path, head, settings):
    folder = tmp_path / "in"
    sources = [write(folder / "a.txt", SEED_SHAPED), write(folder / "sub" / "b.txt", SECOND),
               write(folder / "c.txt", SECOND.replace("49,8", "51,2") + "\nEen extra alinea. "
                     "Met twee zinnen.\n")]
    out = tmp_path / "out"
    run = driver(folder, out, settings, head, head.home)
    seen: dict = {}
    stop = threading.Event()
    killer = threading.Thread(target=kill_a_worker, args=(head, run, seen, stop), daemon=True)
    killer.start()
    try:
        code, report, output = finish(run, out)
    finally:
        stop.set()
        killer.join(timeout=10)
    assert "killed" in seen, f"no model worker was seen to kill\n{output[-3000:]}"
    assert code == 0, output[-3000:]
    assert report["executor"] == "ray"
    assert sorted(report["translated"]) == ["a.txt", "c.txt", "sub/b.txt"]
    for source in sources:
        rel = source.relative_to(folder)
        check_outputs(source, out / rel.parent)
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]

    # Every Ray service of the head and of the driver listened on this machine only.
    assert seen["listening"], "no listening socket was seen"
    assert {ip for _, ip, _ in seen["listening"]} <= LOOPBACK, seen["listening"]

    code, again, output = finish(driver(folder, out, settings, head, head.home), out)
    assert code == 0, output[-3000:]
    assert sorted(again["unchanged"]) == ["a.txt", "c.txt", "sub/b.txt"]
    assert again["translated"] == [] and again["models_loaded"] == []


@pytest.mark.parametrize("token, named", [(None, "has none"), ("not-the-head's", "refused")])
def test_a_head_that_refuses_the_driver_is_one_line_naming_the_fix(
        tmp_path, head, settings, token, named):
    folder = tmp_path / "in"
    write(folder / "a.txt", SECOND)
    home = tmp_path / "home"
    home.mkdir()
    if token:
        write(home / ".ray" / "auth_token", token)
    started = time.monotonic()
    code, report, output = finish(driver(folder, tmp_path / "out", settings, head, home),
                                  tmp_path / "out")
    elapsed = time.monotonic() - started
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert code == 2 and report["failed"] == [], output[-3000:]
    assert len(errors) == 1, output[-3000:]
    assert head.address in errors[0] and named in errors[0]
    assert "ray get-auth-token" in errors[0] and "~/.ray/auth_token" in errors[0]
    assert report["fatal"] in errors[0]
    assert elapsed < 60  # a hang guard: Ray alone retries a refused token for 20 s
