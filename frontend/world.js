// Natural Earth country boundaries (world-atlas, public domain) to GeoJSON for ECharts.
// Each feature keeps its ISO 3166-1 numeric id; the pages map alpha-2 codes onto it.
"use strict";
const fs = require("fs");
const { feature } = require("topojson-client");

const [, , out] = process.argv;
const topology = JSON.parse(fs.readFileSync(require.resolve("world-atlas/countries-110m.json"), "utf8"));
const world = feature(topology, topology.objects.countries);

// Rings crossing the antimeridian (parts of Russia and Fiji) would be drawn as a stripe
// across the whole map: their western points are clamped to +180 instead.
function unwrap(ring) {
  const xs = ring.map((c) => c[0]);
  if (Math.max(...xs) - Math.min(...xs) <= 180) return ring;
  return ring.map(([x, y]) => [x < 0 ? 180 : x, y]);
}

function fix(geometry) {
  if (geometry.type === "Polygon") return { type: "Polygon", coordinates: geometry.coordinates.map(unwrap) };
  return { type: geometry.type, coordinates: geometry.coordinates.map((p) => p.map(unwrap)) };
}
world.features = world.features
  .filter((f) => !["Antarctica", "Fr. S. Antarctic Lands"].includes(f.properties.name))
  .map((f) => ({ type: "Feature", id: f.id, properties: { name: f.properties.name, id: f.id || "" }, geometry: fix(f.geometry) }));
fs.writeFileSync(out, JSON.stringify(world));
