"""The stylesheet and the script embedded in every HTML report (no file or network is ever fetched).

The script is progressive: without it the page reads the same. It zooms
and pans the state graph (which fits the page width), highlights a state's moves on
hover, jumps to a state's row of the stability table on click, and hides a
decision maker's moves when its box in the legend is unticked.
"""

STYLE = """
:root { --ink:#1d2329; --muted:#5f6b76; --line:#d5dbe1; --eq:#d7f0dc; --eq-line:#1b7f3b;
        --eq-other:#f1f8f2; --sq:#1a237e; --evolution:#FFB300; --history:#7E57C2; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       color: var(--ink); margin: 0; background: #fafbfc; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 1.7em; margin: 0.2em 0; }
h2 { font-size: 1.3em; border-bottom: 2px solid var(--line); padding-bottom: 4px; margin-top: 2em; }
h3 { font-size: 1.08em; margin-top: 1.4em; }
h4 { margin: 0.6em 0 0.2em; }
nav a { margin-right: 1em; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.92em; }
table { border-collapse: collapse; background: #fff; }
th, td { border: 1px solid var(--line); padding: 3px 7px; vertical-align: top; }
th { background: #eef1f4; font-weight: 600; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 6px; }
.muted, .note, footer { color: var(--muted); }
blockquote { margin: 2px 0 2px 12px; padding-left: 8px; border-left: 3px solid var(--line);
             color: var(--muted); font-size: 0.93em; }
.preferences { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 4px 14px 8px;
               margin: 10px 0; }
.preferences ol { margin: 4px 0; }
.kind { font-style: normal; font-weight: 600; color: #333; }
.kind.analysis { color: #8a4b00; }
.call { font-size: 0.8em; padding: 0 5px; border-radius: 3px; background: #fff3cd; color: #7a5a00; }
.ranking a { text-decoration: none; }
.summary { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 30px; }
.partial { background: #fff8e1; border-left: 4px solid #ffb300; padding: 6px 10px; }
ul.robustness li.case { margin-left: 1.5em; list-style: circle; color: #444; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; margin: 8px 0; }
.legend label { cursor: pointer; }
.legend svg { vertical-align: middle; }
.key { display: inline-block; width: 22px; height: 14px; vertical-align: middle; border-radius: 3px; }
.key-eq { background: var(--eq); border: 2px solid var(--eq-line); }
.key-eq-other { background: var(--eq-other); border: 2px dashed var(--eq-line); }
.key-sq { border: 3px solid var(--sq); }
.key-evolution { background: var(--evolution); opacity: 0.6; height: 8px; }
.key-history { background: var(--history); opacity: 0.55; height: 8px; }
.graph-frame { overflow: hidden; background: #fff; border: 1px solid var(--line); border-radius: 6px;
               position: relative; }
.table-frame { overflow: auto; max-height: 88vh; background: #fff;
               border: 1px solid var(--line); border-radius: 6px; }
.zoom-bar { display: flex; gap: 6px; align-items: center; margin: 6px 0; font-size: 0.9em; }
.zoom-bar button { font: inherit; min-width: 2.2em; padding: 1px 8px; border: 1px solid var(--line);
                   border-radius: 4px; background: #fff; cursor: pointer; }
svg.state-graph { display: block; width: 100%; height: auto; touch-action: none; }
figure.why-picture { margin: .5em 0; overflow-x: auto; max-width: 100%; }
figure.why-picture svg { display: block; max-width: 100%; height: auto; }
svg.state-graph.panning { cursor: grabbing; }
svg.state-graph .state-label { font-size: 10px; font-style: italic; fill: #1b5e20; text-anchor: middle;
                               font-weight: 600; }
/* a white halo: the arrowheads that end at a box's top edge, under its label, leave it readable */
svg.state-graph .state-label, svg.state-graph .status-quo-label {
  stroke: #fff; stroke-width: 3px; paint-order: stroke; stroke-linejoin: round; }
svg.state-graph text { font-family: system-ui, sans-serif; }
svg.state-graph .box { fill: #fff; stroke: #6b7680; stroke-width: 1.2; }
svg.state-graph .equilibrium .box { fill: var(--eq); stroke: var(--eq-line); stroke-width: 2.6; }
svg.state-graph .equilibrium-other .box { fill: var(--eq-other); stroke: var(--eq-line); stroke-width: 1.6;
                                          stroke-dasharray: 4 3; }
svg.state-graph .status-quo-ring { fill: none; stroke: var(--sq); stroke-width: 2.6; }
svg.state-graph .status-quo-label { font-size: 11px; fill: var(--sq); text-anchor: middle; font-weight: 600; }
svg.state-graph .number { font-size: 13px; font-weight: 700; text-anchor: middle; fill: var(--ink); }
svg.state-graph .pattern { font-size: 12px; text-anchor: middle; fill: #38424c;
                           font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
svg.state-graph .state { cursor: pointer; }
svg.state-graph .state:focus { outline: none; }
svg.state-graph .state:focus .box, svg.state-graph .state:hover .box { stroke: #000; stroke-width: 2.4; }
svg.state-graph .move { fill: none; stroke-width: 1.9; }
svg.state-graph .move.not-improving { stroke-width: 1.2; opacity: 0.55; }
svg.state-graph.dense .move { stroke-width: 1.3; }
svg.state-graph.dense .move.not-improving { stroke-width: 1; opacity: 0.45; }
svg.state-graph.focus .move { opacity: 0.1; }
svg.state-graph.focus .move.hl { opacity: 1; stroke-width: 2.6; }
svg.state-graph .overlay { fill: none; stroke-width: 11; stroke-linecap: round; stroke-linejoin: round;
                           opacity: 0.45; }
svg.state-graph .overlay.history { stroke-dasharray: 1 16; stroke-width: 9; opacity: 0.7; }
svg.state-graph .axis-title { font-size: 12px; fill: var(--muted); font-style: italic; }
svg.state-graph .axis-label { font-size: 11px; fill: var(--muted); text-anchor: middle; }
svg.state-graph .axis-label.row { text-anchor: start; }
table.stability td.mark { text-align: center; color: var(--eq-line); font-weight: 700; min-width: 1.6em; }
table.stability td.mark.first, table.stability th.concept { border-left: 2px solid #aab4be; }
table.stability td.eq { white-space: nowrap; font-size: 0.9em; }
table.stability td.rank { text-align: right; color: var(--muted); }
table.stability th.dm { font-weight: 400; font-size: 0.8em; max-width: 6em; overflow: hidden;
                        text-overflow: ellipsis; white-space: nowrap; }
table.stability thead th { position: sticky; top: 0; z-index: 1; }
table.stability thead tr:nth-child(2) th { top: 1.9em; }
table.stability tr.equilibrium td { background: var(--eq); }
table.stability tr.equilibrium-other td { background: var(--eq-other); }
table.stability tr.status-quo td.num { box-shadow: inset 4px 0 0 var(--sq); font-weight: 700; }
table.stability tr.flash td { background: #fff59d; transition: background 0.3s; }
.sq { background: var(--sq); color: #fff; border-radius: 3px; font-size: 0.75em; padding: 0 4px; }
.name { color: var(--muted); font-size: 0.85em; }
.explanation { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 2px 16px 8px;
               margin: 12px 0; }
.undeterred { color: #b3261e; font-weight: 600; }
.good { color: var(--eq-line); }
.warning { color: #8a4b00; margin: 4px 0 0; }
.source-line { color: var(--muted); font-size: 0.85em; margin: 4px 0 0; }
table.history td.date { white-space: nowrap; }
table.exchanges td { font-size: 0.88em; }
table.exchanges td.both { background: var(--eq-other); }
table.exchanges th { font-weight: 600; font-size: 0.9em; }
.state-name { font-style: italic; color: var(--muted); }
a.state-ref { color: inherit; text-decoration: none; border-bottom: 1px dotted #8895a1; white-space: nowrap; }
footer { padding: 30px 24px 40px; font-size: 0.9em; }
@media print {
  .graph-frame, .table-frame { max-height: none; overflow: visible; }
  nav, .legend input, .zoom-bar { display: none; }
}
"""

SCRIPT = """
(function () {
  var svg = document.querySelector("svg.state-graph");
  if (!svg) { return; }
  document.querySelectorAll("input[data-toggle-dm]").forEach(function (box) {
    box.addEventListener("change", function () {
      svg.classList.toggle("hide-dm-" + box.getAttribute("data-toggle-dm"), !box.checked);
    });
  });
  // Zoom and pan: the drawing fits the page width; the buttons (or Ctrl + wheel) zoom, dragging pans.
  // Both only change the SVG's viewBox, so the drawing stays sharp and its links keep working.
  var full = svg.getAttribute("viewBox").split(" ").map(Number);
  var view = full.slice();
  var moved = false;
  function show() { svg.setAttribute("viewBox", view.join(" ")); }
  function zoom(factor, cx, cy) {
    var w = Math.min(full[2] * 4, Math.max(full[2] / 20, view[2] / factor));
    var f = view[2] / w;
    if (cx === undefined) { cx = view[0] + view[2] / 2; cy = view[1] + view[3] / 2; }
    view = [cx - (cx - view[0]) / f, cy - (cy - view[1]) / f, w, view[3] / f];
    show();
  }
  function fit() { view = full.slice(); show(); }
  function point(event) {
    var r = svg.getBoundingClientRect();
    return [view[0] + (event.clientX - r.left) * view[2] / r.width,
            view[1] + (event.clientY - r.top) * view[3] / r.height];
  }
  document.querySelectorAll("[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      var what = button.getAttribute("data-zoom");
      if (what === "in") { zoom(1.5); } else if (what === "out") { zoom(1 / 1.5); } else { fit(); }
    });
  });
  svg.addEventListener("wheel", function (event) {
    if (!event.ctrlKey && !event.metaKey) { return; }
    event.preventDefault();
    var p = point(event);
    zoom(event.deltaY < 0 ? 1.25 : 0.8, p[0], p[1]);
  }, { passive: false });
  var start = null;
  svg.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) { return; }
    start = [event.clientX, event.clientY, view[0], view[1]];
    moved = false;
  });
  window.addEventListener("pointermove", function (event) {
    if (!start) { return; }
    var dx = event.clientX - start[0], dy = event.clientY - start[1];
    if (!moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
    moved = true;
    svg.classList.add("panning");
    var r = svg.getBoundingClientRect();
    view[0] = start[2] - dx * view[2] / r.width;
    view[1] = start[3] - dy * view[3] / r.height;
    show();
  });
  window.addEventListener("pointerup", function () {
    start = null;
    svg.classList.remove("panning");
  });
  svg.querySelectorAll("g.state").forEach(function (node) {
    var n = node.getAttribute("data-state");
    var selector = '.move[data-from="' + n + '"], .move[data-to="' + n + '"]';
    function on() {
      svg.classList.add("focus");
      svg.querySelectorAll(selector).forEach(function (e) { e.classList.add("hl"); });
    }
    function off() {
      svg.classList.remove("focus");
      svg.querySelectorAll(".move.hl").forEach(function (e) { e.classList.remove("hl"); });
    }
    node.addEventListener("mouseenter", on);
    node.addEventListener("mouseleave", off);
    node.addEventListener("focus", on);
    node.addEventListener("blur", off);
    node.addEventListener("click", function () {
      if (moved) { moved = false; return; }  // the end of a drag, not a click
      var row = document.getElementById("row-" + n);
      if (!row) { return; }
      row.scrollIntoView({ block: "center", behavior: "smooth" });
      row.classList.add("flash");
      setTimeout(function () { row.classList.remove("flash"); }, 1600);
    });
  });
})();
"""
