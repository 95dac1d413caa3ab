// The start page: the models the server offers, and importing a file into the workspace.
"use strict";

async function listModels() {
  const list = document.getElementById("models");
  const response = await fetch("/api/models");
  const models = await response.json();
  list.textContent = "";
  if (!models.length) {
    list.innerHTML = "<li>No model was given; import one below or start a new one.</li>";
  }
  for (const model of models) {
    const item = document.createElement("li");
    item.className = "card";
    const link = document.createElement("a");
    link.href = "/app?model=" + encodeURIComponent(model.id);
    link.className = "model-link";
    link.dataset.model = model.id;
    link.textContent = model.name;
    const heading = document.createElement("h3");
    heading.append(link);
    const facts = document.createElement("p");
    facts.className = "small";
    const who = model.decision_makers.length ? model.decision_makers.join(", ") + "; " : "";
    facts.textContent = `${model.file} (${model.origin}): ${who}${model.options} options`;
    item.append(heading, facts);
    if (model.problem) {
      const problem = document.createElement("p");
      problem.className = "problem";
      problem.textContent = model.problem;
      item.append(problem);
    }
    list.append(item);
  }
}

document.getElementById("import-file").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  const text = await file.text();
  const format = file.name.toLowerCase().endsWith(".gmcr") ? "gmcr"
    : file.name.toLowerCase().endsWith(".json") ? "json" : "yaml";
  sessionStorage.setItem("standoff-import", JSON.stringify({ model: text, format, name: file.name }));
  location.href = "/app?import=1";
});

listModels();
