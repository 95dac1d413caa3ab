// The robustness and coalitions views: each runs in the background (/api/jobs/robustness and
// /api/jobs/coalitions) with its progress shown, and its answer is shown in words and tables.
// Uses app.js's helpers ($, runJob, withModel, showResult, CONCEPT_NAMES).
"use strict";

const COALITION_NAMES = { cnash: "CNash", cgmr: "CGMR", csmr: "CSMR", cseq: "CSEQ" };

function percent(value) {
  return value === 0 || value === 1 ? `${Math.round(value * 100)}%` : `${(value * 100).toFixed(1)}%`;
}

function element(tag, text, className) {
  const made = document.createElement(tag);
  if (text !== undefined) made.textContent = text;
  if (className) made.className = className;
  return made;
}

function simpleTable(id, caption, columns, rows) {
  const table = element("table", undefined, "listing");
  table.id = id;
  table.append(element("caption", caption));
  const head = document.createElement("tr");
  for (const column of columns) {
    const th = element("th", column);
    th.scope = "col";
    head.append(th);
  }
  const thead = document.createElement("thead");
  thead.append(head);
  const body = document.createElement("tbody");
  for (const row of rows) {
    const tr = document.createElement("tr");
    row.forEach((cell, i) => {
      const td = element(i === 0 ? "th" : "td", cell);
      if (i === 0) td.scope = "row";
      tr.append(td);
    });
    body.append(tr);
  }
  table.append(thead, body);
  return table;
}

// -- robustness ----------------------------------------------------------------------------------------

async function testVerdicts() {
  const box = $("robust-out");
  const concept = $("robust-concept").value;
  const body = withModel({
    samples: Number($("robust-samples").value) || 1000,
    seed: Number($("robust-seed").value) || 0,
    states: $("robust-states").value.split(",").map((s) => s.trim()).filter(Boolean),
  });
  if (concept) body.concepts = [concept];
  const found = await runJob("robustness", body, box);
  showResult(box, found, robustnessWords);
  folded(box);
}

function folded(box) {
  // the command's own table, under the words and tables above it
  const pre = box.querySelector(":scope > pre");
  if (!pre) return;
  const details = document.createElement("details");
  details.append(element("summary", "The command's table"));
  pre.replaceWith(details);
  details.append(pre);
}

function robustnessWords(answer) {
  const part = document.createElement("div");
  part.append(element("p", answer.headline, "headline"));
  if (answer.calls.length) {
    part.append(simpleTable("robust-calls", "Judgement calls", ["#", "Decision maker", "Statement", "May be"],
      answer.calls.map((call, i) => {
        if (call.kind && call.kind !== "preference") {  // a structural call: its alternatives in words
          return [String(i + 1), call.decision_maker || "", `${call.kind}: ${call.text}`,
            "or " + call.or_instead.join(", or ")];
        }
        const positions = call.positions ? (call.positions[0] === call.positions[1]
          ? `at place ${call.positions[0]}` : `at places ${call.positions[0]}–${call.positions[1]}`) : "anywhere";
        const worded = call.or_instead.map((w) => `; or '${w}'`).join("");
        return [String(i + 1), call.decision_maker, call.text, positions + worded];
      })));
  }
  // the followed states (status quo, named states, those asked for), as the command's table shows them
  const followed = [];
  const seen = new Set();
  for (const entry of answer.decisive) {
    if (!seen.has(entry.number)) { seen.add(entry.number); followed.push(entry.number); }
  }
  const byNumber = new Map(answer.states.map((s) => [s.number, s]));
  const names = (c) => CONCEPT_NAMES[c] || c;
  part.append(simpleTable("robust-shares", "Share of readings in which the state is an equilibrium",
    ["State", "Pattern", "Name", ...answer.concepts.map(names)],
    followed.map((number) => {
      const s = byNumber.get(number);
      return [String(number), s.pattern, s.name || "", ...answer.concepts.map((c) => percent(s.frequency[c]))];
    })));
  const others = answer.states.filter((s) => !seen.has(s.number)).length;
  if (others) {
    part.append(element("p", `${others.toLocaleString("en")} other state${others === 1 ? " is" : "s are"} an `
      + "equilibrium in some reading under some concept (the API's JSON lists them).", "small"));
  }
  part.append(element("h3", "What the verdicts on the followed states hang on"));
  // the command's sentences, nested as it indents them: a state, a concept, the cases deciding it
  const list = element("ul", undefined, "sentences");
  list.id = "robust-verdicts";
  const open = [list];
  for (const line of answer.verdicts) {
    const depth = Math.min(line.search(/\S/) >= 6 ? 2 : line.search(/\S/) >= 4 ? 1 : 0, open.length - 1);
    open.length = depth + 1;
    const item = element("li");
    item.append(element("span", line.trim().replace(/^• /, "")));
    open[depth].append(item);
    const inner = element("ul");
    item.append(inner);
    open.push(inner);
  }
  list.querySelectorAll("ul:empty").forEach((empty) => empty.remove());
  part.append(list);
  return part;
}

// -- coalitions ----------------------------------------------------------------------------------------

async function findUpsets() {
  const box = $("coalitions-out");
  const concept = $("coalitions-concept").value;
  const groups = $("coalitions-groups").value.split(",").map((s) => s.trim()).filter(Boolean);
  const body = withModel({ equilibria_only: true });
  if (concept) body.concepts = [concept];
  if (groups.length) body.coalitions = groups;
  const found = await runJob("coalitions", body, box);
  showResult(box, found, coalitionWords);
  folded(box);
}

function coalitionWords(answer) {
  const part = document.createElement("div");
  const groups = answer.coalitions.map((members) => members.join("+"));
  part.append(element("p", `${groups.length} coalition${groups.length === 1 ? "" : "s"} analysed: ${groups.join(", ")}.`,
    "headline"));
  const named = (pattern) => (typeof describeState === "function" ? describeState(pattern) : pattern);
  part.append(simpleTable("coalition-equilibria", "Equilibria for each decision maker alone, and against every coalition",
    ["Concept", "Individual equilibria", "Coalitional equilibria", "Upset by a coalition"],
    answer.concepts.map((c) => {
      const alone = answer.individual_equilibria[c] || [];
      const held = answer.equilibria[c] || [];
      return [COALITION_NAMES[c] || c, String(alone.length), String(held.length), String((answer.upsets[c] || []).length)];
    })));
  for (const c of answer.concepts) {
    const upsets = answer.upsets[c] || [];
    const held = answer.equilibria[c] || [];
    part.append(element("h3", `${COALITION_NAMES[c] || c}`));
    part.append(element("p", held.length
      ? `Stable against every coalition: ${held.map(named).join("; ")}.`
      : "No state is stable against every coalition.", "small"));
    if (upsets.length) {
      const list = element("ul", undefined, "sentences");
      list.dataset.concept = c;
      for (const upset of upsets) list.append(element("li", upset.words));
      part.append(list);
    } else {
      part.append(element("p", "No coalition upsets an individual equilibrium.", "small"));
    }
  }
  return part;
}

// -- what the verdicts rest on ---------------------------------------------------------------------------

async function auditVerdicts() {
  const box = $("rests-out");
  const body = withModel({
    concept: $("rests-concept").value || "seq",
    samples: Number($("rests-samples").value) || 1000,
    targets: $("rests-targets").value.split(",").map((s) => s.trim()).filter(Boolean),
  });
  const found = await runJob("audit", body, box);
  showResult(box, found, restsWords);
  folded(box);
}

function restsWords(answer) {
  // the audit's lines: a paragraph per state (its first line), the facts under it as a list
  const part = document.createElement("div");
  part.id = "rests-words";
  let list = null;
  for (const line of answer.lines.slice(1)) {
    if (!line) { list = null; continue; }
    if (line.startsWith("  ")) {
      if (!list) { list = element("ul", undefined, "sentences"); part.append(list); }
      list.append(element("li", line.trim()));
    } else {
      part.append(element("p", line));
      list = null;
    }
  }
  return part;
}

$("robust-form").addEventListener("submit", testVerdicts);
$("rests-form").addEventListener("submit", auditVerdicts);
$("coalitions-form").addEventListener("submit", findUpsets);
