"""`--executor ray` on a cluster of two nodes: a node that dies mid-run, a cluster too small.

Ray's own testing cluster (`ray.cluster_utils.Cluster`): a head and a second node on this
machine, every service on 127.0.0.1 (Ray's single-machine setting, set by `conftest.py`,
and `node_ip_address`), in a Ray temp folder of their own (`RAY_TMPDIR`). The driver is
`python -m translate run --ray-address <head>` in its own process, as a user runs it. A node
"dies as a machine does": `remove_node(node, allow_graceful=False)` SIGKILLs its raylet and
its workers. Nothing waits on a sleep: the node is killed once one of its model workers is
seen at work on a group (Ray titles a worker's process `ray::...submit` while it runs one).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from helpers import model_flags, output_or_fail, squash, write

ray = pytest.importorskip("ray")
psutil = pytest.importorskip("psutil")
from ray.cluster_utils import Cluster  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = {"127.0.0.1", "::ffff:127.0.0.1", "::1"}


def articles(folder: Path, count: int) -> list[Path]:
    """`count` small articles of the nightly shape, no two alike."""
    return [write(folder / f"{i % 5}" / f"bericht-{i:03d}.txt",
                  f" date 2023-{1 + i % 12:02d} Raad bespreekt plan {i} voor de haven\n\n"
                  f"De gemeenteraad sprak dinsdag over plan {i}. Volgens dhr. Smit kost het "
                  f"ca. {i + 3},5 miljoen euro.\n\nAanleiding\n\nHet plan komt o.a. van de "
                  f"havenmeester. De raad beslist in week {i % 50 + 1}.\n")
            for i in range(count)]


def whole(source: Path, folder: Path) -> None:
    """The English and the record of `source` (a run without summaries) complete: every
    paragraph there, in order, each sentence with its English."""
    original = source.read_text(encoding="utf-8")
    paragraphs = [p for p in original.split("\n\n") if p.strip()]
    english = (folder / f"{source.stem}.en.txt").read_text(encoding="utf-8")
    record = json.loads((folder / f"{source.stem}.json").read_text(encoding="utf-8"))
    assert len(english.rstrip("\n").split("\n\n")) == len(paragraphs)
    assert english.startswith(original[:len(" date 2023-01 ")])
    assert len(record["paragraphs"]) == len(paragraphs)
    assert squash("".join(p["nl"] for p in record["paragraphs"])) == \
        squash(original[len(" date 2023-01 "):])
    assert all(isinstance(s["en"], str) and s["en"]
               for p in record["paragraphs"] for s in p["sentences"])


def at_work(node) -> bool:
    """A model worker of `node` (a process under its raylet) is running a group."""
    from ray._private import ray_constants

    raylet = node.all_processes[ray_constants.PROCESS_TYPE_RAYLET][0].process.pid
    try:
        workers = psutil.Process(raylet).children(recursive=True)
    except psutil.Error:
        return False
    for worker in workers:
        try:
            if "ModelWorker" in (title := " ".join(worker.cmdline())) and ".submit" in title:
                return True
        except psutil.Error:
            continue
    return False


def records(out: Path) -> int:
    return sum(1 for p in out.rglob("*.json") if ".translate" not in p.parts)


@pytest.fixture
def ray_temp(monkeypatch):
    """A Ray temp folder of the test's own, its path short (Ray's socket paths)."""
    folder = tempfile.mkdtemp(prefix="ray-", dir="/tmp")
    monkeypatch.setenv("RAY_TMPDIR", folder)
    yield folder
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def two_nodes(cpus: int):
    """A head and a second node of `cpus` CPUs each, on 127.0.0.1; (cluster, second node)."""
    cluster = Cluster(initialize_head=True, head_node_args={
        "num_cpus": cpus, "node_ip_address": "127.0.0.1", "include_dashboard": False})
    node = cluster.add_node(num_cpus=cpus, node_ip_address="127.0.0.1")
    cluster.wait_for_nodes()
    return cluster, node


def driver(folder: Path, out: Path, address: str, flags: list[str], name: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT),
                                                                   os.environ.get("PYTHONPATH")])))
    return subprocess.Popen(
        [sys.executable, "-m", "translate", "run", str(folder), "--out", str(out),
         "--report", str(out.parent / f"{name}.json"), *flags, "--executor", "ray",
         "--ray-address", address],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen, report: Path) -> tuple[int, dict, str]:
    output = output_or_fail(process, 180)
    return process.returncode, json.loads(report.read_text()), output


def listening(pids: list[int]) -> set[str]:
    """The addresses every process of `pids` and their descendants listen on."""
    found = set()
    for pid in pids:
        try:
            root = psutil.Process(pid)
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            continue
        for process in tree:
            try:
                found |= {conn.laddr.ip for conn in process.net_connections(kind="inet")
                          if conn.status == psutil.CONN_LISTEN}
            except psutil.Error:
                continue
    return found


@pytest.fixture
def flags(tiny_marian, tiny_bart, tmp_path):
    # No `[runtime] threads`: the pool is sized to the nodes (two workers of 2 CPUs here).
    return [*model_flags(tiny_marian, tiny_bart), "--no-summary"]


def test_a_node_that_dies_mid_run_is_survived_and_a_rerun_is_a_no_op(tmp_path, ray_temp, flags):
    # Enough groups that the run outlasts the second worker's start: with 50 articles (4
    # groups) on a quiet machine, once the tiny models' conversions were shared by the
    # suite, the first worker did all four before the second took one, and the run was over.
    sources = articles(tmp_path / "in", 160)
    out = tmp_path / "out"
    cluster, node = two_nodes(cpus=2)
    try:
        ids = {n["NodeID"] for n in cluster.global_state.node_table()}
        run = driver(tmp_path / "in", out, cluster.address, flags, "first")
        deadline = time.monotonic() + 150
        while not at_work(node):
            assert run.poll() is None, run.communicate()[0][-3000:]
            assert time.monotonic() < deadline, "the second node was never seen at work"
            time.sleep(0.02)
        addresses = listening([os.getpid(), run.pid])
        written = records(out)
        cluster.remove_node(node, allow_graceful=False)  # its raylet and its workers
        code, report, output = finish(run, out.parent / "first.json")
        assert written < len(sources), "the run was over before the node died"
        assert code == 0, output[-3000:]
        assert report["failed"] == [] and report["errors"] == {}
        assert len(report["translated"]) == len(sources)
        for source in sources:
            whole(source, out / source.parent.name)
        assert records(out) == len(sources)
        assert not [p for p in out.rglob("*") if ".tmp" in p.name]
        # The loss was met and said in one line, and nothing of Ray's dump came through.
        assert "Ray lost" in output, output[-3000:]
        assert "(raylet)" not in output and "state-dump" not in output
        assert "Traceback" not in output
        # Articles per node: the report's count is the run's, on the cluster's nodes.
        assert sum(report["nodes"].values()) == len(sources)
        assert set(report["nodes"]) <= ids
        assert "articles per Ray node:" in output
        # Every Ray service of the cluster and of the driver listened on this machine only.
        assert addresses and addresses <= LOOPBACK, addresses

        code, again, output = finish(driver(tmp_path / "in", out, cluster.address, flags,
                                            "again"), out.parent / "again.json")
        assert code == 0, output[-3000:]
        assert len(again["unchanged"]) == len(sources)
        assert again["translated"] == [] and again["models_loaded"] == []
    finally:
        cluster.shutdown()


def test_a_cluster_too_small_for_a_worker_is_said_in_seconds_and_sized_down_otherwise(
        tmp_path, ray_temp, flags):
    sources = articles(tmp_path / "in", 6)
    out = tmp_path / "out"
    two_cpus = write(tmp_path / "two.toml", "[runtime]\nthreads = 2\n")
    cluster, _ = two_nodes(cpus=1)
    try:
        started = time.monotonic()
        code, report, output = finish(
            driver(tmp_path / "in", out, cluster.address, [*flags, "--config", str(two_cpus)],
                   "small"), out.parent / "small.json")
        elapsed = time.monotonic() - started
        errors = [line for line in output.splitlines() if line.startswith("error:")]
        assert code == 2 and report["failed"] == [], output[-3000:]
        assert len(errors) == 1, output[-3000:]
        assert report["fatal"] in errors[0]
        # What the cluster has, what the run asks, and the setting that sizes the pool.
        assert cluster.address in errors[0]
        assert "2 alive node(s) with 1 CPU(s) each" in errors[0]
        assert "workers x 2 CPU(s) each" in errors[0]
        assert "[runtime] threads = 1" in errors[0]
        assert report["models_loaded"] == [] and records(out) == 0
        assert elapsed < 45  # Ray alone would wait for the workers for ever

        # Without `threads` the pool fits the nodes: one worker of 1 CPU on each.
        code, report, output = finish(driver(tmp_path / "in", out, cluster.address, flags,
                                             "fitted"), out.parent / "fitted.json")
        assert code == 0, output[-3000:]
        assert len(report["translated"]) == len(sources)
        assert "model worker(s) of 1 CPU(s) on 2 node(s)" in output
    finally:
        cluster.shutdown()


def test_the_clusters_messages_become_one_warning_line_each(capsys):
    """Ray prints a lost raylet with the tail of its log on the driver's stderr; the run's
    log gets its first line once, without the tail."""
    import logging

    from ray._private import worker as ray_worker

    from translate.run.executors.ray_cluster import _route_cluster_messages

    _route_cluster_messages()
    _route_cluster_messages()  # once is enough: a second call does not wrap it again
    seen: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: seen.append(record.getMessage())
    logger = logging.getLogger("translate")
    logger.addHandler(handler)
    try:
        message = ("Raylet is terminated. Termination is unexpected. Last 20 lines of the "
                   "Raylet logs:\n    [state-dump] NodeManager.GcsCheckAlive - 1 total\n")
        for _ in range(2):  # Ray may publish one event twice
            ray_worker.print_to_stdstream({"lines": [message], "pid": "raylet",
                                           "is_err": False}, ignore_prefix=False)
    finally:
        logger.removeHandler(handler)
    assert seen == ["Ray: Raylet is terminated. Termination is unexpected."]
    assert "state-dump" not in capsys.readouterr().err
