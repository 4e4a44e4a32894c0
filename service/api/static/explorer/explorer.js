// sgb explorer: plain JavaScript over the GraphQL API at /graphql (no library, no build step).
"use strict";

const state = { points: [], date: null, selected: null, rows: [] };
const $ = (id) => document.getElementById(id);

async function gql(query, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function showError(target, error) {
  target.replaceChildren(el("p", { class: "error" }, String(error.message || error)));
}

// -- the date ------------------------------------------------------------------------------------------
async function init() {
  const data = await gql("{ changePoints }");
  state.points = data.changePoints;
  $("slider").max = Math.max(state.points.length - 1, 0);
  $("slider").addEventListener("input", () => setDate(state.points[Number($("slider").value)]));
  $("date").addEventListener("change", () => $("date").value && setDate($("date").value));
  $("expand-all").addEventListener("click", () => setCollapsed(false));
  $("collapse-all").addEventListener("click", () => setCollapsed(true));
  $("diff-run").addEventListener("click", runDiff);
  await Promise.all([setDate($("date").value || state.points[state.points.length - 1]), loadTimeline()]);
}

function pointIndex(date) {
  let index = 0;
  state.points.forEach((point, i) => { if (point <= date) index = i; });
  return index;
}

async function setDate(date) {
  state.date = date;
  $("date").value = date;
  $("slider").value = pointIndex(date);
  document.querySelectorAll(".tl-date").forEach((b) => b.classList.toggle("current", b.dataset.date === date));
  await loadChart(date);
  if (state.selected) await showUnit(state.selected);
}

// -- the org chart -------------------------------------------------------------------------------------
const CHART = `query ($day: Date!) { organization(asOf: $day) {
  validFrom validTo rows { id parentId name nameEn kind head depth } } }`;

async function loadChart(date) {
  const chart = $("chart");
  try {
    const { organization } = await gql(CHART, { day: date });
    if (state.date !== date) return; // a later date was asked for meanwhile
    state.rows = organization.rows;
    const from = organization.validFrom || "the beginning", to = organization.validTo;
    $("validity").textContent = `same answer from ${from}${to ? " until the day before " + to : " on"}`;
    $("unit-count").textContent = `(${organization.rows.length} units on ${date})`;
    chart.replaceChildren(tree(organization.rows));
    chart.dataset.date = date;
  } catch (error) {
    showError(chart, error);
  }
}

function tree(rows) {
  const children = new Map();
  for (const row of rows) {
    const key = row.parentId || "";
    if (!children.has(key)) children.set(key, []);
    children.get(key).push(row);
  }
  const branch = (key) => {
    const list = el("ul");
    for (const row of children.get(key) || []) list.append(node(row, branch, children.has(row.id)));
    return list;
  };
  return rows.length ? branch("") : el("p", { class: "muted" }, "No unit is in force on this date.");
}

function node(row, branch, hasChildren) {
  const item = el("li", { "data-unit": row.id, class: row.depth >= 1 && hasChildren ? "collapsed" : "" });
  const toggle = el("button", { class: "toggle" + (hasChildren ? "" : " leaf"), type: "button",
    "aria-label": "expand or collapse", onclick: () => item.classList.toggle("collapsed") });
  const name = el("button", { class: "unit", type: "button", title: row.nameEn || "",
    "data-name": row.name, onclick: () => showUnit(row.id) }, row.name);
  if (row.id === state.selected) name.classList.add("selected");
  item.append(el("span", { class: "node" }, toggle, name, el("span", { class: "kind" }, row.kind),
    row.head ? el("span", { class: "head" }, row.head) : null));
  if (hasChildren) item.append(branch(row.id));
  return item;
}

function setCollapsed(collapsed) {
  document.querySelectorAll("#chart li").forEach((li) => {
    if (li.querySelector("ul")) li.classList.toggle("collapsed", collapsed);
  });
}

// -- one unit: its facts with their paragraphs, and its history ----------------------------------------
const UNIT = `query ($id: ID!, $day: Date!) {
  unit(id: $id, asOf: $day) { id name englishName { text confidence } kind validFrom validTo
    head { title reportsTo } parent { name } functions
    sources { section paragraph text issuance { symbol title } } }
  unitHistory(id: $id) { effectiveOn change kind name before after
    source { section paragraph text issuance { symbol title } } } }`;

function cite(source) {
  if (!source) return el("span", { class: "muted" }, "—");
  const where = [source.issuance.symbol, source.paragraph ? "§" + source.paragraph : source.section ? "§" + source.section : null]
    .filter(Boolean).join(" ");
  return el("div", { class: "source" }, el("strong", {}, where),
    source.issuance.title ? el("span", { class: "muted" }, " " + source.issuance.title) : null,
    source.text ? el("blockquote", {}, source.text) : null);
}

async function showUnit(id) {
  state.selected = id;
  document.querySelectorAll(".unit").forEach((b) => b.classList.toggle("selected", b.closest("li").dataset.unit === id));
  const detail = $("detail");
  try {
    const { unit, unitHistory } = await gql(UNIT, { id, day: state.date });
    const title = unit ? unit.name : id;
    const english = unit && unit.englishName
      ? `${unit.englishName.text}${unit.englishName.confidence === "UNSURE" ? " (unsure)" : ""}` : "";
    detail.replaceChildren(
      el("h3", { "data-testid": "unit-name" }, title), english ? el("p", { class: "muted" }, english) : null,
      unit ? facts(unit) : el("p", { class: "muted" }, `Not in force on ${state.date}.`),
      el("h4", {}, "History"), history(unitHistory));
  } catch (error) {
    showError(detail, error);
  }
}

function facts(unit) {
  const list = el("ul", {},
    el("li", {}, `kind: ${unit.kind.toLowerCase()}; in force ${unit.validFrom} – ${unit.validTo || "…"}`),
    unit.parent ? el("li", {}, `under: ${unit.parent.name}`) : null,
    unit.head ? el("li", {}, `head: ${unit.head.title}${unit.head.reportsTo.length ? ", reporting to " + unit.head.reportsTo.join("、") : ""}`) : null,
    unit.functions.length ? el("li", {}, `functions: ${unit.functions.join("; ")}`) : null);
  return el("div", {}, list, el("h4", {}, "Resting on"), ...unit.sources.map(cite));
}

function history(changes) {
  const table = el("table", { class: "history", "data-testid": "unit-history" },
    el("tr", {}, el("th", {}, "date"), el("th", {}, "change"), el("th", {}, "source")));
  for (const c of changes) {
    const what = [c.change, c.before || c.after ? `${c.before || ""} → ${c.after || ""}` : ""].join(" ");
    table.append(el("tr", { "data-change": c.kind }, el("td", {}, c.effectiveOn), el("td", {}, what), el("td", {}, cite(c.source))));
  }
  return table;
}

// -- the timeline of changes ---------------------------------------------------------------------------
const TIMELINE = `{ changes(from: "0001-01-01", to: "9999-12-31") {
  effectiveOn kind name unitId source { issuance { symbol } } } }`;

async function loadTimeline() {
  const target = $("timeline");
  try {
    const { changes } = await gql(TIMELINE);
    const byDay = new Map();
    for (const change of changes) {
      if (!byDay.has(change.effectiveOn)) byDay.set(change.effectiveOn, []);
      byDay.get(change.effectiveOn).push(change);
    }
    target.replaceChildren(...[...byDay].map(([day, list]) => timelineRow(day, list)));
  } catch (error) {
    showError(target, error);
  }
}

function timelineRow(day, changes) {
  const symbols = [...new Set(changes.map((c) => c.source && c.source.issuance.symbol).filter(Boolean))];
  const counts = {};
  changes.forEach((c) => { counts[c.kind] = (counts[c.kind] || 0) + 1; });
  const button = el("button", { class: "tl-date", type: "button", "data-date": day, onclick: () => setDate(day) }, day);
  return el("div", { class: "tl-row" }, button, el("div", {},
    el("div", {}, symbols.join(", ")),
    el("div", {}, ...Object.entries(counts).map(([kind, n]) => el("span", { class: "chip " + kind }, `${kind.toLowerCase()} ×${n}`))),
    el("details", {}, el("summary", { class: "muted" }, "units"),
      el("div", {}, ...changes.map((c) => el("span", { class: "chip " + c.kind }, `${c.kind.toLowerCase()}: ${c.name || c.unitId}`))))));
}

// -- the side-by-side diff -----------------------------------------------------------------------------
const DIFF = `query ($a: Date!, $b: Date!) {
  a: organization(asOf: $a) { rows { id parentId name kind head } }
  b: organization(asOf: $b) { rows { id parentId name kind head } } }`;

async function runDiff() {
  const [from, to] = [$("diff-from").value, $("diff-to").value];
  const target = $("diff");
  try {
    const { a, b } = await gql(DIFF, { a: from, b: to });
    target.replaceChildren(diffView(from, to, a.rows, b.rows));
  } catch (error) {
    showError(target, error);
  }
}

function diffView(from, to, left, right) {
  const before = new Map(left.map((r) => [r.id, r])), after = new Map(right.map((r) => [r.id, r]));
  const label = (r) => `${r.name} (${r.kind.toLowerCase()})`;
  const changed = (r) => {
    const old = before.get(r.id);
    return old && (old.name !== r.name || old.parentId !== r.parentId || old.head !== r.head);
  };
  const side = (title, rows, other, cls) => el("div", {}, el("h3", {}, title),
    el("ul", {}, ...rows.map((r) => el("li", { class: !other.has(r.id) ? cls : changed(r) ? "changed" : "", "data-unit": r.id }, label(r)))));
  const summary = `${[...after.keys()].filter((k) => !before.has(k)).length} added, `
    + `${[...before.keys()].filter((k) => !after.has(k)).length} removed, ${right.filter(changed).length} changed`;
  return el("div", {}, el("p", { "data-testid": "diff-summary" }, summary),
    el("div", { class: "diff-grid" }, side(`${from} (${left.length})`, left, after, "removed"),
      side(`${to} (${right.length})`, right, before, "added")));
}

init().catch((error) => showError($("chart"), error));
