"""A run on a two-node Ray cluster, with the second node killed mid-run (or a cluster too small).

    python benchmarks/ray_nodes.py [--articles 200] [--cpus 2] [--kill-after 1]
                                   [--threads 0] [--work DIR] [--timeout 600]

Starts Ray's own testing cluster (`ray.cluster_utils.Cluster`): a head and one more node,
`--cpus` CPUs each, every service on 127.0.0.1. Writes N small articles (those of
`noop_rerun.py`), runs `translate run --executor ray --ray-address <head>` on them with the
tiny random models, and once `--kill-after` records are on disk and a model worker of the
second node is running a group (Ray titles its process `ray::...submit` then), kills that node
as a machine that dies (`remove_node(node, allow_graceful=False)`: its raylet and its
workers, SIGKILL). Prints the driver's log with times, the exit code, the report's counts and
`nodes`, the longest wait for a record after the kill (the stall) and the whole run's time,
then reruns (a no-op expected). `--kill-after 0` kills nothing; `--threads N` sets
`runtime.threads` (CPUs per model worker).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # before Ray is imported

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from noop_rerun import write_articles  # noqa: E402  (small articles of the nightly shape)


def records(out: Path) -> int:
    return sum(1 for p in out.rglob("*.json") if ".translate" not in p.parts)


def at_work(node) -> bool:
    """A model worker of `node` (a process under its raylet) is running a group."""
    import psutil
    from ray._private import ray_constants

    raylet = node.all_processes[ray_constants.PROCESS_TYPE_RAYLET][0].process.pid
    try:
        workers = psutil.Process(raylet).children(recursive=True)
    except psutil.Error:
        return False
    for worker in workers:
        try:
            title = " ".join(worker.cmdline())
        except psutil.Error:
            continue
        if "ModelWorker" in title and ".submit" in title:
            return True
    return False


def start_cluster(cpus: int):
    """A head and a second node of `cpus` CPUs each, on 127.0.0.1, in a Ray temp folder of
    their own (`RAY_TMPDIR`: short, for Ray's socket paths, and not another Ray's)."""
    os.environ["RAY_TMPDIR"] = tempfile.mkdtemp(prefix="ray-", dir="/tmp")
    from ray.cluster_utils import Cluster

    cluster = Cluster(initialize_head=True, head_node_args={
        "num_cpus": cpus, "node_ip_address": "127.0.0.1", "include_dashboard": False})
    node = cluster.add_node(num_cpus=cpus, node_ip_address="127.0.0.1")
    cluster.wait_for_nodes()
    return cluster, node


def run(args, folder: Path, out: Path, models: Path, config: Path, address: str,
        report: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "translate", "run", str(folder), "--out", str(out),
         "--report", str(report), "--translation-model", str(models / "marian"),
         "--summary-model", str(models / "bart"), "--config", str(config),
         "--executor", "ray", "--ray-address", address],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--kill-after", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--timeout", type=float, default=600,
                        help="seconds before the run is killed")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="ray-nodes-"))
    from translate.synthetic import build_bart, build_marian

    models = work / "models"
    if not (models / "bart").is_dir():
        build_marian(models / "marian")
        build_bart(models / "bart", max_positions=64)
    folder, out = work / "articles", work / "out"
    for old in (folder, out):
        shutil.rmtree(old, ignore_errors=True)
    write_articles(folder, args.articles)
    config = work / "run.toml"
    config.write_text("[runtime]\n" + (f"threads = {args.threads}\n" if args.threads else ""))
    cluster, node = start_cluster(args.cpus)
    try:
        addresses = sorted({n["NodeManagerAddress"] for n in cluster.global_state.node_table()})
        print(f"cluster {cluster.address}: 2 nodes of {args.cpus} CPU(s) on {addresses}",
              flush=True)
        started = time.monotonic()
        child = run(args, folder, out, models, config, cluster.address, work / "report.json")
        lines: list[tuple[float, str]] = []
        reader = threading.Thread(target=lambda: lines.extend(
            (time.monotonic(), line.rstrip("\n")) for line in child.stdout), daemon=True)
        reader.start()
        written_at: list[float] = []
        killed_at = None
        while child.poll() is None:
            if time.monotonic() - started > args.timeout:
                child.kill()
                print(f"no end after {args.timeout:.0f} s: killed the run; "
                      f"{records(out)} records written", flush=True)
                break
            written = records(out)
            written_at.extend([time.monotonic()] * (written - len(written_at)))
            if (args.kill_after and killed_at is None and written >= args.kill_after
                    and at_work(node)):
                killed_at = time.monotonic()
                cluster.remove_node(node, allow_graceful=False)
                print(f"killed the second node at {killed_at - started:.1f} s, "
                      f"{written} records written", flush=True)
            time.sleep(0.05)
        child.wait()
        reader.join(timeout=10)
        output = "\n".join(f"{at - started:7.1f} s  {line}" for at, line in lines)
        total = time.monotonic() - started
        (work / "driver.log").write_text(output)
        print("\n".join(line for line in output.splitlines()
                        if "  translated " not in line))
        if not (work / "report.json").is_file():
            raise SystemExit(f"exit {child.returncode} in {total:.1f} s, and no report")
        report = json.loads((work / "report.json").read_text())
        print(f"exit {child.returncode} in {total:.1f} s: "
              + ", ".join(f"{k} {len(report[k])}" for k in
                          ("translated", "unchanged", "skipped", "failed"))
              + f"; nodes {report.get('nodes')}; records on disk {records(out)}")
        if killed_at is not None:
            after = [t for t in written_at if t > killed_at]
            gaps = [b - a for a, b in zip([killed_at, *after], after)]
            print(f"kill at {killed_at - started:.1f} s; {len(after)} records written after it; "
                  f"longest wait for a record after the kill: {max(gaps, default=0):.1f} s "
                  f"(records written every 0.05 s poll are counted together)")
        child = run(args, folder, out, models, config, cluster.address, work / "again.json")
        child.communicate()
        again = json.loads((work / "again.json").read_text())
        print(f"rerun: exit {child.returncode}, unchanged {len(again['unchanged'])}, "
              f"translated {len(again['translated'])}, models_loaded {again['models_loaded']}")
    finally:
        cluster.shutdown()
        shutil.rmtree(os.environ["RAY_TMPDIR"], ignore_errors=True)


if __name__ == "__main__":
    main()
