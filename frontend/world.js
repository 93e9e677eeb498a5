// Natural Earth country boundaries (world-atlas, public domain) to GeoJSON for ECharts.
// Each feature keeps its ISO 3166-1 numeric id; the pages map alpha-2 codes onto it.
"use strict";
const fs = require("fs");
const { feature } = require("topojson-client");

const [, , out] = process.argv;
const topology = JSON.parse(fs.readFileSync(require.resolve("world-atlas/countries-110m.json"), "utf8"));
const world = feature(topology, topology.objects.countries);
world.features = world.features
  .filter((f) => f.properties.name !== "Antarctica")
  .map((f) => ({ type: "Feature", id: f.id, properties: { name: f.properties.name, id: f.id || "" }, geometry: f.geometry }));
fs.writeFileSync(out, JSON.stringify(world));
