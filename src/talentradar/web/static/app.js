// TalentRadar pages: charts from embedded JSON (vendored ECharts), token-authenticated writes.
"use strict";

const PALETTE = ["#2f5d8a", "#d9822b", "#3c9d5d", "#a64d79", "#6b8e23", "#8c6d31", "#5779c0", "#c0504d", "#7f7f7f", "#17becf"];

function esc(s) { return String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]); }

function pct(v) { return (100 * v).toFixed(1) + "%"; }

// One colour per entity (same on both sides of a Sankey, in every chart of a page).
function colourOf(name) {
  let h = 0;
  for (const c of String(name)) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

function narrow() { return window.innerWidth < 600; }

function cut(label, n) { label = String(label ?? ""); return label.length > n ? label.slice(0, n - 1) + "…" : label; }

const BUILDERS = {
  bar(d) {
    return {
      color: PALETTE,
      tooltip: { trigger: "axis", valueFormatter: d.percent ? pct : undefined },
      legend: d.series.length > 1 ? { top: 0 } : undefined,
      grid: { left: 8, right: 16, top: d.series.length > 1 ? 28 : 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: d.percent ? (v) => Math.round(100 * v) + "%" : undefined } },
      yAxis: { type: "category", data: d.labels, inverse: true, axisLabel: { width: narrow() ? 90 : 160, overflow: "truncate" } },
      series: d.series.map((s) => ({ name: s.name, type: "bar", data: s.values })),
    };
  },
  bars(d) {
    const option = BUILDERS.bar(d);
    option.xAxis.name = "person share";
    option.xAxis.nameLocation = "middle";
    option.xAxis.nameGap = 24;
    option.grid.bottom = 28;
    option.legend = { top: 0, type: "scroll" };
    option.grid.top = 28;
    return option;
  },
  line(d) {
    const marks = (d.marked || []).map((y) => ({ xAxis: String(y) }));
    return {
      color: PALETTE,
      tooltip: { trigger: "axis", valueFormatter: d.percent ? (v) => (v == null ? "no data" : pct(v)) : undefined },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 32, bottom: 28, containLabel: true },
      xAxis: { type: "category", data: d.x.map(String), name: "year", nameLocation: "middle", nameGap: 24, axisLabel: { interval: d.x.length > (narrow() ? 8 : 16) ? "auto" : 0, rotate: d.x.length > (narrow() ? 6 : 16) ? 45 : 0 } },
      yAxis: { type: "value", axisLabel: { formatter: d.percent ? (v) => Math.round(100 * v) + "%" : undefined } },
      series: d.series.map((s, i) => ({
        name: s.name, type: "line", data: s.values, connectNulls: false, color: colourOf(s.name),
        markLine: i === 0 && marks.length ? { symbol: "none", silent: true, label: { formatter: "{c}", show: false }, lineStyle: { color: "#999", type: "dashed" }, data: marks } : undefined,
      })),
    };
  },
  sankey(d) {
    const labels = Object.fromEntries(d.nodes.map((n) => [n.id, n.label]));
    const width = narrow() ? 12 : 28;
    return {
      tooltip: { trigger: "item", formatter: (p) => p.dataType === "edge" ? `${esc(labels[p.data.source])} → ${esc(labels[p.data.target])}: ${p.value} moves (click for people)` : `${esc(labels[p.name])}: ${p.value} moves` },
      graphic: [
        { type: "text", left: 8, top: 0, style: { text: "from", font: "600 13px sans-serif", fill: "#5d6b7a" } },
        { type: "text", right: 8, top: 0, style: { text: "to", font: "600 13px sans-serif", fill: "#5d6b7a" } },
      ],
      series: [{
        type: "sankey", left: narrow() ? 90 : 190, right: narrow() ? 90 : 190, top: 22, bottom: 8, nodeGap: 6, emphasis: { focus: "adjacency" },
        data: d.nodes.map((n) => ({ name: n.id, depth: n.side === "from" ? 0 : 1, itemStyle: { color: colourOf(n.label) },
          label: { position: n.side === "from" ? "left" : "right" } })),
        links: d.links.map((l) => ({ source: d.nodes[l.source].id, target: d.nodes[l.target].id, value: l.value })),
        lineStyle: { color: "gradient", opacity: 0.35 },
        label: { formatter: (p) => cut(labels[p.name] || p.name, width) },
      }],
    };
  },
  heatmap(d) {
    const max = Math.max(1, ...d.cells.map((c) => c[2]));
    const w = narrow() ? 10 : 22;
    return {
      tooltip: { formatter: (p) => `${esc(d.y[p.value[1]])} → ${esc(d.x[p.value[0]])}: ${p.value[2]} moves (click for people)` },
      grid: { left: 8, right: 30, top: 30, bottom: 60, containLabel: true },
      xAxis: { type: "category", data: d.x, position: "top", axisLabel: { rotate: 45, interval: 0, formatter: (v) => cut(v, w) } },
      yAxis: { type: "category", data: d.y, inverse: true, axisLabel: { interval: 0, formatter: (v) => cut(v, w) } },
      visualMap: { min: 0, max, calculable: true, orient: "horizontal", left: "center", bottom: 0, itemHeight: 120 },
      series: [{ type: "heatmap", data: d.cells, label: { show: true } }],
    };
  },
  map(d) {
    const values = d.points.map((p) => p.value);
    const reach = Math.max(1, ...values.map(Math.abs));
    return {
      tooltip: { trigger: "item", formatter: (p) => p.data ? `${esc(p.data.label)}: ${d.percent ? pct(p.data.value) : p.data.value}` : esc(p.name) },
      visualMap: { min: d.percent ? 0 : -reach, max: d.percent ? Math.max(0.0001, ...values) : reach, left: 8, bottom: 8, calculable: true, orient: "horizontal", itemWidth: 10, itemHeight: 100,
        formatter: d.percent ? (v) => (100 * v).toFixed(0) + "%" : (v) => Math.round(v), inRange: { color: d.percent ? ["#e8eef5", "#2f5d8a"] : ["#c0504d", "#f4f4f4", "#3c9d5d"] } },
      series: [{ type: "map", map: "world", nameProperty: "id", roam: true, top: 8, bottom: 40, left: 8, right: 8, data: d.points, emphasis: { label: { show: false } }, itemStyle: { areaColor: "#f4f4f4", borderColor: "#bbb" } }],
    };
  },
  career(d) {
    const rows = d.rows.map((r) => cut(r, narrow() ? 16 : 32));
    return {
      tooltip: { trigger: "item", formatter: (p) => p.seriesName === "moves" ? esc(d.moves[p.dataIndex].label) + " (" + d.moves[p.dataIndex].year + ")"
        : `${esc(d.spells[p.dataIndex].name)}: ${d.spells[p.dataIndex].from}–${d.spells[p.dataIndex].to - 1} (${d.spells[p.dataIndex].mentions} mentions)` },
      grid: { left: 8, right: 16, top: 8, bottom: 28, containLabel: true },
      xAxis: { type: "value", min: d.min, max: d.max, interval: 1, name: "year", nameLocation: "middle", nameGap: 24,
        axisLabel: { formatter: (v) => (v < d.max ? String(v) : ""), rotate: narrow() ? 45 : 0 } },
      yAxis: { type: "category", data: rows, inverse: true },
      series: [
        { name: "spells", type: "custom", encode: { x: [1, 2], y: 0 },
          data: d.spells.map((s) => [s.row, s.from, s.to]),
          renderItem: (params, api) => {
            const start = api.coord([api.value(1), api.value(0)]), end = api.coord([api.value(2), api.value(0)]);
            const h = api.size([0, 1])[1] * 0.5;
            return { type: "rect", shape: { x: start[0], y: start[1] - h / 2, width: Math.max(2, end[0] - start[0]), height: h }, style: { fill: colourOf(d.rows[api.value(0)]) } };
          } },
        { name: "moves", type: "scatter", symbol: "triangle", symbolSize: 14, itemStyle: { color: "#1d2733" },
          data: d.moves.map((m) => [m.year, m.row]) },
      ],
    };
  },
  boxplot(d) {
    return {
      tooltip: { trigger: "item", formatter: (p) => `${d.labels[p.dataIndex]} (n=${d.n[p.dataIndex]})<br>` +
        ["p10", "p25", "p50", "p75", "p90"].map((k, i) => `${k}: $${Math.round(p.value[i + 1]).toLocaleString()}`).join("<br>") },
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: (v) => "$" + Math.round(v / 1000) + "k" } },
      yAxis: { type: "category", data: d.labels, inverse: true },
      series: [{ type: "boxplot", data: d.boxes, itemStyle: { color: "#dce6f2", borderColor: "#2f5d8a" } }],
    };
  },
};

// Drill-down: a click on a bar, a country, a Sankey link or a heat-map cell lists its people.
function showDrill(title, head, rows, exportUrl) {
  const panel = document.getElementById("drill");
  if (!panel) return;
  document.getElementById("drill-title").textContent = title;
  const body = document.getElementById("drill-body");
  const link = exportUrl ? `<p class="export note">Download: <a class="export-csv" href="${esc(exportUrl)}&format=csv" download>CSV</a> · <a href="${esc(exportUrl)}" download>JSON</a> · API <code>${esc(exportUrl)}</code></p>` : "";
  body.innerHTML = rows.length
    ? `<table id="drill-table"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>${link}`
    : `<p>Nobody behind this number.</p>${link}`;
  panel.hidden = false;
  panel.scrollIntoView({ block: "nearest" });
}

function person(id, name) { return `<a href="/people/${encodeURIComponent(id)}">${esc(name || id)}</a>`; }

async function drillTracker(url, label) {
  try {
    const data = await api("GET", url);
    const rows = data.persons.map((p) => `<tr><td>${person(p.person_id, p.name)}</td><td>${esc((p.orgs || []).join(", "))}${p.inferred_only ? ' <span class="tag">inferred</span>' : ""}</td><td class="num">${p.papers}</td><td>${esc(p.evidence_title)}<div class="note">${esc(p.evidence_affiliation || "")}</div></td></tr>`);
    showDrill(`${label}: ${data.persons.length}${data.truncated ? "+" : ""} persons`, ["person", "orgs", "papers", "evidence (paper, affiliation as written)"], rows, url);
  } catch (err) { showDrill("Cannot list the people: " + err.message, [], [], null); }
}

async function drillFlow(url, label) {
  try {
    const data = await api("GET", url);
    const rows = data.moves.map((m) => `<tr><td>${person(m.person_id, m.name)}</td><td>${esc(m.from_name)} (${m.from_year})</td><td>${esc(m.to_name)} (${m.year})</td><td class="num">${m.confidence.toFixed(2)}</td></tr>`);
    showDrill(`${label}: ${data.moves.length}${data.truncated ? "+" : ""} moves`, ["person", "from (last seen)", "to (first seen)", "confidence"], rows, url);
  } catch (err) { showDrill("Cannot list the moves: " + err.message, [], [], null); }
}

function onDrill(chart, kind, d) {
  if (kind === "bars" && d.drill) {
    chart.on("click", (p) => {
      if (p.componentType !== "series") return;
      const [venue, year] = d.cohorts[p.seriesIndex];
      const key = d.keys[p.dataIndex];
      const url = d.drill + `&venue=${encodeURIComponent(venue)}&year=${year}&key=${encodeURIComponent(key)}`;
      drillTracker(url, `${d.labels[p.dataIndex]}, ${p.seriesName}`);
    });
  } else if (kind === "map" && d.drill) {
    chart.on("click", (p) => { if (p.data) drillTracker(d.drill + `&key=${encodeURIComponent(p.data.key)}`, p.data.label); });
  } else if (kind === "heatmap") {
    chart.on("click", (p) => {
      const i = d.cells.findIndex((c) => c[0] === p.value[0] && c[1] === p.value[1]);
      const people = i >= 0 ? d.people[i] : [];
      const rows = people.map((m) => `<tr><td>${person(m.person_id, m.name)}</td><td>${esc(m.from_org)}</td><td>${esc(m.to_org)}</td><td class="num">${m.year}</td><td class="num">${m.confidence.toFixed(2)}</td></tr>`);
      showDrill(`${d.y[p.value[1]]} → ${d.x[p.value[0]]}: ${people.length} moves`, ["person", "from org", "to org", "year", "confidence"], rows, d.drill || null);
    });
  } else if (kind === "sankey" && d.drill) {
    chart.on("click", (p) => {
      if (p.dataType !== "edge") return;
      const from = d.nodes.find((n) => n.id === p.data.source), to = d.nodes.find((n) => n.id === p.data.target);
      drillFlow(d.drill + `&from_key=${encodeURIComponent(from.id.slice(5))}&to_key=${encodeURIComponent(to.id.slice(3))}`, `${from.label} → ${to.label}`);
    });
  }
}

async function loadWorld() {
  if (!document.querySelector('.chart[data-kind="map"]')) return;
  const response = await fetch("/static/vendor/world.geo.json");
  echarts.registerMap("world", await response.json());
}

async function drawCharts() {
  if (typeof echarts === "undefined") {
    document.querySelectorAll(".chart").forEach((el) => { el.textContent = "Charts unavailable (run `make vendor`); the tables below hold the same data."; });
    return;
  }
  await loadWorld();
  const charts = [];
  document.querySelectorAll(".chart[data-source]").forEach((el) => {
    const data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({ animation: false, ...BUILDERS[el.dataset.kind](data) });
    onDrill(chart, el.dataset.kind, data);
    charts.push(chart);
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
}

// The API token lives in this browser only (localStorage) and is sent as a Bearer header.
function token() { return localStorage.getItem("talentradar-token") || ""; }

function setupToken() {
  const input = document.getElementById("token");
  if (!input) return;
  input.value = token();
  const state = document.getElementById("token-state");
  const show = () => { if (state) state.textContent = token() ? "(saved in this browser)" : "(none yet: needed to edit)"; };
  const box = document.getElementById("token-box");
  if (box && !token()) box.open = true;
  show();
  input.addEventListener("change", () => { localStorage.setItem("talentradar-token", input.value.trim()); show(); });
}

// Shortlist editing: create, rename, delete, watch; per entry stage, note and removal.
function setupShortlistEditor() {
  const create = document.getElementById("new-list");
  if (create) {
    create.addEventListener("submit", async (event) => {
      event.preventDefault();
      const name = document.getElementById("new-list-name").value.trim();
      try {
        await api("POST", "/api/shortlists", { name });
        location.href = "/shortlists/" + encodeURIComponent(name);
      } catch (err) { alertNear(create, "Not created: " + err.message); }
    });
  }
  const list = document.getElementById("list");
  if (!list) return;
  const name = list.dataset.shortlist;
  const base = "/api/shortlists/" + encodeURIComponent(name);
  const actions = document.getElementById("list-actions");
  document.getElementById("rename").addEventListener("click", async () => {
    const to = document.getElementById("rename-to").value.trim();
    try { await api("PATCH", base, { name: to }); location.href = "/shortlists/" + encodeURIComponent(to); }
    catch (err) { alertNear(actions, "Not renamed: " + err.message); }
  });
  document.getElementById("delete-list").addEventListener("click", async () => {
    if (!confirm(`Delete the shortlist “${name}” and its entries?`)) return;
    try { await api("DELETE", base); location.href = "/shortlists"; }
    catch (err) { alertNear(actions, "Not deleted: " + err.message); }
  });
  const watchButton = document.getElementById("watch");
  watchButton.addEventListener("click", async () => {
    try {
      if (watchButton.dataset.watched === "true") await api("DELETE", "/api/watches/shortlist/" + encodeURIComponent(name));
      else await api("POST", "/api/watches", { kind: "shortlist", target: name });
      location.reload();
    } catch (err) { alertNear(actions, "Not changed: " + err.message); }
  });
  list.querySelectorAll("tr[data-person]").forEach((row) => {
    const entry = base + "/entries/" + encodeURIComponent(row.dataset.person);
    const status = row.querySelector(".row-status");
    const say = (text, ok) => { status.textContent = text; status.className = "row-status " + (ok ? "ok" : "bad"); };
    row.querySelector("select.stage").addEventListener("change", async (event) => {
      try { const r = await api("PATCH", entry, { stage: event.target.value }); say("Stage: " + r.stage, true); }
      catch (err) { say("Not saved: " + err.message, false); }
    });
    const note = row.querySelector("input.entry-note");
    let savedNote = note.value;  // a blur after a save fires "change" again: nothing to send
    note.addEventListener("change", async (event) => {
      const value = event.target.value;
      if (value === savedNote) return;
      try { await api("PATCH", entry, { note: value }); savedNote = value; say("Note saved", true); }
      catch (err) { say("Not saved: " + err.message, false); }
    });
    row.querySelector("button.remove").addEventListener("click", async () => {
      try { await api("DELETE", entry); row.remove(); }
      catch (err) { say("Not removed: " + err.message, false); }
    });
  });
}

function setupWatchOrg() {
  const button = document.getElementById("watch-org");
  if (!button) return;
  button.addEventListener("click", async () => {
    const org = button.dataset.org;
    const status = document.getElementById("watch-status");
    try {
      if (button.dataset.watched === "true") await api("DELETE", "/api/watches/org/" + encodeURIComponent(org));
      else await api("POST", "/api/watches", { kind: "org", target: org });
      location.reload();
    } catch (err) { status.className = "row-status bad"; status.textContent = "Not changed: " + err.message; }
  });
}

function alertNear(element, text) {
  let box = element.querySelector(".form-status");
  if (!box) { box = document.createElement("p"); box.className = "form-status caveat"; box.setAttribute("aria-live", "polite"); element.appendChild(box); }
  box.textContent = text;
}

async function api(method, url, body) {
  const headers = { "Content-Type": "application/json" };
  if (token()) headers.Authorization = "Bearer " + token();
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error ? data.error.message : response.statusText);
  return data;
}

function setupShortlistButtons() {
  document.querySelectorAll("button[data-shortlist-add]").forEach((button) => {
    button.addEventListener("click", async () => {
      const name = document.getElementById("shortlist-name").value.trim();
      const status = document.getElementById("shortlist-status");
      if (!name) { status.textContent = "Name a shortlist first."; return; }
      try {
        await api("POST", `/api/shortlists/${encodeURIComponent(name)}/entries`, { person_id: button.dataset.shortlistAdd });
        status.textContent = `Added ${button.dataset.personName} to ${name}.`;
        button.disabled = true;
        button.textContent = "Added";
        rowNote(button, `✓ on ${name}`, true);
      } catch (err) {
        status.textContent = "Not added: " + err.message;
        rowNote(button, "Not added: " + err.message, false);
      }
    });
  });
}

// Feedback next to the button that was clicked (Scout rows, the person page).
function rowNote(button, text, ok) {
  let note = button.parentElement.querySelector(".row-status");
  if (!note) { note = document.createElement("span"); note.setAttribute("aria-live", "polite"); button.after(note); }
  note.className = "row-status " + (ok ? "ok" : "bad");
  note.textContent = " " + text;
}

function setupOffers() {
  const form = document.getElementById("offers-form");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const out = document.getElementById("offers-result");
    try {
      const offers = JSON.parse(document.getElementById("offers-json").value);
      const currency = document.getElementById("offers-currency").value;
      const result = await api("POST", "/api/market/offers/compare", { offers, currency });
      const money = (v) => Math.round(v).toLocaleString();
      const years = result.offers[0].years.map((y) => `<th>year ${y.year}</th>`).join("");
      out.innerHTML = `<table><thead><tr><th>offer</th><th>tier</th>${years}<th>4-year total</th><th>market percentile (year 1)</th></tr></thead><tbody>` +
        result.offers.map((o) => `<tr><td>${esc(o.offer)}</td><td>${esc(o.tier)}</td>` +
          o.years.map((y) => `<td class="num">${money(y.total)}</td>`).join("") +
          `<td class="num">${money(o.four_year_total)} ${result.currency}</td><td class="num">${o.market_percentile === null ? "–" : o.market_percentile.toFixed(0) + " (n=" + o.market_rows + ")"}</td></tr>`).join("") +
        "</tbody></table>";
    } catch (err) {
      out.textContent = "Cannot compare: " + err.message;
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  drawCharts();
  setupToken();
  setupShortlistButtons();
  setupShortlistEditor();
  setupWatchOrg();
  setupOffers();
});
