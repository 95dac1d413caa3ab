// The workspace: the model editor with live analysis, the stability table, the state graph, evolution
// and roadmaps. Every answer comes from the server's /api; this script only shows it.
"use strict";

const $ = (id) => document.getElementById(id);
const NEW_MODEL = `name: New conflict
decision_makers:
  - name: Row
    options: [defect_row]
    preferences:
      prioritization:
        - defect_row
  - name: Column
    options: [defect_column]
    preferences:
      prioritization:
        - defect_column
`;
const DM_COLOURS = ["#1f5fa8", "#b8420f", "#2b7a3d", "#8a3ea0", "#6b5b00", "#00707a", "#a3174d", "#44546a"];
const CONCEPT_NAMES = {}; // key → printed name, from /api/concepts (standoff's one list) before a model opens
// key → the /api/concepts entry: family ("standard", "strength", "unknown") and, per analysis, whether it
// takes the concept; each menu offers the concepts its analysis takes
const CONCEPTS = {};
// the menus and the analysis behind each (the entries' field of that name)
const MENU_ANALYSES = { "explain-concept": "explain", "graph-concept": "graph", "evolve-concept": "evolve",
  "roadmap-concept": "roadmap", "whatif-concept": "whatif" };
// Above this many states an analysis under unknown preferences runs in the background, its progress shown.
const UNKNOWN_SLOW_STATES = 256;
// Above this many states the server sends the analysis's summary, and the table a page at a time.
const LISTED_STATES = 10000;
const PAGE_ROWS = 100;

const state = {
  model: { model: "", format: "yaml", name: "model.yaml" },
  analysis: null,   // the /api/analyze answer for the text shown
  data: null,       // the model as native-format data (/api/model)
  graph: null,      // the /api/graph answer
  generation: 0,    // analyses shown so far (tests wait for it to change)
  view: { around: [], radius: null, generation: -1 },  // how a large model's graph was grown (per analysis)
  asked: 0,         // the newest refresh asked for
  sort: { key: "number", down: false },
  offset: 0,        // the first row of the table's page (large models)
  extra: { strength: false, unknown: "" }, // the families added in the Stability tab ("a" ... "d" or "all")
  families: ["standard"], // the concept families the model supports (the live answer's)
  readings: {},     // per concept extended by unknown preferences: its equilibria in every and in some reading
  focusAfter: null, // the preference statement to focus once the lists are drawn again
  network: null,
  nodes: null,
  edges: null,
};
window.standoff = state;

// -- talking to the server ---------------------------------------------------------------

async function post(path, body) {
  const response = await fetch("/api/" + path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = response.headers.get("content-type")?.includes("json") ? await response.json() : await response.text();
  return { ok: response.ok, status: response.status, answer };
}

function withModel(extra = {}) {
  return { ...state.model, ...extra };
}

async function runJob(analysis, body, progressBox) {
  const started = await post("jobs/" + analysis, body);
  if (!started.ok) return started;
  const bar = document.createElement("progress");
  const words = document.createElement("span");
  progressBox.replaceChildren(words, bar);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const job = await (await fetch("/api/jobs/" + started.answer.id)).json();
    words.textContent = `${job.message}… `;
    if (job.total) { bar.max = job.total; bar.value = job.done; } else { bar.removeAttribute("value"); }
    if (job.status === "done") { progressBox.textContent = ""; return { ok: true, answer: job.result }; }
    if (job.status === "failed" || job.status === "cancelled") { progressBox.textContent = ""; return { ok: false, answer: job.error }; }
  }
}

function download(name, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
}

function stem() {
  return state.model.name.replace(/^.*\//, "").replace(/\.[^.]*$/, "") || "model";
}

// -- loading and the live analysis -------------------------------------------------------------

async function loadConcepts() {
  const response = await fetch("/api/concepts");
  if (!response.ok) return;
  for (const concept of await response.json()) {
    CONCEPT_NAMES[concept.key] = concept.name;
    CONCEPTS[concept.key] = concept;
    for (const [select, analysis] of [[$("robust-concept"), "robustness"], [$("rests-concept"), "audit"]]) {
      if (!concept[analysis]) continue;
      const preselected = select.id === "rests-concept" && concept.key === "seq"; // the audit's default
      const option = new Option(concept.name, concept.key, preselected, preselected);
      option.title = concept.summary;
      select.append(option);
    }
  }
  // the Stability tab's choices of more concepts, worded from the same list
  $("add-strength-words").textContent = `strength of preference (${family("strength").map((c) => CONCEPT_NAMES[c]).join(", ")})`;
  const extensions = [...new Set(family("unknown").map(extensionOf))];
  for (const x of extensions) $("add-unknown").append(new Option(`extension ${x}`, x));
  if (extensions.length > 1) $("add-unknown").append(new Option(`all ${extensions.length} extensions`, "all"));
}

// The concepts of a family, in table order.
function family(name) {
  return Object.values(CONCEPTS).filter((c) => c.family === name).map((c) => c.key);
}

// The extension ("b") of an unknown-preference concept ("gmr_b").
function extensionOf(key) {
  return key.slice(key.lastIndexOf("_") + 1);
}

// The ordinary concept ("gmr") an unknown-preference concept ("gmr_b") extends.
function baseOf(key) {
  return key.slice(0, key.lastIndexOf("_"));
}

// Whether the analysis (an /api/concepts field: "explain", "graph", ...) takes the concept.
function takes(key, analysis) {
  return Boolean(CONCEPTS[key] && CONCEPTS[key][analysis]);
}

// The concepts the analysis asks for: the standard ones and the families added in the Stability tab.
function askedConcepts(extra = state.extra) {
  const keys = family("standard");
  if (extra.strength) keys.push(...family("strength"));
  if (extra.unknown) keys.push(...family("unknown").filter((k) => extra.unknown === "all" || extensionOf(k) === extra.unknown));
  return keys;
}

// The added families in words ("strength of preference and unknown preferences (extension b)"), or "".
function extraWords(extra = state.extra) {
  const words = [];
  if (extra.strength) words.push("strength of preference");
  if (extra.unknown) words.push(`unknown preferences (${extra.unknown === "all" ? "every extension" : "extension " + extra.unknown})`);
  return words.join(" and ");
}

async function load() {
  await loadConcepts();
  const query = new URLSearchParams(location.search);
  let given = { model: NEW_MODEL, format: "yaml", name: "new-conflict.yaml" };
  if (query.get("model")) {
    const response = await fetch("/api/models/" + encodeURIComponent(query.get("model")));
    if (response.ok) given = await response.json();
  } else if (query.get("import")) {
    given = JSON.parse(sessionStorage.getItem("standoff-import") || "null") || given;
  }
  await openModel(given);
}

async function openModel(given) {
  let text = given.model, name = given.name || "model.yaml";
  if (given.format !== "yaml") {
    const converted = await post("convert", { model: text, format: given.format, name, to: "yaml" });
    if (!converted.ok) { showProblems(converted.answer); setStatus("The file could not be read: " + firstLine(converted.answer)); return; }
    text = converted.answer.model;
    name = converted.answer.name;
  }
  state.model = { model: text, format: "yaml", name };
  $("source").value = text;
  state.analysis = null; // a new model's first reading runs in the background, its progress shown
  state.offset = 0;
  await refresh();
}

let timer = null;
function scheduleRefresh() {
  clearTimeout(timer);
  timer = setTimeout(refresh, 120);
}

async function refresh(changed = null) {
  // changed: the model's data after the forms changed it; the answer brings the text written again
  state.model.model = $("source").value;
  const asked = ++state.asked;
  const started = performance.now();
  setStatus("Analysing…");
  const extra = state.extra;
  const concepts = askedConcepts(extra);
  const shown = $("graph-concept").value;
  const concept = concepts.includes(shown) && takes(shown, "graph") ? shown : "seq";
  const body = changed ? withModel({ model: JSON.stringify(changed), format: "json", rewrite: "yaml", concept })
    : withModel({ concept });
  body.concepts = concepts;
  body.max_listed_states = LISTED_STATES;
  body.graph = !$("panel-graph").hidden; // otherwise asked for when the graph is shown
  // a first reading, a large model, or unknown preferences beyond a small model run in the background
  // with their progress in the status line
  const slow = !state.analysis || state.analysis.states_listed === false
    || Boolean(extra.unknown && state.analysis.n_states > UNKNOWN_SLOW_STATES);
  if (slow && state.reading) { state.again = { changed }; return null; } // one reading at a time; the last edit next
  state.reading = slow;
  const found = slow ? await runJob("live", body, $("status")) : await post("live", body);
  state.reading = false;
  if (state.again) { // an edit made meanwhile supersedes this one's answer
    const next = state.again;
    state.again = null;
    await refresh(next.changed);
    return null;
  }
  if (asked !== state.asked) return null; // a newer edit is on its way
  if (!found.ok && extraWords(extra)) return withoutExtra(found, changed, extra);
  if (found.ok && extraWords(extra) && !fits(extra, found.answer.families)) { // the edit took away what they need
    state.extra = { strength: false, unknown: "" };
    return refresh(changed);
  }
  if (changed && !found.ok) { // the forms show why at the field; the model and its analysis stay
    setStatus(`The change was not made: ${firstLine(found.answer)}`);
    return found;
  }
  if (changed && found.ok) {
    $("source").value = found.answer.rewritten;
    state.model.model = found.answer.rewritten;
  }
  document.body.classList.toggle("stale", !found.ok);
  const checked = found.ok ? found.answer.validation : found.answer;
  showProblems(checked.ok ? null : checked);
  if (!found.ok) {
    setStatus(`The model has a problem: ${firstLine(found.answer)}`);
    document.dispatchEvent(new Event("standoff:analysed"));
    return found;
  }
  const analysed = { answer: found.answer.analysis };
  state.families = found.answer.families || ["standard"];
  showExtraChoices();
  state.data = found.answer.data;
  state.graph = found.answer.graph || null;
  state.analysis = analysed.answer;
  const listed = state.analysis.states || state.analysis.known_states;
  state.byPattern = new Map(listed.map((row) => [row.pattern, row]));
  state.readings = Object.fromEntries(Object.entries(state.analysis.readings || {}).map(([c, r]) => [baseOf(c),
    { every: new Set(r.every), some: new Set(r.some) }]));
  state.generation += 1;
  document.body.dataset.generation = String(state.generation);
  const ms = Math.round(performance.now() - started);
  const facts = checked.ok ? checked : null;
  const counted = facts ? `${facts.feasible_states.toLocaleString("en")} feasible states of ${facts.states.toLocaleString("en")}`
    : `${state.analysis.n_states.toLocaleString("en")} feasible states`;
  setStatus(`${checked.ok ? "Valid" : "Analysed, with problems"}: ${counted}; analysed in ${ms} ms`);
  $("model-title").textContent = state.analysis.name;
  document.title = `standoff: ${state.analysis.name}`;
  drawSummary(facts);
  drawEquilibria();
  drawPreferences();
  drawOptions();
  fillConceptMenus();
  state.undrawn = new Set(["panel-stability", "panel-graph"]);
  drawShownPanels();
  document.dispatchEvent(new Event("standoff:analysed")); // the model's forms (editor.js) follow
  return found;
}

// The server refused the analysis with the added concepts (too many states for unknown preferences, a
// model without strength...) or the model has a problem: the standard analysis again, the added concepts
// dropped and the reason said; if that fails too, the model's problem is shown and the choice kept.
async function withoutExtra(found, changed, extra) {
  const why = firstLine(found.answer);
  state.extra = { strength: false, unknown: "" };
  showExtraChoices();
  const again = await refresh(changed);
  if (again && !again.ok) { state.extra = extra; showExtraChoices(); return again; }
  if (again) setStatus(`${capitalised(extraWords(extra))} left out: ${why}. ${$("status").textContent}`);
  return again;
}

function capitalised(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Whether the model still supports the families added.
function fits(extra, families) {
  return (!extra.strength || families.includes("strength")) && (!extra.unknown || families.includes("unknown"));
}

// The Stability tab's choices of more concepts: those the model supports, set as chosen.
function showExtraChoices() {
  const strength = state.families.includes("strength");
  const unknown = state.families.includes("unknown");
  $("add-strength-choice").hidden = !strength;
  $("add-unknown-choice").hidden = !unknown;
  $("more-concepts-none").hidden = strength || unknown;
  $("add-strength").checked = state.extra.strength;
  $("add-unknown").value = state.extra.unknown;
}

function chooseExtra() {
  state.extra = { strength: $("add-strength").checked, unknown: $("add-unknown").value };
  refresh();
}

function firstLine(answer) {
  return (answer && answer.error ? String(answer.error) : String(answer)).split("\n")[0];
}

function setStatus(text) {
  $("status").textContent = text;
}

function showProblems(answer) {
  const list = $("problems");
  list.replaceChildren();
  if (!answer) return;
  const problems = answer.problems && answer.problems.length ? answer.problems : [{ problem: firstLine(answer) }];
  for (const problem of problems) {
    const item = document.createElement("li");
    if (problem.line) {
      const jump = document.createElement("button");
      jump.type = "button";
      jump.className = "link";
      jump.textContent = `line ${problem.line}`;
      jump.addEventListener("click", () => goToLine(problem.line));
      item.append(jump, ": ");
    }
    item.append(`${problem.place ? problem.place + ": " : ""}${problem.problem}`);
    list.append(item);
  }
}

function goToLine(line) {
  const area = $("source");
  const lines = area.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  area.focus();
  area.setSelectionRange(start, start + (lines[line - 1] || "").length);
  area.scrollTop = Math.max(0, (line - 5) * 18);
}

// -- model tab -----------------------------------------------------------------------------------

function drawSummary(facts) {
  const list = $("summary");
  list.replaceChildren();
  const a = state.analysis;
  const rows = [
    ["Decision makers", a.decision_makers.join(", ")],
    ["Options", String(a.options.length)],
    ["Feasible states", a.n_states.toLocaleString("en") + (facts ? ` of ${facts.states.toLocaleString("en")}` : "")],
  ];
  if (a.status_quo) rows.push(["Status quo", `${describeState(a.status_quo)}: ${verdictWords(a.status_quo)}`]);
  // each target that names a state: is it an equilibrium, and under which concepts
  const named = new Map((a.named_states || []).map((s) => [s.name, s]));
  for (const target of (state.data && state.data.targets) || []) {
    const entry = named.get(typeof target === "string" ? target : target.state);
    if (entry && entry.pattern) rows.push([`Target ${entry.name}`, `${describeState(entry.pattern)}: ${verdictWords(entry.pattern)}`]);
  }
  for (const [term, value] of rows) {
    const dt = document.createElement("dt"); dt.textContent = term;
    const dd = document.createElement("dd"); dd.textContent = value;
    list.append(dt, dd);
  }
}

// "an equilibrium under <these concepts>; not under <the others>" for the state of this pattern
function verdictWords(pattern) {
  const a = state.analysis;
  const row = state.byPattern.get(pattern);
  if (!row) return "its verdicts are in the stability table";
  const held = (c) => Object.values(row.stable).every((flags) => flags[c] === true);
  const names = (list) => list.map((c) => CONCEPT_NAMES[c] || c).join(", ");
  const yes = a.concepts.filter(held);
  const no = a.concepts.filter((c) => !held(c));
  if (!no.length) return "an equilibrium under every concept";
  if (!yes.length) return "an equilibrium under no concept";
  return `an equilibrium under ${names(yes)}; not under ${names(no)}`;
}

function describeState(pattern) {
  const s = state.byPattern.get(pattern);
  if (!s) return pattern || "";
  return `state ${s.number} (${s.pattern})${s.name ? " = " + s.name : ""}`;
}

function drawEquilibria() {
  const list = $("equilibria-list");
  list.replaceChildren();
  const a = state.analysis;
  for (const concept of a.concepts) {
    const found = a.equilibria[concept] || [];
    const count = a.equilibrium_counts ? a.equilibrium_counts[concept] : found.length;
    const item = document.createElement("li");
    item.dataset.concept = concept;
    item.dataset.count = String(count);
    const shown = found.slice(0, 6).map((pattern) => {
      const s = state.byPattern.get(pattern);
      return s ? (s.name ? `${s.number} ${s.name}` : String(s.number)) : pattern;
    });
    const more = count > 6 ? `, … (${(count - 6).toLocaleString("en")} more)` : "";
    item.innerHTML = `<strong>${CONCEPT_NAMES[concept] || concept}</strong>: `;
    item.append(`${count.toLocaleString("en")} state${count === 1 ? "" : "s"}${count ? ": " + shown.join(", ") + more : ""}`);
    list.append(item);
  }
  for (const [base, found] of Object.entries(state.readings)) { // the exact answer, as analyze prints it
    for (const where of ["every", "some"]) {
      const item = document.createElement("li");
      item.dataset.concept = `${base}-${where}`;
      item.dataset.count = String(found[where].size);
      const strong = document.createElement("strong");
      strong.textContent = `${CONCEPT_NAMES[base] || base} in ${where} reading`;
      const shown = [...found[where]].slice(0, 6).map((pattern) => {
        const s = state.byPattern.get(pattern);
        return s ? (s.name ? `${s.number} ${s.name}` : String(s.number)) : pattern;
      });
      const more = found[where].size > 6 ? `, … (${(found[where].size - 6).toLocaleString("en")} more)` : "";
      item.append(strong, `: ${found[where].size.toLocaleString("en")} state${found[where].size === 1 ? "" : "s"}`
        + (found[where].size ? ": " + shown.join(", ") + more : ""));
      list.append(item);
    }
  }
  if (a.profile) list.append(profileItem(a.profile));
}

// The equilibria under the model's profile: each decision maker judged by its own concept.
function profileItem(profile) {
  const found = profile.equilibria || [];
  const count = profile.count ?? found.length;
  const item = document.createElement("li");
  item.dataset.concept = "profile";
  item.dataset.count = String(count);
  const who = Object.entries(profile.concepts)
    .map(([dm, concept]) => `${dm}: ${CONCEPT_NAMES[concept] || concept}`)
    .join(", ");
  const shown = found.slice(0, 6).map((pattern) => {
    const s = state.byPattern.get(pattern);
    return s ? (s.name ? `${s.number} ${s.name}` : String(s.number)) : pattern;
  });
  const more = count > 6 ? `, … (${(count - 6).toLocaleString("en")} more)` : "";
  const strong = document.createElement("strong");
  strong.textContent = "Profile";
  item.append(strong, ` (${who}, each decision maker under its own concept): `);
  item.append(`${count.toLocaleString("en")} state${count === 1 ? "" : "s"}${count ? ": " + shown.join(", ") + more : ""}`);
  return item;
}

function statementText(item) {
  if (typeof item === "string") return item;
  if (item && typeof item === "object") return item.statement ?? item.if ?? JSON.stringify(item);
  return String(item);
}

function drawPreferences() {
  const box = $("preferences");
  box.replaceChildren();
  if (!state.data) return;
  state.data.decision_makers.forEach((dm, d) => {
    const heading = document.createElement("h3");
    heading.textContent = dm.name;
    heading.id = `prefs-${d}`;
    box.append(heading);
    const statements = dm.preferences && dm.preferences.prioritization;
    if (!Array.isArray(statements)) {
      const note = document.createElement("p");
      note.className = "small";
      note.textContent = "Preferences given as a ranking of states: edit them in the model file.";
      box.append(note);
      return;
    }
    const list = document.createElement("ol");
    list.className = "statements";
    list.dataset.dm = String(d);
    list.setAttribute("aria-labelledby", heading.id);
    list.setAttribute("aria-describedby", "reorder-help");
    statements.forEach((item, i) => {
      const entry = document.createElement("li");
      entry.tabIndex = 0;
      entry.draggable = true;
      entry.dataset.index = String(i);
      entry.className = "statement";
      const text = document.createElement("code");
      text.textContent = statementText(item);
      entry.setAttribute("aria-label", `${dm.name}, statement ${i + 1} of ${statements.length}: ${statementText(item)}`);
      const up = document.createElement("button");
      up.type = "button"; up.textContent = "↑"; up.className = "move";
      up.setAttribute("aria-label", `Move “${statementText(item)}” up`);
      up.disabled = i === 0;
      up.addEventListener("click", () => reorder(d, i, i - 1));
      const down = document.createElement("button");
      down.type = "button"; down.textContent = "↓"; down.className = "move";
      down.setAttribute("aria-label", `Move “${statementText(item)}” down`);
      down.disabled = i === statements.length - 1;
      down.addEventListener("click", () => reorder(d, i, i + 1));
      const remove = document.createElement("button");
      remove.type = "button"; remove.textContent = "✕"; remove.className = "move";
      remove.setAttribute("aria-label", `Remove “${statementText(item)}”`);
      remove.addEventListener("click", () => changeStatements(d, (list) => list.splice(i, 1)));
      entry.append(text, up, down, remove);
      entry.addEventListener("keydown", (event) => {
        if (event.target !== entry || !event.altKey) return;
        if (event.key === "ArrowUp" && i > 0) { event.preventDefault(); reorder(d, i, i - 1); }
        if (event.key === "ArrowDown" && i < statements.length - 1) { event.preventDefault(); reorder(d, i, i + 1); }
      });
      entry.addEventListener("dragstart", (event) => {
        event.dataTransfer.setData("text/plain", `${d}:${i}`);
        event.dataTransfer.effectAllowed = "move";
        entry.classList.add("dragging");
      });
      entry.addEventListener("dragend", () => entry.classList.remove("dragging"));
      entry.addEventListener("dragover", (event) => { event.preventDefault(); entry.classList.add("drop-target"); });
      entry.addEventListener("dragleave", () => entry.classList.remove("drop-target"));
      entry.addEventListener("drop", (event) => {
        event.preventDefault();
        entry.classList.remove("drop-target");
        const [fromDm, from] = event.dataTransfer.getData("text/plain").split(":").map(Number);
        if (fromDm === d && from !== i) reorder(d, from, i);
      });
      list.append(entry);
    });
    const adding = document.createElement("form");
    adding.className = "add-statement";
    const field = document.createElement("input");
    field.id = `add-statement-${d}`;
    field.placeholder = "an option, or an expression such as a and not b";
    const label = document.createElement("label");
    label.htmlFor = field.id;
    label.textContent = `New statement for ${dm.name} (added last)`;
    const add = document.createElement("button");
    add.type = "submit"; add.textContent = "Add";
    adding.append(label, field, add);
    adding.addEventListener("submit", (event) => {
      event.preventDefault();
      const statement = field.value.trim();
      if (statement) changeStatements(d, (list) => list.push(statement));
    });
    box.append(list, adding);
  });
  if (state.focusAfter) {
    const { dm, index } = state.focusAfter;
    state.focusAfter = null;
    const target = box.querySelector(`ol[data-dm="${dm}"] li[data-index="${index}"]`);
    if (target) target.focus();
  }
}

async function changeStatements(d, change) {
  const data = structuredClone(state.data);
  change(data.decision_makers[d].preferences.prioritization);
  await refresh(data);
}

async function reorder(d, from, to) {
  const data = structuredClone(state.data);
  const statements = data.decision_makers[d].preferences.prioritization;
  const [moved] = statements.splice(from, 1);
  statements.splice(to, 0, moved);
  state.focusAfter = { dm: d, index: to };
  await refresh(data);
  const moved_ = `Moved statement ${from + 1} of ${data.decision_makers[d].name} to place ${to + 1}. `;
  setStatus(moved_ + $("status").textContent);
}

function drawOptions() {
  const box = $("options");
  box.replaceChildren();
  if (!state.data) return;
  for (const dm of state.data.decision_makers) {
    const heading = document.createElement("h3");
    heading.textContent = dm.name;
    const list = document.createElement("ul");
    list.className = "small";
    for (const option of dm.options || []) {
      const item = document.createElement("li");
      const name = typeof option === "string" ? option : option.name;
      const extra = typeof option === "object" ? [option.direction && `irreversible: ${option.direction}`,
        option.description && option.description.trim()].filter(Boolean).join("; ") : "";
      item.textContent = name + (extra ? ` (${extra})` : "");
      list.append(item);
    }
    box.append(heading, list);
  }
}

// -- stability table -------------------------------------------------------------------------------

function fillConceptMenus() {
  // the table's filter offers every concept analysed; each other menu those its analysis takes
  const fill = (select, withAll, concepts) => {
    const kept = select.value;
    select.replaceChildren();
    if (withAll) select.append(new Option("all", ""));
    for (const c of concepts) {
      const option = new Option(CONCEPT_NAMES[c] || c, c);
      if (CONCEPTS[c]) option.title = CONCEPTS[c].summary;
      select.append(option);
    }
    select.value = [...select.options].some((o) => o.value === kept) && kept !== "" ? kept : (withAll ? "" : "seq");
    if (!select.value && !withAll) select.value = concepts[0];
  };
  fill($("filter-concept"), true, state.analysis.concepts);
  for (const [id, analysis] of Object.entries(MENU_ANALYSES)) {
    fill($(id), false, state.analysis.concepts.filter((c) => takes(c, analysis)));
  }
  const dmSelect = $("filter-dm");
  const keptDm = dmSelect.value;
  dmSelect.replaceChildren(new Option("every decision maker (equilibria)", ""));
  for (const dm of state.analysis.decision_makers) dmSelect.append(new Option(dm, dm));
  dmSelect.value = state.analysis.decision_makers.includes(keptDm) ? keptDm : "";
}

function stableUnder(row, concept, dm) {
  if (dm) return Boolean(row.stable[dm] && row.stable[dm][concept]);
  return Object.values(row.stable).every((verdicts) => verdicts[concept]);
}

function filtersChanged() {
  state.offset = 0;
  drawTable();
}

function drawTable() {
  const a = state.analysis;
  if (!a) return;
  if (!a.states) { drawTablePage(); return; }
  const dm = $("filter-dm").value;
  const concepts = $("filter-concept").value ? [$("filter-concept").value] : a.concepts;
  const show = $("filter-show").value;
  const quo = a.status_quo;
  const text = $("filter-text").value.trim().toLowerCase();
  let rows = a.states.filter((row) => {
    if (show === "named" && !row.name) return false;
    if (show === "focus" && !row.name && row.pattern !== quo && !concepts.some((c) => stableUnder(row, c, dm))) return false;
    if (show === "stable" && !concepts.some((c) => stableUnder(row, c, dm))) return false;
    if (text && !(String(row.number) === text || row.pattern.toLowerCase().includes(text)
      || (row.name || "").toLowerCase().includes(text))) return false;
    return true;
  });
  const { key, down } = state.sort;
  const value = (row) => key === "number" ? row.number : key === "name" ? (row.name || "\uffff")
    : key === "pattern" ? row.pattern : (stableUnder(row, key, dm) ? 0 : 1);
  rows = rows.slice().sort((x, y) => {
    const a1 = value(x), b1 = value(y);
    const order = a1 < b1 ? -1 : a1 > b1 ? 1 : x.number - y.number;
    return down ? -order : order;
  });
  const limit = 2000;
  fillTable(rows.slice(0, limit), concepts, dm);
  $("table-pager").hidden = true;
  $("table-count").textContent = `${rows.length.toLocaleString("en")} of ${a.states.length.toLocaleString("en")} states shown`
    + (rows.length > limit ? ` (the first ${limit} listed; narrow the filter to see the rest)` : "");
}

async function drawTablePage() {
  // a large model: the server filters, sorts and sends one page of rows
  const a = state.analysis;
  const query = {
    concepts: a.concepts,
    offset: state.offset,
    limit: PAGE_ROWS,
    show: $("filter-show").value,
    find: $("filter-text").value.trim(),
    sort: state.sort.key,
    descending: state.sort.down,
  };
  if ($("filter-dm").value) query.dm = $("filter-dm").value;
  if ($("filter-concept").value) query.concept = $("filter-concept").value;
  const asked = (state.pageAsked = (state.pageAsked || 0) + 1);
  $("table-count").textContent = "Fetching the rows…";
  const found = await post("table", withModel(query));
  if (asked !== state.pageAsked) return; // a newer page is on its way
  if (!found.ok) { $("table-count").textContent = firstLine(found.answer); return; }
  const page = found.answer;
  if (!page.rows.length && page.offset > 0) { // past the end (the model changed): the last page
    state.offset = Math.max(0, Math.floor((page.total - 1) / PAGE_ROWS) * PAGE_ROWS);
    await drawTablePage();
    return;
  }
  fillTable(page.rows, page.concepts, query.dm || "");
  const first = page.total ? page.offset + 1 : 0;
  const last = page.offset + page.rows.length;
  $("table-count").textContent = `${page.total.toLocaleString("en")} of ${page.n_states.toLocaleString("en")} states match; `
    + `rows ${first.toLocaleString("en")}–${last.toLocaleString("en")} shown. The model has more than `
    + `${LISTED_STATES.toLocaleString("en")} states, so the table comes ${PAGE_ROWS} rows at a time.`;
  $("table-pager").hidden = false;
  $("page-prev").disabled = page.offset === 0;
  $("page-next").disabled = last >= page.total;
  $("page-where").textContent = `Page ${Math.floor(page.offset / PAGE_ROWS) + 1} of ${Math.max(1, Math.ceil(page.total / PAGE_ROWS)).toLocaleString("en")}`;
  document.body.dataset.tablePage = `${page.offset}/${page.total}`;
}

function turnPage(step) {
  state.offset = Math.max(0, state.offset + step * PAGE_ROWS);
  drawTablePage();
}

// The concepts whose exact answer over readings goes with the unknown-preference concepts shown ("gmr"
// for gmr_b), once each.
function readingBases(concepts) {
  return [...new Set(concepts.filter((c) => CONCEPTS[c] && CONCEPTS[c].family === "unknown").map(baseOf))]
    .filter((base) => state.readings[base]);
}

// Under the table: what the unknown-preference columns are, and the exact answer over whole readings.
function drawReadingsNote(concepts) {
  const note = $("readings-note");
  const unknown = concepts.filter((c) => CONCEPTS[c] && CONCEPTS[c].family === "unknown");
  note.hidden = !unknown.length;
  if (!unknown.length) return;
  const bases = readingBases(unknown);
  const name = (base) => CONCEPT_NAMES[base] || base;
  const states = (set) => (set.size ? [...set].map(describeState).join("; ") : "none");
  note.textContent = "Li et al.'s extensions judge each pair of states with an unknown preference on its own. "
    + (bases.length
      ? "The exact answer reads whole readings (one reading of every decision maker at once): "
        + bases.map((b) => `${name(b)} equilibria in every reading: ${states(state.readings[b].every)}; `
          + `in some reading: ${states(state.readings[b].some)}`).join(". ") + "."
      : "The model has too many joint readings for the exact answer over readings (standoff analyze leaves it out too).");
}

function fillTable(rows, concepts, dm) {
  const a = state.analysis;
  const { key, down } = state.sort;
  const head = document.querySelector("#stability thead");
  head.replaceChildren();
  const tr = document.createElement("tr");
  const columns = [["number", "State"], ["name", "Name"], ["pattern", "Pattern"], ...concepts.map((c) => [c, CONCEPT_NAMES[c] || c])];
  const bases = readingBases(concepts);
  drawReadingsNote(concepts);
  for (const [k, label] of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.setAttribute("aria-sort", key === k ? (down ? "descending" : "ascending") : "none");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = label + (key === k ? (down ? " ▼" : " ▲") : "");
    button.setAttribute("aria-label", `Sort by ${label}`);
    button.addEventListener("click", () => {
      state.sort = { key: k, down: state.sort.key === k ? !state.sort.down : false };
      filtersChanged();
    });
    th.append(button);
    tr.append(th);
  }
  for (const base of bases) { // the exact answer: an equilibrium in every reading, in some, or in none
    const th = document.createElement("th");
    th.scope = "col";
    th.dataset.readings = base;
    th.textContent = `${CONCEPT_NAMES[base] || base} over readings`;
    th.title = `Whether the state is a ${CONCEPT_NAMES[base] || base} equilibrium in every reading of the unknown preferences, in some, or in none`;
    tr.append(th);
  }
  head.append(tr);
  const body = document.querySelector("#stability tbody");
  body.replaceChildren();
  for (const row of rows) {
    const line = document.createElement("tr");
    line.dataset.state = String(row.number);
    line.tabIndex = 0;
    if (a.status_quo && row.pattern === a.status_quo) line.classList.add("status-quo");
    const cells = [String(row.number), row.name || "", row.pattern];
    for (const c of cells) {
      const td = document.createElement("td");
      td.textContent = c;
      line.append(td);
    }
    for (const c of concepts) {
      const td = document.createElement("td");
      const yes = stableUnder(row, c, dm);
      td.textContent = yes ? "✓" : "·";
      td.className = yes ? "yes" : "no";
      const who = Object.entries(row.stable).filter(([, v]) => v[c]).map(([name]) => name);
      td.title = `${CONCEPT_NAMES[c] || c}: stable for ${who.length ? who.join(", ") : "nobody"}`;
      line.append(td);
    }
    for (const base of bases) {
      const td = document.createElement("td");
      const found = state.readings[base];
      const where = found.every.has(row.pattern) ? "every" : found.some.has(row.pattern) ? "some" : "";
      td.textContent = where ? `✓ ${where}` : "·";
      td.className = where ? "yes" : "no";
      td.dataset.readings = base;
      td.title = where ? `an equilibrium in ${where} reading` : "an equilibrium in no reading";
      line.append(td);
    }
    const open = () => explain(row.number, $("explanation-body"));
    line.addEventListener("click", open);
    line.addEventListener("keydown", (event) => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(); } });
    body.append(line);
  }
}

async function explain(number, box) {
  document.querySelectorAll("#stability tr.chosen").forEach((r) => r.classList.remove("chosen"));
  document.querySelector(`#stability tr[data-state="${number}"]`)?.classList.add("chosen");
  box.replaceChildren("Explaining…");
  const concept = $("explain-concept").value || "seq";
  const found = await post("explain", withModel({ state: String(number), concept }));
  box.replaceChildren();
  if (!found.ok) { box.textContent = firstLine(found.answer); return; }
  const heading = document.createElement("h3");
  heading.textContent = `State ${found.answer.number}${found.answer.name ? " = " + found.answer.name : ""} under ${CONCEPT_NAMES[found.answer.concept] || found.answer.concept}: `
    + (found.answer.stable ? "stable for every decision maker" : "not an equilibrium");
  const list = document.createElement("ul");
  list.className = "sentences";
  for (const sentence of found.answer.explanation || []) {
    const item = document.createElement("li");
    item.textContent = sentence;
    list.append(item);
  }
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = "Sanctions in a table";
  const pre = document.createElement("pre");
  pre.textContent = found.answer.text;
  details.append(summary, pre);
  box.append(heading);
  if (found.answer.svg) box.append(pictureFigure(found.answer.svg));
  box.append(list, details);
}

// -- state graph -----------------------------------------------------------------------------------

function drawGraph() {
  const g = state.graph;
  if (!g || typeof vis === "undefined") return;
  $("graph").dataset.drawn = String(state.generation); // the analysis this graph shows (tests wait on it)
  const concept = $("graph-concept").value || g.concept;
  showViewChoices(g);
  $("graph-focus").textContent = g.partial
    ? `The model has ${g.n_states.toLocaleString("en")} states, more than the graph shows: it shows ${g.focus} (${g.nodes.length} states). Double-click a state to add its neighbours.`
    : `Every one of the ${g.n_states.toLocaleString("en")} feasible states is shown.`;
  const dmBox = $("graph-dms");
  const before = new Map([...dmBox.querySelectorAll("input")].map((box) => [box.value, box.checked]));
  dmBox.replaceChildren();
  const legend = $("graph-dm-legend");
  legend.replaceChildren();
  g.decision_makers.forEach((dm, i) => {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox"; box.value = dm; box.checked = before.get(dm) ?? true;
    box.dataset.dm = String(i);
    box.addEventListener("change", filterGraph);
    label.append(box, " " + dm);
    dmBox.append(label);
    const item = document.createElement("li");
    item.innerHTML = `<span class="swatch" style="background:${DM_COLOURS[i % DM_COLOURS.length]}"></span> `;
    item.append(`moves of ${dm}`);
    legend.append(item);
  });
  const pathSelect = $("graph-path");
  const keptPath = pathSelect.value;
  pathSelect.replaceChildren(new Option("no path", ""));
  g.paths.forEach((p, i) => pathSelect.append(new Option(p.label, String(i))));
  pathSelect.value = [...pathSelect.options].some((o) => o.value === keptPath) ? keptPath : (g.paths.length ? "0" : "");
  const nodes = g.nodes.map((n) => nodeStyle(n, concept));
  const edges = g.moves.map((m) => ({
    id: `${m.from}-${m.to}-${m.dm}`,
    from: m.from, to: m.to, dm: m.dm, improvement: m.improvement, why: m.why,
    title: m.words,  // the move in words, as explain says it
    // the moves that say why the status quo holds (its improvements, the sanctions) carry their words,
    // drawn after the boxes and arrowheads (drawCaptions) so that neither covers them
    caption: m.why ? wrapWords(m.words, 34) : undefined,
    width: m.why ? 2.6 : m.improvement ? 1.6 : 0.8,
    arrows: { to: { enabled: true, scaleFactor: 0.5 } },
    dashes: !m.improvement,
    color: { color: DM_COLOURS[g.decision_makers.indexOf(m.dm) % DM_COLOURS.length], opacity: 0.8 },
    smooth: { enabled: true, type: "curvedCW", roundness: 0.12 },
  }));
  // the whole graph keeps the report's grid (the matrix of the conflict); a part of a large one, few
  // states, is laid out in layers from the status quo by vis-network's hierarchical layout
  const layered = g.partial;
  if (layered) {
    const level = levels(g);
    nodes.forEach((n) => { n.level = level.get(n.id); delete n.x; delete n.y; });
    edges.forEach((e) => { e.smooth = { enabled: true, type: "cubicBezier", forceDirection: "horizontal", roundness: 0.45 }; });
  }
  if (state.network) state.network.destroy();
  state.nodes = new vis.DataSet(nodes);
  state.edges = new vis.DataSet(edges);
  state.network = new vis.Network($("graph"), { nodes: state.nodes, edges: state.edges }, {
    physics: false,
    interaction: { hover: true, keyboard: { enabled: true, bindToWindow: false }, navigationButtons: true, tooltipDelay: 150,
      zoomView: true },
    nodes: { shape: "box", margin: 6, font: { size: 13, face: "system-ui, sans-serif", multi: "html" } },
    layout: layered
      ? { hierarchical: { enabled: true, direction: "LR", levelSeparation: 330, nodeSpacing: 90, sortMethod: "directed",
        shakeTowards: "roots", edgeMinimization: true, blockShifting: true, parentCentralization: true } }
      : { improvedLayout: false },
  });
  state.network.on("afterDrawing", drawCaptions);
  state.network.on("click", (params) => {
    if (params.nodes.length) explain(params.nodes[0], $("graph-explanation"));
  });
  state.network.on("doubleClick", (params) => {
    if (params.nodes.length) growGraph(params.nodes[0]);
  });
  filterGraph();
  state.network.fit({ animation: false });
}

// The words of the moves that explain the status quo, written on their arrows after vis-network has
// drawn everything else (its own edge labels come before the boxes and arrowheads, which then cover
// them): each line with a white halo, centred on the middle of its curve.
function drawCaptions(ctx) {
  let drawn = 0;
  ctx.save();
  ctx.font = "11px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.lineJoin = "round";
  for (const e of state.edges.get({ filter: (e) => Boolean(e.caption) && !e.hidden })) {
    const at = curveMiddle(e);
    if (!at) continue;
    const lines = e.caption.split("\n");
    lines.forEach((line, k) => {
      const y = at.y + (k - (lines.length - 1) / 2) * 13;
      ctx.lineWidth = 4;
      ctx.strokeStyle = "#ffffff";
      ctx.strokeText(line, at.x, y);
      ctx.fillStyle = "#222222";
      ctx.fillText(line, at.x, y);
    });
    drawn += 1;
  }
  ctx.restore();
  $("graph").dataset.captions = String(drawn);
}

// The middle of an edge's curve as vis-network draws it (its smooth curve), else of its two ends.
function curveMiddle(e) {
  const edge = state.network.body.edges[e.id];
  if (edge && edge.edgeType && typeof edge.edgeType.getPoint === "function") return edge.edgeType.getPoint(0.5);
  const ends = state.network.getPositions([e.from, e.to]);
  if (!ends[e.from] || !ends[e.to]) return null;
  return { x: (ends[e.from].x + ends[e.to].x) / 2, y: (ends[e.from].y + ends[e.to].y) / 2 };
}

// Words broken into lines of at most ``width`` characters (a longer word stays whole).
function wrapWords(text, width) {
  const lines = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) { lines.push(line); line = word; }
    else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join("\n");
}

// Each drawn state's distance in moves from the status quo (over the drawn moves, either way): its
// layer in the layered drawing; states the drawn moves do not join come last.
function levels(g) {
  const next = new Map(g.nodes.map((n) => [n.id, []]));
  for (const m of g.moves) { next.get(m.from).push(m.to); next.get(m.to).push(m.from); }
  const start = (g.nodes.find((n) => n.status_quo) || g.nodes[0]).id;
  const level = new Map([[start, 0]]);
  const queue = [start];
  while (queue.length) {
    const here = queue.shift();
    for (const there of next.get(here)) {
      if (!level.has(there)) { level.set(there, level.get(here) + 1); queue.push(there); }
    }
  }
  const last = Math.max(...level.values()) + 1;
  for (const n of g.nodes) if (!level.has(n.id)) level.set(n.id, last);
  return level;
}

function nodeStyle(n, concept) {
  const eq = n.equilibrium.includes(concept);
  const label = `<b>${n.id}</b>\n${n.name || n.pattern}`;
  return {
    id: n.id, x: n.x * 190, y: n.y * 90, label,
    title: `state ${n.id} ${n.pattern}${n.name ? " = " + n.name : ""}\n${n.options}\nequilibrium under: ${n.equilibrium.map((c) => CONCEPT_NAMES[c] || c).join(", ") || "none"}`,
    equilibrium: eq,
    color: {
      background: eq ? "#d7f0dd" : "#f5f7f9",
      border: n.status_quo ? "#a04b00" : eq ? "#1e6b34" : "#59636e",
      highlight: { background: "#fff3c4", border: "#000" },
    },
    borderWidth: n.status_quo ? 4 : eq ? 3 : 1,
    font: { color: "#111", bold: { color: "#111" } },
    shapeProperties: { borderDashes: n.name && !n.status_quo ? [4, 2] : false },
  };
}

function filterGraph() {
  if (!state.edges || !state.graph) return;
  const shown = new Set([...document.querySelectorAll("#graph-dms input")].filter((b) => b.checked).map((b) => b.value));
  const improvementsOnly = $("graph-improvements").checked;
  const pick = $("graph-path").value;
  const path = pick === "" ? [] : state.graph.paths[Number(pick)].states;
  const steps = new Set(path.slice(1).map((s, i) => `${path[i]}>${s}`));
  const updates = state.edges.get().map((e) => {
    const onPath = steps.has(`${e.from}>${e.to}`);
    const colour = DM_COLOURS[state.graph.decision_makers.indexOf(e.dm) % DM_COLOURS.length];
    return {
      id: e.id,
      hidden: !onPath && (!shown.has(e.dm) || (improvementsOnly && !e.improvement)),
      width: onPath ? 5 : e.why ? 2.6 : e.improvement ? 1.6 : 0.8,
      color: { color: onPath ? "#6a1b9a" : colour, opacity: onPath ? 1 : 0.8 },
      onPath,
    };
  });
  state.edges.update(updates);
  const concept = $("graph-concept").value || state.graph.concept;
  const onPath = new Set(path);
  state.nodes.update(state.graph.nodes.map((n) => {
    const style = nodeStyle(n, concept);
    if (onPath.has(n.id) && !n.status_quo) { style.color.border = "#6a1b9a"; style.borderWidth = 4; }
    return style;
  }));
}

// -- evolution and roadmaps ------------------------------------------------------------------------------

// A picture the command draws with --format svg, parsed as SVG (never as HTML), scaled to its panel,
// with a link to open it alone at full size.
function pictureFigure(svg) {
  const figure = document.createElement("figure");
  figure.className = "why-picture";
  const drawn = new DOMParser().parseFromString(svg, "image/svg+xml").documentElement;
  if (!(drawn instanceof SVGSVGElement)) return figure;  // a parser error: no picture
  figure.append(document.importNode(drawn, true));
  const full = document.createElement("a");
  full.href = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  full.target = "_blank";
  full.rel = "noopener";
  full.textContent = "Open the picture full size";
  const caption = document.createElement("figcaption");
  caption.append(full);
  figure.append(caption);
  return figure;
}

function showResult(box, found, lead) {
  box.replaceChildren();
  if (!found.ok) {
    const p = document.createElement("p");
    p.className = "problem";
    p.textContent = firstLine(found.answer);
    box.append(p);
    return;
  }
  if (lead) box.append(lead(found.answer));
  if (found.answer.svg) box.append(pictureFigure(found.answer.svg));
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = "What the command prints";
  const pre = document.createElement("pre");
  pre.textContent = found.answer.text;
  details.append(summary, pre);
  details.open = !found.answer.svg;  // the text first where there is no picture
  box.append(details);
}

async function traceEvolution() {
  const box = $("evolve-out");
  const body = withModel({ concept: $("evolve-concept").value || "seq" });
  if ($("evolve-from").value.trim()) body.start = $("evolve-from").value.trim();
  if ($("evolve-to").value.trim()) body.target = $("evolve-to").value.trim();
  const found = await runJob("evolve", body, box);
  showResult(box, found, (answer) => {
    const p = document.createElement("p");
    const reached = answer.equilibria_reached || [];
    p.textContent = `From ${describeState(answer.from)}: ${answer.reachable_states.length} states reachable, `
      + `${reached.length} equilibri${reached.length === 1 ? "um" : "a"} reached: ${reached.map(describeState).join("; ") || "none"}.`;
    return p;
  });
}

async function findRoadmap() {
  const box = $("roadmap-out");
  const body = withModel({
    target: $("roadmap-to").value.trim(),
    concept: $("roadmap-concept").value || "seq",
    movers: Number($("roadmap-movers").value) || 2,
    step_size: Number($("roadmap-step-size").value) || 1,
    rule: $("roadmap-rule").value || "improve",
    detours: $("roadmap-detours").checked,
  });
  if (!body.target) { box.textContent = "Give a target: a state, a name or a condition."; return; }
  showResult(box, await runJob("roadmap", body, box));
}

async function findLeastChange() {
  const box = $("whatif-out");
  const make = $("whatif-make").value.trim();
  if (!make) { box.textContent = "Give a state: a number, a name or a pattern."; return; }
  showResult(box, await runJob("whatif", withModel({ make, concept: $("whatif-concept").value || "seq" }), box));
}

async function compareHistory() {
  const box = $("timeline-out");
  showResult(box, await runJob("timeline", withModel(), box));
}

// -- import, export, report ----------------------------------------------------------------------------

async function exportAs(format) {
  if (format === "yaml") {
    download(`${stem()}.yaml`, $("source").value, "application/yaml");
    return;
  }
  const converted = await post("convert", withModel({ to: format }));
  if (!converted.ok) { setStatus("Export failed: " + firstLine(converted.answer)); return; }
  download(converted.answer.name, converted.answer.model, "application/json");
}

async function downloadReport() {
  setStatus("Writing the report…");
  const response = await fetch("/api/report", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(withModel({ concept: takes($("explain-concept").value, "report") ? $("explain-concept").value : "seq" })),
  });
  if (!response.ok) { setStatus("The report failed: " + firstLine(await response.json())); return; }
  download(`${stem()}-report.html`, await response.blob());
  setStatus("Report downloaded");
}

async function importFile(event) {
  const file = event.target.files[0];
  if (!file) return;
  const lower = file.name.toLowerCase();
  const format = lower.endsWith(".gmcr") ? "gmcr" : lower.endsWith(".json") ? "json" : "yaml";
  await openModel({ model: await file.text(), format, name: file.name });
  event.target.value = "";
}

// -- tabs -------------------------------------------------------------------------------------------

// The stability table and the state graph are drawn when their tab is shown, once per analysis: an
// edit made on another tab waits for neither (together they are most of the page's work after an edit).
function drawShownPanels() {
  for (const panel of [...(state.undrawn || [])]) {
    if ($(panel).hidden) continue;
    state.undrawn.delete(panel);
    if (panel === "panel-stability") drawTable();
    else if (state.graph) drawGraph();
    else fetchGraph();
  }
}

// A large model's graph opens on the focused view and grows on demand: a state's neighbours (double
// click), or every state within N moves of the status quo (chosen with the count beside it).
function graphRequest() {
  if (state.view.generation !== state.generation) state.view = { around: [], radius: null, generation: state.generation };
  return withModel({ concept: $("graph-concept").value || "seq", concepts: state.analysis ? state.analysis.concepts : askedConcepts(),
    around: state.view.around, radius: state.view.radius });
}

async function fetchGraph() {
  const generation = state.generation;
  const graph = await post("graph", graphRequest());
  if (generation !== state.generation) return; // a newer analysis: its graph is asked for in turn
  if (graph.ok) { state.graph = graph.answer; drawGraph(); }
  else $("graph-focus").textContent = firstLine(graph.answer);
}

function growGraph(number) {
  if (!state.graph || !state.graph.partial || state.view.around.includes(number)) return;
  graphRequest();
  state.view.around = [...state.view.around, number];
  fetchGraph();
}

function showViewChoices(g) {
  const select = $("graph-view");
  const chosen = state.view.radius === null ? "" : String(state.view.radius);
  select.replaceChildren(new Option("the focused view", ""));
  select.closest("label").hidden = !g.partial && state.view.radius === null;  // a whole graph has nothing to grow
  for (const [radius, count] of Object.entries(g.within || {})) {
    if (count === null) continue;
    const many = count > 1000;
    const option = new Option(`all states within ${radius} move${radius === "1" ? "" : "s"} (${many ? "more than 1,000" : count.toLocaleString("en")} states)`, radius);
    option.disabled = many;
    select.append(option);
  }
  select.value = chosen;
}

function selectTab(tab) {
  for (const other of document.querySelectorAll('[role="tab"]')) {
    const on = other === tab;
    other.setAttribute("aria-selected", String(on));
    other.tabIndex = on ? 0 : -1;
    $(other.getAttribute("aria-controls")).hidden = !on;
  }
  tab.focus();
  drawShownPanels();
  if (tab.id === "tab-graph" && state.network) { state.network.redraw(); state.network.fit({ animation: false }); }
}

function setUpTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => selectTab(tab));
    tab.addEventListener("keydown", (event) => {
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      selectTab(tabs[(next + tabs.length) % tabs.length]);
    });
  });
}

// -- start ----------------------------------------------------------------------------------------------

setUpTabs();
$("source").addEventListener("input", scheduleRefresh);
for (const id of ["filter-dm", "filter-concept", "filter-show"]) $(id).addEventListener("change", filtersChanged);
let findTimer = null;
$("filter-text").addEventListener("input", () => {
  clearTimeout(findTimer);
  if (state.analysis && state.analysis.states) filtersChanged(); // a small model's rows are all here
  else findTimer = setTimeout(filtersChanged, 200); // a large one asks the server: wait for the typing to pause
});
$("add-strength").addEventListener("change", chooseExtra);
$("add-unknown").addEventListener("change", chooseExtra);
$("page-prev").addEventListener("click", () => turnPage(-1));
$("page-next").addEventListener("click", () => turnPage(1));
$("graph-concept").addEventListener("change", fetchGraph);
$("graph-view").addEventListener("change", () => {
  graphRequest();
  const value = $("graph-view").value;
  state.view.radius = value === "" ? null : Number(value);
  state.view.around = [];
  fetchGraph();
});
$("graph-improvements").addEventListener("change", filterGraph);
$("graph-path").addEventListener("change", filterGraph);
$("graph-fit").addEventListener("click", () => state.network && state.network.fit());
// the forms are answered by the scripts, never sent (and have no inline handler: the security policy forbids them)
document.querySelectorAll("form.filters").forEach((form) => form.addEventListener("submit", (event) => event.preventDefault()));
$("evolve-form").addEventListener("submit", traceEvolution);
$("roadmap-form").addEventListener("submit", findRoadmap);
$("whatif-form").addEventListener("submit", findLeastChange);
$("timeline-form").addEventListener("submit", compareHistory);
$("export-yaml").addEventListener("click", () => exportAs("yaml"));
$("export-gmcr").addEventListener("click", () => exportAs("gmcr"));
$("download-report").addEventListener("click", downloadReport);
$("import-file").addEventListener("change", importFile);
load();
