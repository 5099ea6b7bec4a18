// Validates a `helm template` render offline, then asserts the chart's promises.
//
//   node validate_manifests.mjs <node_modules> <rendered.yaml> '<expectations JSON>'
//
// 1. Schema: every object against the Kubernetes OpenAPI schemas of kubernetes-models (and
//    the Prometheus operator's CRD schemas for ServiceMonitor/PrometheusRule). Those
//    schemas do not forbid unknown fields, and a misspelt field (`readinesProbe`) is
//    silently dropped by older API servers, so a second pass walks each object against the
//    models' type declarations and reports every field they do not declare.
// 2. Properties: probes, security, resources, one NetworkPolicy / migration Job / HPA / PDB
//    per service as expected, references between objects (Service selectors, ConfigMaps,
//    peer addresses), dashboards and rules.
// Prints "PASS\t<what>" or "FAIL\t<what>\t<why>" lines; tests/deploy/helm_check.sh counts them.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [nodeModules, renderedFile, expectJson] = process.argv.slice(2);
const expect = JSON.parse(expectJson || "{}");
const load = (p) => import(pathToFileURL(path.join(nodeModules, p)).href);
const YAML = await load("yaml/dist/index.js");
const k8s = await load("kubernetes-models/index.js");
const promOp = await load("@kubernetes-models/prometheus-operator/index.js");

let failures = 0;
const pass = (what) => console.log(`PASS\t${what}`);
const fail = (what, why) => { failures++; console.log(`FAIL\t${what}\t${why}`); };
const check = (what, ok, why) => (ok ? pass(what) : fail(what, why));

// ---------------------------------------------------------------- load the render
const docs = YAML.parseAllDocuments(fs.readFileSync(renderedFile, "utf8"))
  .map((d) => {
    if (d.errors.length) fail("YAML parses", d.errors[0].message);
    return d.toJS();
  })
  .filter((o) => o && typeof o === "object");
// JSON with sorted keys: toYaml in the chart reorders keys.
const canonical = (v) => JSON.stringify(v, (k, x) =>
  x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x);
const id = (o) => `${o.kind}/${o.metadata?.name}`;

// ---------------------------------------------------------------- model lookup
const camel = (group) => group.split(/[.-]/).map((p, i) => (i ? p[0].toUpperCase() + p.slice(1) : p)).join("");
function modelFor(obj) {
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  const root = group === "monitoring.coreos.com" ? promOp : k8s;
  const ns = group ? root[camel(group)]?.[version] : root[version];
  return ns?.[obj.kind];
}

// ---------------------------------------------------------------- declared fields
// Interfaces from the models' .d.ts files: alias name → {field → type text}. Types are
// followed through `Ixxx` and `Array<Ixxx>`; inline or map types end the walk.
const interfaces = new Map();
const topLevel = new Map(); // "apps/v1 Deployment" → interface alias
function scanDts(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) { if (entry.name !== "_schemas") scanDts(p); continue; }
    if (!entry.name.endsWith(".d.ts")) continue;
    const text = fs.readFileSync(p, "utf8");
    const local = new Map();
    for (const m of text.matchAll(/^export interface (I\w+)(?: extends [\w, ]+)? \{\n([\s\S]*?)^\}/gm)) {
      const fields = {};
      for (const f of m[2].matchAll(/^ {4}"([^"]+)"\??: (.*?);?$/gm)) fields[f[1]] = f[2].trim();
      local.set(m[1], fields);
      const api = /"apiVersion": "([^"]+)";\n\s+"kind": "([^"]+)"/.exec(m[2]);
      if (api) topLevel.set(`${api[1]} ${api[2]}`, m[1] + "@" + p);
      interfaces.set(m[1] + "@" + p, fields);
    }
    for (const m of text.matchAll(/export type \{ (I\w+) as (I\w+)/g)) {
      if (local.has(m[1])) interfaces.set(m[2], local.get(m[1]));
    }
  }
}
for (const d of ["kubernetes-models", "@kubernetes-models/apimachinery", "@kubernetes-models/prometheus-operator"]) {
  scanDts(path.join(nodeModules, d));
}
function unknownFields(value, typeName, at, out) {
  const fields = interfaces.get(typeName);
  if (!fields || value === null || typeof value !== "object" || Array.isArray(value)) return;
  for (const [key, v] of Object.entries(value)) {
    if (!(key in fields)) { out.push(`${at}.${key}`); continue; }
    const t = fields[key];
    const arr = /^Array<(I\w+)>$/.exec(t);
    if (arr && Array.isArray(v)) v.forEach((item, i) => unknownFields(item, arr[1], `${at}.${key}[${i}]`, out));
    else if (/^I\w+$/.test(t)) unknownFields(v, t, `${at}.${key}`, out);
  }
}

// ---------------------------------------------------------------- 1. schemas
for (const obj of docs) {
  const Model = modelFor(obj);
  if (!Model) { fail(`schema ${id(obj)}`, `no model for ${obj.apiVersion} ${obj.kind}`); continue; }
  try {
    new Model(obj).validate();
    const unknown = [];
    unknownFields(obj, topLevel.get(`${obj.apiVersion} ${obj.kind}`), "", unknown);
    check(`schema ${id(obj)}`, unknown.length === 0, `fields the API does not declare: ${unknown.join(", ")}`);
  } catch (e) {
    const errs = (e.errors || []).map((x) => `${x.instancePath} ${x.message}`).join("; ");
    fail(`schema ${id(obj)}`, errs || e.message);
  }
}
const named = (kind) => docs.filter((o) => o.kind === kind);
const byName = (kind, name) => docs.find((o) => o.kind === kind && o.metadata.name === name);

// ---------------------------------------------------------------- 2. properties
const deployments = named("Deployment");
check("one Deployment per service", deployments.length === expect.services,
  `${deployments.length} Deployments, expected ${expect.services}`);
const matches = (selector, labels) => Object.entries(selector || {}).every(([k, v]) => labels?.[k] === v);

for (const d of deployments) {
  const what = id(d);
  const pod = d.spec.template.spec;
  const c = pod.containers[0];
  const ports = Object.fromEntries((c.ports || []).map((p) => [p.name, p.containerPort]));
  const probePort = expect.tls ? ports.health : ports.grpc;
  const probe = (p, service) => p?.grpc && p.grpc.port === probePort && (p.grpc.service ?? "") === service;
  check(`${what}: gRPC and metrics ports`, ports.grpc && ports.metrics, JSON.stringify(c.ports));
  check(`${what}: startup and liveness probes ask "liveness"`, probe(c.startupProbe, "liveness") && probe(c.livenessProbe, "liveness"),
    JSON.stringify({ startup: c.startupProbe, liveness: c.livenessProbe, port: probePort }));
  check(`${what}: readiness probe asks the overall service ""`, probe(c.readinessProbe, ""),
    JSON.stringify({ readiness: c.readinessProbe, port: probePort }));
  const sc = c.securityContext || {};
  const psc = pod.securityContext || {};
  check(`${what}: non-root, read-only root, no escalation, capabilities dropped, seccomp`,
    (sc.runAsNonRoot ?? psc.runAsNonRoot) === true && psc.runAsUser > 0 && sc.readOnlyRootFilesystem === true &&
      sc.allowPrivilegeEscalation === false && (sc.capabilities?.drop || []).includes("ALL") &&
      (sc.seccompProfile?.type ?? psc.seccompProfile?.type) === "RuntimeDefault",
    JSON.stringify({ pod: psc, container: sc }));
  const r = c.resources || {};
  check(`${what}: cpu and memory requests and limits`,
    r.requests?.cpu && r.requests?.memory && r.limits?.cpu && r.limits?.memory, JSON.stringify(r));
  const tmp = (c.volumeMounts || []).find((m) => m.mountPath === "/tmp");
  check(`${what}: writable emptyDir on /tmp`, tmp && pod.volumes.find((v) => v.name === tmp.name)?.emptyDir,
    JSON.stringify(c.volumeMounts));
  check(`${what}: image with a tag or digest`, /(:[\w.-]+|@sha256:[a-f0-9]{64})$/.test(c.image), c.image);
  check(`${what}: no service account token`, pod.automountServiceAccountToken === false, "");
  // Environment: the ConfigMap exists, and every peer address names a Service of the render.
  const cmName = c.envFrom?.[0]?.configMapRef?.name;
  const cm = byName("ConfigMap", cmName);
  check(`${what}: ConfigMap ${cmName} exists`, !!cm, "");
  if (cm) {
    const env = cm.data;
    check(`${what}: GRPC_ADDRESS and METRICS_ADDRESS match the container ports`,
      env.GRPC_ADDRESS === `0.0.0.0:${ports.grpc}` && env.METRICS_ADDRESS === `0.0.0.0:${ports.metrics}`, JSON.stringify(env));
    for (const [k, v] of Object.entries(env).filter(([k]) => /^[A-Z]+_ADDR$/.test(k))) {
      const m = /^dns:\/\/\/([^.]+)\.[^:]+:(\d+)$/.exec(v);
      const svc = m && byName("Service", m[1]);
      check(`${what}: ${k} names a Service port`, svc && svc.spec.ports.some((p) => p.port === Number(m[2])), v);
    }
    if (expect.tls) check(`${what}: TLS files and plaintext health listener configured`,
      env.TLS_CERT_FILE && env.TLS_KEY_FILE && env.HEALTH_ADDRESS === `0.0.0.0:${ports.health}`, JSON.stringify(env));
    else check(`${what}: no TLS settings`, !env.TLS_CERT_FILE, "");
  }
  const dbEnv = (c.env || []).find((e) => e.name === "DATABASE_URL");
  if (expect.database === "postgresql") check(`${what}: DATABASE_URL from a Secret`, dbEnv?.valueFrom?.secretKeyRef?.name, JSON.stringify(c.env));
  else check(`${what}: sqlite DATABASE_URL on a writable volume`, cm && /^sqlite:\/\/\//.test(cm.data.DATABASE_URL), "");
  if (expect.redis) check(`${what}: REDIS_URL from a Secret`, (c.env || []).some((e) => e.name === "REDIS_URL" && e.valueFrom?.secretKeyRef), "");

  // Objects that go with each Deployment.
  const sel = d.spec.selector.matchLabels;
  check(`${what}: selector matches its pod labels`, matches(sel, d.spec.template.metadata.labels), "");
  const svcs = named("Service").filter((s) => matches(s.spec.selector, d.spec.template.metadata.labels));
  check(`${what}: a ClusterIP and a headless Service select it`,
    svcs.length === 2 && svcs.some((s) => s.spec.clusterIP === "None"), svcs.map(id).join(", "));
  const nps = named("NetworkPolicy").filter((n) => JSON.stringify(n.spec.podSelector.matchLabels) === JSON.stringify(sel));
  check(`${what}: one NetworkPolicy`, nps.length === (expect.networkPolicy ? 1 : 0), `${nps.length} found`);
  for (const np of nps) {
    check(`${id(np)}: every ingress rule names its sources`, (np.spec.ingress || []).every((rule) => rule.from?.length > 0),
      "an ingress rule without `from` admits every pod");
    const grpcRule = (np.spec.ingress || []).find((rule) => rule.ports?.some((p) => p.port === "grpc"));
    const callers = (grpcRule?.from || []).map((f) => f.podSelector?.matchLabels?.["app.kubernetes.io/component"]).filter(Boolean);
    const expected = expect.callers?.[sel["app.kubernetes.io/component"]];
    if (expected) check(`${id(np)}: gRPC open to exactly ${expected.join(", ")} (+ external callers)`,
      JSON.stringify([...callers].sort()) === JSON.stringify([...expected].sort()), `found ${callers.join(", ")}`);
  }
  const hpa = named("HorizontalPodAutoscaler").find((h) => h.spec.scaleTargetRef.name === d.metadata.name);
  check(`${what}: HPA ${expect.hpa ? "present, replicas left to it" : "absent"}`,
    expect.hpa ? hpa && d.spec.replicas === undefined : !hpa, "");
  const pdb = named("PodDisruptionBudget").find((p) => matches(p.spec.selector.matchLabels, d.spec.template.metadata.labels));
  check(`${what}: PodDisruptionBudget ${expect.pdb ? "present" : "absent"}`, expect.pdb ? !!pdb : !pdb, "");
  if (expect.minReplicas) check(`${what}: at least ${expect.minReplicas} replicas`,
    (hpa ? hpa.spec.minReplicas : d.spec.replicas) >= expect.minReplicas, "");

  const job = named("Job").find((j) => j.metadata.labels["app.kubernetes.io/component"] === sel["app.kubernetes.io/component"]);
  if (expect.migrations) {
    const jc = job?.spec.template.spec.containers[0];
    check(`${what}: migration Job as a pre-install/pre-upgrade hook running --migrate-only`,
      job && job.metadata.annotations["helm.sh/hook"] === "pre-install,pre-upgrade" &&
        JSON.stringify(jc.command) === JSON.stringify(c.command) && jc.args?.includes("--migrate-only") &&
        jc.image === c.image && jc.env.some((e) => e.name === "DATABASE_URL") && !jc.envFrom,
      job ? JSON.stringify({ annotations: job.metadata.annotations, command: jc.command, args: jc.args }) : "no Job");
    if (jc) check(`${what}: migration Job is non-root and read-only too`,
      jc.securityContext?.readOnlyRootFilesystem === true && job.spec.template.spec.securityContext?.runAsNonRoot === true, "");
  } else {
    check(`${what}: no migration Job`, !job, "");
  }
}

// ---------------------------------------------------------------- release-wide objects
const dashboards = named("ConfigMap").filter((c) => c.metadata.labels?.grafana_dashboard === "1");
check(`${expect.dashboards} dashboard ConfigMaps for the Grafana sidecar`, dashboards.length === expect.dashboards,
  `${dashboards.length} found`);
for (const cm of dashboards) {
  const [file, json] = Object.entries(cm.data)[0];
  let board;
  try { board = JSON.parse(json); } catch (e) { fail(`${id(cm)}: ${file} is JSON`, e.message); continue; }
  check(`${id(cm)}: ${file} has a uid, a title and panels`, board.uid && board.title && board.panels?.length > 0, "");
}
const sm = named("ServiceMonitor");
const pr = named("PrometheusRule");
check(`ServiceMonitor ${expect.operator ? "present, scraping the metrics port" : "absent"}`,
  expect.operator ? sm.length === 1 && sm[0].spec.endpoints[0].port === "metrics" : sm.length === 0, "");
if (expect.operator && sm.length) {
  check("ServiceMonitor leaves the headless Services out (no double scrape)",
    sm[0].spec.selector.matchExpressions?.some((e) => e.key === "parcours.fr/headless" && e.operator === "DoesNotExist"), "");
}
if (expect.rulesFile) {
  const fileGroups = YAML.parse(fs.readFileSync(expect.rulesFile, "utf8")).groups;
  check(`PrometheusRule ${expect.operator ? "present, same groups as the rules file" : "absent"}`,
    expect.operator ? pr.length === 1 && canonical(pr[0].spec.groups) === canonical(fileGroups) : pr.length === 0,
    expect.operator && pr.length ? "groups differ from the rules file" : `${pr.length} found`);
}
check("every object name is a DNS label (≤ 63 chars)",
  docs.every((o) => /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(o.metadata.name)),
  docs.filter((o) => !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(o.metadata.name)).map(id).join(", "));
const ids = docs.map(id);
check("no two objects share a kind and name", new Set(ids).size === ids.length,
  ids.filter((x, i) => ids.indexOf(x) !== i).join(", "));
process.exit(failures ? 1 : 0);
