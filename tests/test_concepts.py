"""One registry of stability concepts: every part of standoff reads the same keys and names."""

from __future__ import annotations

import pytest

from standoff.concepts import (
    CONCEPT_INFO,
    CONCEPT_LIST,
    CONCEPT_NAMES,
    CONCEPTS,
    STANDARD_CONCEPTS,
    STRENGTH_CONCEPTS,
    UNKNOWN_PREFERENCE_CONCEPTS,
    concept_key,
)


def test_the_keys_are_the_six_concepts_of_every_conflict_in_table_order() -> None:
    # GMCR's standard concepts (Fang, Hipel & Kilgour 1993, ch. 3), as results and JSON spell them
    assert CONCEPTS == ("nash", "gmr", "smr", "seq", "sim", "seqsim")
    assert CONCEPT_LIST == "nash, gmr, smr, seq, sim, seqsim"
    assert len(set(CONCEPTS)) == len(CONCEPTS)


def test_each_record_reads_back_through_its_key_and_its_printed_name() -> None:
    for info in STANDARD_CONCEPTS:
        assert CONCEPT_INFO[info.key] is info
        assert CONCEPT_NAMES[info.key] == info.name
        assert concept_key(info.name) == info.key
        assert info.summary


def test_the_web_api_and_the_command_line_default_to_the_registry() -> None:
    from standoff.interfaces import cli
    from standoff.interfaces.web.requests import ALL_CONCEPTS, AnalyzeRequest

    assert tuple(ALL_CONCEPTS) == CONCEPTS
    assert tuple(AnalyzeRequest(model="").concepts) == CONCEPTS
    assert cli.CONCEPT_LIST == CONCEPT_LIST


def test_the_web_page_takes_the_concepts_from_the_api() -> None:
    pytest.importorskip("fastapi", reason="the web extra is not installed")
    from fastapi.testclient import TestClient

    from standoff.interfaces.web.app import STATIC, create_app

    with TestClient(create_app(warm=False)) as client:
        answer = client.get("/api/concepts").json()
    # every family, the standard six first (a contract other tools read: entries are added, never dropped)
    families = {
        "standard": STANDARD_CONCEPTS,
        "strength": STRENGTH_CONCEPTS,
        "unknown": UNKNOWN_PREFERENCE_CONCEPTS,
    }
    expected = [(info, family) for family, infos in families.items() for info in infos]
    assert [c["key"] for c in answer[: len(CONCEPTS)]] == list(CONCEPTS)
    assert [c["key"] for c in answer] == [info.key for info, _ in expected]
    assert [c["name"] for c in answer] == [CONCEPT_NAMES[info.key] for info, _ in expected]
    assert [c["summary"] for c in answer] == [info.summary for info, _ in expected]
    assert [c["family"] for c in answer] == [family for _, family in expected]
    # the page keeps no list of its own: the names, the menus' choices and the families come from the API
    for page in ("app.js", "app.html", "editor.js"):
        text = (STATIC / page).read_text(encoding="utf-8")
        for name in ("SEQ+SIM", "GMR strong", "GMR_b", "gmr_strong", "seq_d"):
            assert name not in text, (page, name)
