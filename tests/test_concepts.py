"""One registry of stability concepts: every part of standoff reads the same keys and names."""

from __future__ import annotations

from standoff.concepts import (
    CONCEPT_INFO,
    CONCEPT_LIST,
    CONCEPT_NAMES,
    CONCEPTS,
    STANDARD_CONCEPTS,
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
