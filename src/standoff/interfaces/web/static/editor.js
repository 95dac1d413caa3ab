// The model's forms: decision makers, options, preference statements, infeasible states, named states,
// the status quo and the history, edited without writing YAML. Each change is made to a copy of the
// model's native data (state.data, from app.js) and sent by refresh(): the server reads it, writes the
// YAML text again and analyses it. A change that does not read is shown at its field, and the model,
// its text and its analysis stay as they were.
"use strict";

// Everything here is private to the forms (app.js's functions and ``state`` are used, never replaced).
(() => {

const editor = {
  mode: "forms",      // "forms" or "text": which of the two editors is shown
  drawn: null,        // the JSON of the data the forms show
  focusKey: null,     // the field to focus once the forms are drawn again
  checks: new Map(),  // pending live checks, per field
  serial: 0,
};

// -- the expression language, as far as the forms need it -------------------------------------------

const KEYWORDS = new Set(["not", "and", "or", "if", "iff", "true", "false"]);
const BARE = /^[A-Za-z_][A-Za-z0-9_.\-]*$/;

function tokens(text) {
  // names (bare or quoted) and everything else, as the model's expression grammar splits them
  return String(text).match(/"[^"]*"|'[^']*'|[A-Za-z_][A-Za-z0-9_.\-]*|\s+|[\s\S]/g) || [];
}

function tokenName(token) {
  if (/^(".*"|'.*')$/.test(token)) return token.slice(1, -1);
  return BARE.test(token) && !KEYWORDS.has(token) ? token : null;
}

function written(name) {
  if (BARE.test(name) && !KEYWORDS.has(name)) return name;
  return name.includes('"') ? `'${name}'` : `"${name}"`;
}

function mentioned(text, names) {
  return tokens(text).some((t) => names.has(tokenName(t)));
}

function renamed(text, from, to) {
  return tokens(text).map((t) => (tokenName(t) === from ? written(to) : t)).join("");
}

function isPattern(text, n) {
  const t = String(text).trim();
  return t.length === n && /^[YN-]+$/.test(t);
}

// -- the model's data: names, model order, and every place a state is written ------------------------------

function optionName(option) {
  return typeof option === "string" ? option : option.name;
}

function modelOrder(data) {
  if (Array.isArray(data.option_order)) return [...data.option_order];
  return data.decision_makers.flatMap((dm) => (dm.options || []).map(optionName));
}

// What a new option is, in a pattern written for each role: "either" for statements and conditions,
// "not taken" for states (a named state, the status quo, a history step stay one state).
const FILL = { statement: "-", ranking: "-", payoff: "-", condition: "-", misperceived: "-", target: "-",
  named: "N", status_quo: "N", history: "N" };

// Rewrites every state written in the model after its options changed. ``change``: before and after,
// the model order (after renaming); ``renames``, old option name to new; ``gone``, option names
// removed (an expression that mentions one goes, and says so in ``removed``); ``goneStates``, named
// states removed. A pattern keeps each option's letter in its new place.
function rewriteStates(data, change, removed) {
  const { before, after, renames = {}, gone = new Set(), goneStates = new Set() } = change;
  const n = before.length;
  const where = new Map(before.map((name, i) => [renames[name] ?? name, i]));
  const stateNames = new Set(Object.keys(data.states || {}));
  const text = (value, role) => {
    const t = String(value);
    if (["named", "status_quo", "target", "history"].includes(role) && stateNames.has(t)) {
      return goneStates.has(t) ? null : t;
    }
    if (isPattern(t, n)) {
      const letters = t.trim();
      return after.map((name) => (where.has(name) ? letters[where.get(name)] : FILL[role])).join("");
    }
    if (gone.size && mentioned(t, gone)) return null;
    let out = t;
    for (const [from, to] of Object.entries(renames)) if (from !== to) out = renamed(out, from, to);
    return out;
  };
  data.decision_makers.forEach((dm) => {
    const p = dm.preferences || {};
    if (Array.isArray(p.prioritization)) {
      p.prioritization = keep(p.prioritization, (item) => {
        if (typeof item === "string") return text(item, "statement");
        const statement = text(item.statement, "statement");
        if (statement === null) return null;
        const out = { ...item, statement };
        if (Array.isArray(item.or_instead)) out.or_instead = item.or_instead.map((t) => text(t, "statement")).filter((t) => t !== null);
        return out;
      }, (item) => `${dm.name}'s statement “${statementLabel(item)}”`, removed);
    }
    if (Array.isArray(p.ranking)) {
      const entry = (e) => Array.isArray(e) ? e.map((t) => text(t, "ranking")).filter((t) => t !== null) : text(e, "ranking");
      p.ranking = keep(p.ranking, (item) => {
        const inner = item && typeof item === "object" && !Array.isArray(item) ? item.group : item;
        const out = entry(inner);
        if (out === null || (Array.isArray(out) && !out.length)) return null;
        return item && typeof item === "object" && !Array.isArray(item) ? { ...item, group: out } : out;
      }, (item) => `an entry of ${dm.name}'s ranking`, removed);
    }
    if (Array.isArray(p.payoffs)) {
      p.payoffs = keep(p.payoffs, (item) => {
        const s = text(item.state, "payoff");
        return s === null ? null : { ...item, state: s };
      }, (item) => `${dm.name}'s payoff for “${item.state}”`, removed);
    }
    if (Array.isArray(dm.misperceived)) {
      dm.misperceived = keep(dm.misperceived, (t) => text(t, "misperceived"),
        (t) => `a state ${dm.name} misperceives (“${t}”)`, removed);
      if (!dm.misperceived.length) delete dm.misperceived;
    }
  });
  if (Array.isArray(data.infeasible)) {
    data.infeasible = keep(data.infeasible, (item) => {
      if (typeof item === "string") return text(item, "condition");
      if ("condition" in item) {  // {condition:, uncertain:, note:}: the marks stay with the condition
        const condition = text(item.condition, "condition");
        return condition === null ? null : { ...item, condition };
      }
      const [kind, items] = Object.entries(item)[0];
      const out = items.map((t) => text(t, "condition"));
      return out.includes(null) ? null : { [kind]: out };
    }, (item) => `the condition “${conditionLabel(item)}”`, removed);
    if (!data.infeasible.length) delete data.infeasible;
  }
  if (data.states) {
    const states = {};
    for (const [name, value] of Object.entries(data.states)) {
      if (goneStates.has(name)) continue;
      const inner = typeof value === "string" ? value : value.state;
      const out = text(inner, "named");
      if (out === null) { removed.push(`the named state “${name}”`); goneStates.add(name); continue; }
      states[name] = typeof value === "string" ? out : { ...value, state: out };
    }
    data.states = states;
    if (!Object.keys(states).length) delete data.states;
  }
  if (data.status_quo !== undefined) {
    const out = goneStates.has(data.status_quo) ? null : text(data.status_quo, "status_quo");
    if (out === null) { removed.push("the status quo"); delete data.status_quo; } else data.status_quo = out;
  }
  if (Array.isArray(data.targets)) {
    data.targets = keep(data.targets, (t) => (goneStates.has(t) ? null : text(t, "target")), (t) => `the target “${t}”`, removed);
    if (!data.targets.length) delete data.targets;
  }
  if (Array.isArray(data.history)) {
    data.history = keep(data.history, (step) => {
      const s = goneStates.has(String(step.state)) ? null : text(step.state, "history");
      return s === null ? null : { ...step, state: s };
    }, (step) => `the history step of ${step.date ?? "no date"}`, removed);
    if (!data.history.length) delete data.history;
  }
}

function keep(list, change, describe, removed) {
  const out = [];
  for (const item of list) {
    const value = change(item);
    if (value === null) removed.push(describe(item));
    else out.push(value);
  }
  return out;
}

function statementLabel(item) {
  return typeof item === "string" ? item : item.statement;
}

function conditionLabel(item) {
  if (typeof item === "string") return item;
  if ("condition" in item) return item.condition;
  const [kind, items] = Object.entries(item)[0];
  return `${kind.replace(/_/g, " ")}: ${items.join(", ")}`;
}

// -- the changes the forms make (each on a copy; ``removed`` collects what goes with it) ---------------

function copy() {
  return structuredClone(state.data);
}

function optionEntry(option) {
  return typeof option === "string" ? { name: option } : { ...option };
}

function simplified(entry) {
  const keys = Object.keys(entry);
  return keys.length === 1 && keys[0] === "name" ? entry.name : entry;
}

function withOrder(data, change, removed = []) {
  const before = modelOrder(data);
  const extra = change(data) || {};
  if (Array.isArray(data.option_order)) {
    const present = new Set(data.decision_makers.flatMap((dm) => dm.options.map(optionName)));
    data.option_order = data.option_order.map((n) => extra.renames?.[n] ?? n).filter((n) => present.has(n));
    for (const name of present) if (!data.option_order.includes(name)) data.option_order.push(name);
  }
  rewriteStates(data, { before, after: modelOrder(data), ...extra }, removed);
  if (data.fixed) {
    const fixed = {};
    for (const [name, value] of Object.entries(data.fixed)) {
      if (extra.gone?.has(name)) { removed.push(`the fixed value of ${name}`); continue; }
      fixed[extra.renames?.[name] ?? name] = value;
    }
    data.fixed = fixed;
    if (!Object.keys(fixed).length) delete data.fixed;
  }
  return data;
}

// The concept the model's profile gives the decision maker ``name`` (names match in any case), if any.
function profileConcept(data, name) {
  const found = Object.entries(data.profile || {}).find(([dm]) => dm.trim().toLowerCase() === name.trim().toLowerCase());
  return found ? found[1] : "";
}

const changes = {
  addDecisionMaker(name, option) {
    return withOrder(copy(), (d) => {
      d.decision_makers.push({ name, options: [option], preferences: { prioritization: [option] } });
      if (d.profile) d.profile[name] = "seq"; // a profile names every decision maker: the newcomer is judged by SEQ
    });
  },
  profile(d, concept) {
    // no concept: no profile; a first concept is every decision maker's, then each is chosen apart
    const data = copy();
    if (!concept) { delete data.profile; return data; }
    const names = data.decision_makers.map((dm) => dm.name);
    data.profile = Object.fromEntries(names.map((name, i) => [name, i === d ? concept : profileConcept(data, name) || concept]));
    return data;
  },
  renameDecisionMaker(d, name) {
    const data = copy();
    const old = data.decision_makers[d].name;
    data.decision_makers[d].name = name;
    for (const step of data.history || []) if (step.mover === old) step.mover = name;
    if (data.coalitions) data.coalitions = data.coalitions.map((g) => g.map((m) => (m === old ? name : m)));
    if (data.profile) {
      data.profile = Object.fromEntries(Object.entries(data.profile).map(([dm, c]) =>
        [dm.trim().toLowerCase() === old.trim().toLowerCase() ? name : dm, c]));
    }
    return data;
  },
  removeDecisionMaker(d, removed) {
    return withOrder(copy(), (data) => {
      const [dm] = data.decision_makers.splice(d, 1);
      const gone = new Set(dm.options.map(optionName));
      removed.push(...[...gone].map((o) => `its option ${o}`));
      for (const step of data.history || []) {
        if (step.mover === dm.name) { delete step.mover; removed.push(`the mover of the history step of ${step.date ?? "no date"}`); }
      }
      if (data.coalitions) {
        data.coalitions = data.coalitions.map((g) => g.filter((m) => m !== dm.name)).filter((g) => g.length);
        if (!data.coalitions.length) delete data.coalitions;
      }
      if (data.profile) {
        data.profile = Object.fromEntries(Object.entries(data.profile)
          .filter(([name]) => name.trim().toLowerCase() !== dm.name.trim().toLowerCase()));
      }
      return { gone };
    }, removed);
  },
  addOption(d, name) {
    return withOrder(copy(), (data) => { data.decision_makers[d].options.push(name); });
  },
  changeOption(d, k, change) {
    const data = copy();
    const entry = optionEntry(data.decision_makers[d].options[k]);
    change(entry);
    data.decision_makers[d].options[k] = simplified(entry);
    return data;
  },
  renameOption(d, k, name) {
    return withOrder(copy(), (data) => {
      const options = data.decision_makers[d].options;
      const old = optionName(options[k]);
      options[k] = simplified({ ...optionEntry(options[k]), name });
      return { renames: { [old]: name } };
    });
  },
  moveOption(d, k, to) {
    return withOrder(copy(), (data) => {
      const [option] = data.decision_makers[d].options.splice(k, 1);
      data.decision_makers[to].options.push(option);
    });
  },
  removeOption(d, k, removed) {
    return withOrder(copy(), (data) => {
      const [option] = data.decision_makers[d].options.splice(k, 1);
      return { gone: new Set([optionName(option)]) };
    }, removed);
  },
  statements(d, change) {
    const data = copy();
    change(data.decision_makers[d].preferences.prioritization);
    return data;
  },
  conditions(change) {
    return withOptionalList("infeasible", change);
  },
  fixed(name, change) {
    // fixed: {option: Y|N} or {option: {value:, uncertain:, note:}}; change gets the entry (or null) and
    // returns the next one (or null: the option is free)
    const data = copy();
    const all = { ...(data.fixed || {}) };
    const next = change(name in all ? fixedEntry(all[name]) : null);
    if (!next) delete all[name];
    else all[name] = next.uncertain || next.note ? next : next.value;
    if (Object.keys(all).length) data.fixed = all; else delete data.fixed;
    return data;
  },
  namedState(name, change) {
    const data = copy();
    const states = data.states || {};
    const value = states[name];
    const entry = typeof value === "string" ? { state: value } : { ...value };
    change(entry);
    states[name] = entry.description ? entry : entry.state;
    data.states = states;
    return data;
  },
  addNamedState(name, text) {
    const data = copy();
    data.states = { ...(data.states || {}), [name]: text };
    return data;
  },
  renameNamedState(old, name) {
    const data = copy();
    data.states = Object.fromEntries(Object.entries(data.states).map(([k, v]) => [k === old ? name : k, v]));
    if (data.status_quo === old) data.status_quo = name;
    if (data.targets) data.targets = data.targets.map((t) => (t === old ? name : t));
    for (const step of data.history || []) if (step.state === old) step.state = name;
    return data;
  },
  removeNamedState(name, removed) {
    const data = copy();
    const before = modelOrder(data);
    rewriteStates(data, { before, after: before, goneStates: new Set([name]) }, removed);
    return data;
  },
  statusQuo(text) {
    const data = copy();
    if (text) data.status_quo = text; else delete data.status_quo;
    return data;
  },
  history(change) {
    return withOptionalList("history", change);
  },
};

// A copy of the model with its top-level list `key` changed; an emptied list is left out of the file.
function withOptionalList(key, change) {
  const data = copy();
  data[key] = data[key] || [];
  change(data[key]);
  if (!data[key].length) delete data[key];
  return data;
}

// -- sending a change, and its problems at the field ---------------------------------------------------

function problemFor(answer, place) {
  const problems = (answer && answer.problems) || [];
  const here = place ? problems.find((p) => p.place && (p.place === place || p.place.startsWith(place + ".")
    || p.place.startsWith(place + "["))) : null;
  const chosen = here || problems[0];
  if (chosen && chosen.problem) return (chosen.place && !here ? `${chosen.place}: ` : "") + chosen.problem;
  return firstLine(answer);
}

function showFieldError(control, message) {
  const box = document.getElementById(control.getAttribute("data-error"));
  if (!box) return;
  box.textContent = message || "";
  box.hidden = !message;
  if (control.matches("input, select, textarea")) {
    if (message) control.setAttribute("aria-invalid", "true"); else control.removeAttribute("aria-invalid");
  }
}

// The history is read only by the timeline: a step is checked by it before it is sent.
const HISTORY_CHECK = "timeline";

function about(answer, place) {
  // whether the first problem of ``answer`` is at ``place`` (a history step, say) or within it
  const first = ((answer && answer.problems) || [])[0];
  return Boolean(first && first.place && place && (first.place === place || first.place.startsWith(place + ".")
    || first.place.startsWith(place + "[")));
}

// Changes are sent one after another, each made to the model the one before left: a field left by a
// click on a button sends its change first, and the button's change is made on top of it.
let queue = Promise.resolve();
function send(make, control, note) {
  queue = queue.then(() => sendNow(make(), control, note)).catch((error) => console.warn(error));
  return queue;
}

async function sendNow(data, control, note) {
  if (!data) return;
  showFieldError(control, "");
  const step = control.dataset.step;
  if (step) {
    const checked = await post(HISTORY_CHECK, { model: JSON.stringify(data), format: "json", name: state.model.name });
    if (!checked.ok && about(checked.answer, step)) {
      editor.focusKey = null;
      delete control.dataset.sent;
      showFieldError(control, `Not changed: ${problemFor(checked.answer, step)}`);
      return;
    }
  }
  const found = await refresh(data);
  if (!found) return; // a newer change was sent meanwhile
  if (!found.ok) {
    editor.focusKey = null;
    delete control.dataset.sent;
    showFieldError(control, `Not changed: ${problemFor(found.answer, control.dataset.place)}`);
    return;
  }
  if (note) setStatus(`${note}. ${$("status").textContent}`);
  const checked = found.answer.validation;
  if (checked && !checked.ok) {
    // made and analysed, but the model is not sound (say, a named state that matches several states)
    const box = document.querySelector(`#forms [data-key="${CSS.escape(control.dataset.key)}"]`) || control;
    showFieldError(box, `Changed, but: ${problemFor(checked, control.dataset.place)}`);
  }
}

async function check(control, data) {
  // the live check of what the field holds now, before it is sent: does the model still read?
  const serial = ++editor.serial;
  editor.checks.set(control.dataset.key, serial);
  const step = control.dataset.step;
  const found = await post(step ? HISTORY_CHECK : "validate", { model: JSON.stringify(data), format: "json", name: state.model.name });
  if (editor.checks.get(control.dataset.key) !== serial || !control.isConnected) return;
  const wrong = !found.ok && (!step || about(found.answer, step));
  showFieldError(control, wrong ? problemFor(found.answer, control.dataset.place) : "");
}

// -- drawing the forms -----------------------------------------------------------------------------

let unique = 0;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("data-") || key.startsWith("aria-") || key === "for" || key === "list") node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// A labelled field. ``make(value)`` is the changed model (or null for no change); ``live``: check the
// model as the user types. Enter or leaving the field sends the change; Escape puts the model's value back.
function field(label, value, { key, place, make, live = false, hint, wide = false, options = null, list = null, describe, step }) {
  const id = `form-${++unique}`;
  const control = options
    ? el("select", { id }, ...options.map(([v, text]) => new Option(text, v)))
    : el("input", { id, type: "text", value: value ?? "", spellcheck: false, autocomplete: "off", list });
  if (options) control.value = value ?? "";
  control.dataset.key = key;
  if (place) control.dataset.place = place;
  if (step) control.dataset.step = step;
  control.dataset.original = value ?? "";
  const error = el("span", { class: "field-error", id: `${id}-error`, hidden: true, "aria-live": "polite" });
  control.setAttribute("data-error", error.id);
  const described = [error.id];
  let hintNode = null;
  if (hint) { hintNode = el("span", { class: "hint", id: `${id}-hint`, text: hint }); described.push(hintNode.id); }
  if (describe) described.push(describe);
  control.setAttribute("aria-describedby", described.join(" "));
  const commit = (stay) => {
    const now = control.value.trim();
    if (now === String(control.dataset.original).trim()) { showFieldError(control, ""); return; }
    if (now === control.dataset.sent) return;
    control.dataset.sent = now;
    send(() => {
      const data = make(now);
      if (stay) editor.focusKey = editor.focusKey || key;
      return data;
    }, control);
  };
  control.addEventListener("change", () => commit(Boolean(options)));
  control.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !options) { event.preventDefault(); commit(true); }
    if (event.key === "Escape" && control.value !== control.dataset.original) {
      event.preventDefault();
      control.value = control.dataset.original;
      showFieldError(control, "");
    }
  });
  if (live && !options) {
    let timer = null;
    control.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const now = control.value.trim();
        const data = now ? make(now) : null;
        if (data) check(control, data); else showFieldError(control, "");
      }, 250);
    });
  }
  return el("div", { class: wide ? "field wide" : "field" }, el("label", { for: id, text: label }), control, hintNode, error);
}

// A small form that adds something: labelled fields and a button; ``make(values)`` is the changed model.
function adder(title, fields, key, make, { focusKey = null, live = false, place = null, step = null } = {}) {
  const form = el("form", { class: "adder" });
  const controls = fields.map(([label, placeholder, name]) => {
    const id = `form-${++unique}`;
    const control = el("input", { id, type: "text", placeholder, spellcheck: false, autocomplete: "off" });
    control.dataset.key = `${key}-${name}`;
    control.dataset.original = "";
    return [el("div", { class: "field" }, el("label", { for: id, text: label }), control), control];
  });
  const button = el("button", { type: "submit", text: title });
  const error = el("span", { class: "field-error", id: `form-${++unique}-error`, hidden: true, "aria-live": "polite" });
  button.setAttribute("data-error", error.id);
  button.dataset.key = `${key}-add`;
  if (place) button.dataset.place = place;
  if (step) button.dataset.step = step;
  form.append(...controls.map(([wrap]) => wrap), button, error);
  if (live) {
    const [, control] = controls[0];
    control.setAttribute("data-error", error.id);
    control.setAttribute("aria-describedby", error.id);
    if (place) control.dataset.place = place;
    let timer = null;
    control.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const now = control.value.trim();
        if (now) check(control, make([now])); else showFieldError(control, "");
      }, 250);
    });
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = controls.map(([, c]) => c.value.trim());
    if (values.some((v) => !v)) {
      showFieldError(button, "Fill in every field first.");
      controls.find(([, c]) => !c.value.trim())[1].focus();
      return;
    }
    editor.focusKey = focusKey ? focusKey(values) : controls[0][1].dataset.key;
    send(() => make(values), button, `Added ${values[0]}`).then(() => {
      if (!error.textContent) for (const [, c] of controls) c.value = "";
    });
  });
  return form;
}

function button(text, label, key, action) {
  const node = el("button", { type: "button", text, class: "small-button" });
  node.setAttribute("aria-label", label);
  node.dataset.key = key;
  node.addEventListener("click", action);
  return node;
}

// A removal that takes other things with it is said first, and confirmed.
function removal(text, label, key, make, what) {
  const id = `form-${++unique}`;
  const error = el("span", { class: "field-error", id: `${id}-error`, hidden: true, "aria-live": "polite" });
  const confirmBox = el("div", { class: "confirm", hidden: true, role: "group", "aria-label": `Confirm: ${label}` });
  const node = button(text, label, key, () => {
    const removed = [];
    make(removed);
    if (!removed.length) { editor.focusKey = null; send(() => make([]), node, `Removed ${what}`); return; }
    confirmBox.replaceChildren(
      el("p", { text: `Removing ${what} also removes:` }),
      el("ul", {}, ...removed.map((r) => el("li", { text: r }))),
    );
    const yes = el("button", { type: "button", text: `Remove ${what} and these` });
    const no = el("button", { type: "button", text: "Keep it" });
    yes.setAttribute("data-error", error.id);
    yes.addEventListener("click", () => { confirmBox.hidden = true; send(() => make([]), yes, `Removed ${what}`); });
    no.addEventListener("click", () => { confirmBox.hidden = true; node.focus(); });
    confirmBox.append(yes, " ", no);
    confirmBox.onkeydown = (event) => { if (event.key === "Escape") { confirmBox.hidden = true; node.focus(); } };
    confirmBox.hidden = false;
    yes.focus();
  });
  node.setAttribute("data-error", error.id);
  return [node, confirmBox, error];
}

function section(title, id, ...content) {
  return el("section", { class: "form-section", "aria-labelledby": id }, el("h2", { id, text: title }), ...content);
}

function drawForms() {
  const box = document.getElementById("forms");
  if (!box || !state.data) return;
  const data = state.data;
  const text = JSON.stringify(data);
  if (text === editor.drawn) return;
  editor.drawn = text;
  // keep the field being typed in: its key, what it holds and where the caret is
  const active = document.activeElement && box.contains(document.activeElement) ? document.activeElement : null;
  const kept = active ? { key: active.dataset.key, value: active.value, dirty: active.dataset.original !== undefined
    && active.value !== active.dataset.original, start: active.selectionStart, end: active.selectionEnd } : null;
  unique = 0;
  const dmOptions = data.decision_makers.map((dm, d) => [String(d), dm.name]);
  const stateNames = Object.keys(data.states || {});
  const body = el("div", { class: "forms-body" });

  body.append(section("Conflict", "forms-conflict",
    field("Name of the conflict", data.name, { key: "name", place: "name", make: (v) => ({ ...copy(), name: v }) }),
    field("Description (optional)", data.description || "", { key: "description", place: "description", wide: true,
      make: (v) => { const d = copy(); if (v) d.description = v; else delete d.description; return d; } })));

  const dms = data.decision_makers.map((dm, d) => drawDecisionMaker(dm, d, dmOptions));
  body.append(section("Decision makers, options and preferences", "forms-dms",
    el("p", { class: "small", text: "Each decision maker controls its options: a state says which options are taken (Y) and which not (N). "
      + "Preference statements are listed most important first; each is an option or a condition such as “a and not b”." }),
    ...dms,
    adder("Add the decision maker", [["New decision maker", "a name", "name"], ["Its first option", "an option name", "option"]],
      "add-dm", ([name, option]) => changes.addDecisionMaker(name, option),
      { focusKey: () => `dm-${data.decision_makers.length}-name`, place: `decision_makers[${data.decision_makers.length}]` })));

  body.append(drawConditions(data));
  body.append(drawProfile(data));
  body.append(drawFixed(data));
  body.append(drawStates(data, stateNames));
  body.append(drawHistory(data, dmOptions, stateNames));

  box.replaceChildren(body);
  // after a change made here, the field named by the change; else the one the user is in, as typed so far
  const restoring = !editor.focusKey && kept;
  const focusKey = editor.focusKey || kept?.key;
  editor.focusKey = null;
  const target = focusKey ? box.querySelector(`[data-key="${CSS.escape(focusKey)}"]`) : null;
  if (target) {
    if (restoring && kept.dirty) target.value = kept.value;
    target.focus();
    if (kept && kept.key === focusKey && kept.start != null && target.setSelectionRange) {
      try { target.setSelectionRange(kept.start, kept.end); } catch { /* not a text field */ }
    }
  }
}

function drawDecisionMaker(dm, d, dmOptions) {
  const headingId = `forms-dm-${d}`;
  const card = el("div", { class: "dm-card", role: "group", "aria-labelledby": headingId, "data-dm": String(d) });
  card.append(el("h3", { id: headingId, text: dm.name }));
  const [remove, confirmBox, removeError] = removal("Remove…", `Remove the decision maker ${dm.name}`, `dm-${d}-remove`,
    (removed) => changes.removeDecisionMaker(d, removed), `the decision maker ${dm.name}`);
  card.append(el("div", { class: "row" },
    field("Name", dm.name, { key: `dm-${d}-name`, place: `decision_makers[${d}].name`, make: (v) => changes.renameDecisionMaker(d, v) }),
    remove), confirmBox, removeError);

  const options = el("div", { class: "options-list" });
  options.append(el("h4", { text: `Options of ${dm.name}` }));
  (dm.options || []).forEach((option, k) => options.append(drawOption(dm, d, option, k, dmOptions)));
  options.append(adder("Add the option", [[`New option of ${dm.name}`, "an option name", "name"]], `dm-${d}-add-option`,
    ([name]) => changes.addOption(d, name), { place: `decision_makers[${d}].options[${(dm.options || []).length}]` }));
  card.append(options);

  const prefs = el("div", { class: "statements-form" });
  prefs.append(el("h4", { text: `Preference statements of ${dm.name}, most important first` }));
  const list = dm.preferences && dm.preferences.prioritization;
  if (!Array.isArray(list)) {
    prefs.append(el("p", { class: "small", text: "Preferences given as a ranking or payoffs: edit them in the YAML text." }));
  } else {
    const ol = el("ol", { class: "statement-fields" });
    list.forEach((item, i) => {
      const textOf = statementLabel(item);
      const place = `decision_makers[${d}].preferences.prioritization[${i}]`;
      const set = (v) => changes.statements(d, (l) => { l[i] = typeof l[i] === "string" ? v : { ...l[i], statement: v }; });
      const up = button("↑", `Move statement ${i + 1} of ${dm.name} up`, `st-${d}-${i}-up`, () => {
        editor.focusKey = `st-${d}-${i - 1}-up`;
        send(() => changes.statements(d, (l) => l.splice(i - 1, 0, ...l.splice(i, 1))), up);
      });
      up.disabled = i === 0;
      const down = button("↓", `Move statement ${i + 1} of ${dm.name} down`, `st-${d}-${i}-down`, () => {
        editor.focusKey = `st-${d}-${i + 1}-down`;
        send(() => changes.statements(d, (l) => l.splice(i + 1, 0, ...l.splice(i, 1))), down);
      });
      down.disabled = i === list.length - 1;
      const error = el("span", { class: "field-error", id: `form-${++unique}-error`, hidden: true, "aria-live": "polite" });
      const remove = button("✕", `Remove statement ${i + 1} of ${dm.name}`, `st-${d}-${i}-remove`, () => {
        editor.focusKey = `st-${d}-add-statement-statement`;
        send(() => changes.statements(d, (l) => l.splice(i, 1)), remove, `Removed “${textOf}”`);
      });
      for (const b of [up, down, remove]) b.setAttribute("data-error", error.id);
      ol.append(el("li", {}, el("div", { class: "row" },
        field(`Statement ${i + 1} of ${dm.name}`, textOf, { key: `st-${d}-${i}`, place, make: set, live: true, wide: true }),
        up, down, remove), error));
    });
    prefs.append(ol, adder("Add the statement", [[`New statement of ${dm.name} (added last)`, "an option, or a condition such as a and not b", "statement"]],
      `st-${d}-add-statement`, ([v]) => changes.statements(d, (l) => l.push(v)),
      { live: true, place: `decision_makers[${d}].preferences.prioritization[${list.length}]` }));
  }
  card.append(prefs);
  return card;
}

// A structural judgement call (GMCR.md, "What a conclusion rests on"): robustness and audit vary it.
const CALL_MARKS = [["", "as written"], ["uncertain", "a judgement call (uncertain)"]];

const DIRECTIONS = [["", "both ways"], ["forward", "once taken, never dropped (forward)"],
  ["backward", "once dropped, never taken again (backward)"]];

function drawOption(dm, d, option, k, dmOptions) {
  const entry = optionEntry(option);
  const name = entry.name;
  const place = `decision_makers[${d}].options[${k}]`;
  const group = el("fieldset", { class: "option", "data-option": name });
  group.append(el("legend", { text: `Option ${name}` }));
  const [remove, confirmBox, removeError] = removal("Remove…", `Remove the option ${name}`, `opt-${d}-${k}-remove`,
    (removed) => changes.removeOption(d, k, removed), `the option ${name}`);
  const labels = entry.labels || {};
  const setLabel = (which) => (v) => changes.changeOption(d, k, (e) => {
    const next = { ...(e.labels || {}) };
    if (v) next[which] = v; else delete next[which];
    if (Object.keys(next).length) e.labels = next; else delete e.labels;
  });
  const labelField = (which, text, hint) => {
    const f = field(text, labels[which] || "", { key: `opt-${d}-${k}-${which}`, place: `${place}.labels.${which}`, make: setLabel(which), hint });
    // an emptied label is sent (it removes the words), unlike other emptied fields
    return f;
  };
  group.append(
    el("div", { class: "row" },
      field("Name", name, { key: `opt-${d}-${k}-name`, place: `${place}`, make: (v) => changes.renameOption(d, k, v) }),
      field("Owner", String(d), { key: `opt-${d}-${k}-owner`, place, options: dmOptions,
        make: (v) => {
          if (Number(v) === d) return null;
          editor.focusKey = `opt-${v}-${state.data.decision_makers[Number(v)].options.length}-owner`;
          return changes.moveOption(d, k, Number(v));
        } }),
      field("Irreversibility", entry.direction || "", { key: `opt-${d}-${k}-direction`, place: `${place}.direction`, options: DIRECTIONS,
        make: (v) => changes.changeOption(d, k, (e) => { if (v) e.direction = v; else delete e.direction; }) }),
      field("Its direction is", entry.uncertain ? "uncertain" : "", { key: `opt-${d}-${k}-call`, place: `${place}.uncertain`,
        options: CALL_MARKS,
        make: (v) => changes.changeOption(d, k, (e) => {
          if (v) e.uncertain = true; else { delete e.uncertain; delete e.or_instead; delete e.weight; }
        }) }),
      remove),
    el("div", { class: "row" },
      labelField("take", "In words, taking it (N → Y)", `default: take ${name}`),
      labelField("drop", "In words, dropping it (Y → N)", `default: drop ${name}`)),
    entry.uncertain ? el("p", { class: "small",
      text: `A judgement call: its direction may instead be ${(entry.or_instead || ["both"]).join(" or ")}${entry.note ? ` (${entry.note})` : ""}.` }) : null,
    confirmBox, removeError);
  return group;
}

const CONDITION_KINDS = [["expression", "a condition"], ["mutually_exclusive", "mutually exclusive: at most one of"],
  ["at_least_one", "at least one of"], ["exactly_one", "exactly one of"]];

// A condition's text when its kind changes: the options it names, as a list or joined by "and".
function switched(value, from, to) {
  const names = from === "expression" ? [...new Set(tokens(value).map(tokenName).filter(Boolean))]
    : value.split(",").map((s) => s.trim()).filter(Boolean);
  return to === "expression" ? names.map(written).join(" and ") : names.join(", ");
}

function drawConditions(data) {
  const list = el("ol", { class: "condition-fields" });
  (data.infeasible || []).forEach((item, i) => {
    // a {condition:, uncertain:, note:} mapping is an expression whose marks stay with it
    const marked = typeof item === "object" && "condition" in item;
    const kind = typeof item === "string" || marked ? "expression" : Object.keys(item)[0];
    const value = typeof item === "string" ? item : marked ? item.condition : Object.values(item)[0].join(", ");
    const build = (k, v) => (k === "expression" ? (marked ? { ...item, condition: v } : v)
      : { [k]: v.split(",").map((s) => s.trim()).filter(Boolean) });
    const place = `infeasible[${i}]`;
    const remove = button("✕", `Remove condition ${i + 1}`, `cond-${i}-remove`, () => {
      editor.focusKey = "cond-add-condition";
      send(() => changes.conditions((l) => l.splice(i, 1)), remove, `Removed the condition “${conditionLabel(item)}”`);
    });
    const textField = field(`Condition ${i + 1}: ${kind === "expression" ? "infeasible when" : "options, separated by commas"}`, value,
      { key: `cond-${i}`, place, live: true, wide: true, make: (v) => changes.conditions((l) => { l[i] = build(kind, v); }) });
    const kindField = field(`Kind of condition ${i + 1}`, kind, { key: `cond-${i}-kind`, place, options: CONDITION_KINDS,
      make: (k) => changes.conditions((l) => { l[i] = build(k, switched(value, kind, k)); }) });
    remove.setAttribute("data-error", textField.querySelector("input").getAttribute("data-error"));
    const markField = kind === "expression"
      ? field(`Condition ${i + 1} holds`, marked && item.uncertain ? "uncertain" : "", {
        key: `cond-${i}-call`, place: `${place}.uncertain`, options: CALL_MARKS,
        make: (v) => changes.conditions((l) => {
          const rest = marked ? { ...item } : { condition: value };
          if (v) rest.uncertain = true; else { delete rest.uncertain; delete rest.weight; }
          l[i] = rest.uncertain || rest.note ? rest : rest.condition;
        }) })
      : null;
    const call = marked && item.uncertain
      ? el("p", { class: "small", text: `A judgement call: this condition may not hold${item.note ? ` (${item.note})` : ""}.` }) : null;
    list.append(el("li", {}, el("div", { class: "row" }, kindField, textField, markField, remove), call));
  });
  return section("Infeasible states", "forms-infeasible",
    el("p", { class: "small", text: "A state that matches any of these conditions cannot occur, and is left out of the analysis. "
      + "Write a condition with option names, not, and, or, if, iff and parentheses; it is checked as you type." }),
    list,
    adder("Add the condition", [["New condition: a state is infeasible when", "for example a and b", "condition"]], "cond-add",
      ([v]) => changes.conditions((l) => l.push(v)), { live: true, place: `infeasible[${(data.infeasible || []).length}]` }));
}

const FIXED_VALUES = [["", "free"], ["Y", "fixed at Y (taken)"], ["N", "fixed at N (not taken)"]];

// A fixed option's value as written, Y or N alone or {value:, uncertain:, note:}, as one mapping.
function fixedEntry(given) {
  if (given && typeof given === "object") return { ...given, value: yesNo(given.value) };
  return { value: yesNo(given) };
}

function yesNo(value) {
  if (value === true) return "Y";
  if (value === false) return "N";
  return String(value).toUpperCase();
}

// A concept per decision maker (the model's profile): the Stability tab lists the equilibria under it.
function drawProfile(data) {
  // the concepts a profile takes (/api/concepts' "profile") of the families the model supports, and any the
  // model's profile names already
  const families = window.standoff.families || ["standard"];
  const offered = Object.values(CONCEPTS).filter((c) => c.profile && families.includes(c.family)).map((c) => c.key);
  for (const concept of Object.values(data.profile || {})) {
    if (!offered.includes(String(concept).trim().toLowerCase())) offered.push(concept);
  }
  const choices = [["", "no profile"], ...offered.map((c) => [c, CONCEPT_NAMES[c] || c])];
  const list = el("ul", { class: "profile-fields" });
  data.decision_makers.forEach((dm, d) => {
    list.append(el("li", {}, field(`${dm.name} is judged by`, profileConcept(data, dm.name), { key: `profile-${d}`,
      place: `profile.${dm.name}`, options: choices, make: (v) => changes.profile(d, v) })));
  });
  return section("A concept per decision maker", "forms-profile",
    el("p", { class: "small", text: "Judge each decision maker by its own stability concept (a profile, as GMCR II allowed): a state "
      + "stable for every decision maker under its own concept is an equilibrium under the profile, listed with the others in "
      + "the Stability tab. The first concept chosen applies to every decision maker; then choose each one's. "
      + "“no profile” removes it." }),
    list);
}

function drawFixed(data) {
  const list = el("ul", { class: "fixed-fields" });
  modelOrder(data).forEach((name, i) => {
    const entry = data.fixed && name in data.fixed ? fixedEntry(data.fixed[name]) : null;
    const place = `fixed.${name}`;
    const valueField = field(`Option ${name} is`, entry ? entry.value : "", { key: `fix-${i}`, place, options: FIXED_VALUES,
      make: (v) => changes.fixed(name, (e) => (v ? { ...(e || {}), value: v } : null)) });
    const markField = entry
      ? field(`Fixing ${name} is`, entry.uncertain ? "uncertain" : "", { key: `fix-${i}-call`, place: `${place}.uncertain`,
        options: CALL_MARKS,
        make: (v) => changes.fixed(name, (e) => {
          const next = { ...e };
          if (v) next.uncertain = true; else { delete next.uncertain; delete next.weight; }
          return next;
        }) })
      : null;
    const call = entry && entry.uncertain
      ? el("p", { class: "small", text: `A judgement call: ${name} may be free${entry.note ? ` (${entry.note})` : ""}.` }) : null;
    list.append(el("li", {}, el("div", { class: "row" }, valueField, markField), call));
  });
  return section("Fixed options", "forms-fixed",
    el("p", { class: "small", text: "A fixed option keeps its value in every state analysed, so the analysis concentrates on the "
      + "others (as --fix does on the command line). Mark the fixing a judgement call when the option may in fact be free: "
      + "robustness and the audit then read the model both ways." }),
    list);
}

function drawStates(data, stateNames) {
  const datalist = el("datalist", { id: "forms-state-names" }, ...stateNames.map((n) => el("option", { value: n })));
  const list = el("ul", { class: "named-fields" });
  Object.entries(data.states || {}).forEach(([name, value], i) => {
    const entry = typeof value === "string" ? { state: value } : value;
    const place = `states.${name}`;
    const [remove, confirmBox, removeError] = removal("✕", `Remove the named state ${name}`, `ns-${i}-remove`,
      (removed) => changes.removeNamedState(name, removed), `the named state ${name}`);
    list.append(el("li", {}, el("div", { class: "row" },
      field("Name", name, { key: `ns-${i}-name`, place, make: (v) => changes.renameNamedState(name, v) }),
      field(`State of ${name}`, entry.state, { key: `ns-${i}-state`, place, live: true, wide: true, hint: "a pattern (one Y, N or - per option, in model order) or a condition",
        make: (v) => changes.namedState(name, (e) => { e.state = v; }) }),
      field(`Description of ${name}`, entry.description || "", { key: `ns-${i}-description`, place, wide: true,
        make: (v) => changes.namedState(name, (e) => { if (v) e.description = v; else delete e.description; }) }),
      remove), confirmBox, removeError));
  });
  const order = modelOrder(data);
  return section("Named states and the status quo", "forms-states",
    el("p", { class: "small", text: `Patterns give one letter per option, in this order: ${order.join(", ")}.` }),
    datalist,
    field("Status quo: the state the conflict is in", data.status_quo ?? "", { key: "status-quo", place: "status_quo", live: true,
      list: "forms-state-names", hint: "a named state, a pattern or a condition; empty for none",
      make: (v) => changes.statusQuo(v) }),
    list,
    adder("Add the named state", [["New named state", "a name", "name"], ["Its state", "a pattern or a condition", "state"]], "ns-add",
      ([name, text]) => changes.addNamedState(name, text), { place: "states" }));
}

function drawHistory(data, dmOptions, stateNames) {
  const steps = data.history || [];
  const list = el("ol", { class: "history-fields" });
  const movers = [["", "not said"], ...dmOptions.map(([, name]) => [name, name])];
  steps.forEach((step, i) => {
    const place = `history[${i}]`;
    const set = (key) => (v) => changes.history((h) => { if (v) h[i] = { ...h[i], [key]: v }; else { h[i] = { ...h[i] }; delete h[i][key]; } });
    const remove = button("✕", `Remove history step ${i + 1}`, `hist-${i}-remove`, () => {
      editor.focusKey = "hist-add-date";
      send(() => changes.history((h) => h.splice(i, 1)), remove, `Removed history step ${i + 1}`);
    });
    const stateField = field(`State at step ${i + 1}`, step.state ?? "", { key: `hist-${i}-state`, place: `${place}.state`, live: true, step: place,
      list: "forms-state-names", make: set("state") });
    remove.setAttribute("data-error", stateField.querySelector("input").getAttribute("data-error"));
    list.append(el("li", {},
      el("div", { class: "row" },
        field(`Date of step ${i + 1}`, step.date ?? "", { key: `hist-${i}-date`, place: `${place}.date`, step: place, make: set("date") }),
        stateField,
        field(`Who moved at step ${i + 1}`, step.mover ?? "", { key: `hist-${i}-mover`, place: `${place}.mover`, options: movers, step: place, make: set("mover") }),
        remove),
      el("div", { class: "row" },
        field(`What happened at step ${i + 1}`, step.description ?? "", { key: `hist-${i}-description`, place, wide: true, make: set("description") }),
        field(`Source of step ${i + 1}`, step.source ?? "", { key: `hist-${i}-source`, place, wide: true, make: set("source") }))));
  });
  return section("History", "forms-history",
    el("p", { class: "small", text: "What happened, in time order: each step a date and the state the conflict was in "
      + "(a named state, a pattern or a condition matching one state). The Evolution tab compares it with the model." }),
    list,
    adder("Add the step", [["Date of the new step", "for example 2019-02-28", "date"], ["Its state", "a named state or a pattern", "state"]], "hist-add",
      ([date, text]) => changes.history((h) => h.push({ date, state: text })), { place: `history[${steps.length}]`, step: `history[${steps.length}]` }));
}

// -- forms or text ---------------------------------------------------------------------------------------

function setMode(mode) {
  editor.mode = mode;
  for (const b of document.querySelectorAll("#edit-mode button")) b.setAttribute("aria-pressed", String(b.dataset.mode === mode));
  document.getElementById("forms").hidden = mode !== "forms";
  document.getElementById("text-editor").hidden = mode !== "text";
  document.getElementById("forms-stale").hidden = !(mode === "forms" && document.body.classList.contains("stale"));
  if (mode === "forms") { editor.drawn = null; drawForms(); }
}

function setUpEditor() {
  const column = document.querySelector("#panel-model .editor");
  if (!column) return;
  const textBox = el("div", { id: "text-editor" });
  textBox.append(...column.childNodes);
  const switcher = el("div", { id: "edit-mode", class: "edit-mode", role: "group", "aria-label": "Edit the model with" },
    el("span", { text: "Edit with:" }),
    el("button", { type: "button", text: "Forms", "data-mode": "forms" }),
    el("button", { type: "button", text: "YAML text", "data-mode": "text" }));
  for (const b of switcher.querySelectorAll("button")) b.addEventListener("click", () => setMode(b.dataset.mode));
  const stale = el("p", { id: "forms-stale", class: "note", hidden: true,
    text: "The YAML text has a problem: the forms show the last model that read, and a change made here replaces the text." });
  const problems = textBox.querySelector("#problems");
  problems.addEventListener("click", (event) => {
    if (event.target.closest("button") && editor.mode !== "text") setMode("text");
  }, true);
  column.append(switcher, stale, problems, el("div", { id: "forms", "aria-label": "The model in forms" }), textBox);
  setMode("forms");
  document.addEventListener("standoff:analysed", () => {
    document.getElementById("forms-stale").hidden = !(editor.mode === "forms" && document.body.classList.contains("stale"));
    if (editor.mode === "forms") drawForms();
  });
}

setUpEditor();
})();
