/**
 * The policy's checkers can fail: each test breaks a copy of a real manifest (or the
 * Dockerfile) and expects the checker to report the problem.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  alertProblems,
  applicationProblems,
  type Base,
  base,
  clone,
  container,
  deploymentProblems,
  dockerfileProblems,
  dockerignoreProblems,
  envProblems,
  find,
  ingressProblems,
  type Json,
  kustomizationProblems,
  literalSecretProblems,
  loadAll,
  modelProblems,
  overlayProblems,
  parseDocs,
  prometheusRuleProblems,
  ROOT,
  secretObjectProblems,
  serviceMonitorProblems,
  wiringProblems,
} from "./policy.ts";

const DOCS = loadAll();
const ok = (problems: string[]) => assert.deepEqual(problems, []);

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
        ((b.serviceMonitor.spec as Json).endpoints as Json[])[0].port =
          "metrics"
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
  (overlay.images as Json[])[0].name = "other";
  has(overlayProblems(base(DOCS), overlay), /must retag the base image/);
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
