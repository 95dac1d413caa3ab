"""Running the batches of a sweep: in this process, on every local core, or on a Dask cluster.

Every way gives the same result: a batch is a pure function of the model
and its variant numbers (:func:`standoff.analyses.variants.run_batch`), and
the results are put back in batch order, each batch once. On a Dask cluster
each batch is one task with a key made of the model's digest and the batch
number, so a batch whose worker was lost is run again by Dask (its retry of
lost tasks) and still counted once. The model (with the readings of its
variants) is sent to every worker once; a task carries its variant numbers
only (a range when they are consecutive).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence

from standoff.analyses.variants import BatchResult, run_batch
from standoff.errors import StandoffError

__all__ = ["DASK_HINT", "SweepError", "available_cores", "run_batches"]

SweepProgress = Callable[[int, int], None]
"""Hears of variants analysed so far and in all."""

DASK_HINT = "install it with: pip install 'standoff[distributed]'"


class SweepError(StandoffError):
    """A sweep could not run: Dask not installed or not reachable, or a worker failed for good."""


def available_cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def run_batches(
    spec: bytes,
    batches: Sequence[Sequence[int]],
    *,
    jobs: int | None = None,
    scheduler: str | None = None,
    progress: SweepProgress | None = None,
) -> list[BatchResult]:
    """Every batch's result, in batch order: on the Dask ``scheduler`` when given, else on ``jobs``
    local processes (all cores by default; 1 runs in this process)."""
    total = sum(len(b) for b in batches)
    if scheduler is not None:
        results = _on_dask(spec, batches, scheduler, progress, total)
    else:
        results = _local(spec, batches, jobs or available_cores(), progress, total)
    return _in_order(results, batches)


def _in_order(results: dict[int, BatchResult], batches: Sequence[Sequence[int]]) -> list[BatchResult]:
    """The results in batch order, checked: every batch once, with every one of its variants."""
    missing = [b for b in range(len(batches)) if b not in results]
    if missing:
        raise SweepError(f"{len(missing)} batch(es) of the sweep gave no result, the first {missing[0]}")
    for b, batch in enumerate(batches):
        if results[b].analysed != len(batch):
            raise SweepError(f"batch {b} analysed {results[b].analysed} variants of {len(batch)}")
    return [results[b] for b in range(len(batches))]


def _local(
    spec: bytes,
    batches: Sequence[Sequence[int]],
    jobs: int,
    progress: SweepProgress | None,
    total: int,
) -> dict[int, BatchResult]:
    """The batches in this process (one job, or one batch), else on a pool of ``jobs`` processes."""
    results: dict[int, BatchResult] = {}
    done = 0
    if jobs <= 1 or len(batches) <= 1:
        for b, batch in enumerate(batches):
            results[b] = run_batch(spec, b, batch)
            done += len(batch)
            if progress is not None:
                progress(done, total)
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    # spawn: a fresh interpreter per process, whatever threads this one runs
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(batches)), mp_context=context) as pool:
        futures = {pool.submit(run_batch, spec, b, batch): b for b, batch in enumerate(batches)}
        try:
            for future in as_completed(futures):
                result = future.result()
                results[futures[future]] = result
                done += result.analysed
                if progress is not None:
                    progress(done, total)
        except BrokenProcessPool as error:
            raise SweepError(f"a local worker process ended abruptly ({error}); try --jobs 1") from None
    return results


def _compact(batch: Sequence[int]) -> Sequence[int]:
    """A batch of consecutive variant numbers as a range (a few bytes on the wire), else as a list."""
    if batch and list(batch) == list(range(batch[0], batch[0] + len(batch))):
        return range(batch[0], batch[0] + len(batch))
    return list(batch)


def _on_dask(
    spec: bytes,
    batches: Sequence[Sequence[int]],
    scheduler: str,
    progress: SweepProgress | None,
    total: int,
) -> dict[int, BatchResult]:
    """The batches as tasks on the Dask cluster at ``scheduler`` (one task per batch, keyed by it).

    (distributed's ``Client`` and ``as_completed`` carry no type hints: their calls are marked so.)
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise SweepError(f"--scheduler needs Dask's distributed scheduler; {DASK_HINT}") from None
    digest = hashlib.sha256(spec).hexdigest()[:16]
    try:
        client = Client(scheduler, timeout="10s", set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as error:
        raise SweepError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    results: dict[int, BatchResult] = {}
    done = 0
    try:
        # the model goes to every worker once; each task then carries its batch's variant numbers only
        [model] = client.scatter([spec], broadcast=True, hash=False)  # type: ignore[no-untyped-call]
        futures = [
            client.submit(run_batch, model, b, _compact(batch), key=f"standoff-robustness-{digest}-{b:06d}")
            for b, batch in enumerate(batches)
        ]
        for future in as_completed(futures, loop=client.loop):  # type: ignore[no-untyped-call]
            result = future.result()
            if result.batch in results:  # the same task reported twice: count it once
                continue
            results[result.batch] = result
            done += result.analysed
            if progress is not None:
                progress(done, total)
    except Exception as error:
        if isinstance(error, StandoffError):
            raise
        raise SweepError(f"the sweep failed on the Dask cluster at {scheduler}: {error}") from error
    finally:
        client.close()  # type: ignore[no-untyped-call]
    return results
