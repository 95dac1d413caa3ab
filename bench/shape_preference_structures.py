"""Benchmark shape: the preference structures beyond the ordinary ranking, against their ordinary concepts.

- **Strength of preference** on 2^20 options' states: each decision maker of a benchmark conflict
  (bench/conflicts.py) marks its first two statements strong (a leading block); ``gmr_strong``,
  ``smr_strong`` and ``seq_strong`` are timed against ``gmr``, ``smr`` and ``seq`` on the same state space.
  Goal: within 3x.
- **A concept per decision maker**: a profile that mixes the four concepts, against the same concepts
  computed without it (the profile only reads their verdicts).
- **Unknown preferences**: each decision maker's second statement may stand anywhere (uncertain), and
  ``gmr_a`` ... ``gmr_d`` are timed one by one against ``gmr`` on 12 options' states (b and d by one
  propagation per reading; a, c and SMR from the opponents' reach of each move's target, listed once);
  then, on 16, 18 and ``--options`` options, the concepts that take large models (Nash under every
  extension, GMR and SEQ under b and d), whole (with the exact answer over readings) and alone (the
  a-d verdicts, :func:`standoff.stability.unknown.unknown_stability`), each against its ordinary
  concept; the refusal of the others (past 16,384 states). With ``--other-shapes``: the same concepts
  on 40 options under heavy infeasibility, six decision makers, and the gmcr-py samples.

Every figure is the second of two runs (the first compiles the kernels). Prints a table; nothing is
asserted (the tests check correctness).

Usage::

    python bench/shape_preference_structures.py [--family exclusive] [--options 20]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

from conflicts import FAMILIES, conflict

from standoff.analyses.stability import analyze
from standoff.engine.space import StateSpace
from standoff.errors import StandoffError
from standoff.model.conflict import Conflict
from standoff.model.preferences import Prioritization
from standoff.model.uncertainty import Uncertainty


def with_strength(model: Conflict, leading: int = 2) -> Conflict:
    """The model with each decision maker's first ``leading`` statements strong."""
    dms = []
    for dm in model.decision_makers:
        p = dm.preferences
        assert isinstance(p, Prioritization)
        statements = tuple(replace(s, strong=k < leading) for k, s in enumerate(p.statements))
        dms.append(replace(dm, preferences=replace(p, statements=statements)))
    return replace(model, decision_makers=tuple(dms))


def with_unknown(model: Conflict) -> Conflict:
    """The model with each decision maker's second statement free to stand anywhere."""
    dms = []
    for dm in model.decision_makers:
        p = dm.preferences
        assert isinstance(p, Prioritization)
        statements = tuple(
            replace(s, uncertainty=Uncertainty()) if k == 1 else s for k, s in enumerate(p.statements)
        )
        dms.append(replace(dm, preferences=replace(p, statements=statements)))
    return replace(model, decision_makers=tuple(dms))


def seconds(model: Conflict, space: StateSpace, concepts: tuple[str, ...], **kwargs: object) -> float:
    """The second of two analyses' wall time."""
    analyze(model, concepts, space=space, **kwargs)  # type: ignore[arg-type]
    start = time.perf_counter()
    analyze(model, concepts, space=space, **kwargs)  # type: ignore[arg-type]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", choices=FAMILIES, default="exclusive")
    parser.add_argument("--options", type=int, default=20)
    parser.add_argument(
        "--other-shapes",
        action="store_true",
        help="instead, the unknown-preference concepts on shapes the families never make",
    )
    args = parser.parse_args()
    if args.other_shapes:
        other_shapes()
        return

    strong = with_strength(conflict(args.family, args.options))
    space = StateSpace.build(strong)
    print(f"{strong.name}: {space.n_states:,} feasible states, {len(strong.decision_makers)} decision makers")
    ordinary = seconds(strong, space, ("gmr", "smr", "seq"))
    strength = seconds(strong, space, ("gmr_strong", "smr_strong", "seq_strong"))
    print(f"  gmr, smr, seq                      {ordinary:8.2f} s")
    print(
        f"  gmr_strong, smr_strong, seq_strong {strength:8.2f} s   ({strength / ordinary:.2f}x; goal <= 3x)"
    )

    names = strong.decision_maker_names
    cycle = ("nash", "gmr", "smr", "seq")
    profile = {name: cycle[k % len(cycle)] for k, name in enumerate(names)}
    plain = seconds(strong, space, cycle, profile={})
    profiled = seconds(strong, space, cycle, profile=profile)
    print(f"  nash, gmr, smr, seq                {plain:8.2f} s")
    print(f"  the same with a profile            {profiled:8.2f} s   ({profiled / plain:.2f}x)")

    small = with_unknown(conflict(args.family, 12))
    small_space = StateSpace.build(small)
    base = seconds(small, small_space, ("gmr",))
    print(f"{small.name} with an uncertain statement each: {small_space.n_states:,} feasible states")
    print(f"  gmr                                {base:8.3f} s")
    for key in ("gmr_a", "gmr_b", "gmr_c", "gmr_d", "seq_b", "smr_b"):
        extended = seconds(small, small_space, (key,))
        print(f"  {key:34} {extended:8.3f} s   ({extended / base:.0f}x)")
    for options in sorted({16, 18, args.options}):
        larger(with_unknown(conflict(args.family, options)))


def other_shapes() -> None:
    """Nash, GMR and SEQ under unknown preferences (and ``gmr_a``'s refusal) on 40 options under heavy
    infeasibility, six decision makers of many options, and the gmcr-py samples written with
    prioritization, each decision maker's second statement made uncertain."""
    import glob
    import tempfile
    from pathlib import Path

    import shape_heavy_infeasibility
    import shape_many_dms

    import standoff

    folder = Path(tempfile.mkdtemp())
    shapes = [
        (
            "heavy-groups",
            standoff.load(shape_heavy_infeasibility.write_model(folder / "groups.yaml", "groups")),
        ),
        ("many-20", conflict("many", 20)),
        ("many-dms", shape_many_dms.conflict(0)),
    ]
    samples = Path(__file__).resolve().parents[1].parent / "shared" / "gmcr-samples"
    for path in sorted(glob.glob(str(samples / "*.gmcr"))):
        model = standoff.load(path)
        if all(
            isinstance(d.preferences, Prioritization) and len(d.preferences.statements) > 1
            for d in model.decision_makers
        ):
            shapes.append((Path(path).name, model))
    for name, model in shapes:
        model = with_unknown(model)
        space = StateSpace.build(model)
        print(
            f"{name}: {space.n_states:,} states, {len(model.decision_makers)} DMs, {space.n_options} options"
        )
        for key in ("nash_a", "nash_c", "gmr_b", "gmr_d", "seq_b", "gmr_a"):
            base = key.split("_")[0]
            try:
                whole = seconds(model, space, (key,))  # first: a refusal comes before any work
                ordinary = seconds(model, space, (base,))
            except StandoffError as refusal:
                print(f"  {key:7} refused: {refusal}")
                continue
            print(f"  {key:7} {whole:7.3f} s  ({whole / ordinary:6.1f}x of {base} {ordinary:.3f} s)")


def larger(model: Conflict) -> None:
    """The unknown-preference concepts that take large models, each timed whole (with the exact answer
    over readings) and alone (the a-d verdicts), against its ordinary concept; the others' refusal."""
    from standoff.analyses.unknown import reading_ranks
    from standoff.stability.unknown import unknown_stability

    space = StateSpace.build(model)
    readings, _ = reading_ranks(model)
    counts = ", ".join(str(r.shape[0]) for r in readings)
    print(f"{model.name} with an uncertain statement each: {space.n_states:,} states, readings {counts}")
    for key in ("nash_a", "nash_c", "gmr_b", "gmr_d", "seq_b", "gmr_a"):
        ordinary = seconds(model, space, (key.split("_")[0],))
        try:
            whole = seconds(model, space, (key,))
        except StandoffError as refusal:
            print(f"  {key:8} refused: {refusal}")
            continue
        unknown_stability(readings, None, (key,), space)
        start = time.perf_counter()
        unknown_stability(readings, None, (key,), space)
        alone = time.perf_counter() - start
        print(
            f"  {key:8} {whole:7.2f} s whole ({whole / ordinary:5.1f}x), {alone:7.2f} s alone "
            f"({alone / ordinary:5.1f}x) against {key.split('_')[0]} {ordinary:6.3f} s"
        )


if __name__ == "__main__":
    main()
