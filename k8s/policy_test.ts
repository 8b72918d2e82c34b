/**
 * The policy's checkers can fail: each test breaks a copy of a real manifest (or the
 * Dockerfile) and expects the checker to report the problem.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type ISecret } from "kubernetes-models/v1/Secret";
import {
  alertProblems,
  alertRules,
  applicationProblems,
  type Base,
  base,
  clone,
  configMapProblems,
  container,
  containerAlertProblems,
  databaseRoleProblems,
  deploymentProblems,
  type Doc,
  dockerfileProblems,
  dockerignoreProblems,
  envProblems,
  find,
  imageProblems,
  ingressProblems,
  type Json,
  kustomizationProblems,
  literalSecretProblems,
  loadAll,
  metricsPortProblems,
  modelProblems,
  namespaceOwnershipProblems,
  NEEDS_HASH,
  networkPolicyProblems,
  overlayProblems,
  parseDocs,
  prometheusRuleProblems,
  prometheusSelectorProblems,
  render,
  requestAlertScopeProblems,
  ROOT,
  secretObjectProblems,
  serviceMonitorProblems,
  wiringProblems,
} from "./policy.ts";

const DOCS = loadAll();
const ok = (problems: string[]) => assert.deepEqual(problems, []);
const overlay = () =>
  find<Json>(DOCS, "k8s/overlays/production/kustomization.yaml");
const application = () =>
  find<Json>(DOCS, "k8s/argocd/application.yaml", "Application");

// ---------------------------------------------------------------------------------------------
// The checks can fail: break a copy and expect the problem to be reported.

function mutated(edit: (b: Base) => void): Base {
  const b = base(DOCS);
  edit(b);
  return b;
}

const has = (problems: string[], re: RegExp) =>
  assert.ok(
    problems.some((m) => re.test(m)),
    `expected a problem matching ${re}, got ${JSON.stringify(problems)}`,
  );

Deno.test("negative: kubernetes-models rejects a broken Deployment", () => {
  const dep = clone(base(DOCS).deployment) as unknown as Json;
  (dep.spec as Json).replicas = "three";
  delete (dep.spec as Json).selector;
  const problems = modelProblems(dep);
  has(problems, /replicas/);
  has(problems, /selector/);
});

Deno.test("negative: Deployment facts", () => {
  has(
    deploymentProblems(mutated((b) => b.deployment.spec!.replicas = 2)),
    /replicas must be 3/,
  );
  has(
    deploymentProblems(
      mutated((b) =>
        b.deployment.spec!.strategy!.rollingUpdate!.maxUnavailable = 1
      ),
    ),
    /maxUnavailable/,
  );
  has(
    deploymentProblems(
      mutated((b) =>
        container(b.deployment).readinessProbe!.httpGet!.path = "/healthz/live"
      ),
    ),
    /readinessProbe must GET/,
  );
  has(
    deploymentProblems(
      mutated((b) =>
        container(b.deployment).livenessProbe!.httpGet!.port = 8080
      ),
    ),
    /livenessProbe must use port 8000/,
  );
  has(
    deploymentProblems(
      mutated((b) =>
        b.deployment.spec!.template.spec!.terminationGracePeriodSeconds = 10
      ),
    ),
    /terminationGracePeriodSeconds/,
  );
  has(
    deploymentProblems(
      mutated((b) =>
        container(b.deployment).securityContext!.readOnlyRootFilesystem = false
      ),
    ),
    /readOnlyRootFilesystem/,
  );
  has(
    deploymentProblems(
      mutated((b) => b.config.set("KIC_DATA_DIR", "/elsewhere")),
    ),
    /\/elsewhere must be an emptyDir/,
  );
});

Deno.test("negative: secrets and config", () => {
  has(
    envProblems(mutated((b) => {
      const e = container(b.deployment).env!.find((e) =>
        e.name === "APP_SECRET"
      )!;
      delete e.valueFrom;
      e.value = "hunter2hunter2hunter2hunter2hunter2";
    })),
    /APP_SECRET must come from a secretKeyRef/,
  );
  has(
    envProblems(mutated((b) => b.config.set("DATABASE_URL", "postgres://x"))),
    /DATABASE_URL must not be in the ConfigMap/,
  );
  has(
    envProblems(mutated((b) => b.config.delete("PUBLIC_ORIGIN"))),
    /must set PUBLIC_ORIGIN/,
  );
  has(
    literalSecretProblems(
      "x.yaml",
      "DATABASE_URL: postgres://kic:s3cr3t@db:5432/kic",
    ),
    /literal password/,
  );
  has(
    literalSecretProblems(
      "x.yaml",
      "  APP_SECRET: abcdefabcdefabcdefabcdefabcdefabcdef",
    ),
    /APP_SECRET has a literal value/,
  );
  assert.deepEqual(
    literalSecretProblems("x.yaml", 'APP_SECRET: "CHANGE_ME"'),
    [],
  );
  const leaked = parseDocs(
    "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {APP_SECRET: real}\n",
    "k8s/leak.yaml",
  );
  has(
    secretObjectProblems(leaked),
    /APP_SECRET is not a CHANGE_ME placeholder/,
  );
});

Deno.test("negative: the Deployment migrates as the serving role", () => {
  // What the manifests were before MIGRATION_DATABASE_URL: DATABASE_URL alone.
  const without = mutated((b) => {
    const c = container(b.deployment);
    c.env = c.env!.filter((e) => e.name !== "MIGRATION_DATABASE_URL");
  });
  has(databaseRoleProblems(without), /MIGRATION_DATABASE_URL .* kic-secrets/);
  has(
    envProblems(without),
    /MIGRATION_DATABASE_URL must come from a secretKeyRef/,
  );
  has(
    databaseRoleProblems(mutated((b) => {
      const e = container(b.deployment).env!.find((e) =>
        e.name === "MIGRATION_DATABASE_URL"
      )!;
      e.valueFrom!.secretKeyRef!.key = "DATABASE_URL";
    })),
    /both read key DATABASE_URL/,
  );
  const example = find<ISecret>(DOCS, "k8s/secret.example.yaml", "Secret");
  const data = example.stringData!;
  data.MIGRATION_DATABASE_URL = data.DATABASE_URL;
  has(
    databaseRoleProblems(base(DOCS), example),
    /must name two roles/,
  );
});

Deno.test("negative: wiring, ingress, alerts, overlay, CRD shapes", () => {
  has(
    wiringProblems(mutated((b) => b.service.spec!.selector = { app: "other" })),
    /Service: selector/,
  );
  has(
    wiringProblems(
      mutated((b) => b.pdb.spec!.selector!.matchLabels = { app: "other" }),
    ),
    /PodDisruptionBudget: selector/,
  );
  has(
    wiringProblems(
      mutated((b) =>
        ((b.serviceMonitor.spec as Json).endpoints as Json[])[0].port = "nope"
      ),
    ),
    /not a Service port name/,
  );
  has(
    wiringProblems(mutated((b) => b.pdb.spec!.minAvailable = 3)),
    /minAvailable/,
  );
  has(
    ingressProblems(
      mutated((b) =>
        b.ingress.metadata!
          .annotations!["nginx.ingress.kubernetes.io/proxy-body-size"] = "1m"
      ).ingress,
    ),
    /proxy-body-size/,
  );
  const rule = clone(base(DOCS).prometheusRule);
  ((rule.spec as Json).groups as Json[])[0].rules = [{
    alert: "X",
    expr: "up == 0",
    for: "1m",
    labels: { severity: "info" },
  }];
  has(alertProblems(rule), /kic_dependency_up/);
  has(prometheusRuleProblems(rule), /annotations.summary/);
  const sm = clone(base(DOCS).serviceMonitor);
  ((sm.spec as Json).endpoints as Json[])[0].path = "/stats";
  has(serviceMonitorProblems(sm), /path must be \/metrics/);
  const overlay = find<Json>(
    DOCS,
    "k8s/overlays/production/kustomization.yaml",
  );
  (overlay.replicas as Json[])[0].count = 2;
  has(overlayProblems(base(DOCS), overlay), /replicas for kic must be 3/);
  const app = find<Json>(DOCS, "k8s/argocd/application.yaml");
  ((app.spec as Json).syncPolicy as Json).automated = { prune: false };
  has(applicationProblems(app), /prune/);
  has(
    kustomizationProblems({
      apiVersion: "kustomize.config.k8s.io/v1beta1",
      resources: ["nope.yaml"],
    }, "k8s/base/kustomization.yaml"),
    /nope.yaml does not exist/,
  );
});

Deno.test("negative: Dockerfile rules", () => {
  const good = Deno.readTextFileSync(new URL("Dockerfile", ROOT));
  ok(dockerfileProblems(good, 512));
  has(
    dockerfileProblems(good.replace(/^USER deno$/m, "USER root"), 512),
    /non-root USER/,
  );
  has(
    dockerfileProblems(
      good.replace(/deno install --frozen/, "deno install"),
      512,
    ),
    /--frozen/,
  );
  has(
    dockerfileProblems(good.replace(/deno task build/, "true"), 512),
    /deno task build/,
  );
  has(
    dockerfileProblems(
      good.replace(/DENO_VERSION=2\.9\.6/, "DENO_VERSION=2.1.0"),
      512,
    ),
    /2\.9\.6/,
  );
  has(dockerfileProblems(good, 400), /V8 heap/);
  has(dockerignoreProblems(".git\nnode_modules\n"), /_dist/);
});

// ---------------------------------------------------------------------------------------------
// Issue 7's operations checks. Each mutation puts back what the manifests had before (the
// closing note of the change says how each check was also run on the old files).

Deno.test("negative: a Namespace owned by the Application", () => {
  const docs: Doc[] = structuredClone(DOCS);
  docs.push(...parseDocs(
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: kic}\n",
    "k8s/base/namespace.yaml",
  ));
  const k = docs.find((d) => d.file === "k8s/base/kustomization.yaml")!;
  (k.obj.resources as string[]).unshift("namespace.yaml");
  const app = application();
  const sync = (app.spec as Json).syncPolicy as Json;
  sync.syncOptions = ["PruneLast=true"];
  delete sync.managedNamespaceMetadata;
  const problems = namespaceOwnershipProblems(docs, app);
  has(problems, /lists the Namespace/);
  has(problems, /CreateNamespace=true/);
  has(problems, /restricted Pod Security/);
});

Deno.test("negative: an untagged base image, an overlay pinned by tag only", () => {
  const o = overlay();
  o.images = [{
    name: "kic",
    newName: "registry.example.com/kic/kic",
    newTag: "1.0.0",
  }];
  const problems = imageProblems(
    mutated((b) => container(b.deployment).image = "kic"),
    o,
  );
  has(problems, /base image "kic" needs a tag/);
  has(problems, /pin the image by digest/);
  has(problems, /not pinned by digest/);
  const short = overlay();
  (short.images as Json[])[0].digest = "sha256:1234";
  has(imageProblems(base(DOCS), short), /pin the image by digest/);
  has(
    imageProblems(
      mutated((b) =>
        container(b.deployment).image = "registry.example.com/kic/kic:latest"
      ),
      overlay(),
    ),
    /needs a tag \(not latest\)/,
  );
});

Deno.test("negative: kic-config only as generator literals, or without a hash", () => {
  const generated = mutated((b) => {
    b.configMap = undefined;
    b.kustomization.configMapGenerator = [{
      name: "kic-config",
      literals: [...b.config].map(([k, v]) => `${k}=${v}`),
    }];
  });
  const problems = configMapProblems(generated);
  has(problems, /plain ConfigMap resource/);
  has(problems, /values belong in configmap.yaml/);
  has(
    configMapProblems(
      mutated((b) =>
        delete ((b.configMap!.metadata as Json).annotations as Json)[NEEDS_HASH]
      ),
    ),
    /needs the annotation internal.config.kubernetes.io\/needsHashSuffix/,
  );
  has(
    configMapProblems(
      mutated((b) =>
        b.kustomization.generatorOptions = { disableNameSuffixHash: true }
      ),
    ),
    /keep the hash suffix/,
  );
});

Deno.test("negative: request alerts that count probes and scrapes; no container alerts", () => {
  const rule = clone(base(DOCS).prometheusRule);
  const rules = ((rule.spec as Json).groups as Json[])[0].rules as Json[];
  const p99 = rules.find((r) => r.alert === "KicHighLatencyP99")!;
  p99.expr = String(p99.expr).replaceAll(', route!~"/healthz/.+|/metrics"', "");
  has(requestAlertScopeProblems(rule), /KicHighLatencyP99 must leave out/);
  const fiveXX = rules.find((r) => r.alert === "KicHigh5xxRate")!;
  // Excluding only in the numerator still counts probes in the denominator.
  fiveXX.expr = String(fiveXX.expr).replace(
    /(\/ sum\(rate\(http_request_duration_seconds_count\{job="kic"), route!~"[^"]*"/,
    "$1",
  );
  has(requestAlertScopeProblems(rule), /KicHigh5xxRate must leave out/);
  const wide = clone(base(DOCS).prometheusRule);
  for (const r of alertRules(wide)) {
    r.expr = String(r.expr).replaceAll("/healthz/.+|/metrics", ".*");
  }
  has(requestAlertScopeProblems(wide), /must leave out/);
  const few = clone(base(DOCS).prometheusRule);
  ((few.spec as Json).groups as Json[])[0].rules = alertRules(few).filter((r) =>
    !/^KicContainer|^KicMemory/.test(String(r.alert))
  );
  const problems = containerAlertProblems(few);
  has(problems, /restarts/);
  has(problems, /OOM kills/);
  has(problems, /memory near the limit/);
});

Deno.test("negative: no Prometheus selector label, or none the overlay sets", () => {
  const unlabelled = mutated((b) => {
    delete ((b.serviceMonitor.metadata as Json).labels as Json).release;
    delete ((b.prometheusRule.metadata as Json).labels as Json).release;
  });
  const o = overlay();
  o.patches = (o.patches as Json[]).filter((p) =>
    (p.target as Json).group !== "monitoring.coreos.com"
  );
  const problems = prometheusSelectorProblems(unlabelled, o);
  has(problems, /ServiceMonitor: needs the label release/);
  has(problems, /PrometheusRule: needs the label release/);
  has(problems, /overlay: must set the release label/);
});

Deno.test("negative: /metrics on the http port, scraped through it, routed by the Ingress", () => {
  const shared = mutated((b) => {
    const c = container(b.deployment);
    c.ports = c.ports!.filter((p) => p.name !== "metrics");
    b.service.spec!.ports = b.service.spec!.ports!.filter((p) =>
      p.name !== "metrics"
    );
    ((b.serviceMonitor.spec as Json).endpoints as Json[])[0].port = "http";
  });
  const problems = metricsPortProblems(shared);
  has(problems, /container port "metrics" must be 9464/);
  has(problems, /Service: needs a port "metrics"/);
  has(
    problems,
    /ServiceMonitor: must scrape \/metrics on the Service port "metrics"/,
  );
  has(
    metricsPortProblems(
      mutated((b) =>
        b.ingress.spec!.rules![0].http!.paths[0].backend.service!.port = {
          name: "metrics",
        }
      ),
    ),
    /must route to the Service port "http" only/,
  );
  has(
    metricsPortProblems(mutated((b) => b.config.set("METRICS_PORT", "9100"))),
    /must be 9100 \(METRICS_PORT\)/,
  );
});

Deno.test("negative: NetworkPolicy missing, open, or closing the http port", () => {
  has(
    networkPolicyProblems(mutated((b) => b.networkPolicy = undefined)),
    /needs a NetworkPolicy/,
  );
  const rules = (b: Base) => (b.networkPolicy!.spec as Json).ingress as Json[];
  has(
    networkPolicyProblems(mutated((b) => rules(b)[1].from = [])),
    /admits sources other than namespaces/,
  );
  has(
    networkPolicyProblems(
      mutated((b) => rules(b)[1].from = [{ podSelector: {} }]),
    ),
    /admits sources other than namespaces/,
  );
  has(
    networkPolicyProblems(mutated((b) => delete rules(b)[0].ports)),
    /admits every port/,
  );
  has(
    networkPolicyProblems(
      mutated((b) => (b.networkPolicy!.spec as Json).ingress = [rules(b)[1]]),
    ),
    /http port must stay open/,
  );
  has(
    networkPolicyProblems(
      mutated((b) =>
        (b.networkPolicy!.spec as Json).podSelector = {
          matchLabels: { app: "other" },
        }
      ),
    ),
    /podSelector does not select the pods/,
  );
  // The overlay makes the namespaces configurable: its values are what the rendering checks.
  const o = overlay();
  const patch = (o.patches as Json[]).find((p) =>
    (p.target as Json).kind === "NetworkPolicy"
  )!;
  patch.patch = String(patch.patch).replace(
    /value: monitoring/,
    "value: ingress-nginx",
  );
  has(
    networkPolicyProblems(render(base(DOCS), o)),
    /monitoring namespace and the ingress namespace must differ/,
  );
});

Deno.test("negative: a Dockerfile that exposes only the app port", () => {
  const good = Deno.readTextFileSync(new URL("Dockerfile", ROOT));
  has(
    dockerfileProblems(good.replace(/^EXPOSE 8000 9464$/m, "EXPOSE 8000"), 512),
    /EXPOSE 9464/,
  );
});
