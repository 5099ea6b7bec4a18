// Pulls every PromQL expression out of the Grafana dashboards and the Prometheus rule files,
// ready to send to a real server, with the metric names each one reads.
//
//   node extract_promql.mjs <node_modules> <dashboards dir> <rules file>... > expressions.jsonl
//   import { extract } from "./extract_promql.mjs"   (promql_check.mjs)
//
// One JSON object per expression: {source, expr, metrics, problems}. Grafana variables are
// replaced the way Grafana would with "All" selected: $__rate_interval and friends by a
// duration, every other variable by its allValue (".*" when it has none), so it must be
// used with =~ (an equality matcher on a variable is reported in `problems`). Template variable queries
// (label_values(metric{…}, label)) are checked as the selector they read.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

function add(out, source, raw, allValues = {}) {
  const problems = [];
  for (const m of raw.matchAll(/[a-zA-Z_]\w*\s*(!?=)\s*"[^"]*(\$\{?\w+|\[\[\w+)/g)) {
    if (!/\$\{?__/.test(m[2])) problems.push(`variable ${m[2]} in an ${m[1]} matcher: multi-value variables need =~`);
  }
  const expr = raw
    .replace(/\$\{?__(rate_interval|interval|range|range_s)(:\w+)?\}?/g, "5m")
    .replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g, (_, a, b, c) => allValues[a || b || c] ?? ".*");
  out.push({ source, expr, metrics: metricNames(expr), problems });
}

// Metric names read by an expression: identifiers that are not functions, keywords, label
// names (in matchers or grouping clauses) or durations.
const KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool",
  "and", "or", "unless", "offset", "inf", "nan", "atan2"]);
function metricNames(expr) {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""') // strings
    .replace(/\{[^}]*\}/g, "{}") // label matchers
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ") // label lists
    .replace(/\[[^\]]*\]/g, "[]"); // ranges and subqueries
  const names = new Set();
  for (const m of bare.matchAll(/(?<![\w:.])([a-zA-Z_:][\w:]*)(\s*\()?/g)) {
    if (m[2] || KEYWORDS.has(m[1].toLowerCase())) continue;
    names.add(m[1]);
  }
  return [...names].sort();
}

// ---------------------------------------------------------------- dashboards
function walkPanels(panels, visit) {
  for (const p of panels || []) {
    visit(p);
    walkPanels(p.panels, visit); // collapsed rows hold their panels
  }
}
export async function extract(nodeModules, dashboardsDir, ruleFiles) {
  const YAML = await import(pathToFileURL(path.join(nodeModules, "yaml/dist/index.js")).href);
  const out = [];
  for (const file of fs.readdirSync(dashboardsDir).filter((f) => f.endsWith(".json")).sort()) {
    const board = JSON.parse(fs.readFileSync(path.join(dashboardsDir, file), "utf8"));
    const allValues = Object.fromEntries((board.templating?.list || [])
      .filter((v) => v.allValue).map((v) => [v.name, v.allValue]));
    walkPanels(board.panels, (p) => {
      for (const t of p.targets || []) {
        if (t.expr) add(out, `${file}: panel "${p.title}" ${t.refId}`, t.expr, allValues);
      }
    });
    for (const v of board.templating?.list || []) {
      if (v.type !== "query") continue;
      const q = typeof v.query === "string" ? v.query : v.query?.query;
      const lv = /^\s*label_values\(\s*(.+)\s*,\s*\w+\s*\)\s*$/.exec(q || "");
      const qr = /^\s*query_result\((.+)\)\s*$/.exec(q || "");
      if (lv) add(out, `${file}: variable $${v.name}`, lv[1], allValues);
      else if (qr) add(out, `${file}: variable $${v.name}`, qr[1], allValues);
    }
  }

  // ---------------------------------------------------------------- rules
  for (const file of ruleFiles) {
    const doc = YAML.parse(fs.readFileSync(file, "utf8"));
    for (const g of doc.groups || []) {
      for (const r of g.rules || []) {
        add(out, `${path.basename(file)}: ${r.alert ? "alert" : "record"} ${r.alert || r.record}`, r.expr);
      }
    }
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [nodeModules, dashboardsDir, ...ruleFiles] = process.argv.slice(2);
  for (const e of await extract(nodeModules, dashboardsDir, ruleFiles)) console.log(JSON.stringify(e));
}
