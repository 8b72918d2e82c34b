/**
 * Runs the deployment policy (`k8s/policy.ts`) on the real files: every YAML document under
 * `k8s/`, the base as kustomize assembles it, the production overlay, the ArgoCD Application and
 * the Dockerfile.
 *
 *   deno test -A k8s/
 *
 * @module
 */
import assert from "node:assert/strict";
import { type ISecret } from "kubernetes-models/v1/Secret";
import {
  alertProblems,
  base,
  configMapProblems,
  container,
  containerAlertProblems,
  CORE,
  databaseRoleProblems,
  deploymentProblems,
  dockerfileProblems,
  dockerignoreProblems,
  docProblems,
  envProblems,
  find,
  imageProblems,
  ingressProblems,
  type Json,
  literalSecretProblems,
  loadAll,
  metricsPortProblems,
  modelProblems,
  namespaceOwnershipProblems,
  networkPolicyProblems,
  overlayProblems,
  parseMemoryMi,
  prometheusSelectorProblems,
  rel,
  render,
  requestAlertScopeProblems,
  ROOT,
  secretObjectProblems,
  wiringProblems,
  yamlFiles,
} from "./policy.ts";

const DOCS = loadAll();
const OVERLAY = find<Json>(DOCS, "k8s/overlays/production/kustomization.yaml");
const APPLICATION = find<Json>(
  DOCS,
  "k8s/argocd/application.yaml",
  "Application",
);
const ok = (problems: string[]) => assert.deepEqual(problems, []);

Deno.test("k8s: every YAML file parses and is one of the expected kinds", () => {
  const files = new Set(DOCS.map((d) => d.file));
  for (
    const f of [
      "k8s/base/kustomization.yaml",
      "k8s/overlays/production/kustomization.yaml",
      "k8s/argocd/application.yaml",
    ]
  ) assert.ok(files.has(f), `missing ${f}`);
  const kinds = DOCS.map((d) => String(d.obj.kind));
  for (
    const k of [
      "ConfigMap",
      "Deployment",
      "Service",
      "Ingress",
      "NetworkPolicy",
      "PodDisruptionBudget",
      "ServiceMonitor",
      "PrometheusRule",
    ]
  ) {
    assert.ok(kinds.includes(k), `no ${k} under k8s/`);
  }
  const known = new Set([
    ...Object.keys(CORE).map((k) => k.split("/").pop()),
    "ServiceMonitor",
    "PrometheusRule",
    "Application",
    "Kustomization",
  ]);
  for (const d of DOCS) {
    assert.ok(
      known.has(String(d.obj.kind)),
      `${d.file}: unexpected kind ${d.obj.kind}`,
    );
  }
});

Deno.test("k8s: every document is valid (kubernetes-models schemas, CRD and kustomize shapes)", () => {
  ok(DOCS.flatMap(docProblems));
});

Deno.test("k8s: the ConfigMap, with the generator's values merged, is a valid ConfigMap", () => {
  const b = base(DOCS);
  ok(
    modelProblems({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "kic-config" },
      data: Object.fromEntries(b.config),
    }),
  );
});

Deno.test("k8s: the base lists exactly the manifests in k8s/base", () => {
  const b = base(DOCS);
  const listed = new Set(b.kustomization.resources as string[]);
  const onDisk = [...Deno.readDirSync(new URL("k8s/base/", ROOT))]
    .map((e) => e.name).filter((n) =>
      /\.ya?ml$/.test(n) && n !== "kustomization.yaml"
    );
  assert.deepEqual(
    onDisk.filter((n) => !listed.has(n)),
    [],
    "manifests in k8s/base not listed in its kustomization",
  );
  assert.equal(b.kustomization.namespace, "kic");
});

Deno.test("k8s: Deployment facts (3 replicas, rollout, probes on 8000, shutdown, security)", () => {
  ok(deploymentProblems(base(DOCS)));
});

Deno.test("k8s: secrets come from secretKeyRef, config from the ConfigMap", () => {
  const example = DOCS.find((d) => d.obj.kind === "Secret")?.obj as
    | ISecret
    | undefined;
  assert.ok(example, "k8s/secret.example.yaml documents the Secret's keys");
  ok(envProblems(base(DOCS), example));
});

Deno.test("k8s: migrations run as the owner, the app serves as a kic_app member", () => {
  const example = DOCS.find((d) => d.obj.kind === "Secret")?.obj as
    | ISecret
    | undefined;
  ok(databaseRoleProblems(base(DOCS), example));
  ok(databaseRoleProblems(render(base(DOCS), OVERLAY)));
});

Deno.test("k8s: labels, selectors and references agree across objects", () => {
  ok(wiringProblems(base(DOCS)));
});

Deno.test("k8s: Ingress (nginx, TLS, 10 MB uploads) and alerts", () => {
  const b = base(DOCS);
  ok(ingressProblems(b.ingress));
  ok(alertProblems(b.prometheusRule));
});

Deno.test("k8s: the production overlay and the ArgoCD Application", () => {
  ok(overlayProblems(base(DOCS), OVERLAY));
  const ignored =
    ((APPLICATION.spec as Json).ignoreDifferences as Json[] | undefined) ?? [];
  if (base(DOCS).hpa) {
    assert.ok(
      ignored.some((i) =>
        i.kind === "Deployment" &&
        (i.jsonPointers as string[]).includes("/spec/replicas")
      ),
      "with an HPA, ArgoCD must ignore /spec/replicas or self-heal fights the autoscaler",
    );
  }
});

Deno.test("k8s: the base's checks hold on the production rendering too", () => {
  const r = render(base(DOCS), OVERLAY);
  ok(deploymentProblems(r));
  ok(envProblems(r));
  ok(wiringProblems(r));
  ok(metricsPortProblems(r));
  ok(networkPolicyProblems(r));
});

Deno.test("k8s: ArgoCD never owns the namespace that holds the hand-made secrets", () => {
  ok(namespaceOwnershipProblems(DOCS, APPLICATION));
});

Deno.test("k8s: the base image has a tag; production pins it by digest", () => {
  ok(imageProblems(base(DOCS), OVERLAY));
});

Deno.test("k8s: kic-config is a plain resource of the base with a hash suffix", () => {
  ok(configMapProblems(base(DOCS)));
});

Deno.test("k8s: request alerts leave out probes and scrapes; container alerts exist", () => {
  const rule = base(DOCS).prometheusRule;
  ok(requestAlertScopeProblems(rule));
  ok(containerAlertProblems(rule));
});

Deno.test("k8s: ServiceMonitor and PrometheusRule carry the label Prometheus selects on", () => {
  ok(prometheusSelectorProblems(base(DOCS), OVERLAY));
});

Deno.test("k8s: /metrics on its own port, open only to the monitoring namespace", () => {
  const b = base(DOCS);
  ok(metricsPortProblems(b));
  ok(networkPolicyProblems(b));
});

Deno.test("k8s: no literal secret anywhere in the deployment files", () => {
  const files = [
    ...yamlFiles(new URL("k8s/", ROOT)),
    new URL("Dockerfile", ROOT),
    new URL(".dockerignore", ROOT),
  ];
  ok(
    files.flatMap((u) =>
      literalSecretProblems(rel(u), Deno.readTextFileSync(u))
    ),
  );
  ok(secretObjectProblems(DOCS));
});

Deno.test("Dockerfile: deno 2.9.6, --frozen install, deno task build, non-root, CMD", () => {
  const memory = parseMemoryMi(
    container(base(DOCS).deployment).resources?.limits?.memory,
  );
  assert.ok(memory > 0, "memory limit must parse");
  ok(
    dockerfileProblems(
      Deno.readTextFileSync(new URL("Dockerfile", ROOT)),
      memory,
    ),
  );
  ok(
    dockerignoreProblems(Deno.readTextFileSync(new URL(".dockerignore", ROOT))),
  );
});
