// TalentRadar pages: charts from embedded JSON (vendored ECharts), token-authenticated writes.
"use strict";

const PALETTE = ["#2f5d8a", "#d9822b", "#3c9d5d", "#a64d79", "#6b8e23", "#8c6d31", "#5779c0", "#c0504d", "#7f7f7f", "#17becf"];

function esc(s) { return String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]); }

function pct(v) { return (100 * v).toFixed(1) + "%"; }

const BUILDERS = {
  bar(d) {
    return {
      color: PALETTE,
      tooltip: { trigger: "axis", valueFormatter: d.percent ? pct : undefined },
      legend: d.series.length > 1 ? { top: 0 } : undefined,
      grid: { left: 8, right: 16, top: d.series.length > 1 ? 28 : 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: d.percent ? (v) => Math.round(100 * v) + "%" : undefined } },
      yAxis: { type: "category", data: d.labels, inverse: true },
      series: d.series.map((s) => ({ name: s.name, type: "bar", data: s.values })),
    };
  },
  line(d) {
    return {
      color: PALETTE,
      tooltip: { trigger: "axis", valueFormatter: d.percent ? pct : undefined },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.x },
      yAxis: { type: "value", axisLabel: { formatter: d.percent ? (v) => Math.round(100 * v) + "%" : undefined } },
      series: d.series.map((s) => ({ name: s.name, type: "line", data: s.values, connectNulls: true })),
    };
  },
  sankey(d) {
    const labels = Object.fromEntries(d.nodes.map((n) => [n.id, n.label]));
    return {
      tooltip: { trigger: "item", formatter: (p) => p.dataType === "edge" ? `${labels[p.data.source]} → ${labels[p.data.target]}: ${p.value} moves` : `${labels[p.name]}: ${p.value} moves` },
      series: [{
        type: "sankey", left: 8, right: 120, nodeGap: 6, emphasis: { focus: "adjacency" },
        data: d.nodes.map((n, i) => ({ name: n.id, depth: n.side === "from" ? 0 : 1, itemStyle: { color: PALETTE[i % PALETTE.length] } })),
        links: d.links.map((l) => ({ source: d.nodes[l.source].id, target: d.nodes[l.target].id, value: l.value })),
        lineStyle: { color: "gradient", opacity: 0.35 },
        label: { formatter: (p) => labels[p.name] || p.name },
      }],
    };
  },
  heatmap(d) {
    const max = Math.max(1, ...d.cells.map((c) => c[2]));
    return {
      tooltip: { formatter: (p) => `${d.y[p.value[1]]} → ${d.x[p.value[0]]}: ${p.value[2]} moves` },
      grid: { left: 8, right: 8, top: 8, bottom: 60, containLabel: true },
      xAxis: { type: "category", data: d.x, name: "to", axisLabel: { rotate: 40 } },
      yAxis: { type: "category", data: d.y, name: "from", inverse: true },
      visualMap: { min: 0, max, calculable: true, orient: "horizontal", left: "center", bottom: 0, itemHeight: 120 },
      series: [{ type: "heatmap", data: d.cells, label: { show: true } }],
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

function drawCharts() {
  if (typeof echarts === "undefined") {
    document.querySelectorAll(".chart").forEach((el) => { el.textContent = "Charts unavailable (run `make vendor`); the tables below hold the same data."; });
    return;
  }
  const charts = [];
  document.querySelectorAll(".chart[data-source]").forEach((el) => {
    const data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    const option = BUILDERS[el.dataset.kind](data);
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({ animation: false, ...option });
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
  input.addEventListener("change", () => localStorage.setItem("talentradar-token", input.value.trim()));
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
      } catch (err) {
        status.textContent = "Not added: " + err.message;
      }
    });
  });
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
  setupOffers();
});
