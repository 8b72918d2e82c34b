/**
 * The app's operational constants: the facts the deployment (`k8s/`, `Dockerfile`) must agree
 * with. The deployment policy (`k8s/policy.ts`, run by `deno test -A k8s/`) imports them, so a
 * manifest that drifts from the app fails a test instead of a rollout.
 *
 * Values that `services/config.ts` also needs (port defaults, the production drain delay, the
 * required variables) are defined there and re-exported here: `services/` never imports `app/`,
 * and each value keeps one source.
 *
 * @module
 */
import {
  DEFAULT_METRICS_PORT,
  DEFAULT_PORT,
  PRODUCTION_DRAIN_DELAY_MS,
  REQUIRED_IN_PRODUCTION,
} from "@/services/config.ts";

export {
  /**
   * Port of the separate `/metrics` listener when `METRICS_PORT` is unset (9464). Only the
   * monitoring namespace may reach it (`k8s/base/networkpolicy.yaml`); the ingress never routes
   * to it.
   */
  DEFAULT_METRICS_PORT,
  /** HTTP port when `PORT` is unset (8000). */
  DEFAULT_PORT,
  /**
   * `DRAIN_DELAY_MS` when unset in production (5000 ms): how long readiness fails after SIGTERM
   * while the pod keeps serving, so the endpoints drop it before the listener closes.
   */
  PRODUCTION_DRAIN_DELAY_MS,
  /** Environment variables `KIC_MODE=production` refuses to start without. */
  REQUIRED_IN_PRODUCTION,
};

/** One of the variables production requires. */
export type RequiredVariable = typeof REQUIRED_IN_PRODUCTION[number];

/**
 * The required variables that hold credentials: in Kubernetes each comes from the Secret
 * `kic-secrets` through a `secretKeyRef`, never from the ConfigMap or a literal value. The
 * other required variables (`S3_ENDPOINT`, `S3_BUCKET`, `PUBLIC_ORIGIN`) are plain settings.
 */
export const PRODUCTION_SECRETS: readonly RequiredVariable[] = [
  "DATABASE_URL",
  "MIGRATION_DATABASE_URL",
  "REDIS_URL",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "SMTP_URL",
  "APP_SECRET",
  "DRAW_SECRET_KEY",
];

/** Liveness (and startup) probe path: answers while the event loop runs; checks nothing else. */
export const LIVE_PATH = "/healthz/live";

/** Readiness probe path: fails while draining for shutdown or while the database is down. */
export const READY_PATH = "/healthz/ready";

/** The Prometheus scrape path, served on the metrics port. */
export const METRICS_PATH = "/metrics";

/** Name of the container port that serves the app (`PORT`), in the Deployment and Service. */
export const HTTP_PORT_NAME = "http";

/** Name of the container port that serves `/metrics` (`METRICS_PORT`). */
export const METRICS_PORT_NAME = "metrics";

/**
 * After the drain delay, in-flight requests and the pools get this long (ms) to finish before
 * the process force-exits with code 1. The pod's `terminationGracePeriodSeconds` must cover
 * the drain delay plus this.
 */
export const HARD_EXIT_MS = 10_000;
