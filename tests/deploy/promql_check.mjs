// Queries every expression of extract_promql.mjs on a Prometheus server (HTTP API) and
// classifies it; tests/deploy/promql_check.sh counts the lines and prints the summary.
//
//   node promql_check.mjs <node_modules> <prometheus_url> <allowlist> <allow-missing regex> \
//       <dashboards dir> <rules file>...
//
// Lines: "PASS\t<source>\t<detail>", "FAIL\t<source>\t<why>", "SKIP\t<source>\t<why>"
// (allowed), and one "MISSING\t<metric>" per metric read but absent from the server.
import fs from "node:fs";
import { extract } from "./extract_promql.mjs";

const [nodeModules, url, allowlistFile, allowMissing, dashboardsDir, ...ruleFiles] = process.argv.slice(2);
const allowMissingRe = new RegExp(`^(?:${allowMissing || "(?!)"})$`);

// promql-allowlist.txt: "metric <name>" may be absent; "empty <regex>" (on the source)
// may return no series. Text after # says why.
const allowedMetrics = new Set();
const allowedEmpty = [];
for (const line of fs.readFileSync(allowlistFile, "utf8").split("\n")) {
  const [, kind, value] = /^\s*(metric|empty)\s+(.*?)\s*(?:#.*)?$/.exec(line) || [];
  if (kind === "metric") allowedMetrics.add(value);
  if (kind === "empty") allowedEmpty.push(new RegExp(value));
}

async function get(path, params) {
  const res = await fetch(`${url}${path}?${new URLSearchParams(params)}`, { signal: AbortSignal.timeout(15000) });
  const body = await res.json().catch(() => ({ status: "error", error: `HTTP ${res.status}` }));
  return body;
}

const names = new Set((await get("/api/v1/label/__name__/values", {})).data || []);
console.log(`INFO\t${names.size} metric names on ${url}`);
const missing = new Set();
for (const e of await extract(nodeModules, dashboardsDir, ruleFiles)) {
  if (e.problems.length) { console.log(`FAIL\t${e.source}\t${e.problems.join("; ")}`); continue; }
  let r;
  try {
    r = await get("/api/v1/query", { query: e.expr });
  } catch (err) {
    console.log(`FAIL\t${e.source}\tno answer: ${err.message}`);
    continue;
  }
  if (r.status !== "success") {
    console.log(`FAIL\t${e.source}\tquery error: ${r.error}\t${e.expr.replace(/\s+/g, " ")}`);
    continue;
  }
  const absent = e.metrics.filter((m) => !names.has(m));
  const notAllowed = absent.filter((m) => !allowedMetrics.has(m) && !allowMissingRe.test(m));
  notAllowed.forEach((m) => missing.add(m));
  if (notAllowed.length) { console.log(`FAIL\t${e.source}\tmissing metric ${notAllowed.join(", ")}`); continue; }
  if (absent.length) { console.log(`SKIP\t${e.source}\t${absent.join(", ")} not exported (allowed)`); continue; }
  const n = r.data.result.length;
  if (n > 0) console.log(`PASS\t${e.source}\t${n} series`);
  else if (allowedEmpty.some((re) => re.test(e.source))) console.log(`SKIP\t${e.source}\tno series (allowed: empty until something happens)`);
  else console.log(`FAIL\t${e.source}\tno series, although every metric it reads exists\t${e.expr.replace(/\s+/g, " ")}`);
}
for (const m of [...missing].sort()) console.log(`MISSING\t${m}`);
