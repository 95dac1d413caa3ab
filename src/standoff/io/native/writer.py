"""A Conflict → native-format data → YAML or JSON text → a file, replaced whole or not at all."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import yaml

from standoff.errors import ExpressionError
from standoff.io.atomic import write_atomically, write_text_atomically
from standoff.io.native.builder import TIER_BREAK, read_state
from standoff.io.native.schema import SHORTHANDS
from standoff.io.native.shorthands import shorthand_parts
from standoff.model.conflict import Conflict, Direction
from standoff.model.expressions import And, Expression, Not, Option, is_pattern, pattern, to_text
from standoff.model.patterns import code_pattern
from standoff.model.preferences import Entry, Preferences, Prioritization, Ranking
from standoff.model.uncertainty import StructuralCall, Uncertainty

__all__ = ["dump_json", "dump_yaml", "to_data", "write_atomically", "write_json", "write_yaml"]


class _Writer:
    """Renders a Conflict's parts in the native format's words."""

    def __init__(self, conflict: Conflict) -> None:
        self.names = conflict.option_names
        self.index = {name: k for k, name in enumerate(self.names)}
        self.n = len(self.names)

    def code(self, code: int) -> str:
        """The full Y/N pattern of an exact state code."""
        return code_pattern(code, self.n)

    def _reads_as(self, text: str, expected: Entry) -> bool:
        """Whether ``text`` is read back as ``expected``."""
        if not text:
            return False
        if isinstance(expected, int):
            return is_pattern(text, self.n) and "-" not in text and text == self.code(expected)
        try:
            read = read_state(text, self.index, self.n)
        except ExpressionError:
            return False
        return read == expected

    def text(self, entry: Entry, original: str = "") -> str:
        """The user's original text when it still means the same, else a pattern or an expression."""
        if self._reads_as(original, entry):
            return original
        if isinstance(entry, int):
            return self.code(entry)
        full = self._full_pattern(entry)
        if full is not None:
            return full
        written = to_text(entry, self.names)
        return f"({written})" if is_pattern(written, self.n) else written

    def infeasible(self, condition: Expression) -> Any:
        """An infeasibility condition, as the shorthand it was read from when it has that exact shape."""
        for kind in SHORTHANDS:
            parts = shorthand_parts(kind, condition)
            if parts is not None:
                return {kind: _Group(self.text(p) for p in parts)}
        return self.text(condition)

    def _full_pattern(self, expression: Expression) -> str | None:
        """The Y/N pattern of a conjunction that fixes every option, written in model order."""
        parts = expression.operands if isinstance(expression, And) else (expression,)
        value: dict[int, bool] = {}
        for part in parts:
            if isinstance(part, Option):
                value[part.index] = True
            elif isinstance(part, Not) and isinstance(part.operand, Option):
                value[part.operand.index] = False
            else:
                return None
        if len(value) != self.n or len(parts) != self.n:
            return None
        text = "".join("Y" if value[j] else "N" for j in range(self.n))
        return text if pattern(text, self.n) == expression else None


class _Group(list[Any]):
    """A short list written in flow style: ``[YNNY, NYYN]``."""


class _Pair(dict[str, Any]):
    """A small mapping written in flow style: ``{state: YNNY, value: 3}``."""


def _given(**values: str) -> dict[str, str]:
    """The keys whose value is not empty, in order: empty optional keys are left out of the file."""
    return {key: value for key, value in values.items() if value}


def _short(key: str, value: Any, **optional: str) -> Any:
    """``value`` alone when no optional key is given, else the mapping of ``key`` and the given ones."""
    given = _given(**optional)
    return {key: value, **given} if given else value


def to_data(conflict: Conflict) -> dict[str, Any]:
    """The native-format data (plain dicts and lists) of a Conflict."""
    w = _Writer(conflict)
    calls = {(c.kind, c.index): c for c in conflict.structural}
    notes = dict(conflict.extras).get("notes")
    out: dict[str, Any] = {
        "name": conflict.name,
        **_given(
            description=conflict.description,
            source=conflict.source,
            notes=notes if isinstance(notes, str) else "",
        ),
    }
    dms = []
    for dm in conflict.decision_makers:
        entry: dict[str, Any] = {"name": dm.name, **_given(description=dm.description)}
        options: list[Any] = []
        for k in dm.options:
            option = conflict.options[k]
            direction = option.direction.value if option.direction is not Direction.BOTH else ""
            written = _short("name", option.name, description=option.description, direction=direction)
            labels = _given(take=option.take_label, drop=option.drop_label)
            if labels:
                written = {**(written if isinstance(written, dict) else {"name": written}), "labels": labels}
            call = calls.get(("direction", k))
            if call is not None:
                written = {**(written if isinstance(written, dict) else {"name": written}), "uncertain": True}
                written["or_instead"] = _Group(call.alternatives)
                written.update(_marks(call))
            options.append(written)
        entry["options"] = _Group(options) if all(isinstance(o, str) for o in options) else options
        entry["preferences"] = _preferences_data(dm.preferences, w)
        if dm.misperceived:
            entry["misperceived"] = [w.text(e) for e in dm.misperceived]
        dms.append(entry)
    out["decision_makers"] = dms
    listed = [k for dm in conflict.decision_makers for k in dm.options]
    if listed != list(range(len(conflict.options))):
        out["option_order"] = list(conflict.option_names)
    if conflict.infeasible:
        out["infeasible"] = []
        for k, e in enumerate(conflict.infeasible):
            call = calls.get(("condition", k))
            if call is None:
                out["infeasible"].append(w.infeasible(e))
            else:
                out["infeasible"].append({"condition": w.text(e), "uncertain": True, **_marks(call)})
    if conflict.status_quo is not None:
        named = [s.name for s in conflict.named_states if s.expression == conflict.status_quo]
        out["status_quo"] = named[0] if named else w.text(conflict.status_quo)
    if conflict.named_states:
        out["states"] = {
            s.name: _short("state", w.text(s.expression), description=s.description)
            for s in conflict.named_states
        }
    if conflict.targets:
        out["targets"] = list(conflict.targets)
    if conflict.history:
        out["history"] = [dict(h) if isinstance(h, Mapping) else h for h in conflict.history]
    if conflict.coalitions:
        names = conflict.decision_maker_names
        out["coalitions"] = [[names[d] for d in group] for group in conflict.coalitions]
    if conflict.profile:
        out["profile"] = conflict.profile_concepts
    if conflict.fixed:
        out["fixed"] = {}
        for j, value in conflict.fixed:
            call = calls.get(("fixed", j))
            fixed_value: Any = "Y" if value else "N"
            if call is not None:
                fixed_value = _Pair(value=fixed_value, uncertain=True, **_marks(call))
            out["fixed"][conflict.options[j].name] = fixed_value
    return out


def _preferences_data(preferences: Preferences, w: _Writer) -> dict[str, Any]:
    """A decision maker's preferences, keeping the texts, notes and judgement calls they were read with."""
    whole = {"uncertain": True} if getattr(preferences, "uncertain", False) else {}
    if isinstance(preferences, Prioritization):
        statements = []
        for s in preferences.statements:
            written = _short(
                "statement",
                w.text(s.expression, s.text),
                source=s.source,
                source_kind=s.source_kind,
                note=s.note,
            )
            if s.uncertainty is not None:
                written = _uncertain(written, "statement", s.uncertainty, w)
            if s.strong:
                written = {
                    **(written if isinstance(written, dict) else {"statement": written}),
                    "strong": True,
                }
            statements.append(written)
        return {**whole, "prioritization": statements}
    if isinstance(preferences, Ranking):
        ranking: list[Any] = []
        for g, group in enumerate(preferences.groups):
            if g in preferences.tier_breaks:
                ranking.append(TIER_BREAK)
            texts = preferences.texts[g] if g < len(preferences.texts) else ()
            written = [w.text(e, texts[k] if k < len(texts) else "") for k, e in enumerate(group)]
            entry: Any = written[0] if len(written) == 1 else _Group(written)
            source, note = preferences.notes[g] if g < len(preferences.notes) else ("", "")
            if g < len(preferences.unknown) and preferences.unknown[g]:
                entry = {"unknown": _Group(written), **_given(source=source, note=note)}
            else:
                entry = _short("group", entry, source=source, note=note)
            uncertainty = preferences.uncertainties[g] if g < len(preferences.uncertainties) else None
            if uncertainty is not None:
                entry = _uncertain(entry, "group", uncertainty, w)
            ranking.append(entry)
        return {**whole, "ranking": ranking}
    payoffs = []
    for entry, value in preferences.entries:
        payoffs.append(_Pair(state=w.text(entry), value=_number(value)))
    if preferences.strong_threshold is not None:
        return {"payoffs": payoffs, "strong_threshold": _number(preferences.strong_threshold)}
    return {"payoffs": payoffs}


def _number(value: float) -> float | int:
    """A payoff as the user would write it: whole numbers without ``.0``."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)


def _marks(call: StructuralCall) -> dict[str, Any]:
    """A structural call's note and weight, when given."""
    out: dict[str, Any] = _given(note=call.note)
    if call.weight is not None:
        out["weight"] = call.weight
    return out


def _uncertain(written: Any, key: str, uncertainty: Uncertainty, w: _Writer) -> dict[str, Any]:
    """An item written as a mapping that marks it uncertain, with its alternatives and range of places."""
    entry: dict[str, Any] = dict(written) if isinstance(written, dict) else {key: written}
    entry["uncertain"] = True
    if uncertainty.alternatives:
        texts = uncertainty.texts
        entry["or_instead"] = [
            w.text(e, texts[k] if k < len(texts) else "") for k, e in enumerate(uncertainty.alternatives)
        ]
    if uncertainty.positions is not None:
        entry["positions"] = _Group(uncertainty.positions)
    if uncertainty.weight is not None:
        entry["weight"] = uncertainty.weight
    return entry


class _Dumper(yaml.SafeDumper):
    """Readable YAML: lists indented under their key, block text for long strings, flow lists for groups."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = None
    if "\n" in text:
        # one paragraph is folded at the line width when that reads back exactly; text with line
        # breaks of its own is kept line by line (folded, each break would be written as a blank line)
        style = "|"
        if "\n" not in text.rstrip("\n"):
            style = ">" if _folds_exactly(text) else "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


@lru_cache(maxsize=1024)
def _folds_exactly(text: str) -> bool:
    """Whether ``text`` written folded reads back as itself (kept: the editor writes the same
    descriptions again after every change of a model)."""
    folded = yaml.dump(text, Dumper=yaml.SafeDumper, default_style=">", allow_unicode=True, width=88)
    return bool(yaml.safe_load(folded) == text)


def _represent_pair(dumper: yaml.SafeDumper, pair: _Pair) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", dict(pair), flow_style=True)


def _represent_group(dumper: yaml.SafeDumper, group: _Group) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(group), flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Group, _represent_group)
_Dumper.add_representer(_Pair, _represent_pair)


def dump_yaml(conflict: Conflict) -> str:
    """A Conflict as native-format YAML text."""
    data = to_data(conflict)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)


def dump_json(conflict: Conflict) -> str:
    """A Conflict as native-format JSON text."""
    return json.dumps(to_data(conflict), indent=2, ensure_ascii=False, default=str) + "\n"


def write_yaml(conflict: Conflict, path: str | os.PathLike[str]) -> None:
    """Write a Conflict to ``path`` in the native YAML format (atomically)."""
    _write_text(path, dump_yaml(conflict))


def write_json(conflict: Conflict, path: str | os.PathLike[str]) -> None:
    """Write a Conflict to ``path`` in the native JSON format (atomically)."""
    _write_text(path, dump_json(conflict))


def _write_text(path: str | os.PathLike[str], text: str) -> None:
    write_text_atomically(path, text, what="model")
