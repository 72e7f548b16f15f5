"""Sizing the Ray workers to the cluster's alive nodes, and cutting a window into parts
(`run.executors.ray_pool`): no Ray needed, the nodes are described as `ray.nodes()` does."""

from __future__ import annotations

import socket

import pytest

from translate.errors import EngineError
from translate.run.executors.ray_pool import Pool, pool_size, split_groups, unreachable


def node(cpus: float, gpus: float = 0, alive: bool = True, port: int = 0, name: str = "n"):
    return {"NodeID": name, "Alive": alive, "NodeManagerAddress": "127.0.0.1",
            "NodeManagerPort": port, "Resources": {"CPU": cpus, "GPU": gpus}}


@pytest.mark.parametrize("nodes, threads, groups, pool", [
    ([node(1), node(1)], 0, 50, Pool(actors=2, cpus=1, gpus=0)),   # sized down to 1 CPU
    ([node(2), node(2)], 0, 50, Pool(actors=2, cpus=2, gpus=0)),
    ([node(2), node(2)], 1, 50, Pool(actors=4, cpus=1, gpus=0)),
    ([node(0), node(8)], 0, 50, Pool(actors=4, cpus=2, gpus=0)),   # a head without CPUs
    ([node(0), node(8)], 0, 3, Pool(actors=3, cpus=2, gpus=0)),    # no more than the groups
    ([node(3), node(3, alive=False)], 3, 50, Pool(actors=1, cpus=3, gpus=0)),  # dead: not counted
    ([node(1), node(3)], 0, 50, Pool(actors=1, cpus=2, gpus=0)),   # one size for all workers
])
def test_a_worker_never_spans_nodes_and_only_alive_nodes_count(nodes, threads, groups, pool):
    assert pool_size(nodes, threads, False, groups, "head:6379") == pool


def test_a_gpu_run_counts_the_gpus_of_each_node():
    nodes = [node(8, gpus=1), node(8, gpus=0), node(4, gpus=2)]
    assert pool_size(nodes, 2, True, 50, "head:6379") == Pool(actors=3, cpus=2, gpus=1)


def test_too_few_cpus_on_every_node_is_one_message_with_what_it_has_and_the_fix():
    with pytest.raises(EngineError) as caught:
        pool_size([node(1), node(1)], 2, False, 50, "head:6379")
    message = str(caught.value)
    assert message.startswith("the Ray cluster at head:6379 cannot hold one model worker")
    assert "2 alive node(s) with 1 CPU(s) each" in message
    assert "model workers x 2 CPU(s) each" in message and "[runtime] threads = 2" in message
    assert "set [runtime] threads = 1" in message and "--config" in message


@pytest.mark.parametrize("nodes, gpu, said", [
    ([node(0)], False, "add a node with CPUs"),                # a head started --num-cpus 0
    ([], False, "it has no alive node"),
    ([node(8), node(4, alive=False)], True, "add a node with a GPU"),
])
def test_what_a_cluster_lacks_names_its_fix(nodes, gpu, said):
    with pytest.raises(EngineError) as caught:
        pool_size(nodes, 0, gpu, 5, "")
    assert said in str(caught.value)
    assert str(caught.value).startswith("the local Ray cannot hold one model worker")
    if gpu:
        assert "--device cpu" in str(caught.value)


class Counted:
    def __init__(self, sentences: int) -> None:
        self.count = sentences

    def sentences(self) -> list[int]:
        return [0] * self.count


def test_a_window_is_cut_into_parts_of_whole_articles_never_across_groups():
    groups = [[(f"a{i}", Counted(5)) for i in range(80)], [("b0", Counted(4)), ("b1", Counted(3))]]
    parts = split_groups(groups, 4, 50)
    assert [number for number, _ in parts] == [0, 0, 0, 0, 1]
    # Every article once, in its order; no part below the floor but a group's only part.
    assert [tag for _, part in parts for tag, _ in part] == \
        [f"a{i}" for i in range(80)] + ["b0", "b1"]
    sizes = [sum(a.count for _, a in part) for _, part in parts]
    assert all(size >= 50 for size in sizes[:-1]) and sizes[-1] == 7
    # A small window stays one part: batches stay full.
    assert len(split_groups([[("x", Counted(20)), ("y", Counted(20))]], 8, 50)) == 1


def test_a_node_whose_raylet_does_not_answer_is_found_at_once():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        answering = server.getsockname()[1]
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            gone = closed.getsockname()[1]  # bound, not listening: refused
            nodes = [node(2, port=answering, name="up"), node(2, port=gone, name="down"),
                     node(2, port=gone, alive=False, name="known-dead")]
            assert unreachable(nodes) == {"down"}
