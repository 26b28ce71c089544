"use strict";
// The kg graph viewer. Every text from the data (labels, aliases, quotes, titles) is untrusted:
// it is shown with textContent or as vis-network canvas labels, never parsed as HTML.
(function () {
  const data = JSON.parse(document.getElementById("kg-graph").textContent);
  const byId = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";
  const large = !data.physics;
  // Arrowheads are most of the drawing time of a large graph, and too small to see when it is
  // zoomed out: above the physics limit they are drawn from this zoom level on.
  const ARROW_SCALE = 0.6;
  const NO_ARROWS = { to: { enabled: false }, middle: { enabled: false } };

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function svg(tag, attributes) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, String(value));
    return node;
  }

  // ---- dates: compared on their common prefix, as kg.network.dates.valid_on does
  function onOrBefore(earlier, later) {
    const size = Math.min(earlier.length, later.length);
    return earlier.slice(0, size) <= later.slice(0, size);
  }
  function validOn(date, start, end, point) {
    return (!start || onOrBefore(start, date)) && (!end || onOrBefore(date, end)) && (!point || onOrBefore(point, date));
  }
  function holdsOn(edge, date) {
    if (!date) return true;
    if (edge.periods.length) return edge.periods.some((p) => validOn(date, p[0], p[1], p[2]));
    return validOn(date, edge.start, edge.end, edge.point);
  }

  // ---- colours
  function shade(hex, amount) {
    const value = parseInt(hex.slice(1), 16);
    const channel = (shift) => Math.max(0, Math.min(255, Math.round(((value >> shift) & 255) * amount)));
    return "#" + [16, 8, 0].map((shift) => channel(shift).toString(16).padStart(2, "0")).join("");
  }

  // ---- vis items
  const relations = data.relations;
  const types = data.types;
  const adjacency = data.nodes.map(() => []);
  data.edges.forEach((edge) => {
    adjacency[edge.from].push(edge);
    if (edge.to !== edge.from) adjacency[edge.to].push(edge);
  });

  function nodeColour(node) {
    const colour = types[node.type].colour;
    return { background: colour, border: shade(colour, 0.7), highlight: { background: colour, border: "#102a43" },
      hover: { background: colour, border: "#102a43" } };
  }
  const nodeItems = data.nodes.map((node) => {
    const item = { id: node.id, label: node.label, shape: types[node.type].shape, value: node.value, color: nodeColour(node),
      font: { color: "#1f2933" } };
    if (node.x !== undefined) { item.x = node.x; item.y = node.y; }
    if (data.focus && data.focus.id === node.id) { item.borderWidth = 4; item.color.border = "#102a43"; }
    return item;
  });

  function arrowsFor(relation) {
    if (relation.symmetric) {
      return relation.marker ? { middle: { enabled: true, type: relation.marker, scaleFactor: 0.6 }, to: { enabled: false } }
        : { to: { enabled: false } };
    }
    return { to: { enabled: true, type: relation.marker || "arrow", scaleFactor: 0.7 } };
  }
  const pairCount = new Map();
  const edgeItems = data.edges.map((edge) => {
    const relation = relations[edge.rel];
    const pair = Math.min(edge.from, edge.to) + "-" + Math.max(edge.from, edge.to);
    const rank = pairCount.get(pair) || 0;
    pairCount.set(pair, rank + 1);
    const color = { color: relation.colour, highlight: relation.colour, hover: relation.colour, opacity: 0.9 };
    const item = { id: edge.id, from: edge.from, to: edge.to, width: relation.width, color: color,
      dashes: edge.dashed ? [7, 5] : false, arrows: large ? NO_ARROWS : arrowsFor(relation) };
    if (rank > 0) {
      item.smooth = { enabled: true, type: rank % 2 ? "curvedCW" : "curvedCCW", roundness: 0.18 * Math.ceil(rank / 2) };
    }
    return item;
  });

  const nodes = new vis.DataSet(nodeItems);
  const edges = new vis.DataSet(edgeItems);
  let visibleNodes = new Set(nodeItems.map((n) => n.id));
  let visibleEdges = new Set(edgeItems.map((e) => e.id));

  const options = {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: data.physics && data.nodes.length < 120 },
    physics: data.physics ? {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -120, centralGravity: 0.01, springLength: 140, springConstant: 0.045, avoidOverlap: 0.8 },
      stabilization: { enabled: true, iterations: 700, updateInterval: 50, fit: true },
    } : false,
    interaction: { hover: true, tooltipDelay: 60, hideEdgesOnDrag: large, hideEdgesOnZoom: large, keyboard: false },
    nodes: {
      borderWidth: 1.5,
      widthConstraint: { maximum: 170 },
      scaling: { min: 9, max: 38, label: { enabled: true, min: 12, max: 19, drawThreshold: large ? 9 : 5, maxVisible: 26 } },
      font: { face: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", strokeWidth: 4, strokeColor: "#ffffff" },
    },
    edges: { selectionWidth: 1.2, hoverWidth: 0.6, smooth: data.physics ? { type: "continuous", roundness: 0.35 } : false },
  };
  const network = new vis.Network(byId("graph"), { nodes, edges }, options);
  // What vis-network draws: its own lists of visible node and edge ids (tests and benchmarks read them).
  const drawnCounts = () => [network.body.nodeIndices.length, network.body.edgeIndices.length];
  const viewer = { network, nodes, edges, drawnCounts, firstDraw: null, ready: false };
  window.kgViewer = viewer;
  network.once("afterDrawing", () => { viewer.firstDraw = performance.now(); });
  if (data.physics) {
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: false });
      viewer.ready = true;
    });
  } else {
    viewer.ready = true;
  }

  let arrowsShown = !large;
  function arrowsForZoom() {
    const wanted = network.getScale() >= ARROW_SCALE;
    if (!large || wanted === arrowsShown) return;
    arrowsShown = wanted;
    edges.update(data.edges.map((edge) => ({ id: edge.id, arrows: wanted ? arrowsFor(relations[edge.rel]) : NO_ARROWS })));
  }
  network.on("zoom", arrowsForZoom);
  network.on("animationFinished", arrowsForZoom);

  // ---- text of nodes and edges
  const nodeName = (id) => data.nodes[id].label;
  function dateText(edge) {
    const parts = [];
    if (edge.start) parts.push("from " + edge.start);
    if (edge.end) parts.push("until " + edge.end);
    if (edge.point) parts.push("reported " + edge.point);
    return parts.join(", ");
  }
  function edgeHeadline(edge) {
    const relation = relations[edge.rel];
    const link = relation.symmetric ? " — " + relation.label + " — " : " → " + relation.label + " → ";
    return nodeName(edge.from) + link + nodeName(edge.to);
  }
  function trustText(edge) {
    const parts = [];
    if (edge.claimedBy.length) parts.push((edge.claim ? "only claimed by " : "also claimed by ") + edge.claimedBy.join(", "));
    if (edge.confidence !== null && edge.confidence !== undefined) parts.push("confidence " + edge.confidence);
    return parts.join("; ");
  }
  const sourceTitle = (index) => (index === null || index === undefined ? "" : data.sources[index].title);
  function clip(text, size) {
    return text.length > size ? text.slice(0, size - 1) + "…" : text;
  }
  function keyRelations(id, limit) {
    const lines = adjacency[id].filter((edge) => visibleEdges.has(edge.id))
      .sort((a, b) => data.nodes[a.from === id ? a.to : a.from].value < data.nodes[b.from === id ? b.to : b.from].value ? 1 : -1)
      .map((edge) => {
        const relation = relations[edge.rel];
        if (relation.symmetric) return relation.label + " " + nodeName(edge.from === id ? edge.to : edge.from);
        return edge.from === id ? relation.label + " " + nodeName(edge.to) : nodeName(edge.from) + " " + relation.label;
      });
    return limit ? lines.slice(0, limit) : lines;
  }

  // ---- tooltip (built from text nodes, positioned at the pointer)
  const tooltip = byId("tooltip");
  let pointer = { x: 0, y: 0 };
  byId("graph").addEventListener("pointermove", (event) => {
    pointer = { x: event.clientX, y: event.clientY };
    if (!tooltip.hidden) placeTooltip();
  });
  function placeTooltip() {
    const width = tooltip.offsetWidth, height = tooltip.offsetHeight;
    const x = pointer.x + 16 + width > window.innerWidth ? pointer.x - width - 12 : pointer.x + 16;
    const y = pointer.y + 14 + height > window.innerHeight ? pointer.y - height - 10 : pointer.y + 14;
    tooltip.style.left = Math.max(4, x) + "px";
    tooltip.style.top = Math.max(4, y) + "px";
  }
  function showTooltip(parts) {
    tooltip.replaceChildren(...parts);
    tooltip.hidden = false;
    placeTooltip();
  }
  function nodeTooltip(id) {
    const node = data.nodes[id];
    const parts = [el("div", node.label, "head"), el("div", types[node.type].label, "meta")];
    if (node.aliases.length) parts.push(el("div", "also: " + clip(node.aliases.join(", "), 160)));
    const lines = keyRelations(id, 6);
    if (lines.length) {
      const list = el("div");
      lines.forEach((line) => list.append(el("div", "• " + line)));
      const more = adjacency[id].filter((edge) => visibleEdges.has(edge.id)).length - lines.length;
      if (more > 0) list.append(el("div", "… and " + more + " more (click for all)", "meta"));
      parts.push(list);
    }
    return parts;
  }
  function edgeTooltip(id) {
    const edge = data.edges[id];
    const parts = [el("div", edgeHeadline(edge), "head")];
    for (const text of [dateText(edge), trustText(edge)]) if (text) parts.push(el("div", text, "meta"));
    if (edge.sources.length) parts.push(el("div", "source: " + clip(edge.sources.map(sourceTitle).join("; "), 200)));
    if (edge.evidence.length) parts.push(el("blockquote", clip(edge.evidence[0][0], 280)));
    return parts;
  }
  network.on("hoverNode", (params) => showTooltip(nodeTooltip(params.node)));
  network.on("hoverEdge", (params) => showTooltip(edgeTooltip(params.edge)));
  for (const name of ["blurNode", "blurEdge", "dragStart", "zoom"]) network.on(name, () => { tooltip.hidden = true; });

  // ---- details panel (click)
  const details = byId("details");
  function definitionList(rows) {
    const list = el("dl");
    for (const [term, value] of rows) if (value) list.append(el("dt", term), el("dd", value));
    return list;
  }
  function showNodeDetails(id) {
    const node = data.nodes[id];
    byId("details-title").textContent = node.label;
    const body = [definitionList([["type", types[node.type].label], ["aliases", node.aliases.join(", ")], ["IRI", node.iri]])];
    const lines = keyRelations(id, 0);
    if (lines.length) {
      const list = el("ul");
      lines.forEach((line) => list.append(el("li", line)));
      body.push(el("div", lines.length + " relation" + (lines.length === 1 ? "" : "s") + " shown:", "hint"), list);
    }
    byId("details-body").replaceChildren(...body);
    details.hidden = false;
  }
  function showEdgeDetails(id) {
    const edge = data.edges[id];
    byId("details-title").textContent = edgeHeadline(edge);
    const body = [definitionList([["dates", dateText(edge)], ["trust", trustText(edge)],
      ["kind", edge.claim ? "someone's claim, not reported independently" : ""]])];
    edge.evidence.forEach(([quote, source]) => {
      body.push(el("blockquote", quote));
      if (source !== null && source !== undefined) body.push(el("div", "— " + sourceTitle(source), "hint"));
    });
    const quoted = new Set(edge.evidence.map((item) => item[1]));
    const others = edge.sources.filter((index) => !quoted.has(index));
    if (others.length) body.push(el("div", "sources: " + others.map(sourceTitle).join("; "), "hint"));
    byId("details-body").replaceChildren(...body);
    details.hidden = false;
  }

  // ---- highlight a node's neighbourhood: after vis-network has drawn, veil the canvas and draw
  // the neighbourhood again on top with vis-network's own node and edge painters. No data
  // changes, so it costs one redraw even at thousands of nodes.
  let highlighted = null;
  let near = null;
  function highlight(id) {
    near = { nodes: new Set([id]), edges: new Set() };
    adjacency[id].forEach((edge) => {
      if (visibleEdges.has(edge.id)) { near.nodes.add(edge.from); near.nodes.add(edge.to); near.edges.add(edge.id); }
    });
    highlighted = id;
    network.redraw();
  }
  function clearHighlight() {
    if (highlighted === null) return;
    highlighted = null;
    near = null;
    network.redraw();
  }
  network.on("afterDrawing", (ctx) => {
    if (near === null) return;
    const box = byId("graph");
    const from = network.DOMtoCanvas({ x: 0, y: 0 });
    const to = network.DOMtoCanvas({ x: box.clientWidth, y: box.clientHeight });
    ctx.save();
    ctx.fillStyle = "rgba(255, 255, 255, 0.82)";
    ctx.fillRect(from.x, from.y, to.x - from.x, to.y - from.y);
    ctx.restore();
    const body = network.body;
    for (const id of near.edges) {
      const edge = body.edges[id];
      if (edge && edge.connected) { edge.draw(ctx); edge.drawArrows(ctx); }
    }
    const labels = [];
    for (const id of near.nodes) {
      const node = body.nodes[id];
      const later = node ? node.draw(ctx) : null;
      if (later && later.drawExternalLabel) labels.push(later.drawExternalLabel);
    }
    labels.forEach((draw) => draw());
  });
  viewer.neighbourhood = () => (near === null ? [] : Array.from(near.nodes));
  network.on("click", (params) => {
    tooltip.hidden = true;
    if (params.nodes.length) {
      highlight(params.nodes[0]);
      showNodeDetails(params.nodes[0]);
    } else if (params.edges.length) {
      clearHighlight();
      showEdgeDetails(params.edges[0]);
    } else {
      clearHighlight();
      details.hidden = true;
    }
  });

  // ---- filters
  const state = { relations: new Set(relations.map((_, i) => i)), types: new Set(types.map((_, i) => i)), date: null };
  // Filters hide and show items with vis-network's "hidden" flag, updating only the items that change.
  function applyFilters() {
    const edgesNow = new Set();
    const degree = new Map();
    for (const edge of data.edges) {
      if (!state.relations.has(edge.rel) || !holdsOn(edge, state.date)) continue;
      if (!state.types.has(data.nodes[edge.from].type) || !state.types.has(data.nodes[edge.to].type)) continue;
      edgesNow.add(edge.id);
      degree.set(edge.from, (degree.get(edge.from) || 0) + 1);
      degree.set(edge.to, (degree.get(edge.to) || 0) + 1);
    }
    const nodesNow = new Set();
    for (const node of data.nodes) {
      if (state.types.has(node.type) && (degree.has(node.id) || adjacency[node.id].length === 0)) nodesNow.add(node.id);
    }
    const changed = (before, after, items) => items.filter((item) => before.has(item.id) !== after.has(item.id))
      .map((item) => ({ id: item.id, hidden: !after.has(item.id) }));
    const nodeChanges = changed(visibleNodes, nodesNow, nodeItems);
    const edgeChanges = changed(visibleEdges, edgesNow, edgeItems);
    visibleNodes = nodesNow;
    visibleEdges = edgesNow;
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    if (highlighted !== null) {
      if (visibleNodes.has(highlighted)) highlight(highlighted); else { clearHighlight(); details.hidden = true; }
    }
    updateSummary();
  }

  function updateSummary() {
    const parts = [];
    const counts = data.counts;
    const filtered = visibleNodes.size !== data.nodes.length || visibleEdges.size !== data.edges.length;
    const number = (value) => value.toLocaleString("en");
    parts.push(filtered ? number(visibleNodes.size) + " of " + number(counts.shown_nodes) + " actors, " +
      number(visibleEdges.size) + " of " + number(counts.shown_edges) + " relations shown"
      : number(counts.shown_nodes) + " actors, " + number(counts.shown_edges) + " relations");
    if (data.as_of) parts.push("as of " + data.as_of);
    if (data.focus) parts.push("around " + data.focus.label + " (" + data.focus.hops + " hops)");
    byId("summary").textContent = parts.join(" · ");
  }

  function relationSample(relation) {
    const picture = svg("svg", { width: 40, height: 14, viewBox: "0 0 40 14", "aria-hidden": "true" });
    const stroke = { stroke: relation.colour, "stroke-width": Math.min(relation.width, 3.5), fill: "none" };
    picture.append(svg("line", { x1: 2, y1: 7, x2: relation.symmetric ? 38 : 30, y2: 7, ...stroke }));
    const at = relation.symmetric ? 20 : 34;
    const fill = { fill: relation.colour, stroke: relation.colour };
    const marker = relation.symmetric ? relation.marker : relation.marker || "arrow";
    if (marker === "arrow") picture.append(svg("polygon", { points: `${at - 6},2 ${at + 4},7 ${at - 6},12`, ...fill }));
    if (marker === "vee") picture.append(svg("polyline", { points: `${at - 6},2 ${at + 3},7 ${at - 6},12`, ...stroke, "stroke-width": 2 }));
    if (marker === "diamond") picture.append(svg("polygon", { points: `${at - 6},7 ${at - 1},2 ${at + 4},7 ${at - 1},12`, ...fill }));
    if (marker === "circle") picture.append(svg("circle", { cx: at - 1, cy: 7, r: 3.6, ...fill }));
    if (marker === "box") picture.append(svg("rect", { x: at - 5, y: 3, width: 8, height: 8, ...fill }));
    if (marker === "bar") picture.append(svg("line", { x1: at, y1: 1, x2: at, y2: 13, stroke: relation.colour, "stroke-width": 2.5 }));
    return picture;
  }

  function typeSample(kind) {
    const picture = svg("svg", { width: 16, height: 16, viewBox: "0 0 16 16", "aria-hidden": "true" });
    const paint = { fill: kind.colour, stroke: shade(kind.colour, 0.7), "stroke-width": 1.2 };
    const polygon = (points) => svg("polygon", { points, ...paint });
    const shapes = {
      dot: () => svg("circle", { cx: 8, cy: 8, r: 6, ...paint }),
      square: () => svg("rect", { x: 2.5, y: 2.5, width: 11, height: 11, ...paint }),
      triangle: () => polygon("8,1.5 14.5,14 1.5,14"),
      triangleDown: () => polygon("1.5,2 14.5,2 8,14.5"),
      diamond: () => polygon("8,1 15,8 8,15 1,8"),
      star: () => polygon("8,1 9.9,5.6 14.7,5.8 11,8.9 12.2,13.7 8,11 3.8,13.7 5,8.9 1.3,5.8 6.1,5.6"),
      hexagon: () => polygon("4.5,2 11.5,2 15,8 11.5,14 4.5,14 1,8"),
    };
    picture.append((shapes[kind.shape] || shapes.dot)());
    return picture;
  }

  function filterRow(sample, label, count, checked, onChange) {
    const row = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.setAttribute("aria-label", label);
    box.addEventListener("change", () => onChange(box.checked));
    row.append(box, sample, el("span", label), el("span", count, "count"));
    return row;
  }

  function buildFilters() {
    const relationBox = byId("relations");
    relations.forEach((relation, index) => relationBox.append(filterRow(relationSample(relation),
      relation.label, relation.count, true, (on) => { on ? state.relations.add(index) : state.relations.delete(index); applyFilters(); })));
    const typeBox = byId("types");
    types.forEach((kind, index) => typeBox.append(filterRow(typeSample(kind), kind.label, kind.count, true,
      (on) => { on ? state.types.add(index) : state.types.delete(index); applyFilters(); })));
    for (const button of document.querySelectorAll("[data-all], [data-none]")) {
      button.addEventListener("click", () => {
        const group = button.dataset.all || button.dataset.none;
        const on = Boolean(button.dataset.all);
        const target = group === "relations" ? state.relations : state.types;
        byId(group).querySelectorAll("input").forEach((box, index) => {
          box.checked = on;
          on ? target.add(index) : target.delete(index);
        });
        applyFilters();
      });
    }
    byId("line-key").textContent = "Colour: green cooperation, red hostility, grey neutral. Dashed: only someone's claim, " +
      "or confidence below " + data.low_confidence + ". Arrows run from subject to object; symmetric relations have none." +
      (large ? " In a graph this large, arrowheads appear once you zoom in." : "");
  }

  // ---- date slider: each date found in the data, then "all dates"
  const slider = byId("date");
  slider.max = String(data.dates.length);
  slider.value = String(data.dates.length);
  function dateChanged() {
    const index = Number(slider.value);
    state.date = index < data.dates.length ? data.dates[index] : null;
    byId("date-label").textContent = state.date || (data.as_of ? data.as_of : "all dates");
    applyFilters();
  }
  slider.addEventListener("input", dateChanged);
  slider.disabled = data.dates.length === 0;

  // ---- search by name or alias
  const names = [];
  data.nodes.forEach((node) => {
    names.push([node.label.toLowerCase(), node.id]);
    node.aliases.forEach((alias) => names.push([alias.toLowerCase(), node.id]));
  });
  const datalist = byId("names");
  const seen = new Set();
  for (const node of data.nodes) {
    for (const name of [node.label, ...node.aliases]) {
      if (seen.has(name)) continue;
      seen.add(name);
      const option = document.createElement("option");
      option.value = name;
      datalist.append(option);
    }
  }
  function find(text) {
    const wanted = text.trim().toLowerCase();
    if (!wanted) return null;
    const exact = names.find(([name]) => name === wanted);
    if (exact) return exact[1];
    const partial = names.find(([name]) => name.includes(wanted));
    return partial ? partial[1] : null;
  }
  function search() {
    const result = byId("search-result");
    const id = find(byId("search").value);
    if (id === null) {
      result.textContent = byId("search").value.trim() ? "No actor of that name or alias is drawn." : "";
      return;
    }
    if (!visibleNodes.has(id)) {
      result.textContent = nodeName(id) + " is hidden by the filters.";
      return;
    }
    result.textContent = "";
    network.selectNodes([id]);
    highlight(id);
    showNodeDetails(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
  }
  byId("search").addEventListener("change", search);
  byId("search").addEventListener("keydown", (event) => { if (event.key === "Enter") search(); });

  byId("reset").addEventListener("click", () => {
    byId("search").value = "";
    byId("search-result").textContent = "";
    state.relations = new Set(relations.map((_, i) => i));
    state.types = new Set(types.map((_, i) => i));
    document.querySelectorAll(".filters input").forEach((box) => { box.checked = true; });
    slider.value = String(data.dates.length);
    clearHighlight();
    details.hidden = true;
    network.unselectAll();
    dateChanged();
    network.fit({ animation: { duration: 300 } });
  });

  byId("title").textContent = data.title;
  if (data.note) {
    byId("note").textContent = data.note;
    byId("note").hidden = false;
  }
  buildFilters();
  byId("date-label").textContent = data.as_of || "all dates";
  updateSummary();
})();
