/**
 * The deployment's policy: checkers that read the manifests under `k8s/` (and the Dockerfile)
 * and return a list of problems, empty when the policy holds. Core kinds are validated against
 * the kubernetes-models schemas, CRDs (ServiceMonitor, PrometheusRule, ArgoCD Application) and
 * kustomize files by hand, and the facts the app relies on are asserted against the app's own
 * constants (`app/constants.ts`): ports, probe paths, graceful shutdown, required secrets.
 *
 * `k8s/manifests_test.ts` runs every checker on the real files; `k8s/policy_test.ts` breaks a
 * copy of a manifest and expects each checker to report it.
 *
 * @module
 */
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { type IDeployment } from "kubernetes-models/apps/v1/Deployment";
import { Deployment } from "kubernetes-models/apps/v1";
import { ConfigMap, Namespace, Secret, Service } from "kubernetes-models/v1";
import { type IService } from "kubernetes-models/v1/Service";
import { type ISecret } from "kubernetes-models/v1/Secret";
import { type IContainer } from "kubernetes-models/v1/Container";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { type IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { type IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { type IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import {
  DEFAULT_METRICS_PORT,
  DEFAULT_PORT,
  HARD_EXIT_MS,
  HTTP_PORT_NAME,
  LIVE_PATH,
  METRICS_PATH,
  METRICS_PORT_NAME,
  PRODUCTION_DRAIN_DELAY_MS,
  PRODUCTION_SECRETS,
  READY_PATH,
  REQUIRED_IN_PRODUCTION,
} from "@/app/constants.ts";

/** The hard-exit time in whole seconds, for terminationGracePeriodSeconds. */
const HARD_EXIT_S = Math.ceil(HARD_EXIT_MS / 1000);

/** Non-secret production settings the ConfigMap must set. */
export const CONFIG_ENV = [
  ...REQUIRED_IN_PRODUCTION.filter((name) =>
    !PRODUCTION_SECRETS.includes(name)
  ),
  "KIC_MODE",
  "S3_REGION",
  "MAIL_FROM",
  "TRUST_PROXY",
] as const;

/** The marker every placeholder value in the example Secret carries. */
export const PLACEHOLDER = "CHANGE_ME";

/** The repository root (the folder above `k8s/`). */
export const ROOT: URL = new URL("../", import.meta.url);

// ---------------------------------------------------------------------------------------------
// Loading

/** A parsed YAML mapping. */
export type Json = Record<string, unknown>;

/** One YAML document of a file under `k8s/`. */
export interface Doc {
  /** Path relative to the repository root, e.g. `k8s/base/deployment.yaml`. */
  file: string;
  /** Position of the document in its file (0 for the first). */
  index: number;
  /** The document's content. */
  obj: Json;
}

/** A file's path relative to the repository root. */
export function rel(url: URL): string {
  return decodeURIComponent(url.pathname.slice(ROOT.pathname.length));
}

/** Every `.yaml`/`.yml` file below `dir`, sorted. */
export function yamlFiles(dir: URL): URL[] {
  const out: URL[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) out.push(...yamlFiles(url));
    else if (/\.ya?ml$/.test(entry.name)) out.push(url);
  }
  return out.sort((a, b) => a.href.localeCompare(b.href));
}

/**
 * Parses every document of a YAML file.
 *
 * @throws Error on a YAML error or warning, or a document that is not a mapping
 */
export function parseDocs(text: string, file: string): Doc[] {
  const docs: Doc[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
    if (problems.length > 0) {
      throw new Error(`${file} document ${index}: ${problems.join("; ")}`);
    }
    const obj = doc.toJS();
    if (obj === null || obj === undefined) return; // an empty document (a trailing ---)
    if (typeof obj !== "object" || Array.isArray(obj)) {
      throw new Error(`${file} document ${index} is not a mapping`);
    }
    docs.push({ file, index, obj: obj as Json });
  });
  return docs;
}

/** Every document of every YAML file under `k8s/`. */
export function loadAll(): Doc[] {
  return yamlFiles(new URL("k8s/", ROOT)).flatMap((url) =>
    parseDocs(Deno.readTextFileSync(url), rel(url))
  );
}

/**
 * A copy of the first document in `file` (of `kind` when given).
 *
 * @throws Error when there is none
 */
export function find<T>(docs: Doc[], file: string, kind?: string): T {
  const doc = docs.find((d) =>
    d.file === file && (!kind || d.obj.kind === kind)
  );
  if (!doc) throw new Error(`no ${kind ?? "document"} in ${file}`);
  return structuredClone(doc.obj) as T;
}

/** A deep copy. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

// ---------------------------------------------------------------------------------------------
// Schema validation

/** A kubernetes-models class: constructed from an object, validated against its schema. */
// deno-lint-ignore no-explicit-any
export type ModelClass = new (data: any) => { validate(): void };
/** The core kinds KIC deploys, by `apiVersion/kind`, with their schema classes. */
export const CORE: Record<string, ModelClass> = {
  "v1/Namespace": Namespace,
  "v1/Service": Service,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "apps/v1/Deployment": Deployment,
  "networking.k8s.io/v1/Ingress": Ingress,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
};

/** Problems kubernetes-models reports for one object (empty when valid). */
export function modelProblems(obj: Json): string[] {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const Model = CORE[key];
  if (!Model) return [`no schema for ${key}`];
  try {
    new Model(obj).validate();
    return [];
  } catch (error) {
    const list =
      (error as { errors?: { instancePath?: string; message?: string }[] })
        .errors;
    if (!list) return [String(error)];
    return list.map((e) => `${key} ${e.instancePath || "/"} ${e.message}`);
  }
}

/** A Prometheus duration such as `30s` or `1h30m`. */
export const DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;
/** Whether a value is a mapping. */
export const isObj = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);
/** Whether a value is a non-empty string. */
export const isText = (v: unknown): v is string =>
  typeof v === "string" && v.length > 0;

/** A name that Kubernetes accepts in `metadata.name`. */
export function metadataProblems(obj: Json, where: string): string[] {
  const meta = obj.metadata;
  if (!isObj(meta) || !isText(meta.name)) {
    return [`${where}: metadata.name is required`];
  }
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(meta.name)
    ? []
    : [`${where}: bad name ${meta.name}`];
}

/** Prometheus Operator ServiceMonitor (monitoring.coreos.com/v1), the fields KIC uses. */
export function serviceMonitorProblems(obj: Json): string[] {
  const p = metadataProblems(obj, "ServiceMonitor");
  if (obj.apiVersion !== "monitoring.coreos.com/v1") {
    p.push("ServiceMonitor: apiVersion must be monitoring.coreos.com/v1");
  }
  const spec = obj.spec;
  if (!isObj(spec)) return [...p, "ServiceMonitor: spec is required"];
  const selector = spec.selector;
  if (
    !isObj(selector) || !isObj(selector.matchLabels) ||
    Object.keys(selector.matchLabels).length === 0
  ) {
    p.push("ServiceMonitor: spec.selector.matchLabels must select the Service");
  }
  if (!Array.isArray(spec.endpoints) || spec.endpoints.length === 0) {
    p.push("ServiceMonitor: spec.endpoints must list at least one endpoint");
  } else {
    for (const [i, ep] of spec.endpoints.entries()) {
      if (!isObj(ep)) {
        p.push(`ServiceMonitor: endpoints[${i}] must be a mapping`);
        continue;
      }
      if (!isText(ep.port)) {
        p.push(`ServiceMonitor: endpoints[${i}].port must name a Service port`);
      }
      if (ep.path !== "/metrics") {
        p.push(`ServiceMonitor: endpoints[${i}].path must be /metrics`);
      }
      for (const f of ["interval", "scrapeTimeout"]) {
        if (
          ep[f] !== undefined &&
          !(isText(ep[f]) && DURATION.test(ep[f] as string))
        ) {
          p.push(
            `ServiceMonitor: endpoints[${i}].${f} must be a duration like 30s`,
          );
        }
      }
    }
  }
  return p;
}

/** Whether the brackets of a PromQL expression balance. */
export function balanced(expr: string): boolean {
  let depth = 0;
  for (const ch of expr) {
    if ("([{".includes(ch)) depth++;
    if (")]}".includes(ch) && --depth < 0) return false;
  }
  return depth === 0;
}

/** Prometheus Operator PrometheusRule (monitoring.coreos.com/v1). */
export function prometheusRuleProblems(obj: Json): string[] {
  const p = metadataProblems(obj, "PrometheusRule");
  if (obj.apiVersion !== "monitoring.coreos.com/v1") {
    p.push("PrometheusRule: apiVersion must be monitoring.coreos.com/v1");
  }
  const groups = isObj(obj.spec) ? obj.spec.groups : undefined;
  if (!Array.isArray(groups) || groups.length === 0) {
    return [...p, "PrometheusRule: spec.groups is required"];
  }
  const alerts: string[] = [];
  for (const g of groups) {
    if (!isObj(g) || !isText(g.name)) {
      p.push("PrometheusRule: every group needs a name");
      continue;
    }
    if (!Array.isArray(g.rules) || g.rules.length === 0) {
      p.push(`PrometheusRule: group ${g.name} has no rules`);
    }
    for (const r of Array.isArray(g.rules) ? g.rules : []) {
      const name = isObj(r) && isText(r.alert) ? r.alert : undefined;
      if (!isObj(r) || !name) {
        p.push(
          `PrometheusRule: group ${g.name} has a rule without an alert name`,
        );
        continue;
      }
      alerts.push(name);
      if (!isText(r.expr) || !balanced(r.expr)) {
        p.push(`PrometheusRule: ${name}.expr is missing or unbalanced`);
      }
      if (!isText(r.for) || !DURATION.test(r.for)) {
        p.push(`PrometheusRule: ${name}.for must be a duration`);
      }
      const sev = isObj(r.labels) ? r.labels.severity : undefined;
      if (!["critical", "warning", "info"].includes(sev as string)) {
        p.push(
          `PrometheusRule: ${name} needs labels.severity critical|warning|info`,
        );
      }
      if (!isObj(r.annotations) || !isText(r.annotations.summary)) {
        p.push(`PrometheusRule: ${name} needs annotations.summary`);
      }
    }
  }
  if (new Set(alerts).size !== alerts.length) {
    p.push("PrometheusRule: alert names must be unique");
  }
  return p;
}

/** ArgoCD Application (argoproj.io/v1alpha1). */
export function applicationProblems(obj: Json): string[] {
  const p = metadataProblems(obj, "Application");
  if (obj.apiVersion !== "argoproj.io/v1alpha1") {
    p.push("Application: apiVersion must be argoproj.io/v1alpha1");
  }
  const spec = isObj(obj.spec) ? obj.spec : {};
  const source = isObj(spec.source) ? spec.source : {};
  const dest = isObj(spec.destination) ? spec.destination : {};
  if (!isText(spec.project)) p.push("Application: spec.project is required");
  if (!isText(source.repoURL)) {
    p.push("Application: spec.source.repoURL is required");
  }
  if (!isText(source.targetRevision)) {
    p.push("Application: spec.source.targetRevision is required");
  }
  if (source.path !== "k8s/overlays/production") {
    p.push("Application: spec.source.path must be k8s/overlays/production");
  } else if (!exists(new URL(`${source.path}/kustomization.yaml`, ROOT))) {
    p.push("Application: source.path has no kustomization.yaml");
  }
  if (!isText(dest.server) && !isText(dest.name)) {
    p.push("Application: spec.destination.server or name is required");
  }
  if (dest.namespace !== "kic") {
    p.push("Application: spec.destination.namespace must be kic");
  }
  const sync = isObj(spec.syncPolicy) ? spec.syncPolicy : {};
  const auto = isObj(sync.automated) ? sync.automated : {};
  if (auto.prune !== true) {
    p.push("Application: syncPolicy.automated.prune must be true");
  }
  if (auto.selfHeal !== true) {
    p.push("Application: syncPolicy.automated.selfHeal must be true");
  }
  return p;
}

/** Whether a file or folder exists. */
export function exists(url: URL): boolean {
  try {
    Deno.statSync(url);
    return true;
  } catch {
    return false;
  }
}

/** Parses `KEY=value` generator literals. */
export function literals(list: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of Array.isArray(list) ? list : []) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(String(item));
    if (!m) throw new Error(`bad configMapGenerator literal: ${item}`);
    out.set(m[1], m[2]);
  }
  return out;
}

/** A kustomize Kustomization: shape, and every resource and patch it names exists. */
export function kustomizationProblems(obj: Json, file: string): string[] {
  const p: string[] = [];
  if (obj.apiVersion !== "kustomize.config.k8s.io/v1beta1") {
    p.push(`${file}: apiVersion must be kustomize.config.k8s.io/v1beta1`);
  }
  if (!Array.isArray(obj.resources) || obj.resources.length === 0) {
    return [...p, `${file}: resources is empty`];
  }
  const dir = new URL("./", new URL(file, ROOT));
  for (const r of obj.resources) {
    if (!isText(r)) {
      p.push(`${file}: resource ${JSON.stringify(r)} is not a path`);
      continue;
    }
    const url = new URL(r, dir);
    const isDir = exists(new URL(r.replace(/\/?$/, "/"), dir)) &&
      Deno.statSync(url).isDirectory;
    if (
      isDir
        ? !exists(new URL(r.replace(/\/?$/, "/kustomization.yaml"), dir))
        : !exists(url)
    ) {
      p.push(`${file}: resource ${r} does not exist`);
    }
  }
  for (
    const [i, g]
      of (Array.isArray(obj.configMapGenerator) ? obj.configMapGenerator : [])
        .entries()
  ) {
    if (!isObj(g) || !isText(g.name)) {
      p.push(`${file}: configMapGenerator[${i}] needs a name`);
    } else if (
      g.behavior !== undefined &&
      !["create", "merge", "replace"].includes(g.behavior as string)
    ) {
      p.push(`${file}: configMapGenerator ${g.name} has a bad behavior`);
    } else {
      try {
        literals(g.literals);
      } catch (e) {
        p.push(`${file}: ${(e as Error).message}`);
      }
    }
  }
  for (const img of Array.isArray(obj.images) ? obj.images : []) {
    if (
      !isObj(img) || !isText(img.name) ||
      !(isText(img.newTag) || isText(img.digest))
    ) {
      p.push(`${file}: every images entry needs a name and a newTag or digest`);
    }
  }
  for (const patch of Array.isArray(obj.patches) ? obj.patches : []) {
    if (!isObj(patch) || !(isText(patch.patch) || isText(patch.path))) {
      p.push(`${file}: every patch needs patch or path`);
    }
  }
  return p;
}

/** All problems of one document, whatever its kind. */
export function docProblems(doc: Doc): string[] {
  const { obj, file } = doc;
  const at = (list: string[]) => list.map((m) => `${file}#${doc.index}: ${m}`);
  switch (obj.kind) {
    case "ServiceMonitor":
      return at(serviceMonitorProblems(obj));
    case "PrometheusRule":
      return at(prometheusRuleProblems(obj));
    case "Application":
      return at(applicationProblems(obj));
    case "Kustomization":
      return at(kustomizationProblems(obj, file));
    default:
      return at(modelProblems(obj));
  }
}

// ---------------------------------------------------------------------------------------------
// The base, as kustomize would assemble it (namespace, generated ConfigMap, overlay values).

/** The base as kustomize assembles it: its objects and the ConfigMap's settings. */
export interface Base {
  /** `k8s/base/kustomization.yaml`. */
  kustomization: Json;
  /** The resources the kustomization lists, as paths from the repository root. */
  resources: string[];
  /** The Deployment. */
  deployment: IDeployment;
  /** The Service. */
  service: IService;
  /** The Ingress. */
  ingress: IIngress;
  /** The PodDisruptionBudget. */
  pdb: IPodDisruptionBudget;
  /** The HorizontalPodAutoscaler, when the base has one. */
  hpa?: IHorizontalPodAutoscaler;
  /** The ServiceMonitor (Prometheus Operator). */
  serviceMonitor: Json;
  /** The PrometheusRule (Prometheus Operator). */
  prometheusRule: Json;
  /** The `kic-config` ConfigMap when it is a plain resource of the base. */
  configMap?: Json;
  /** The NetworkPolicy, when the base has one. */
  networkPolicy?: Json;
  /** The `kic-config` settings: the ConfigMap's data merged with the generator's literals. */
  config: Map<string, string>;
}

/**
 * The base's objects, found through the resources its kustomization lists, with the ConfigMap's
 * data merged as kustomize merges its `configMapGenerator`.
 *
 * @throws Error when the base lacks a Deployment, Service, Ingress, PodDisruptionBudget,
 * ServiceMonitor or PrometheusRule
 */
export function base(docs: Doc[]): Base {
  const kustomization = find<Json>(docs, "k8s/base/kustomization.yaml");
  const resources = (kustomization.resources as string[]).map((r) =>
    `k8s/base/${r}`
  );
  const maybe = <T>(kind: string, name?: string): T | undefined => {
    const doc = docs.find((d) =>
      resources.includes(d.file) && d.obj.kind === kind &&
      (name === undefined ||
        (d.obj.metadata as Json | undefined)?.name === name)
    );
    return doc ? clone(doc.obj) as T : undefined;
  };
  const of = <T>(kind: string): T => {
    const found = maybe<T>(kind);
    if (!found) throw new Error(`the base lists no ${kind}`);
    return found;
  };
  const configMap = maybe<Json>("ConfigMap", "kic-config");
  const config = new Map(
    Object.entries((configMap?.data as Record<string, string>) ?? {}),
  );
  for (
    const g of (kustomization.configMapGenerator as Json[] | undefined) ?? []
  ) {
    if (g.name === "kic-config") {
      for (const [k, v] of literals(g.literals)) config.set(k, v);
    }
  }
  return {
    kustomization,
    resources,
    deployment: of<IDeployment>("Deployment"),
    service: of<IService>("Service"),
    ingress: of<IIngress>("Ingress"),
    pdb: of<IPodDisruptionBudget>("PodDisruptionBudget"),
    hpa: maybe<IHorizontalPodAutoscaler>("HorizontalPodAutoscaler"),
    serviceMonitor: of<Json>("ServiceMonitor"),
    prometheusRule: of<Json>("PrometheusRule"),
    configMap,
    networkPolicy: maybe<Json>("NetworkPolicy"),
    config,
  };
}

/**
 * The Deployment's `kic` container.
 *
 * @throws Error when there is none
 */
export function container(dep: IDeployment): IContainer {
  const c = dep.spec?.template.spec?.containers?.find((c) => c.name === "kic");
  if (!c) throw new Error("the Deployment has no container named kic");
  return c;
}

/** A container port's number, from a number or the port's name. */
export function portNumber(
  c: IContainer,
  port: number | string | undefined,
): number | undefined {
  if (typeof port === "number") return port;
  return c.ports?.find((p) => p.name === port)?.containerPort;
}

/** Whether every label of `small` (non-empty) is in `big` with the same value. */
export function subset(
  small: Record<string, string> | undefined,
  big: Record<string, string> | undefined,
): boolean {
  if (!small || Object.keys(small).length === 0) return false;
  return Object.entries(small).every(([k, v]) => big?.[k] === v);
}

/** A memory quantity (`512Mi`, `1Gi`, `500M`, bytes) in MiB; NaN when it does not parse. */
export function parseMemoryMi(q: string | number | undefined): number {
  const m = /^([0-9.]+)(Mi|Gi|M|G)?$/.exec(String(q ?? ""));
  if (!m) return NaN;
  const n = Number(m[1]);
  return {
    Mi: n,
    Gi: n * 1024,
    M: n * 1e6 / 2 ** 20,
    G: n * 1e9 / 2 ** 20,
  }[m[2] ?? ""] ?? n / 2 ** 20;
}

/** Facts about the Deployment: replicas, rollout, probes, shutdown, security, resources. */
export function deploymentProblems(b: Base): string[] {
  const p: string[] = [];
  const dep = b.deployment;
  const spec = dep.spec;
  const pod = spec?.template.spec;
  if (!spec || !pod) return ["Deployment: spec.template.spec is required"];
  if (spec.replicas !== 3) {
    p.push(`Deployment: replicas must be 3, is ${spec.replicas}`);
  }
  const ru = spec.strategy?.rollingUpdate;
  if (spec.strategy?.type !== "RollingUpdate") {
    p.push("Deployment: strategy must be RollingUpdate");
  }
  if (ru?.maxUnavailable !== 0) {
    p.push("Deployment: rollingUpdate.maxUnavailable must be 0");
  }
  if (ru?.maxSurge !== 1) {
    p.push("Deployment: rollingUpdate.maxSurge must be 1");
  }

  const c = container(dep);
  if (portNumber(c, "http") !== DEFAULT_PORT) {
    p.push(`Deployment: container port "http" must be ${DEFAULT_PORT}`);
  }
  const probes = {
    startupProbe: LIVE_PATH,
    livenessProbe: LIVE_PATH,
    readinessProbe: READY_PATH,
  } as const;
  for (const [name, path] of Object.entries(probes)) {
    const probe = c[name as keyof typeof probes];
    if (!probe?.httpGet) {
      p.push(`Deployment: ${name} must be an httpGet probe`);
      continue;
    }
    if (probe.httpGet.path !== path) {
      p.push(`Deployment: ${name} must GET ${path}, not ${probe.httpGet.path}`);
    }
    if (portNumber(c, probe.httpGet.port) !== DEFAULT_PORT) {
      p.push(`Deployment: ${name} must use port ${DEFAULT_PORT}`);
    }
  }
  const startupBudget = (c.startupProbe?.periodSeconds ?? 10) *
    (c.startupProbe?.failureThreshold ?? 3);
  if (startupBudget < 30) {
    p.push(`Deployment: startupProbe allows only ${startupBudget}s to start`);
  }

  const drainS =
    Number(b.config.get("DRAIN_DELAY_MS") ?? PRODUCTION_DRAIN_DELAY_MS) / 1000;
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  if (grace < 20 || grace < drainS + HARD_EXIT_S) {
    p.push(
      `Deployment: terminationGracePeriodSeconds ${grace} < drain ${drainS}s + ${HARD_EXIT_S}s (and >= 20)`,
    );
  }
  const preStopSleep = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
  if (preStopSleep + drainS + HARD_EXIT_S > grace) {
    p.push("Deployment: preStop sleep leaves no time for the drain");
  }

  const psc = pod.securityContext;
  const csc = c.securityContext;
  if (psc?.runAsNonRoot !== true && csc?.runAsNonRoot !== true) {
    p.push("Deployment: runAsNonRoot must be true");
  }
  if ((csc?.runAsUser ?? psc?.runAsUser) === 0) {
    p.push("Deployment: must not run as uid 0");
  }
  if (csc?.readOnlyRootFilesystem !== true) {
    p.push("Deployment: readOnlyRootFilesystem must be true");
  }
  if (csc?.allowPrivilegeEscalation !== false) {
    p.push("Deployment: allowPrivilegeEscalation must be false");
  }
  if (!csc?.capabilities?.drop?.includes("ALL")) {
    p.push("Deployment: capabilities must drop ALL");
  }
  const emptyDirs = new Set(
    (pod.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name),
  );
  const writable = (c.volumeMounts ?? []).filter((m) => emptyDirs.has(m.name))
    .map((m) => m.mountPath);
  for (
    const dir of [
      "/tmp",
      b.config.get("KIC_DATA_DIR") ?? "(KIC_DATA_DIR unset)",
    ]
  ) {
    if (!writable.includes(dir)) {
      p.push(`Deployment: ${dir} must be an emptyDir mount`);
    }
  }

  const res = c.resources;
  for (const k of ["cpu", "memory"]) {
    if (res?.requests?.[k] === undefined) {
      p.push(`Deployment: resources.requests.${k} is required`);
    }
    if (res?.limits?.[k] === undefined) {
      p.push(`Deployment: resources.limits.${k} is required`);
    }
  }

  const anti = pod.affinity?.podAntiAffinity
    ?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  if (
    !anti.some((t) =>
      t.podAffinityTerm.topologyKey === "kubernetes.io/hostname"
    )
  ) {
    p.push(
      "Deployment: needs a preferred podAntiAffinity across nodes (kubernetes.io/hostname)",
    );
  }
  if ((pod.topologySpreadConstraints ?? []).length === 0) {
    p.push("Deployment: needs topologySpreadConstraints");
  }
  return p;
}

/** Secrets only from secretKeyRef; config only from the ConfigMap; nothing overlaps. */
export function envProblems(b: Base, secretExample?: ISecret): string[] {
  const p: string[] = [];
  const c = container(b.deployment);
  const env = new Map((c.env ?? []).map((e) => [e.name, e]));
  for (const name of PRODUCTION_SECRETS) {
    const e = env.get(name);
    const ref = e?.valueFrom?.secretKeyRef;
    if (!ref) p.push(`env ${name} must come from a secretKeyRef`);
    else if (ref.name !== "kic-secrets") {
      p.push(`env ${name} must read the Secret kic-secrets`);
    } else if (
      secretExample &&
      !(ref.key in (secretExample.stringData ?? secretExample.data ?? {}))
    ) {
      p.push(
        `env ${name} reads key ${ref.key}, which secret.example.yaml does not document`,
      );
    }
    if (e?.value !== undefined) p.push(`env ${name} has a literal value`);
    if (b.config.has(name)) p.push(`${name} must not be in the ConfigMap`);
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined && /SECRET|PASSWORD|TOKEN|_KEY/i.test(e.name)) {
      p.push(`env ${e.name} looks secret but is literal`);
    }
  }
  for (const name of b.config.keys()) {
    if (/SECRET|PASSWORD|TOKEN|_KEY/i.test(name)) {
      p.push(`ConfigMap key ${name} looks secret`);
    }
  }
  const fromConfig = (c.envFrom ?? []).some((f) =>
    f.configMapRef?.name === "kic-config"
  );
  if (!fromConfig) {
    p.push("container must load envFrom configMapRef kic-config");
  }
  for (const name of CONFIG_ENV) {
    if (!b.config.has(name)) p.push(`ConfigMap must set ${name}`);
  }
  if (b.config.get("KIC_MODE") !== "production") {
    p.push("ConfigMap: KIC_MODE must be production");
  }
  if (!["1", "true"].includes(b.config.get("TRUST_PROXY") ?? "")) {
    p.push("ConfigMap: TRUST_PROXY must be 1 behind the ingress");
  }
  if (
    b.config.get("PORT") !== undefined &&
    b.config.get("PORT") !== String(DEFAULT_PORT)
  ) p.push(`ConfigMap: PORT must be ${DEFAULT_PORT}`);
  return p;
}

/**
 * The two database roles (migration 0006): the pod migrates as the tables' owner
 * (`MIGRATION_DATABASE_URL`) and serves as a member of `kic_app` (`DATABASE_URL`), so the
 * serving role cannot rewrite the audit log. Both come from `kic-secrets`, from two keys, and
 * the example Secret shows two different users.
 */
export function databaseRoleProblems(
  b: Base,
  secretExample?: ISecret,
): string[] {
  const p: string[] = [];
  const env = new Map(
    (container(b.deployment).env ?? []).map((e) => [e.name, e]),
  );
  const serving = env.get("DATABASE_URL")?.valueFrom?.secretKeyRef;
  const owner = env.get("MIGRATION_DATABASE_URL")?.valueFrom?.secretKeyRef;
  if (!owner || owner.name !== "kic-secrets") {
    p.push(
      "Deployment: MIGRATION_DATABASE_URL (the tables' owner) must come from the Secret " +
        "kic-secrets; without it the serving role owns the tables and can rewrite the audit log",
    );
  } else if (serving && serving.key === owner.key) {
    p.push(
      `Deployment: MIGRATION_DATABASE_URL and DATABASE_URL both read key ${owner.key}; ` +
        "the owner and the serving role need their own keys",
    );
  }
  if (secretExample) {
    const values = secretExample.stringData ?? {};
    const user = (name: string) => {
      try {
        return new URL(values[name] ?? "").username;
      } catch {
        return undefined;
      }
    };
    const ownerUser = user("MIGRATION_DATABASE_URL");
    if (ownerUser === undefined) {
      p.push(
        "secret.example.yaml: MIGRATION_DATABASE_URL must be a postgres:// URL",
      );
    } else if (ownerUser === user("DATABASE_URL")) {
      p.push(
        "secret.example.yaml: MIGRATION_DATABASE_URL and DATABASE_URL must name two roles " +
          "(the owner and a member of kic_app)",
      );
    }
  }
  return p;
}

/** Selectors and references between the objects agree. */
export function wiringProblems(b: Base): string[] {
  const p: string[] = [];
  const dep = b.deployment;
  const podLabels = dep.spec?.template.metadata?.labels;
  const depSelector = dep.spec?.selector.matchLabels;
  if (!subset(depSelector, podLabels)) {
    p.push("Deployment: selector does not match its pod template labels");
  }
  if (!subset(b.service.spec?.selector, podLabels)) {
    p.push("Service: selector does not match the pods");
  }
  if (
    JSON.stringify(b.service.spec?.selector) !== JSON.stringify(depSelector)
  ) {
    p.push("Service: selector differs from the Deployment selector");
  }
  if (!subset(b.pdb.spec?.selector?.matchLabels, podLabels)) {
    p.push("PodDisruptionBudget: selector does not match the pods");
  }
  const minAvailable = b.pdb.spec?.minAvailable;
  if (minAvailable !== 2) p.push("PodDisruptionBudget: minAvailable must be 2");
  if (
    typeof minAvailable === "number" &&
    minAvailable >= (dep.spec?.replicas ?? 0)
  ) {
    p.push(
      "PodDisruptionBudget: minAvailable must be below replicas, or no node could ever drain",
    );
  }
  const pod = dep.spec?.template.spec;
  for (
    const t of pod?.affinity?.podAntiAffinity
      ?.preferredDuringSchedulingIgnoredDuringExecution ?? []
  ) {
    if (!subset(t.podAffinityTerm.labelSelector?.matchLabels, podLabels)) {
      p.push("podAntiAffinity selector does not match the pods");
    }
  }
  for (const t of pod?.topologySpreadConstraints ?? []) {
    if (!subset(t.labelSelector?.matchLabels, podLabels)) {
      p.push(
        `topologySpread ${t.topologyKey} selector does not match the pods`,
      );
    }
  }

  const c = container(dep);
  const svcPorts = b.service.spec?.ports ?? [];
  const http = svcPorts.find((sp) => sp.name === HTTP_PORT_NAME);
  if (!http || portNumber(c, http.targetPort) !== DEFAULT_PORT) {
    p.push(
      `Service port ${HTTP_PORT_NAME} must target the container's ${DEFAULT_PORT}`,
    );
  }

  const sm = b.serviceMonitor.spec as Json;
  const smLabels = (sm?.selector as Json | undefined)?.matchLabels as
    | Record<string, string>
    | undefined;
  if (!subset(smLabels, b.service.metadata?.labels)) {
    p.push("ServiceMonitor: selector does not match the Service's labels");
  }
  for (const ep of (sm?.endpoints as Json[] | undefined) ?? []) {
    if (!svcPorts.some((sp) => sp.name === ep.port)) {
      p.push(`ServiceMonitor: port ${ep.port} is not a Service port name`);
    }
  }
  const ns = (sm?.namespaceSelector as Json | undefined)?.matchNames as
    | string[]
    | undefined;
  if (ns && !ns.includes(b.kustomization.namespace as string)) {
    p.push("ServiceMonitor: namespaceSelector misses the app namespace");
  }

  const backends = (b.ingress.spec?.rules ?? []).flatMap((r) =>
    r.http?.paths ?? []
  ).map((x) => x.backend.service);
  if (backends.length === 0) p.push("Ingress: no backend");
  for (const be of backends) {
    if (be?.name !== b.service.metadata?.name) {
      p.push(`Ingress: backend ${be?.name} is not the Service`);
    }
    const port = be?.port;
    if (
      !svcPorts.some((
        sp,
      ) => (port?.name !== undefined
        ? sp.name === port.name
        : sp.port === port?.number)
      )
    ) {
      p.push("Ingress: backend port is not a Service port");
    }
  }
  if (b.hpa) {
    const ref = b.hpa.spec?.scaleTargetRef;
    if (ref?.kind !== "Deployment" || ref.name !== dep.metadata?.name) {
      p.push("HPA: scaleTargetRef is not the Deployment");
    }
    if ((b.hpa.spec?.minReplicas ?? 1) < 3) {
      p.push("HPA: minReplicas must be at least 3");
    }
  }
  return p;
}

/** The Ingress: nginx, every host under TLS, a body size that admits 10 MB uploads. */
export function ingressProblems(ing: IIngress): string[] {
  const p: string[] = [];
  if (ing.spec?.ingressClassName !== "nginx") {
    p.push("Ingress: ingressClassName must be nginx");
  }
  const hosts = (ing.spec?.rules ?? []).map((r) => r.host);
  const tlsHosts = (ing.spec?.tls ?? []).flatMap((t) => t.hosts ?? []);
  if (hosts.length === 0 || hosts.some((h) => !h || !tlsHosts.includes(h))) {
    p.push("Ingress: every host must be covered by TLS");
  }
  if ((ing.spec?.tls ?? []).some((t) => !t.secretName)) {
    p.push("Ingress: TLS needs a secretName");
  }
  const size = ing.metadata?.annotations
    ?.["nginx.ingress.kubernetes.io/proxy-body-size"];
  const m = /^([0-9]+)([kmg]?)$/i.exec(size ?? "");
  const mb = m
    ? Number(m[1]) *
      ({ "": 1 / 2 ** 20, k: 1 / 1024, m: 1, g: 1024 }[m[2].toLowerCase()] ?? 0)
    : 0;
  if (mb < 10) {
    p.push(`Ingress: proxy-body-size must allow 10 MB uploads (is ${size})`);
  }
  return p;
}

/** The alerts KIC needs: dependency down, 5xx rate, p99 latency. */
export function alertProblems(rule: Json): string[] {
  const p: string[] = [];
  const rules = ((rule.spec as Json).groups as Json[]).flatMap((g) =>
    g.rules as Json[]
  );
  const exprs = rules.map((r) => String(r.expr).replace(/\s+/g, " "));
  if (
    !exprs.some((e) => /kic_dependency_up\b(\{[^}]*\})?\s*==\s*0\b/.test(e))
  ) {
    p.push("alerts: need one on kic_dependency_up == 0");
  }
  if (!exprs.some((e) => /status=~"5\.\."/.test(e))) {
    p.push("alerts: need a high 5xx rate alert");
  }
  if (!exprs.some((e) => /histogram_quantile\(0\.99,/.test(e))) {
    p.push("alerts: need a p99 latency alert");
  }
  return p;
}

/**
 * Applies JSON 6902 `replace` patches to a copy of the target (the only op the overlay uses).
 *
 * @throws Error on another op or a path that does not exist
 */
export function applyReplacePatches(target: Json, patchText: string): Json {
  const out = clone(target);
  const ops = parseYaml(patchText) as {
    op: string;
    path: string;
    value: unknown;
  }[];
  for (const op of ops) {
    if (op.op !== "replace") throw new Error(`unsupported patch op ${op.op}`);
    const keys = op.path.split("/").slice(1).map((k) =>
      k.replaceAll("~1", "/").replaceAll("~0", "~")
    );
    let node = out as Record<string, unknown> | undefined;
    for (const k of keys.slice(0, -1)) {
      node = node?.[k] as Record<string, unknown> | undefined;
    }
    const last = keys[keys.length - 1];
    if (!isObj(node) && !Array.isArray(node) || !(last in node)) {
      throw new Error(`patch path ${op.path} does not exist`);
    }
    node[last] = op.value;
  }
  return out;
}

/** Whether a kustomize patch `target` (group, version, kind, name) selects an object. */
export function targetMatches(target: Json, obj: Json): boolean {
  const [group, version] = String(obj.apiVersion).includes("/")
    ? String(obj.apiVersion).split("/")
    : ["", String(obj.apiVersion)];
  const name = (obj.metadata as Json | undefined)?.name;
  return (target.group === undefined || target.group === group) &&
    (target.version === undefined || target.version === version) &&
    (target.kind === undefined || target.kind === obj.kind) &&
    (target.name === undefined || target.name === name);
}

/** The `name[:tag][@digest]` parts of a container image reference. */
export function imageParts(
  image: string,
): { name: string; tag?: string; digest?: string } {
  const [rest, digest] = image.split("@");
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  return colon > slash
    ? { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest }
    : { name: rest, digest };
}

/**
 * The base with a production-style overlay applied as kustomize applies it: `images`
 * (newName, newTag, digest), `replicas`, `configMapGenerator` merges into `kic-config`, and
 * JSON 6902 `replace` patches on every object their target selects.
 */
export function render(b: Base, overlay: Json): Base {
  const out: Base = {
    ...b,
    deployment: clone(b.deployment),
    config: new Map(b.config),
  };
  const c = container(out.deployment);
  const from = imageParts(c.image ?? "");
  for (const img of (overlay.images as Json[] | undefined) ?? []) {
    if (img.name !== from.name) continue;
    const name = isText(img.newName) ? img.newName : from.name;
    c.image = isText(img.digest)
      ? `${name}@${img.digest}`
      : `${name}:${isText(img.newTag) ? img.newTag : from.tag ?? "latest"}`;
  }
  for (const r of (overlay.replicas as Json[] | undefined) ?? []) {
    if (r.name === out.deployment.metadata?.name) {
      out.deployment.spec!.replicas = r.count as number;
    }
  }
  for (const g of (overlay.configMapGenerator as Json[] | undefined) ?? []) {
    if (g.name === "kic-config") {
      for (const [k, v] of literals(g.literals)) out.config.set(k, v);
    }
  }
  const keys = [
    "deployment",
    "service",
    "ingress",
    "pdb",
    "hpa",
    "serviceMonitor",
    "prometheusRule",
    "configMap",
    "networkPolicy",
  ] as const;
  const objects = out as unknown as Record<string, Json | undefined>;
  for (const patch of (overlay.patches as Json[] | undefined) ?? []) {
    const target = isObj(patch.target) ? patch.target : {};
    for (const key of keys) {
      const obj = objects[key];
      if (obj && isText(patch.patch) && targetMatches(target, obj)) {
        objects[key] = applyReplacePatches(obj, patch.patch);
      }
    }
  }
  return out;
}

/** The production overlay: replicas, config merge, ingress host = PUBLIC_ORIGIN. */
export function overlayProblems(b: Base, overlay: Json): string[] {
  const p: string[] = [];
  const replicas = (overlay.replicas as Json[] | undefined)?.find((r) =>
    r.name === b.deployment.metadata?.name
  );
  if (replicas?.count !== 3) p.push("overlay: replicas for kic must be 3");
  for (const g of (overlay.configMapGenerator as Json[] | undefined) ?? []) {
    if (g.name !== "kic-config" || g.behavior !== "merge") {
      p.push("overlay: configMapGenerator must merge into kic-config");
    }
  }
  const r = render(b, overlay);
  for (const name of PRODUCTION_SECRETS) {
    if (r.config.has(name)) {
      p.push(`overlay: ${name} must not be in the ConfigMap`);
    }
  }
  p.push(...ingressProblems(r.ingress).map((m) => `overlay: ${m}`));
  const origin = r.config.get("PUBLIC_ORIGIN") ?? "";
  const host = r.ingress.spec?.rules?.[0]?.host;
  if (origin !== `https://${host}`) {
    p.push(
      `overlay: PUBLIC_ORIGIN ${origin} must be https://${host} (the Ingress host)`,
    );
  }
  if (/example\.com/.test(host ?? "")) {
    p.push("overlay: still uses the base placeholder host");
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Operations (issue 7): namespace ownership, image pinning, the ConfigMap, alerts, the
// Prometheus selector label, the metrics port and who may reach it.

/**
 * ArgoCD must not own the Namespace: it holds the hand-made Secret and TLS secret, and a
 * namespace that is one of the Application's resources is deleted with the Application (the
 * resources-finalizer) or pruned. No kustomization may list a Namespace; the Application creates
 * it with `CreateNamespace=true` and keeps its Pod Security labels in
 * `managedNamespaceMetadata`.
 */
export function namespaceOwnershipProblems(docs: Doc[], app: Json): string[] {
  const p: string[] = [];
  for (const k of docs.filter((d) => d.obj.kind === "Kustomization")) {
    const dir = new URL(k.file.replace(/[^/]+$/, ""), ROOT);
    for (const r of (k.obj.resources as string[] | undefined) ?? []) {
      const file = rel(new URL(r, dir));
      if (docs.some((d) => d.file === file && d.obj.kind === "Namespace")) {
        p.push(
          `${k.file}: lists the Namespace (${file}); deleting the Application would delete it with the hand-made secrets`,
        );
      }
    }
  }
  const spec = isObj(app.spec) ? app.spec : {};
  const sync = isObj(spec.syncPolicy) ? spec.syncPolicy : {};
  const options = Array.isArray(sync.syncOptions) ? sync.syncOptions : [];
  if (!options.includes("CreateNamespace=true")) {
    p.push(
      "Application: syncOptions needs CreateNamespace=true (the namespace is not a resource)",
    );
  }
  const meta = isObj(sync.managedNamespaceMetadata)
    ? sync.managedNamespaceMetadata
    : {};
  const labels = isObj(meta.labels) ? meta.labels : {};
  if (labels["pod-security.kubernetes.io/enforce"] !== "restricted") {
    p.push(
      "Application: managedNamespaceMetadata.labels must enforce the restricted Pod Security profile",
    );
  }
  return p;
}

/** A sha256 image digest. */
export const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * The base's image has a tag (so the base renders something runnable), and the overlay pins it
 * by digest (`images[].digest`, a placeholder of the right shape that CI replaces), so the
 * rendered production image is `name@sha256:...`.
 */
export function imageProblems(b: Base, overlay: Json): string[] {
  const p: string[] = [];
  const image = container(b.deployment).image ?? "";
  const { name, tag } = imageParts(image);
  if (!tag || tag === "latest") {
    p.push(`Deployment: the base image "${image}" needs a tag (not latest)`);
  }
  const img = ((overlay.images as Json[] | undefined) ?? []).find((i) =>
    i.name === name
  );
  if (!img) p.push(`overlay: images must pin the base image "${name}"`);
  else if (!isText(img.digest) || !DIGEST.test(img.digest)) {
    p.push("overlay: pin the image by digest (digest: sha256:<64 hex>)");
  }
  const rendered = container(render(b, overlay).deployment).image ?? "";
  if (!DIGEST.test(imageParts(rendered).digest ?? "")) {
    p.push(`overlay: renders the image ${rendered}, not pinned by digest`);
  }
  return p;
}

/**
 * The annotation that makes kustomize add a content-hash suffix to a resource's name (and fix
 * the references to it), as it does for what its generators make.
 */
export const NEEDS_HASH = "internal.config.kubernetes.io/needsHashSuffix";

/**
 * `kic-config` is a plain ConfigMap resource of the base (every rendering, and every reader of
 * `k8s/base`, sees it) that keeps the content-hash suffix, so pods roll when a value changes:
 * it carries {@link NEEDS_HASH}, and nothing in the base disables the hash. A merging
 * `configMapGenerator` cannot add the hash itself (a merge keeps the merged-into resource's
 * build annotations), and values in a base generator would be a second source.
 */
export function configMapProblems(b: Base): string[] {
  const p: string[] = [];
  const annotations = (b.configMap?.metadata as Json | undefined)
    ?.annotations as
      | Json
      | undefined;
  if (!b.configMap) {
    p.push(
      "base: kic-config must be a plain ConfigMap resource of the base (configmap.yaml)",
    );
  } else if (annotations?.[NEEDS_HASH] !== "enabled") {
    p.push(
      `base: kic-config needs the annotation ${NEEDS_HASH}: enabled, so kustomize keeps the hash suffix`,
    );
  }
  const gens = (b.kustomization.configMapGenerator as Json[] | undefined) ?? [];
  for (const gen of gens.filter((g) => g.name === "kic-config")) {
    if (literals(gen.literals).size > 0 || gen.envs || gen.files) {
      p.push(
        "base: kic-config values belong in configmap.yaml, not a generator",
      );
    }
    const options = isObj(gen.options) ? gen.options : {};
    if (options.disableNameSuffixHash === true) {
      p.push("base: kic-config must keep its hash suffix");
    }
  }
  const global = isObj(b.kustomization.generatorOptions)
    ? b.kustomization.generatorOptions
    : {};
  if (global.disableNameSuffixHash === true) {
    p.push("base: generatorOptions must keep the hash suffix");
  }
  return p;
}

/** Paths whose requests the request alerts must leave out: probes and scrapes. */
export const INFRASTRUCTURE_PATHS: readonly string[] = [
  LIVE_PATH,
  READY_PATH,
  METRICS_PATH,
];

/**
 * Every selector of `http_request_duration_seconds*` in an alert leaves out the probe and
 * `/metrics` routes with a `route!~"..."` matcher (a PromQL regex, anchored) that matches each
 * of them and no page.
 */
export function requestAlertScopeProblems(rule: Json): string[] {
  const p: string[] = [];
  for (const r of alertRules(rule)) {
    const expr = String(r.expr);
    const uses = [
      ...expr.matchAll(/http_request_duration_seconds\w*(\{[^}]*\})?/g),
    ];
    for (const m of uses) {
      const route = /route!~"([^"]*)"/.exec(m[1] ?? "");
      const re = route ? new RegExp(`^(?:${route[1]})$`) : undefined;
      if (
        !re || !INFRASTRUCTURE_PATHS.every((path) => re.test(path)) ||
        ["/", "/rounds/:id", "/login"].some((path) => re.test(path))
      ) {
        p.push(
          `alerts: ${r.alert} must leave out probe and /metrics traffic in every selector (route!~ matching ${
            INFRASTRUCTURE_PATHS.join(", ")
          })`,
        );
        break;
      }
    }
  }
  return p;
}

/** The alerting rules of a PrometheusRule. */
export function alertRules(rule: Json): Json[] {
  const groups = isObj(rule.spec) && Array.isArray(rule.spec.groups)
    ? rule.spec.groups as Json[]
    : [];
  return groups.flatMap((g) => Array.isArray(g.rules) ? g.rules as Json[] : []);
}

/** Alerts on the container: restarts, OOM kills, memory near the limit. */
export function containerAlertProblems(rule: Json): string[] {
  const exprs = alertRules(rule).map((r) =>
    String(r.expr).replace(/\s+/g, " ")
  );
  const need: [string, (e: string) => boolean][] = [
    [
      "container restarts (kube_pod_container_status_restarts_total)",
      (e) => /kube_pod_container_status_restarts_total\b/.test(e),
    ],
    [
      'OOM kills (kube_pod_container_status_last_terminated_reason{reason="OOMKilled"})',
      (e) =>
        /kube_pod_container_status_last_terminated_reason\{[^}]*reason="OOMKilled"/
          .test(e),
    ],
    [
      'memory near the limit (container_memory_working_set_bytes / kube_pod_container_resource_limits{resource="memory"})',
      (e) =>
        /container_memory_working_set_bytes\b/.test(e) &&
        /kube_pod_container_resource_limits\{[^}]*resource="memory"/.test(e),
    ],
  ];
  return need.filter(([, ok]) => !exprs.some(ok)).map(([what]) =>
    `alerts: need one on ${what}`
  );
}

/** The label common Prometheus installs select ServiceMonitors and PrometheusRules by. */
export const PROMETHEUS_SELECTOR_LABEL = "release";

/**
 * The ServiceMonitor and the PrometheusRule carry the label Prometheus selects them by
 * (`release`, as kube-prometheus-stack does), and the overlay sets its value, so each cluster
 * can match its own Prometheus.
 */
export function prometheusSelectorProblems(b: Base, overlay: Json): string[] {
  const p: string[] = [];
  const r = render(b, overlay);
  for (
    const [what, obj] of [
      ["ServiceMonitor", r.serviceMonitor],
      ["PrometheusRule", r.prometheusRule],
    ] as const
  ) {
    const labels = (obj.metadata as Json | undefined)?.labels as
      | Json
      | undefined;
    if (!isText(labels?.[PROMETHEUS_SELECTOR_LABEL])) {
      p.push(
        `${what}: needs the label ${PROMETHEUS_SELECTOR_LABEL} (Prometheus selects by it)`,
      );
    }
  }
  const set = ((overlay.patches as Json[] | undefined) ?? []).some((patch) => {
    const t = isObj(patch.target) ? patch.target : {};
    return t.group === "monitoring.coreos.com" && t.kind === undefined &&
      isText(patch.patch) &&
      patch.patch.includes(`/metadata/labels/${PROMETHEUS_SELECTOR_LABEL}`);
  });
  if (!set) {
    p.push(
      `overlay: must set the ${PROMETHEUS_SELECTOR_LABEL} label of the ServiceMonitor and PrometheusRule (a patch on group monitoring.coreos.com)`,
    );
  }
  return p;
}

/**
 * `/metrics` is served on its own named container port (`metrics`, METRICS_PORT), which a
 * Service port exposes and the ServiceMonitor scrapes; the Ingress routes only the `http` port,
 * so neither the metrics nor the readiness details reach the public path through it.
 */
export function metricsPortProblems(b: Base): string[] {
  const p: string[] = [];
  const c = container(b.deployment);
  const want = Number(b.config.get("METRICS_PORT") ?? DEFAULT_METRICS_PORT);
  const metrics = portNumber(c, METRICS_PORT_NAME);
  if (metrics !== want) {
    p.push(
      `Deployment: container port "${METRICS_PORT_NAME}" must be ${want} (METRICS_PORT)`,
    );
  }
  if (metrics !== undefined && metrics === portNumber(c, HTTP_PORT_NAME)) {
    p.push("Deployment: the metrics port must differ from the http port");
  }
  const svcPorts = b.service.spec?.ports ?? [];
  const svcMetrics = svcPorts.find((sp) => sp.name === METRICS_PORT_NAME);
  if (!svcMetrics || portNumber(c, svcMetrics.targetPort) !== want) {
    p.push(
      `Service: needs a port "${METRICS_PORT_NAME}" targeting the container's ${want}`,
    );
  }
  const sm = isObj(b.serviceMonitor.spec) ? b.serviceMonitor.spec : {};
  const endpoints = Array.isArray(sm.endpoints) ? sm.endpoints as Json[] : [];
  if (
    endpoints.length === 0 ||
    endpoints.some((ep) =>
      ep.port !== METRICS_PORT_NAME || ep.path !== METRICS_PATH
    )
  ) {
    p.push(
      `ServiceMonitor: must scrape ${METRICS_PATH} on the Service port "${METRICS_PORT_NAME}"`,
    );
  }
  const httpNumber = svcPorts.find((sp) => sp.name === HTTP_PORT_NAME)?.port;
  for (const rule of b.ingress.spec?.rules ?? []) {
    for (const path of rule.http?.paths ?? []) {
      const port = path.backend.service?.port;
      if (
        port?.name !== undefined
          ? port.name !== HTTP_PORT_NAME
          : port?.number !== httpNumber
      ) {
        p.push(
          `Ingress: ${path.path} must route to the Service port "${HTTP_PORT_NAME}" only`,
        );
      }
    }
  }
  return p;
}

/** The namespace label NetworkPolicies select namespaces by (set by Kubernetes). */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * The NetworkPolicy selects the pods and admits: the metrics port only from namespaces picked
 * by name (the monitoring namespace), and the http port from the ingress controller's. No rule
 * admits every port or every source to the metrics port.
 */
export function networkPolicyProblems(b: Base): string[] {
  const np = b.networkPolicy;
  if (!np) {
    return [
      "base: needs a NetworkPolicy that admits only the monitoring namespace to the metrics port",
    ];
  }
  const p: string[] = [];
  const spec = isObj(np.spec) ? np.spec : {};
  const podLabels = b.deployment.spec?.template.metadata?.labels;
  const selector = isObj(spec.podSelector) ? spec.podSelector : {};
  if (!subset(selector.matchLabels as Record<string, string>, podLabels)) {
    p.push("NetworkPolicy: podSelector does not select the pods");
  }
  if (
    !Array.isArray(spec.policyTypes) || !spec.policyTypes.includes("Ingress")
  ) {
    p.push("NetworkPolicy: policyTypes must include Ingress");
  }
  const c = container(b.deployment);
  const metrics = portNumber(c, METRICS_PORT_NAME);
  const http = portNumber(c, HTTP_PORT_NAME);
  const admitted = { metrics: [] as string[], http: [] as string[] };
  for (
    const [i, rule]
      of (Array.isArray(spec.ingress) ? spec.ingress as Json[] : []).entries()
  ) {
    const ports = Array.isArray(rule.ports) ? rule.ports as Json[] : [];
    if (ports.length === 0) {
      p.push(
        `NetworkPolicy: ingress[${i}] has no ports, so it admits every port`,
      );
    }
    const numbers = ports.map((x) =>
      portNumber(c, x.port as string | number | undefined)
    );
    const from = Array.isArray(rule.from) ? rule.from as Json[] : [];
    const names = from.map((f) => {
      const ns = isObj(f.namespaceSelector) ? f.namespaceSelector : undefined;
      const labels = isObj(ns?.matchLabels) ? ns.matchLabels : {};
      return f.ipBlock === undefined && Object.keys(labels).length === 1 &&
          isText(labels[NAMESPACE_NAME_LABEL])
        ? labels[NAMESPACE_NAME_LABEL] as string
        : undefined;
    });
    const open = from.length === 0 || names.includes(undefined);
    if (ports.length === 0 || numbers.includes(metrics)) {
      if (open) {
        p.push(
          `NetworkPolicy: ingress[${i}] admits sources other than namespaces picked by ${NAMESPACE_NAME_LABEL} to the metrics port`,
        );
      } else admitted.metrics.push(...names as string[]);
    }
    if (numbers.includes(http)) {
      admitted.http.push(...(open ? ["*"] : names as string[]));
    }
  }
  if (admitted.metrics.length === 0) {
    p.push(
      "NetworkPolicy: no rule admits the monitoring namespace to the metrics port",
    );
  }
  if (admitted.http.length === 0) {
    p.push(
      "NetworkPolicy: the http port must stay open to the ingress controller",
    );
  }
  if (admitted.metrics.some((ns) => admitted.http.includes(ns))) {
    // Prometheus and the ingress controller in one namespace would expose metrics publicly
    // through a misrouted Ingress; keep them apart.
    p.push(
      "NetworkPolicy: the monitoring namespace and the ingress namespace must differ",
    );
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Secrets in files

/** Credential formats that must never appear in a deployment file. */
export const SECRET_PATTERNS: [string, RegExp][] = [
  ["private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["AWS access key", /\bAKIA[0-9A-Z]{16}\b/],
  ["GitHub token", /\bgh[pousr]_[A-Za-z0-9]{30,}\b/],
  ["Slack token", /\bxox[abpr]-[A-Za-z0-9-]{10,}/],
];

/** Literal credentials in a text file (placeholders excepted). */
export function literalSecretProblems(file: string, text: string): string[] {
  const p: string[] = [];
  for (const [what, re] of SECRET_PATTERNS) {
    if (re.test(text)) p.push(`${file}: contains a ${what}`);
  }
  for (
    const m of text.matchAll(
      /[a-z][a-z0-9+.-]*:\/\/[^\s/:@"']*:([^\s/@"']+)@/gi,
    )
  ) {
    if (!m[1].includes(PLACEHOLDER)) {
      p.push(`${file}: URL with a literal password (${m[0]})`);
    }
  }
  for (
    const m of text.matchAll(
      /^\s*-?\s*([A-Z0-9_]*(SECRET|PASSWORD|TOKEN|ACCESS_KEY)[A-Z0-9_]*)\s*[:=]\s*(\S.*)$/gm,
    )
  ) {
    if (!m[3].includes(PLACEHOLDER)) {
      p.push(`${file}: ${m[1]} has a literal value`);
    }
  }
  return p;
}

/** Secret objects: never a kustomize resource, and only placeholder values. */
export function secretObjectProblems(docs: Doc[]): string[] {
  const p: string[] = [];
  const listed = new Set<string>();
  for (const k of docs.filter((d) => d.obj.kind === "Kustomization")) {
    const dir = k.file.replace(/[^/]+$/, "");
    for (const r of (k.obj.resources as string[] | undefined) ?? []) {
      listed.add(new URL(r, new URL(dir, ROOT)).href);
    }
    if (k.obj.secretGenerator !== undefined) {
      p.push(`${k.file}: secretGenerator would commit secret values`);
    }
  }
  for (const d of docs.filter((d) => d.obj.kind === "Secret")) {
    if (listed.has(new URL(d.file, ROOT).href)) {
      p.push(`${d.file}: a Secret must not be a kustomize resource`);
    }
    const s = d.obj as unknown as ISecret;
    if (s.data && Object.keys(s.data).length > 0) {
      p.push(`${d.file}: use stringData placeholders, not data`);
    }
    for (const [k, v] of Object.entries(s.stringData ?? {})) {
      if (!v.includes(PLACEHOLDER)) {
        p.push(`${d.file}: ${k} is not a ${PLACEHOLDER} placeholder`);
      }
    }
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Dockerfile

/** One Dockerfile instruction. */
export interface Instruction {
  /** The instruction, upper case (`RUN`, `COPY`, ...). */
  op: string;
  /** Its arguments, continuation lines joined, spaces collapsed. */
  args: string;
  /** The build stage it belongs to (-1 before the first FROM). */
  stage: number;
}

/** The instructions of a Dockerfile, in order. */
export function dockerInstructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let stage = -1;
  const lines = text.replace(/\\\r?\n/g, " ").split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const op = m[1].toUpperCase();
    if (op === "FROM") stage++;
    out.push({ op, args: m[2].replace(/\s+/g, " "), stage });
  }
  return out;
}

/** Problems with the Dockerfile; `memoryLimitMi` is the pod's limit, to compare the V8 heap cap. */
export function dockerfileProblems(
  text: string,
  memoryLimitMi: number,
): string[] {
  const p: string[] = [];
  const ins = dockerInstructions(text);
  const args = new Map<string, string>();
  for (const i of ins.filter((i) => i.op === "ARG" && i.stage === -1)) {
    const [k, v] = i.args.split("=");
    if (v !== undefined) args.set(k, v);
  }
  const expand = (s: string) =>
    s.replace(/\$\{?([A-Za-z_]+)\}?/g, (_, k) => args.get(k) ?? `$${k}`);
  const froms = ins.filter((i) => i.op === "FROM").map((i) =>
    expand(i.args.split(" ")[0])
  );
  if (froms.length < 2) p.push("Dockerfile: must be multi-stage");
  for (const f of froms) {
    if (f !== "denoland/deno:2.9.6" && f !== "debian:bookworm-slim") {
      p.push(`Dockerfile: base image ${f} is not denoland/deno:2.9.6`);
    }
  }
  if (
    !froms.includes("denoland/deno:2.9.6") &&
    !/deno@?2\.9\.6|v2\.9\.6/.test(text)
  ) p.push("Dockerfile: deno must be 2.9.6");

  const runs = ins.filter((i) => i.op === "RUN");
  const idx = (pred: (i: Instruction) => boolean) => ins.findIndex(pred);
  const install = idx((i) =>
    i.op === "RUN" && /\bdeno install\b[^&;]*--frozen/.test(i.args)
  );
  const copyLock = idx((i) =>
    i.op === "COPY" && /\bdeno\.json\b/.test(i.args) &&
    /\bdeno\.lock\b/.test(i.args)
  );
  const copyAll = idx((i) => i.op === "COPY" && /^(--\S+ )*\. /.test(i.args));
  if (install < 0) p.push("Dockerfile: needs `deno install --frozen`");
  if (copyLock < 0 || copyLock > install) {
    p.push("Dockerfile: copy deno.json and deno.lock before installing");
  }
  if (copyAll >= 0 && install > copyAll) {
    p.push("Dockerfile: install dependencies before copying the sources");
  }
  if (!runs.some((i) => /\bdeno task build\b/.test(i.args))) {
    p.push("Dockerfile: must run `deno task build`");
  }

  const last = Math.max(...ins.map((i) => i.stage));
  const users = ins.filter((i) => i.op === "USER" && i.stage === last);
  const user = users[users.length - 1]?.args.split(":")[0];
  if (!user || user === "root" || user === "0") {
    p.push("Dockerfile: the final stage must switch to a non-root USER");
  }
  for (const port of [DEFAULT_PORT, DEFAULT_METRICS_PORT]) {
    if (
      !ins.some((i) =>
        i.op === "EXPOSE" && i.stage === last &&
        i.args.split(" ").some((a) => a.replace(/\/tcp$/, "") === String(port))
      )
    ) {
      p.push(`Dockerfile: EXPOSE ${port}`);
    }
  }
  if (
    !ins.some((i) =>
      i.op === "ENV" && i.stage === last &&
      /\bKIC_MODE=production\b/.test(i.args)
    )
  ) {
    p.push("Dockerfile: ENV KIC_MODE=production in the final stage");
  }
  const cmd = ins.filter((i) => i.op === "CMD" && i.stage === last).pop();
  let argv: string[] = [];
  try {
    argv = cmd ? JSON.parse(cmd.args) : [];
  } catch {
    p.push(
      "Dockerfile: CMD must be in exec (JSON) form so deno receives SIGTERM",
    );
  }
  if (argv[0] !== "deno" || argv[1] !== "run") {
    p.push("Dockerfile: CMD must be `deno run ...`");
  }
  if (!argv.includes("main.ts")) p.push("Dockerfile: CMD must run main.ts");
  if (
    argv.some((a) => a === "-A" || a === "--allow-all") &&
    !/-A on purpose/.test(text)
  ) {
    p.push("Dockerfile: -A needs a comment explaining why");
  }
  const heap = /--max-old-space-size=([0-9]+)/.exec(argv.join(" "));
  if (heap && !(Number(heap[1]) < memoryLimitMi * 0.85)) {
    p.push(
      `Dockerfile: V8 heap ${
        heap[1]
      } MiB is too close to the ${memoryLimitMi} MiB memory limit`,
    );
  }
  return p;
}

/** The `.dockerignore` keeps VCS data, installs, builds, local data and env files out. */
export function dockerignoreProblems(text: string): string[] {
  const entries = new Set(
    text.split(/\r?\n/).map((l) => l.trim().replace(/^\/|\/$/g, "")).filter((
      l,
    ) => l && !l.startsWith("#")),
  );
  return [".git", "node_modules", ".data", "_dist", ".tools", ".env"].filter((
    e,
  ) => !entries.has(e))
    .map((e) => `.dockerignore: must exclude ${e}`);
}
