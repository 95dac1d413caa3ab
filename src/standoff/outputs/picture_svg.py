"""Small pictures of an answer, as a person would sketch it on a whiteboard, drawn as SVG.

A :class:`Picture` holds what to draw: states as boxes in layers (left to right: the state explained,
then the improvements from it, then the answers to them; or the stages of a roadmap), and labelled
arrows between them, each in the colour and dash pattern of the decision maker who moves. One function,
:func:`render_svg`, draws every picture: a layered drawing, the order and place of the boxes in each
layer from igraph's Sugiyama layout (:func:`layer_places`); the widths come from the words, so that no
label is cut; the same answer gives the same picture, byte for byte. Text stays text (searchable,
copyable); a verdict is written in words and drawn as a double or single border, so that a greyscale
print still shows it; a legend says what colours and marks mean.

The builders (:func:`explanation_picture`, :func:`roadmap_picture`, :func:`evolution_picture`) only
read result objects: the verdicts of the states they show are passed in by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Literal

import numpy as np

from standoff.concepts import CONCEPT_NAMES, is_strong
from standoff.outputs.graph_svg import dm_colour
from standoff.outputs.words import change_words, joint_words, state_label

if TYPE_CHECKING:
    from standoff.analyses.evolution import Evolution
    from standoff.analyses.explain import Explanation, Move, Sanction
    from standoff.analyses.roadmap import Roadmap
    from standoff.analyses.unknown_explain import UnknownExplanation
    from standoff.engine.space import StateSpace

NodeKind = Literal["state", "none", "note"]
EdgeKind = Literal["move", "answer", "blocked", "flagged"]
Verdict = Callable[[int], bool | None]
"""A state's verdict under the picture's concept (``None``: not known)."""

DASHES = ("", "8 4", "2 3", "9 3 2 3")
"""Each decision maker's dash pattern (with its colour): told apart in greyscale too."""
CHAR = 7.5  # width of a character at 12 px, generous: Y, N and capitals are wide
LINE = 15.0
PAD = 8.0
ROW_GAP = 26.0
LABEL_GAP = 70.0
MARGIN = 16.0
MAX_LABEL = 46  # characters of an arrow's label before it wraps
MAX_SHOWN_MOVES = 6  # moves per decision maker an explanation's picture draws (as MAX_SHOWN_IMPROVEMENTS)


@dataclass(frozen=True)
class Node:
    """A box: a state (``state`` is its position, ``verdict`` its equilibrium verdict), the mark that
    nothing deters an improvement (``none``), or a note."""

    key: str
    layer: int
    lines: tuple[str, ...]
    kind: NodeKind = "state"
    verdict: bool | None = None
    focus: bool = False


@dataclass(frozen=True)
class Edge:
    """An arrow from one box to another, labelled with who moves and what each gives."""

    source: str
    target: str
    label: str
    dm: int | None = None
    kind: EdgeKind = "move"


@dataclass(frozen=True)
class Picture:
    """What :func:`render_svg` draws."""

    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    decision_makers: tuple[str, ...]
    concept: str
    notes: tuple[str, ...] = field(default=())


# -- drawing ---------------------------------------------------------------------------------------


def _wrap(text: str, width: int = MAX_LABEL) -> list[str]:
    words, lines, line = text.split(" "), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def _node_lines(node: Node, concept: str) -> list[str]:
    lines = list(node.lines)
    if node.kind == "state" and node.verdict is not None:
        lines.append(f"{'equilibrium' if node.verdict else 'not an equilibrium'} ({concept})")
    return lines


def render_svg(picture: Picture, ids: str = "") -> str:
    """The picture as a standalone SVG document; ``ids`` prefixes its element ids, so that several
    pictures can sit in one HTML page."""
    concept = picture.concept
    texts = {n.key: _node_lines(n, concept) for n in picture.nodes}
    size = {
        k: (max(len(t) for t in lines) * CHAR + 2 * PAD, len(lines) * LINE + 2 * PAD)
        for k, lines in texts.items()
    }
    layers = sorted({n.layer for n in picture.nodes})
    by_layer = {layer: [n for n in picture.nodes if n.layer == layer] for layer in layers}
    labels = {id(e): _wrap(e.label) for e in picture.edges}
    layer_of = {n.key: n.layer for n in picture.nodes}
    width_of_layer = {layer: max(size[n.key][0] for n in nodes) for layer, nodes in by_layer.items()}
    gap_after = {
        layer: max(
            [max(len(t) for t in labels[id(e)]) * CHAR for e in picture.edges if layer_of[e.source] == layer]
            or [0.0]
        )
        + LABEL_GAP
        for layer in layers
    }
    x_of_layer, x = {}, MARGIN
    for layer in layers:
        x_of_layer[layer] = x
        x += width_of_layer[layer] + gap_after[layer]
    # y: each box's place across its layer from a Sugiyama layout (igraph's: fewest crossings, each box
    # near the boxes it is joined to), one place a row tall enough for a box and the labels between boxes
    label_room = max([len(v) for v in labels.values()] or [1]) * LINE
    pitch = max(h for _, h in size.values()) + max(ROW_GAP, label_room)
    top = MARGIN + (1 + len(picture.notes)) * LINE + 16  # below the title and the notes
    first_row = top + max(pitch / 2, label_room + 10)  # the highest box, with room for the labels above it
    place = layer_places(picture)
    lowest = min(place.values())

    def y_of(at: float) -> float:
        return first_row + (at - lowest) * pitch

    centre = {
        n.key: (
            x_of_layer[n.layer] + width_of_layer[n.layer] / 2,
            first_row + (place[n.key] - lowest) * pitch,
        )
        for n in picture.nodes
    }
    height_needed = max(y for _, y in centre.values()) + pitch / 2 - top
    legend = _legend(picture)
    width = max(
        x - LABEL_GAP + MARGIN,
        MARGIN * 2
        + max(len(line) for line in [picture.title, *picture.notes, *legend_texts(picture)]) * CHAR,
    )
    height = top + height_needed + len(legend) * LINE + 2 * MARGIN
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" '
        'font-family="DejaVu Sans, Verdana, sans-serif" font-size="12">',
        f"<title>{escape(picture.title)}</title>",
        _markers(len(picture.decision_makers), ids),
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 12}" font-size="14" font-weight="bold">'
        f"{escape(picture.title)}</text>",
    ]
    for k, note in enumerate(picture.notes):
        out.append(
            f'<text x="{MARGIN}" y="{MARGIN + 12 + (k + 1) * LINE}" fill="#444444">{escape(note)}</text>'
        )
    for edge in picture.edges:
        out.append(_arrow(edge, centre, size, labels[id(edge)], ids))
    for node in picture.nodes:
        out.append(_box(node, centre[node.key], size[node.key], texts[node.key]))
    y = top + height_needed + MARGIN
    for line in legend:
        out.append(line.format(y=y))
        y += LINE
    out.append("</svg>")
    return "\n".join(out) + "\n"


def layer_places(picture: Picture) -> dict[str, float]:
    """Each box's place across its layer (0, 1, ...; halves where a box is centred between others),
    from igraph's layered (Sugiyama) layout of the picture's own layers: its crossing reduction orders
    each layer, its placement puts each box near the boxes it is joined to. Deterministic: the same
    picture gives the same places."""
    import igraph

    index = {n.key: k for k, n in enumerate(picture.nodes)}
    layers = sorted({n.layer for n in picture.nodes})
    depth = {layer: k for k, layer in enumerate(layers)}
    graph = igraph.Graph(
        n=len(picture.nodes),
        edges=[(index[e.source], index[e.target]) for e in picture.edges],
        directed=True,
    )
    layout = graph.layout_sugiyama(layers=[depth[n.layer] for n in picture.nodes], hgap=1)
    return {n.key: float(layout.coords[k][0]) for k, n in enumerate(picture.nodes)}


def _markers(n_dms: int, ids: str) -> str:
    marks = [
        f'<marker id="{ids}stop" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="12" markerHeight="12" '
        'markerUnits="userSpaceOnUse" orient="auto"><path d="M5,0 L5,10" stroke="#B00000" stroke-width="3"/>'
        "</marker>"
    ]
    for dm, colour in [*((d, dm_colour(d)) for d in range(n_dms)), ("joint", "#222222")]:
        marks.append(
            f'<marker id="{ids}head-{dm}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="11" '
            'markerHeight="11" markerUnits="userSpaceOnUse" orient="auto">'
            f'<path d="M1,1 L9,5 L1,9 z" fill="{colour}"/></marker>'
        )
    return "<defs>" + "".join(marks) + "</defs>"


def _box(node: Node, centre: tuple[float, float], size: tuple[float, float], lines: list[str]) -> str:
    (cx, cy), (w, h) = centre, size
    x, y = cx - w / 2, cy - h / 2
    kind = node.kind
    stroke, dash, fill = "#333333", "", "#ffffff"
    if kind == "none":
        stroke, dash, fill = "#B00000", ' stroke-dasharray="4 3"', "#fff4f4"
    elif kind == "note":
        stroke, dash, fill = "#888888", ' stroke-dasharray="2 2"', "#f7f7f7"
    weight = 2.6 if node.focus else 1.2
    parts = [f'<g class="{kind}{" focus" if node.focus else ""}">']
    parts.append(
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="5" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{weight}"{dash}/>'
    )
    if kind == "state" and node.verdict:  # an equilibrium: a double border
        parts.append(
            f'<rect x="{x + 3:.1f}" y="{y + 3:.1f}" width="{w - 6:.1f}" height="{h - 6:.1f}" rx="3" '
            f'fill="none" stroke="{stroke}" stroke-width="1"/>'
        )
    for k, line in enumerate(lines):
        bold = ' font-weight="bold"' if k == 0 and kind == "state" else ""
        colour = ' fill="#B00000"' if kind == "none" else ""
        parts.append(
            f'<text x="{cx:.1f}" y="{y + PAD + 11 + k * LINE:.1f}" text-anchor="middle"{bold}{colour}>'
            f"{escape(line)}</text>"
        )
    parts.append("</g>")
    return "".join(parts)


def _arrow(
    edge: Edge,
    centre: dict[str, tuple[float, float]],
    size: dict[str, tuple[float, float]],
    label: list[str],
    ids: str = "",
) -> str:
    (x0, y0), (x1, y1) = centre[edge.source], centre[edge.target]
    x0 += size[edge.source][0] / 2
    x1 -= size[edge.target][0] / 2 + 2
    dm = edge.dm if edge.dm is not None else 0
    colour = "#222222" if edge.dm is None else dm_colour(dm)  # no single mover: a joint step
    dash = DASHES[dm % len(DASHES)] if edge.dm is not None else ""
    if edge.kind == "blocked":
        colour, dash = "#B00000", "5 3"
    head = f"head-{dm if edge.dm is not None else 'joint'}"
    end = f"url(#{ids}stop)" if edge.kind == "blocked" else f"url(#{ids}{head})"
    bend = (x1 - x0) * 0.45
    path = f"M{x0:.1f},{y0:.1f} C{x0 + bend:.1f},{y0:.1f} {x1 - bend:.1f},{y1:.1f} {x1:.1f},{y1:.1f}"
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    width = 2.6 if edge.kind == "flagged" or edge.dm is None else 1.7
    parts = [f'<g class="{edge.kind}">']
    parts.append(
        f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="{width}"{dashed} marker-end="{end}"/>'
    )
    # the label ends just before the arrowhead, where the arrow runs level, on the side away from where
    # the arrow comes from: arrows fanning out from one box keep their labels apart
    lx = x1 - 10
    ly = y1 + 16 if y1 > y0 + 1 else y1 - 7 - (len(label) - 1) * LINE
    for k, line in enumerate(label):
        parts.append(
            f'<text x="{lx:.1f}" y="{ly + k * LINE:.1f}" text-anchor="end" fill="{colour}" '
            f'stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(line)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def legend_texts(picture: Picture) -> list[str]:
    """The legend's words, one entry a line."""
    lines = [f"{name}'s moves" for name in picture.decision_makers]
    lines.append(
        f"Double border: an equilibrium under {picture.concept}; single: not; bold: the state in question"
    )
    kinds = {e.kind for e in picture.edges} | {n.kind for n in picture.nodes}
    if "none" in kinds:
        lines.append("Red dashed box: nothing deters the improvement")
    if "blocked" in kinds:
        lines.append("Red dashed arrow ending in a bar: a step that fails, and why")
    if any(e.dm is None and e.kind in ("move", "flagged") for e in picture.edges):
        lines.append("Thick dark arrow: decision makers moving together (a joint step)")
    if "flagged" in kinds:
        lines.append("⚑ thick arrow: a step its mover would not take on its own")
    return lines


def _legend(picture: Picture) -> list[str]:
    """SVG lines of the legend, each with ``{y}`` for its baseline."""
    out = []
    for dm, name in enumerate(picture.decision_makers):
        dash = DASHES[dm % len(DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{MARGIN}" y1="{{y}}" x2="{MARGIN + 36}" y2="{{y}}" stroke="{dm_colour(dm)}" '
            f'stroke-width="2"{dashed} transform="translate(0,-4)"/>'
            f'<text x="{MARGIN + 44}" y="{{y}}">{escape(name)}\'s moves</text>'
        )
    for line in legend_texts(picture)[len(picture.decision_makers) :]:
        out.append(f'<text x="{MARGIN}" y="{{y}}" fill="#444444">{escape(line)}</text>')
    return [line.replace("{{y}}", "{y}") for line in out]


# -- what each answer looks like -------------------------------------------------------------------


def _state_lines(space: StateSpace, index: int, names: dict[int, str]) -> tuple[str, ...]:
    name = names.get(index)
    pattern = space.pattern(index)
    return (f"{name}", f"state {index + 1} {pattern}") if name else (f"state {index + 1}", pattern)


def _moves_words(conflict_names: Sequence[str], explanation: Explanation, sanction: Sanction) -> str:
    conflict, space = explanation.conflict, explanation.space

    def one(move: Move) -> str:
        words = change_words(conflict, space, move.source_index, move.target_index)
        return f"{conflict_names[move.decision_maker]}: {words}"

    if sanction.simultaneous:
        return "at the same time: " + " + ".join(one(m) for m in sanction.moves)
    return ", then ".join(one(m) for m in sanction.moves)


def explanation_picture(explanation: Explanation, verdict: Verdict | None = None) -> Picture:
    """The state in the middle of its story: each decision maker's improvements from it, and the answer
    that deters each one (or the mark that nothing does), under the explanation's concept."""
    conflict, space = explanation.conflict, explanation.space
    names = dict(explanation.names)
    dms = conflict.decision_maker_names
    concept = explanation.concept_words
    known = verdict or (lambda _: None)
    nodes = [
        Node("s", 0, _state_lines(space, explanation.index, names), verdict=explanation.stable, focus=True)
    ]
    edges = []
    notes = ["Left: the state. Middle: each improvement from it. Right: the answer that deters it."]
    for d in explanation.decision_makers:
        who = dms[d.decision_maker]
        if not d.improvements:
            why = "does not perceive this state" if not d.perceived else "has no improvement from here"
            nodes.append(Node(f"n{d.decision_maker}", 1, (f"{who} {why}:", f"stable for {who}"), kind="note"))
            continue
        shown = d.shown()
        if len(shown) < len(d.improvements):
            notes.append(
                f"{who} has {len(d.improvements)} improvements; {len(shown)} drawn, those nothing deters "
                "first (standoff explain lists them all)."
            )
        for k, item in enumerate(shown):
            key = f"i{d.decision_maker}-{k}"
            there = item.improvement_index
            nodes.append(Node(key, 1, _state_lines(space, there, names), verdict=known(there)))
            words = change_words(conflict, space, explanation.index, there)
            edges.append(Edge("s", key, f"{who}: {words}", d.decision_maker))
            for p, (part, sanction) in enumerate(item.sanctions):
                end = f"{key}-{p}"
                under = f" under {CONCEPT_NAMES[part]}" if len(item.sanctions) > 1 else ""
                if sanction is None:
                    lines: tuple[str, ...] = (f"✗ nothing deters it{under}",)
                    mild = dict(item.mild).get(part)
                    if mild is not None:  # a strong concept: only a mild sanction exists
                        lines += (
                            f"only a mild sanction: state {mild.state} {space.pattern(mild.state_index)}",
                        )
                    nodes.append(Node(end, 2, lines, kind="none"))
                    edges.append(Edge(key, end, f"no answer{under}", None, "blocked"))
                    continue
                nodes.append(
                    Node(
                        end,
                        2,
                        _state_lines(space, sanction.state_index, names),
                        verdict=known(sanction.state_index),
                    )
                )
                answerer = sanction.moves[0].decision_maker if sanction.moves else None
                worse = (
                    "strongly worse"
                    if is_strong(part)
                    else "worse"
                    if space.ranks[d.decision_maker][sanction.state_index]
                    < space.ranks[d.decision_maker][explanation.index]
                    else "no better"
                )
                edges.append(
                    Edge(
                        key,
                        end,
                        f"{_moves_words(dms, explanation, sanction)} ({who} {worse} off){under}",
                        answerer,
                        "answer",
                    )
                )
    verdict_words = (
        "stable for every decision maker"
        if explanation.stable
        else "not stable for "
        + ", ".join(dms[d.decision_maker] for d in explanation.decision_makers if not d.stable)
    )
    title = f"Why {state_label(space, explanation.index, names)} is {verdict_words} under {concept}"
    return Picture(title, tuple(nodes), tuple(edges), tuple(dms), concept, tuple(notes))


def unknown_explanation_picture(explanation: UnknownExplanation, verdict: Verdict | None = None) -> Picture:
    """As :func:`explanation_picture`, under an unknown-preference concept: each decision maker's moves
    that count (an uncertain move marked as such) and the answer to each, said to be certainly not better
    or only unknown against the state."""
    from standoff.outputs.unknown_explain_text import moves_words, sanctions_words

    conflict, space = explanation.conflict, explanation.space
    names = dict(explanation.names)
    dms = conflict.decision_maker_names
    concept = CONCEPT_NAMES[explanation.concept]
    known = verdict or (lambda _: None)
    here = explanation.state
    nodes = [Node("s", 0, _state_lines(space, here, names), verdict=explanation.stable, focus=True)]
    edges = []
    notes = [
        "Left: the state. Middle: each move that counts. Right: the answer that deters it.",
        f"{concept} counts {moves_words(explanation.extension)}"
        + (
            "; no sanction counts (Nash)."
            if explanation.concept.startswith("nash_")
            else f", and sanctions {sanctions_words(explanation.extension)}."
        ),
    ]
    for d in explanation.explained:
        who = dms[d]
        moves = explanation.moves[d]
        if not moves:
            why = (
                "does not perceive this state" if not explanation.perceived(d) else "has no move that counts"
            )
            nodes.append(Node(f"n{d}", 1, (f"{who} {why}:", f"stable for {who}"), kind="note"))
            continue
        shown = sorted(moves, key=lambda m: m.deterred)[:MAX_SHOWN_MOVES]  # the undeterred first
        if len(shown) < len(moves):
            notes.append(
                f"{who} has {len(moves)} moves that count; {len(shown)} drawn, those nothing deters first "
                "(standoff explain lists them all)."
            )
        for k, move in enumerate(shown):
            key = f"i{d}-{k}"
            nodes.append(Node(key, 1, _state_lines(space, move.target, names), verdict=known(move.target)))
            words = change_words(conflict, space, here, move.target)
            kind = "" if move.certain else " (uncertain: preference unknown)"
            edges.append(Edge("s", key, f"{who}: {words}{kind}", d))
            end = f"{key}-0"
            if move.sanction is None:
                nodes.append(Node(end, 2, ("✗ nothing deters it",), kind="none"))
                edges.append(Edge(key, end, "no answer", None, "blocked"))
                continue
            steps, previous = [], move.target
            for j, s in move.sanction:
                steps.append(f"{dms[j]}: {change_words(conflict, space, previous, s)}")
                previous = s
            nodes.append(Node(end, 2, _state_lines(space, previous, names), verdict=known(previous)))
            worth = "preference unknown" if move.unknown_sanction else "certainly no better off"
            edges.append(
                Edge(key, end, f"{', then '.join(steps)} ({who} {worth})", move.sanction[0][0], "answer")
            )
    unstable = [dms[d] for d in explanation.explained if not explanation.stable_for(d)]
    verdict_words = (
        "stable for every decision maker" if not unstable else "not stable for " + ", ".join(unstable)
    )
    title = f"Why {state_label(space, here, names)} is {verdict_words} under {concept}"
    return Picture(title, tuple(nodes), tuple(edges), tuple(dms), concept, tuple(notes))


def roadmap_picture(roadmap: Roadmap, verdict: Verdict | None = None) -> Picture:
    """The first roadmap's stages left to right, each step labelled with who moves and what each gives;
    without a roadmap, the steps toward the target that fail, each with why."""
    from standoff.outputs.roadmap_text import deterrent_sentence, failure_reasons

    conflict, space = roadmap.result.conflict, roadmap.result.space
    names = dict(roadmap.names)
    dms = conflict.decision_maker_names
    concept = CONCEPT_NAMES[roadmap.concept]
    known = verdict or (lambda _: None)
    target = ", ".join(state_label(space, t, names) for t in roadmap.target_indices[:3])
    start = roadmap.start_index
    nodes = [Node("s0", 0, _state_lines(space, start, names), verdict=known(start), focus=True)]
    edges = []
    notes: list[str] = []
    if roadmap.roadmaps:
        steps = roadmap.roadmaps[0]
        for k, step in enumerate(steps, 1):
            there = step.target_index
            nodes.append(
                Node(
                    f"s{k}", k, _state_lines(space, there, names), verdict=known(there), focus=k == len(steps)
                )
            )
            words = joint_words(conflict, space, step.movers, step.source_index, there)
            kind: EdgeKind = "flagged" if step.flagged else "move"
            label = ("⚑ " if step.flagged else "") + words
            edges.append(
                Edge(f"s{k - 1}", f"s{k}", label, step.movers[0] if len(step.movers) == 1 else None, kind)
            )
            notes += [f"Step {k}: ⚑ {deterrent_sentence(roadmap, step, d)}" for d in step.deterred]
        here = state_label(space, start, names)
        count = f"{len(steps)} step{'s' * (len(steps) != 1)}"
        title = f"A roadmap from {here} to {target} under {concept}: {count}"
        if len(roadmap.roadmaps) > 1:
            notes.insert(
                0, f"The first of {len(roadmap.roadmaps)}{'+' if roadmap.more else ''} roadmaps found."
            )
    else:
        title = f"No roadmap from {state_label(space, start, names)} to {target} under {concept}"
        failed = roadmap.breaks.failed if roadmap.breaks is not None else ()
        shown = failed[:8]
        for k, item in enumerate(shown):
            step = item.step
            key = f"f{k}"
            here = "s0" if step.source_index == start else f"from{k}"
            if here != "s0":
                nodes.append(
                    Node(
                        here,
                        0,
                        _state_lines(space, step.source_index, names),
                        verdict=known(step.source_index),
                    )
                )
            nodes.append(
                Node(key, 1, _state_lines(space, step.target_index, names), verdict=known(step.target_index))
            )
            words = joint_words(conflict, space, step.movers, step.source_index, step.target_index)
            reasons = "; ".join(failure_reasons(roadmap, item))
            edges.append(Edge(here, key, f"{words} ✗ {reasons}", None, "blocked"))
        if len(failed) > len(shown):
            notes.append(f"{len(shown)} of {len(failed)} failing steps shown.")
    return Picture(title, tuple(nodes), tuple(edges), tuple(dms), concept, tuple(notes))


def evolution_picture(evolution: Evolution) -> Picture:
    """From the start, the shortest paths of improvements to each equilibrium reached (or the target),
    stage by stage left to right; a state on several paths is drawn once."""
    result = evolution.result
    conflict, space = result.conflict, result.space
    names = dict(evolution.names)
    dms = conflict.decision_maker_names
    concept = CONCEPT_NAMES[evolution.concept]
    stable = np.asarray(result.stable[evolution.concept].all(axis=0))
    start = evolution.start_index
    nodes = {
        start: Node(
            f"s{start}", 0, _state_lines(space, start, names), verdict=bool(stable[start]), focus=True
        )
    }
    edges: dict[tuple[int, int], Edge] = {}
    for path in evolution.paths:
        for move in path:
            there = move.target_index
            if there not in nodes:
                layer = int(evolution.distance[there])
                nodes[there] = Node(
                    f"s{there}", layer, _state_lines(space, there, names), verdict=bool(stable[there])
                )
            if (move.source_index, there) not in edges:
                movers = move.movers
                words = joint_words(conflict, space, movers, move.source_index, there)
                edges[move.source_index, there] = Edge(
                    f"s{move.source_index}", f"s{there}", words, movers[0] if len(movers) == 1 else None
                )
    reached = len(evolution.equilibria_reached)
    title = (
        f"How the conflict can evolve from {state_label(space, start, names)} "
        f"by improvements under {concept}: "
        f"{reached} equilibri{'um' if reached == 1 else 'a'} reached"
    )
    notes = (
        f"{len(evolution.reachable)} states reachable; "
        "the shortest path to each equilibrium reached is drawn.",
    )
    return Picture(title, tuple(nodes.values()), tuple(edges.values()), tuple(dms), concept, notes)
