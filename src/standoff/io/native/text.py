"""Model file text → plain data (YAML, or JSON), with the line every place was written on."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from standoff.errors import ModelError
from standoff.io.files import read_text
from standoff.io.native.lines import Lines, Loc, place

__all__ = ["MAX_DEPTH", "check_depth", "compose", "parse_json", "parse_yaml", "read_text"]

MAX_DEPTH = 64
"""Lists and mappings nested deeper than this are refused: a model file nests about eight deep, and
the readers and checks walk the data recursively (a text of 50,000 ``[`` would exhaust the stack)."""


def _too_deep(file: str, line: int | None = None, column: int | None = None) -> ModelError:
    return ModelError(
        f"lists and mappings are nested more than {MAX_DEPTH} levels deep; a model file needs far fewer "
        "(is a bracket left open?)",
        file=file,
        line=line,
        column=column,
    )


def check_depth(data: Any, file: str | None, lines: Lines | None = None) -> None:
    """Refuse data (parsed from a file or given as dicts and lists) nested more than :data:`MAX_DEPTH`
    deep, before anything walks it recursively; the error names the line where the limit is passed."""
    stack: list[tuple[Any, int]] = [(data, 0)] if isinstance(data, dict | list | tuple) else []
    while stack:
        value, depth = stack.pop()
        items = value.values() if isinstance(value, dict) else value
        if depth >= MAX_DEPTH:
            loc = _first_too_deep(data)
            at = lines.position(loc) if lines is not None else None
            raise _too_deep(file or "", *(at or (None, None)))
        stack.extend((item, depth + 1) for item in items if isinstance(item, dict | list | tuple))


def _first_too_deep(data: Any) -> Loc:
    """The place of a value nested more than :data:`MAX_DEPTH` deep (there is one)."""
    stack: list[tuple[Any, Loc]] = [(data, ())]
    while stack:
        value, loc = stack.pop()
        if len(loc) > MAX_DEPTH:
            return loc
        steps = value.items() if isinstance(value, dict) else enumerate(value)
        stack.extend((item, (*loc, key)) for key, item in steps if isinstance(item, dict | list | tuple))
    return ()


def _check_node_depth(root: yaml.Node, file: str) -> None:
    """As :func:`check_depth`, over the YAML node tree (before the duplicate-key check walks it)."""
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(file, node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            stack.extend((value, depth + 1) for _, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)


def _yaml_error(error: yaml.YAMLError, file: str, text: str) -> ModelError:
    """PyYAML's error as a ModelError with its line and column, and a hint in plain words."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = f"malformed YAML: {problem}" + (f" ({context})" if context else "")
    line = text.splitlines()[mark.line] if mark is not None and mark.line < len(text.splitlines()) else ""
    message += _yaml_hint(problem, line)
    if mark is None:
        return ModelError(message, file=file)
    return ModelError(message, file=file, line=mark.line + 1, column=mark.column + 1)


def _yaml_hint(problem: str, line: str) -> str:
    """What usually causes PyYAML's ``problem`` on ``line``, said plainly ("" when nothing fits)."""
    if "\t" in line[: len(line) - len(line.lstrip())] or "found character '\\t'" in problem:
        return "; hint: this line is indented with a tab, and YAML allows only spaces: use spaces instead"
    if "mapping values are not allowed" in problem:
        return (
            "; hint: a colon followed by a space starts a key: put text containing ': ' in quotes, "
            "or check that this line is indented like the keys beside it"
        )
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return (
            "; hint: this line is indented differently from the lines before it: "
            "keys of one mapping, and items of one list, start in the same column"
        )
    if "did not find expected '-' indicator" in problem:
        return "; hint: the items of a list each start with '- ', all in the same column"
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return "; hint: a list in [ ] or a mapping in { } is not closed, or an item has an unquoted : or #"
    if "found unexpected end of stream" in problem:
        return "; hint: a quote or bracket opened earlier is never closed"
    return ""


_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)
"""PyYAML's binding to libyaml when it was built with it: several times quicker."""

_PLAIN = re.compile("[^\t\r!\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff]*")
_BLOCK_COMMENT = re.compile(r"[|>][-+0-9]*#")
"""Texts libyaml reads as PyYAML does are those :data:`_PLAIN` matches whole (no tab, carriage return,
tag, control character, byte-order mark, Unicode line separator or lone surrogate) and in which
:data:`_BLOCK_COMMENT` finds no comment straight after a block scalar's indicator: libyaml accepts
some tabs, tags and comments that PyYAML refuses, and takes text as UTF-8. A test compares the two
readers on generated texts; the other texts are read by PyYAML alone."""


def compose(text: str) -> yaml.Node | None:
    """The YAML node tree of ``text`` (each node knows its line); None for an empty document.

    libyaml reads the text when PyYAML has it and the text is plain (see :data:`_BLOCK_COMMENT`); a
    text it refuses is read again by PyYAML's own parser, whose error messages (and the hints made from
    them) are the ones users see.
    """
    if _FAST_LOADER is not None and _PLAIN.fullmatch(text) and not _BLOCK_COMMENT.search(text):
        fast = _FAST_LOADER(text)
        try:
            node: yaml.Node | None = fast.get_single_node()
            return node
        except yaml.YAMLError:
            pass
        finally:
            fast.dispose()
    loader = yaml.SafeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _construct(node: yaml.Node) -> Any:
    """The plain data (dicts, lists, scalars) of a node tree."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_duplicate_keys(node: yaml.Node, file: str) -> None:
    """PyYAML keeps the last of two equal keys silently; a repeated key is almost always a mistake."""
    seen_nodes: set[int] = set()

    def walk(current: yaml.Node, loc: Loc) -> None:
        if id(current) in seen_nodes:
            return
        seen_nodes.add(id(current))
        if isinstance(current, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in current.value:
                if not isinstance(key, yaml.ScalarNode) or key.value == "<<":
                    walk(value, loc)
                    continue
                if key.value in first:
                    raise ModelError(
                        f"the key {key.value!r} appears twice in the same mapping "
                        f"(first on line {first[key.value]}); only one is allowed",
                        file=file,
                        place=place((*loc, key.value)),
                        line=key.start_mark.line + 1,
                        column=key.start_mark.column + 1,
                    )
                first[key.value] = key.start_mark.line + 1
                walk(value, (*loc, key.value))
        elif isinstance(current, yaml.SequenceNode):
            for i, item in enumerate(current.value):
                walk(item, (*loc, i))

    walk(node, ())


def parse_yaml(text: str, file: str) -> tuple[Any, Lines]:
    """The data of YAML ``text`` and its lines; malformed YAML and repeated keys are ModelErrors."""
    try:
        node = compose(text)
        if node is None:
            return None, Lines(None)
        lines = Lines(node)
        _check_node_depth(node, file)
        _check_duplicate_keys(node, file)
        return _construct(node), lines
    except yaml.YAMLError as error:
        raise _yaml_error(error, file, text) from None
    except RecursionError:  # the parser nests a call per bracket: found before the depth check can look
        raise _too_deep(file) from None


def parse_json(text: str, file: str) -> tuple[Any, Lines]:
    """The data of JSON ``text`` and its lines; malformed JSON and repeated keys are ModelErrors."""
    duplicate: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                duplicate.append(key)
            out[key] = value
        return out

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as error:
        raise ModelError(
            f"malformed JSON: {error.msg}", file=file, line=error.lineno, column=error.colno
        ) from None
    except RecursionError:
        raise _too_deep(file) from None
    # JSON is YAML: its node tree gives the line of every place (when PyYAML accepts the text).
    try:
        lines = Lines(compose(text))
    except (yaml.YAMLError, RecursionError):
        lines = Lines(None)
    check_depth(data, file, lines)
    if duplicate:
        if lines.root is not None:
            _check_duplicate_keys(lines.root, file)
        raise ModelError(f"the key {duplicate[0]!r} appears twice in the same object", file=file)
    return data, lines
