"""The robustness sweep on a Dask cluster: the same answer as a local run, even when a worker dies mid-sweep.

The cluster is a ``distributed.LocalCluster`` of worker processes started
by the test. A batch is a pure function of the model and its variant
numbers, one task keyed by its number: Dask runs a task again when its
worker is lost, and the sweep counts each batch once.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import numpy as np
import pytest

import standoff
from standoff.analyses import robustness as robustness_module
from standoff.analyses.robustness import Robustness, robustness

pytestmark = pytest.mark.distributed

HANOI = "examples/hanoi-2019.yaml"


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    distributed = pytest.importorskip(  # here, not on import: plain pytest leaves these tests out unreported
        "distributed", reason="Dask is not installed: pip install 'standoff[distributed]'"
    )
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
    ) as local:
        yield local


def same(a: Robustness, b: Robustness) -> None:
    assert a.numbers == b.numbers
    assert np.array_equal(a.counts, b.counts)
    assert np.array_equal(a.verdicts, b.verdicts)
    assert a.to_dict() == b.to_dict()


@pytest.mark.distributed
def test_a_cluster_gives_the_same_answer_as_a_local_run(cluster: object) -> None:
    conflict = standoff.load(HANOI)
    local = robustness(conflict, concepts=("seq", "sim"))
    remote = robustness(conflict, concepts=("seq", "sim"), scheduler=cluster.scheduler_address, batch_size=50)
    # 48,960 distinct readings (see test_robustness), more than 10,000: both analyse the same seeded
    # sample of 1,000
    assert remote.variants == local.variants == 1000
    same(local, remote)


def hanoi_with_structural_calls() -> standoff.Conflict:
    """The Hanoi model with dismantling Yongbyon's irreversibility and a fixed option marked uncertain
    (in memory: the example file stays as published)."""
    from dataclasses import replace

    from standoff.model.uncertainty import StructuralCall

    conflict = standoff.load(HANOI)
    conflict = replace(conflict, structural=())  # this test's own calls replace the file's
    yongbyon = conflict.option_names.index("dismantle_yongbyon")
    remains = conflict.option_names.index("return_remains")
    return replace(
        conflict,
        fixed=((remains, True),),
        structural=(StructuralCall("direction", yongbyon, ("both",)), StructuralCall("fixed", remains)),
    )


@pytest.mark.distributed
def test_structural_calls_give_the_same_answer_on_a_cluster(
    cluster: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(robustness_module, "EXHAUSTIVE_LIMIT", 0)  # a seeded sample over every structure
    conflict = hanoi_with_structural_calls()
    local = robustness(conflict, concepts="seq", samples=200, seed=3)
    remote = robustness(
        conflict, concepts="seq", samples=200, seed=3, scheduler=cluster.scheduler_address, batch_size=20
    )
    assert local.structural and remote.variants == local.variants
    same(local, remote)
    assert np.array_equal(local.presence, remote.presence)
    assert np.array_equal(local.present, remote.present)


@pytest.mark.distributed
def test_a_worker_killed_mid_sweep_loses_and_repeats_no_variant(
    cluster: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(robustness_module, "EXHAUSTIVE_LIMIT", 0)
    conflict = hanoi_with_structural_calls()  # structures too: each worker prepares them from the model
    local = robustness(conflict, concepts="seq", samples=600, seed=5)
    from distributed import Client  # the cluster fixture has checked that Dask is installed

    with Client(cluster.scheduler_address) as client:
        pids = client.run(os.getpid)  # worker address -> process id
        killed: list[tuple[str, int, int]] = []

        def kill_one(done: int, total: int) -> None:
            if killed or done < total // 5:
                return
            busy = {address: len(tasks) for address, tasks in client.processing().items() if tasks}
            address = max(busy, key=busy.__getitem__) if busy else next(iter(pids))
            os.kill(pids[address], signal.SIGKILL)
            killed.append((address, pids[address], busy.get(address, 0)))

        remote = robustness(
            conflict,
            concepts="seq",
            samples=600,
            seed=5,
            scheduler=cluster.scheduler_address,
            batch_size=5,
            progress=kill_one,
        )
        assert killed, "no worker was killed"
        _, pid, in_flight = killed[0]
        assert in_flight > 0, "the killed worker had no batch to lose"
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert remote.variants == local.variants
    same(local, remote)
