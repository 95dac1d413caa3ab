"""Direct rankings: scores from exact codes and patterns, and the errors for a missed or repeated state.

The engine looks exact codes up all at once; these tests hold it to the
plain reading of the definition, entry by entry (every feasible state is
matched by exactly one entry; its group gives its rank).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles import examples
from standoff.errors import ModelError
from standoff.io.gmcr import read_gmcr
from standoff.model.expressions import Expression, conjunction
from standoff.model.preferences import Entry, NumberedRanking, Ranking, RankingError


def entry_by_entry(ranking: Ranking, codes: list[int]) -> list[int] | tuple[str, int, tuple[str, ...], int]:
    """Scores, or the error (kind, code, entries, count) the first problem gives, reading entry by entry."""
    matched: dict[int, tuple[int, int]] = {}  # code -> (group, flat position)
    texts = [
        ranking.texts[g][k] if ranking.texts and k < len(ranking.texts[g]) else str(e)
        for g, group in enumerate(ranking.groups)
        for k, e in enumerate(group)
    ]
    position = 0
    for g, group in enumerate(ranking.groups):
        for entry in group:
            for code in codes:
                hit = code == entry if isinstance(entry, int) else bool(entry.evaluate(np.array([code]))[0])
                if not hit:
                    continue
                if code in matched:
                    return ("repeats", code, (texts[matched[code][1]], texts[position]), 1)
                matched[code] = (g, position)
            position += 1
    missing = [c for c in codes if c not in matched]
    if missing:
        return ("misses", missing[0], (), len(missing))
    return [len(ranking.groups) - matched[c][0] for c in codes]


@st.composite
def rankings(draw: st.DrawFn) -> tuple[Ranking, list[int]]:
    """Feasible codes over 5 options, ranked by exact codes and sometimes patterns; sometimes a state
    is left out or given twice."""
    m = 5
    codes = sorted(draw(st.sets(st.integers(0, (1 << m) - 1), min_size=2, max_size=20)))
    order: list[Entry] = list(draw(st.permutations(codes)))
    for _ in range(draw(st.integers(0, 2))):
        literals = draw(
            st.lists(
                st.tuples(st.integers(0, m - 1), st.booleans()),
                min_size=1,
                max_size=3,
                unique_by=lambda x: x[0],
            )
        )
        pattern: Expression = conjunction(literals)
        covered = set(np.array(codes)[pattern.evaluate(np.array(codes, dtype=np.int64))].tolist())
        if draw(st.booleans()):  # usually keep each state matched once
            order = [e for e in order if not (isinstance(e, int) and e in covered)]
        order.insert(draw(st.integers(0, len(order))), pattern)
    if draw(st.integers(0, 4)) == 0 and len(order) > 1:
        order.pop(draw(st.integers(0, len(order) - 1)))
    if draw(st.integers(0, 4)) == 0:
        order.insert(draw(st.integers(0, len(order))), draw(st.sampled_from(codes)))
    if draw(st.integers(0, 5)) == 0:
        order.append((1 << m) + 3)  # an infeasible code matches nothing
    groups: list[list[Entry]] = [[]]
    for k, entry in enumerate(order):
        if k and draw(st.booleans()):
            groups.append([])
        groups[-1].append(entry)
    texts = tuple(tuple(f"entry {g}.{k}" for k in range(len(group))) for g, group in enumerate(groups))
    with_texts = draw(st.booleans())
    return Ranking(tuple(tuple(g) for g in groups if g), texts if with_texts else ()), codes


@given(rankings())
@settings(max_examples=examples(400), deadline=None)
def test_scores_and_errors_equal_the_entry_by_entry_reading(case: tuple[Ranking, list[int]]) -> None:
    ranking, codes = case
    expected = entry_by_entry(ranking, codes)
    if isinstance(expected, list):
        assert ranking.scores(np.array(codes, dtype=np.int64)).tolist() == expected
        return
    with pytest.raises(RankingError) as caught:
        ranking.scores(np.array(codes, dtype=np.int64))
    assert (caught.value.kind, caught.value.code, caught.value.entries, caught.value.count) == expected


@st.composite
def numbered_rankings(draw: st.DrawFn) -> tuple[NumberedRanking, list[int]]:
    """Rankings of exact states by number, as .gmcr files give them, with ties; sometimes a state is
    left out, given twice, or not feasible."""
    codes = sorted(draw(st.sets(st.integers(0, 63), min_size=1, max_size=20)))
    numbers = [n + 1 for n in draw(st.permutations(range(len(codes))))]
    if draw(st.integers(0, 4)) == 0 and len(numbers) > 1:
        numbers.pop(draw(st.integers(0, len(numbers) - 1)))
    if draw(st.integers(0, 4)) == 0:
        numbers.insert(draw(st.integers(0, len(numbers))), draw(st.integers(1, len(codes))))
    ranked = [codes[n - 1] for n in numbers]
    if draw(st.integers(0, 5)) == 0:
        ranked.append(64 + draw(st.integers(0, 9)))  # no feasible state has this code
        numbers.append(len(codes) + 1)
    sizes: list[int] = []
    for k in range(len(ranked)):
        if k and draw(st.booleans()):
            sizes[-1] += 1
        else:
            sizes.append(1)
    ranking = NumberedRanking(np.array(ranked), np.array(sizes), np.array(numbers))
    return ranking, codes


@given(numbered_rankings())
@settings(max_examples=examples(300), deadline=None)
def test_a_numbered_ranking_scores_as_the_same_ranking_of_tuples(
    case: tuple[NumberedRanking, list[int]],
) -> None:
    """The arrays give the groups and texts they stand for, and the scores (or the error) of them."""
    numbered, codes = case
    plain = Ranking(numbered.groups, numbered.texts)
    assert sum(map(len, plain.groups)) == numbered._codes.size
    assert all(len(t) == len(g) for t, g in zip(plain.texts, plain.groups, strict=True))
    expected = entry_by_entry(plain, codes)
    if isinstance(expected, list):
        assert numbered.scores(np.array(codes, dtype=np.int64)).tolist() == expected
        return
    with pytest.raises(RankingError) as caught:
        numbered.scores(np.array(codes, dtype=np.int64))
    assert (caught.value.kind, caught.value.code, caught.value.entries, caught.value.count) == expected


def test_error_messages_keep_their_wording() -> None:
    codes = np.array([0, 1, 2, 3], dtype=np.int64)
    with pytest.raises(
        RankingError, match=r"^the ranking misses 2 feasible state\(s\), the first with code 1$"
    ):
        Ranking(((0,), (2,))).scores(codes)
    repeated = Ranking(((0, 1), (2, 3, 1)), (("NN", "YN"), ("NY", "YY", "state 2")))
    with pytest.raises(
        RankingError, match=r"^the ranking repeats the state with code 1: matched by 'YN' and 'state 2'$"
    ):
        repeated.scores(codes)


def _gmcr(path: Path, ranking: list[object], options: int = 3) -> Path:
    document = {
        "options": [{"name": f"o{j}", "permittedDirection": "both"} for j in range(options)],
        "decisionMakers": [
            {
                "name": "A",
                "options": [0],
                "preferences": [],
                "misperceptions": [],
                "preferenceRanking": ranking,
            },
            {
                "name": "B",
                "options": list(range(1, options)),
                "preferences": [],
                "misperceptions": [],
                "preferenceRanking": list(range(1, 2**options + 1)),
            },
        ],
        "infeasibles": [],
        "useManualPreferenceRanking": True,
    }
    path.write_text(json.dumps(document, indent=1))
    return path


@pytest.mark.parametrize(
    ("ranking", "expected"),
    [
        ([8, 7, 6, 5, 4, 3, 2, 1], [1, 2, 3, 4, 5, 6, 7, 8]),
        ([[8, 7], 6, [5, 4, 3], 2, 1], [1, 2, 3, 3, 3, 4, 5, 5]),
        ([1, [2, 3, 4, 5, 6, 7, 8]], [2, 1, 1, 1, 1, 1, 1, 1]),
    ],
)
def test_a_gmcr_manual_ranking_numbers_states_by_ascending_code(
    tmp_path: Path, ranking: list[object], expected: list[int]
) -> None:
    """State k (1-based) is the k-th feasible code; the first group scores highest.
    ``expected`` lists the scores of states 1 to 8."""
    conflict = read_gmcr(_gmcr(tmp_path / "m.gmcr", ranking))
    scores = conflict.decision_makers[0].preferences.scores(np.arange(8, dtype=np.int64))
    assert scores.tolist() == expected


@pytest.mark.parametrize(
    ("ranking", "message"),
    [
        (
            [8, 7, 6, 5, 4, 3, 2],
            r"preferenceRanking: the ranking misses 1 of the 8 feasible states: 1 \(NNN\)",
        ),
        ([8, 7, 6, 5, 4, 3, 2, 1, 8], r"preferenceRanking\[8\]: state 8 \(YYY\) is listed twice"),
        ([8, 7, 6, 5, 4, 3, 2, 9], r"preferenceRanking\[7\]: state number 9 is out of range"),
        ([8, 7, 6, 5, 4, 3, 2, True], r"preferenceRanking\[7\]: a state number must be a whole number"),
        ([8, 7, 6, 5, 4, 3, [2, [1]]], r"preferenceRanking\[6\]\[1\]: a group of equally preferred"),
        ([8, 7, 6, 5, 4, 3, 2, 1, []], r"preferenceRanking\[8\]: an empty group"),
    ],
)
def test_a_faulty_gmcr_ranking_is_reported_at_its_first_problem(
    tmp_path: Path, ranking: list[object], message: str
) -> None:
    with pytest.raises(ModelError, match=message):
        read_gmcr(_gmcr(tmp_path / "m.gmcr", ranking))
