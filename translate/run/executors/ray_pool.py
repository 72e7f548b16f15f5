"""The model workers a Ray cluster can hold, and the parts a window's work goes out in.

A worker never spans nodes: what counts is what each alive node holds, not the cluster's
sum (two nodes of 1 CPU cannot hold a worker of 2 CPUs). A cluster that cannot hold one
worker is an error that says what it has, what the run asks and which settings size the
pool.
"""

from __future__ import annotations

import dataclasses
import math
import socket
from typing import Any

from translate.errors import EngineError

# CPUs of one actor when `runtime.threads` is 0 (fewer on nodes that have fewer): two
# batches at once, one thread each.
ACTOR_CPUS = 2
# How long a node's raylet may take to accept a connection before the node counts as lost.
PROBE_TIMEOUT_S = 1.0


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
