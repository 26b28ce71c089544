"use strict";
(function () {
  // Everything shown here comes from the store or the server: it is set as text, never as markup.
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const queryBox = document.getElementById("query");
  const statusLine = document.getElementById("status");
  const results = document.getElementById("results");
  const format = document.getElementById("format");

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function showStatus(text, isError) {
    statusLine.textContent = text;
    statusLine.className = isError ? "error" : "";
  }

  function termText(term) {
    if (!term) return "";
    if (term.type === "triple") return "<< " + ["subject", "predicate", "object"].map((k) => termText(term.value[k])).join(" ") + " >>";
    if (term.type === "bnode") return "_:" + term.value;
    return term.value;
  }

  function showTable(json) {
    results.replaceChildren();
    if (json.boolean !== undefined) {
      results.append(element("pre", String(json.boolean), "raw"));
      return 1;
    }
    const table = element("table");
    const head = element("tr");
    json.head.vars.forEach((name) => head.append(element("th", name)));
    const thead = element("thead");
    thead.append(head);
    table.append(thead);
    const body = element("tbody");
    for (const row of json.results.bindings) {
      const tr = element("tr");
      json.head.vars.forEach((name) => tr.append(element("td", termText(row[name]), row[name] && row[name].type === "uri" ? "uri" : "")));
      body.append(tr);
    }
    table.append(body);
    results.append(table);
    return json.results.bindings.length;
  }

  async function run(url, options) {
    const started = performance.now();
    showStatus("running…");
    results.replaceChildren();
    let response;
    try {
      response = await fetch(url, options);
    } catch (error) {
      showStatus("the server did not answer: " + error, true);
      return;
    }
    const body = await response.text();
    const took = Math.round(performance.now() - started) + " ms";
    if (!response.ok) {
      showStatus(response.status + " " + response.statusText + ": " + body.trim(), true);
      return;
    }
    const truncated = response.headers.get("Kg-Truncated") ? " — cut at the row limit of " + data.limits.max_rows : "";
    const type = response.headers.get("Content-Type") || "";
    if (type.startsWith("application/sparql-results+json")) {
      const count = showTable(JSON.parse(body));
      showStatus(count + " row" + (count === 1 ? "" : "s") + " in " + took + truncated);
    } else {
      results.replaceChildren(element("pre", body, "raw"));
      showStatus(type.split(";")[0] + " in " + took + truncated);
    }
  }

  function runFree() {
    const form = new URLSearchParams({ query: queryBox.value });
    run("/sparql", { method: "POST", body: form, headers: { Accept: format.value } });
  }

  function namedCard(query) {
    const card = element("div", null, "named");
    card.append(element("h3", query.name), element("p", query.description));
    const inputs = {};
    for (const param of query.params) {
      const label = element("label", param.name + (param.required ? " (required)" : "") + " — " + param.description);
      const input = element("input");
      input.name = param.name;
      input.required = param.required;
      input.setAttribute("aria-label", param.name);
      label.append(input);
      card.append(label);
      inputs[param.name] = input;
    }
    const row = element("div", null, "row");
    const go = element("button", "Run");
    go.type = "button";
    const show = element("button", "Show SPARQL", "secondary");
    show.type = "button";
    row.append(go, show);
    card.append(row);
    go.addEventListener("click", () => {
      const params = new URLSearchParams();
      for (const [name, input] of Object.entries(inputs)) if (input.value.trim()) params.append(name, input.value.trim());
      queryBox.value = query.text;
      run("/named/" + encodeURIComponent(query.name) + "?" + params, { headers: { Accept: format.value } });
    });
    show.addEventListener("click", () => { queryBox.value = query.text; queryBox.focus(); });
    return card;
  }

  const list = document.getElementById("named");
  data.queries.forEach((query) => list.append(namedCard(query)));
  queryBox.value = data.example;
  document.getElementById("run").addEventListener("click", runFree);
  queryBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) runFree();
  });
})();
