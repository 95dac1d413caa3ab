"""The state graph as inline SVG: states as nodes, each decision maker's moves as coloured edges.

The renderer draws what it is given (a :class:`StateGraph` gathered by the
caller from the analysis) and computes geometry only: node positions come
from :func:`standoff.outputs.layout.grid_layout`, edges are cubic curves
clipped to the node boxes, with parallel edges of different decision makers
bent apart. A move and its reverse by the same decision maker share one
curve with an arrowhead at each end. Filled arrowheads are unilateral
improvements for the mover; open ones are moves the mover does not prefer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from standoff.concepts import CONCEPT_NAMES
from standoff.model.conflict import Direction, OptionSpec
from standoff.outputs.layout import GridLayout, grid_layout

if TYPE_CHECKING:
    from standoff.analyses.report import GraphMove as Move
    from standoff.analyses.report import StateGraph
    from standoff.analyses.stability import AnalysisResult, Concept

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B")
"""Decision maker colours (Okabe & Ito's colour-blind safe set, less yellow, then brown)."""
DASHES = ("", "6 3", "2 3", "8 3 2 3")
"""Once the colours run out, decision makers are told apart by dash patterns too."""

NODE_HEIGHT = 40.0
MIN_NODE_WIDTH = 48.0
CHAR_WIDTH = 7.4  # 12 px monospace
COLUMN_GAP = 70.0
ROW_GAP = 66.0
MARGIN = 24.0
LABEL_ROOM = 2 * 14.0 + 6  # the two axis titles
MAX_LABEL_LINES = 4
LINE = 14.0
LABEL_CHAR = 6.2  # 11 px sans-serif, on average
NAME_CHAR = 5.8  # 10 px italic bold, on average
MIN_ROW_LABEL = 60.0
MAX_ROW_LABEL = 220.0
PARALLEL_SPREAD = 22.0
DENSE = 2.0
"""Above this many curves per state the drawing gets the ``dense`` class (thinner lines)."""
OVERLAY_COLOURS = {"evolution": "#FFB300", "history": "#7E57C2"}


@dataclass(frozen=True)
class _Edge:
    """One drawn curve: the moves of one decision maker between two states, in one or both directions."""

    first: int
    second: int
    decision_maker: int
    forward: Move | None  # first -> second
    backward: Move | None  # second -> first


Point = tuple[float, float]
Curve = tuple[Point, Point, Point, Point]


def dm_colour(dm: int) -> str:
    """The colour of a decision maker's moves (the palette repeats after eight)."""
    return PALETTE[dm % len(PALETTE)]


def dm_dash(dm: int) -> str:
    """The dash pattern of a decision maker's moves, telling apart those that share a colour."""
    return DASHES[(dm // len(PALETTE)) % len(DASHES)]


def _bezier(curve: Curve, t: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    u = 1.0 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


def _split(curve: Curve, t: float) -> tuple[Curve, Curve]:
    """De Casteljau: the parts of a cubic before and after ``t``."""

    def mid(p: Point, q: Point) -> Point:
        return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)

    p0, p1, p2, p3 = curve
    a, b, c = mid(p0, p1), mid(p1, p2), mid(p2, p3)
    d, e = mid(a, b), mid(b, c)
    f = mid(d, e)
    return (p0, a, d, f), (f, e, c, p3)


def _inside(point: Point, centre: Point, half_w: float, half_h: float) -> bool:
    return abs(point[0] - centre[0]) <= half_w and abs(point[1] - centre[1]) <= half_h


def _leave(curve: Curve, centre: Point, half_w: float, half_h: float, *, from_start: bool) -> float:
    """The parameter where the curve crosses the box around one of its ends (bisection)."""
    lo, hi = (0.0, 1.0) if from_start else (1.0, 0.0)
    if _inside(_bezier(curve, hi), centre, half_w, half_h):
        return lo
    for _ in range(30):
        middle = (lo + hi) / 2
        if _inside(_bezier(curve, middle), centre, half_w, half_h):
            lo = middle
        else:
            hi = middle
    return (lo + hi) / 2


def _segment_hits_box(p: Point, q: Point, centre: Point, half_w: float, half_h: float) -> bool:
    """Whether the segment p-q passes through the box (sampled; boxes are large next to the step)."""
    steps = max(8, int(math.dist(p, q) / 6))
    return any(
        _inside((p[0] + (q[0] - p[0]) * k / steps, p[1] + (q[1] - p[1]) * k / steps), centre, half_w, half_h)
        for k in range(1, steps)
    )


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _path_data(curve: Curve) -> str:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    return f"M{_fmt(x0)},{_fmt(y0)} C{_fmt(x1)},{_fmt(y1)} {_fmt(x2)},{_fmt(y2)} {_fmt(x3)},{_fmt(y3)}"


class _Geometry:
    """Node boxes and edge curves for one drawing."""

    def __init__(self, result: AnalysisResult, graph: StateGraph) -> None:
        space = result.space
        self.result = result
        self.n_options = space.n_options
        self.node_width = max(MIN_NODE_WIDTH, CHAR_WIDTH * space.n_options + 20.0)
        self.cell_w = self.node_width + COLUMN_GAP
        self.cell_h = NODE_HEIGHT + ROW_GAP
        codes = [int(space.codes[s]) for s in graph.states]
        anchor = 0 if result.status_quo_index is None else int(space.codes[result.status_quo_index])
        self.layout: GridLayout = grid_layout(
            codes, [int(o) for o in space.owned], anchor=anchor, cell_aspect=self.cell_w / self.cell_h
        )
        sq = result.status_quo_index
        self.relative_to = int(space.codes[sq]) if graph.is_partial and sq is not None else None
        self.left = MARGIN + (self._row_label_width() if self.layout.down else 0.0)
        self.column_lines = max(
            (len(_axis_lines(result, c.parts, self.relative_to)) for c in self.layout.columns), default=1
        )
        self.top = MARGIN + LABEL_ROOM + LINE * self.column_lines + 8
        self.centre: dict[int, Point] = {}
        for s, code in zip(graph.states, codes, strict=True):
            gx, gy = self.layout.positions[code]
            self.centre[s] = (
                self.left + gx * self.cell_w + self.cell_w / 2,
                self.top + gy * self.cell_h + self.cell_h / 2,
            )
        self.width = self.left + self.layout.width * self.cell_w + MARGIN
        self.height = self.top + self.layout.height * self.cell_h + MARGIN
        # Curves are drawn from the upper-left state of a pair, so +1 bends a row's arcs up and a
        # column's to the right. The anchor (status quo) is top left: the first decision maker of
        # each axis bends into the drawing (down, right), the next one the other way.
        self.axis_side = {d: (-1.0 if k % 2 == 0 else 1.0) for k, d in enumerate(self.layout.across)}
        self.axis_side.update({d: (1.0 if k % 2 == 0 else -1.0) for k, d in enumerate(self.layout.down)})

    def _row_label_width(self) -> float:
        longest = max(
            (
                len(line)
                for label in self.layout.rows
                for line in _axis_lines(self.result, label.parts, self.relative_to)
            ),
            default=4,
        )
        return min(MAX_ROW_LABEL, max(MIN_ROW_LABEL, longest * LABEL_CHAR + 14))

    def curve(self, a: int, b: int, bend: float) -> Curve:
        """A curve from the centre of ``a`` to the centre of ``b``, bent ``bend`` px to the left of a→b."""
        p, q = self.centre[a], self.centre[b]
        dx, dy = q[0] - p[0], q[1] - p[1]
        length = math.hypot(dx, dy) or 1.0
        nx, ny = dy / length, -dx / length
        c1 = (p[0] + dx / 3 + nx * bend, p[1] + dy / 3 + ny * bend)
        c2 = (p[0] + 2 * dx / 3 + nx * bend, p[1] + 2 * dy / 3 + ny * bend)
        return (p, c1, c2, q)

    def clip(self, curve: Curve, a: int, b: int, pad: float = 3.0) -> Curve:
        """The part of ``curve`` between the boxes of its end states."""
        half_w, half_h = self.node_width / 2 + pad, NODE_HEIGHT / 2 + pad
        t0 = _leave(curve, self.centre[a], half_w, half_h, from_start=True)
        t1 = _leave(curve, self.centre[b], half_w, half_h, from_start=False)
        if t1 <= t0:
            return curve
        _, rest = _split(curve, t0)
        inner, _ = _split(rest, (t1 - t0) / (1 - t0) if t0 < 1 else 1.0)
        return inner

    def blocked(self, a: int, b: int) -> bool:
        """Whether the straight line between two states runs through another state's box."""
        p, q = self.centre[a], self.centre[b]
        half_w, half_h = self.node_width / 2 + 6, NODE_HEIGHT / 2 + 6
        return any(
            _segment_hits_box(p, q, c, half_w, half_h) for s, c in self.centre.items() if s not in (a, b)
        )

    def crosses(self, curve: Curve, a: int, b: int) -> bool:
        """Whether ``curve`` (from ``a`` to ``b``) runs through the box of a state other than its ends."""
        half_w, half_h = self.node_width / 2 + 4, NODE_HEIGHT / 2 + 4
        points = [_bezier(curve, k / 48) for k in range(49)]
        return any(
            _inside(point, centre, half_w, half_h)
            for s, centre in self.centre.items()
            if s not in (a, b)
            for point in points
        )

    def route(self, a: int, b: int) -> Curve:
        """A curve from ``a`` to ``b`` that crosses no other state's box: the straight line when it is
        clear, else the least bend (either side) that clears every box, else the straight line."""
        straight = self.curve(a, b, 0.0)
        if not self.crosses(straight, a, b):
            return straight
        step = min(self.cell_w, self.cell_h) / 3
        for k in range(1, 25):
            for side in (1.0, -1.0):
                curve = self.curve(a, b, side * k * step)
                if not self.crosses(curve, a, b):
                    return curve
        return straight

    def bend(self, a: int, b: int, dm: int, slot: float) -> float:
        """How far to bend the edge between two states: apart from parallel edges, around other states."""
        base = slot * PARALLEL_SPREAD
        if not self.blocked(a, b):
            return base
        (xa, ya), (xb, yb) = self.centre[a], self.centre[b]
        across = abs(xb - xa) >= abs(yb - ya)
        # A cubic bent by h peaks at 0.75 h: clear the boxes in between, stay short of the next row
        # (or column), and raise longer arcs higher so that nested arcs stay apart.
        half, cell, step = (
            (NODE_HEIGHT / 2, self.cell_h, self.cell_w)
            if across
            else (self.node_width / 2, self.cell_w, self.cell_h)
        )
        low, high = (half + 8) / 0.75, max((half + 8) / 0.75, (cell / 2 + 4) / 0.75)
        span = math.dist((xa, ya), (xb, yb)) / step
        arc = low + (high - low) * min(1.0, max(0.0, span - 1.5) / 5)
        return base + arc * self.axis_side.get(dm, 1.0)


def _edges(graph: StateGraph) -> list[_Edge]:
    """Group moves by decision maker and unordered pair of states (one curve each)."""
    grouped: dict[tuple[int, int, int], dict[str, Move]] = {}
    for move in graph.moves:
        a, b = sorted((move.source, move.target))
        slot = grouped.setdefault((a, b, move.decision_maker), {})
        slot["forward" if move.source == a else "backward"] = move
    return [
        _Edge(a, b, dm, found.get("forward"), found.get("backward"))
        for (a, b, dm), found in sorted(grouped.items())
    ]


def _orient(edge: _Edge, geometry: _Geometry) -> tuple[int, int, Move | None, Move | None]:
    """Draw from the upper-left state of the pair, so curves of one row or column bend the same way."""
    pa, pb = geometry.centre[edge.first], geometry.centre[edge.second]
    if (pa[1], pa[0]) <= (pb[1], pb[0]):
        return edge.first, edge.second, edge.forward, edge.backward
    return edge.second, edge.first, edge.backward, edge.forward


def _state_words(result: AnalysisResult, s: int) -> list[str]:
    """A state in option words: per decision maker, the options taken and not taken."""
    conflict = result.conflict
    code = int(result.space.codes[s])
    lines = []
    for dm in conflict.decision_makers:
        taken = [conflict.options[j].name for j in dm.options if code >> j & 1]
        left = [conflict.options[j].name for j in dm.options if not code >> j & 1]
        parts = []
        if taken:
            parts.append("takes " + ", ".join(taken))
        if left:
            parts.append("not " + ", ".join(left))
        lines.append(f"{dm.name}: {'; '.join(parts) or 'no options'}")
    return lines


def _tooltip(result: AnalysisResult, s: int, concepts: Sequence[Concept]) -> str:
    lines = [f"State {s + 1}: {result.space.pattern(s)}"]
    if result.status_quo_index == s:
        lines.append("the status quo")
    for named in result.conflict.named_states:
        hit = named.expression.evaluate(result.space.codes[s : s + 1])
        if bool(hit[0]):
            lines.append(f"named state: {named.name}")
    lines += _state_words(result, s)
    eq = [CONCEPT_NAMES[c] for c in concepts if bool(result.stable[c][:, s].all())]
    lines.append("equilibrium under " + ", ".join(eq) if eq else "not an equilibrium")
    return "\n".join(lines)


def _difference(option: OptionSpec, taken: bool) -> str:
    """``+option`` (taken here, not in the status quo) or ``−option`` (dropped); ``before option`` when
    the status quo took an irreversible step this state has not: no move undoes it, so the heading must
    not read as one."""
    against = (option.direction is Direction.FORWARD and not taken) or (
        option.direction is Direction.BACKWARD and taken
    )
    if against:
        return f"before {option.name}"
    return ("+" if taken else "−") + option.name


def _axis_lines(
    result: AnalysisResult, parts: Sequence[tuple[int, int]], relative_to: int | None
) -> list[str]:
    """The options the axis's decision makers take at one position, one per line ("none" for none taken).

    With ``relative_to`` (a state code), only the differences from that
    state: ``+option`` taken, ``−option`` dropped, ``before option`` for an
    irreversible step of the status quo not yet taken ("as in the status quo"
    for none). At most ``MAX_LABEL_LINES`` lines; the tooltip has them all.
    """
    conflict = result.conflict
    lines = []
    for dm, mask in parts:
        own = conflict.decision_makers[dm].options
        if relative_to is None:
            lines += [conflict.options[j].name for j in own if mask >> j & 1] or ["none"]
        else:
            lines += [
                _difference(conflict.options[j], bool(mask >> j & 1))
                for j in own
                if (mask ^ relative_to) >> j & 1
            ]
    if relative_to is not None and not lines:
        lines = ["as in the status quo"]
    if len(lines) > MAX_LABEL_LINES:
        lines = [*lines[: MAX_LABEL_LINES - 1], f"+{len(lines) - MAX_LABEL_LINES + 1} more"]
    return lines


def _axis_title(names: str, count: int, relative_to: int | None) -> str:
    if relative_to is None:
        return f"the options {escape(names)} take{'s' if count == 1 else ''}"
    return f"what {escape(names)} change{'s' if count == 1 else ''} from the status quo (+ take, − drop)"


def _axis_tooltip(result: AnalysisResult, parts: Sequence[tuple[int, int]]) -> str:
    conflict = result.conflict
    words = []
    for dm, mask in parts:
        taken = [conflict.options[j].name for j in conflict.decision_makers[dm].options if mask >> j & 1]
        words.append(f"{conflict.decision_makers[dm].name}: {', '.join(taken) or 'no option'}")
    return "; ".join(words)


def _clip_text(text: str, width: float, char: float = 6.6) -> str:
    room = max(3, int(width / char))
    return text if len(text) <= room else text[: room - 1] + "…"


def _markers(n_dms: int) -> str:
    out = []
    for dm in range(n_dms):
        colour = dm_colour(dm)
        for kind, fill in (("full", colour), ("open", "#ffffff")):
            out.append(
                f'<marker id="arrow-{kind}-{dm}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="11" '
                f'markerHeight="11" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
                f'<path d="M1,1 L9,5 L1,9 z" fill="{fill}" stroke="{colour}" stroke-width="1.3"/></marker>'
            )
    return "<defs>" + "".join(out) + "</defs>"


def render_state_graph(result: AnalysisResult, graph: StateGraph, concept: Concept) -> str:
    """The ``<svg>`` element of the state graph (CSS classes styled by the report's stylesheet).

    Nodes carry ``class="state"`` and ``data-state`` (the state number);
    each curve carries ``class="move"``, ``data-dm``, ``data-from``/``data-to``
    (state numbers) and ``data-moves`` (1, or 2 when it stands for a move and
    its reverse).
    """
    conflict = result.conflict
    geometry = _Geometry(result, graph)
    concepts = result.concepts
    edges = _edges(graph)
    dense = " dense" if len(edges) > DENSE * max(1, len(graph.states)) else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="state-graph{dense}" width="{_fmt(geometry.width)}" '
        f'height="{_fmt(geometry.height)}" viewBox="0 0 {_fmt(geometry.width)} {_fmt(geometry.height)}" '
        f'role="img" aria-label="State graph of {escape(conflict.name)}">',
        _markers(len(conflict.decision_makers)),
    ]
    parts.append(_axes(result, geometry))

    pair_count: dict[tuple[int, int], list[int]] = {}
    for edge in edges:
        pair_count.setdefault((edge.first, edge.second), []).append(edge.decision_maker)
    curves: dict[tuple[int, int, int], Curve] = {}
    drawn = []
    for edge in edges:
        dms = pair_count[(edge.first, edge.second)]
        slot = dms.index(edge.decision_maker) - (len(dms) - 1) / 2
        a, b, ahead, back = _orient(edge, geometry)
        curve = geometry.curve(a, b, geometry.bend(a, b, edge.decision_maker, slot))
        curves[(a, b, edge.decision_maker)] = curve
        drawn.append((edge, a, b, ahead, back, geometry.clip(curve, a, b)))

    parts.append(_overlays(graph, geometry, curves))
    parts.append('<g class="moves">')
    for edge, a, b, ahead, back, clipped in drawn:
        dm = edge.decision_maker
        name = conflict.decision_makers[dm].name
        improving = any(m is not None and m.improvement for m in (ahead, back))
        attributes = [
            f'class="move dm-{dm}{"" if improving else " not-improving"}"',
            f'data-dm="{dm}"',
            f'data-from="{a + 1}"',
            f'data-to="{b + 1}"',
            f'data-moves="{sum(m is not None for m in (ahead, back))}"',
            f'd="{_path_data(clipped)}"',
            f'stroke="{dm_colour(dm)}"',
        ]
        dash = dm_dash(dm) or ("" if improving else "5 4")
        if dash:
            attributes.append(f'stroke-dasharray="{dash}"')
        if ahead is not None:
            attributes.append(f'marker-end="url(#arrow-{"full" if ahead.improvement else "open"}-{dm})"')
        if back is not None:
            attributes.append(f'marker-start="url(#arrow-{"full" if back.improvement else "open"}-{dm})"')
        words = []
        for move in (ahead, back):
            if move is not None:
                verdict = (
                    f"an improvement for {name}" if move.improvement else f"not an improvement for {name}"
                )
                words.append(f"{name} can move {move.source + 1} → {move.target + 1} ({verdict})")
        parts.append(f"<path {' '.join(attributes)}><title>{escape('; '.join(words))}</title></path>")
    parts.append("</g>")

    parts.append('<g class="states">')
    chosen = result.equilibrium_mask(concept)
    any_eq = {s for s in graph.states if any(bool(result.stable[c][:, s].all()) for c in concepts)}
    half_w, half_h = geometry.node_width / 2, NODE_HEIGHT / 2
    from standoff.analyses.states import names_by_state

    names = names_by_state(conflict, result.space)
    for s in graph.states:
        x, y = geometry.centre[s]
        classes = ["state"]
        if bool(chosen[s]):
            classes.append("equilibrium")
        elif s in any_eq:
            classes.append("equilibrium-other")
        if result.status_quo_index == s:
            classes.append("status-quo")
        group = [
            f'<g class="{" ".join(classes)}" id="state-{s + 1}" data-state="{s + 1}" tabindex="0">',
            f"<title>{escape(_tooltip(result, s, concepts))}</title>",
        ]
        own_names = [n for n in names.get(s, []) if not (result.status_quo_index == s and n == "status_quo")]
        if result.status_quo_index == s:
            group.append(
                f'<rect class="status-quo-ring" x="{_fmt(x - half_w - 5)}" y="{_fmt(y - half_h - 5)}" '
                f'width="{_fmt(2 * half_w + 10)}" height="{_fmt(2 * half_h + 10)}" rx="9"/>'
                f'<text class="status-quo-label" x="{_fmt(x)}" y="{_fmt(y - half_h - 10)}">status quo</text>'
            )
        elif own_names:
            label = _clip_text(", ".join(own_names), geometry.cell_w - 4, NAME_CHAR)
            group.append(
                f'<text class="state-label" x="{_fmt(x)}" y="{_fmt(y - half_h - 5)}" '
                f'data-names="{escape(", ".join(own_names))}">{escape(label)}</text>'
            )
        group.append(
            f'<rect class="box" x="{_fmt(x - half_w)}" y="{_fmt(y - half_h)}" width="{_fmt(2 * half_w)}" '
            f'height="{_fmt(2 * half_h)}" rx="6"/>'
            f'<text class="number" x="{_fmt(x)}" y="{_fmt(y - 4)}">{s + 1}'
            f"{' ★' if bool(chosen[s]) else ''}</text>"
            f'<text class="pattern" x="{_fmt(x)}" y="{_fmt(y + 12)}">{result.space.pattern(s)}</text>'
        )
        group.append("</g>")
        parts.append("".join(group))
    parts.append("</g></svg>")
    return "".join(parts)


def _axes(result: AnalysisResult, geometry: _Geometry) -> str:
    """Column and row headings: the options each column's and each row's decision makers take there."""
    conflict = result.conflict
    layout = geometry.layout
    out = ['<g class="axes">']
    if layout.across:
        names = ", ".join(conflict.decision_makers[d].name for d in layout.across)
        out.append(
            f'<text class="axis-title" x="{_fmt(geometry.left)}" y="{_fmt(MARGIN + 8)}">'
            f"columns: {_axis_title(names, len(layout.across), geometry.relative_to)} →</text>"
        )
        for label in layout.columns:
            lines = _axis_lines(result, label.parts, geometry.relative_to)
            x = geometry.left + label.position * geometry.cell_w + geometry.cell_w / 2
            bottom = geometry.top - 10
            spans = "".join(
                f'<tspan x="{_fmt(x)}" y="{_fmt(bottom - (len(lines) - 1 - k) * LINE)}">'
                f"{escape(_clip_text(line, geometry.cell_w - 8, LABEL_CHAR))}</tspan>"
                for k, line in enumerate(lines)
            )
            tip = escape(_axis_tooltip(result, label.parts))
            out.append(f'<text class="axis-label"><title>{tip}</title>{spans}</text>')
    if layout.down:
        names = ", ".join(conflict.decision_makers[d].name for d in layout.down)
        out.append(
            f'<text class="axis-title" x="{_fmt(MARGIN)}" y="{_fmt(MARGIN + 8 + LINE + 4)}">'
            f"rows: {_axis_title(names, len(layout.down), geometry.relative_to)} ↓</text>"
        )
        width = geometry.left - MARGIN - 10
        for label in layout.rows:
            lines = _axis_lines(result, label.parts, geometry.relative_to)
            y = (
                geometry.top
                + label.position * geometry.cell_h
                + geometry.cell_h / 2
                - (len(lines) - 1) * LINE / 2
            )
            spans = "".join(
                f'<tspan x="{_fmt(MARGIN)}" y="{_fmt(y + 4 + k * LINE)}">'
                f"{escape(_clip_text(line, width, LABEL_CHAR))}</tspan>"
                for k, line in enumerate(lines)
            )
            tip = escape(_axis_tooltip(result, label.parts))
            out.append(f'<text class="axis-label row"><title>{tip}</title>{spans}</text>')
    out.append("</g>")
    return "".join(out)


def _overlays(graph: StateGraph, geometry: _Geometry, curves: dict[tuple[int, int, int], Curve]) -> str:
    """Evolution paths and the observed history, as broad soft strokes under the edges they follow."""
    out = ['<g class="overlays">']
    by_pair: dict[tuple[int, int], Curve] = {}
    for (a, b, _), curve in curves.items():
        by_pair.setdefault((a, b), curve)
        by_pair.setdefault((b, a), tuple(reversed(curve)))  # type: ignore[arg-type]
    for number, path in enumerate(graph.paths):
        colour = OVERLAY_COLOURS.get(path.kind, "#FFB300")
        pieces = []
        for a, b in zip(path.states, path.states[1:], strict=False):
            if a == b or a not in geometry.centre or b not in geometry.centre:
                continue
            along = by_pair.get((a, b))
            # keep to the move's curve when it is clear of other states
            curve = along if along is not None and not geometry.crosses(along, a, b) else geometry.route(a, b)
            pieces.append(_path_data(geometry.clip(curve, a, b, pad=-NODE_HEIGHT / 4)))
        if not pieces:
            continue
        out.append(
            f'<path class="overlay {escape(path.kind)}" data-path="{number}" d="{" ".join(pieces)}" '
            f'stroke="{colour}"><title>{escape(path.label)}</title></path>'
        )
    out.append("</g>")
    return "".join(out)
