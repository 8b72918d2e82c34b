/**
 * Prometheus metrics with prom-client, in a registry of our own (not the global one).
 *
 * prom-client's default process metrics read /proc/self, which Deno only allows with -A, and
 * report 0 otherwise; so memory is measured with `Deno.memoryUsage()` instead.
 *
 * @module
 */
/**
 * prom-client's own types: referenced, not re-exported (re-exporting them from `node_modules`
 * would make `deno doc --lint` lint prom-client's undocumented declarations).
 * @ignore
 */
import { Gauge, Histogram, Registry } from "prom-client";

/** The app's metrics. */
export interface Metrics {
  /** The app's own prom-client registry (not the global one). */
  registry: Registry;
  /** `http_request_duration_seconds{method, route, status}` */
  httpDuration: Histogram<"method" | "route" | "status">;
  /** `kic_dependency_up{dependency}`: 1 when the last health check passed. */
  dependencyUp: Gauge<"dependency">;
  /**
   * Records one request. `route` must be the route pattern (`/rounds/:id`), never the raw
   * path, so that the label set stays small.
   */
  observeRequest(
    method: string,
    route: string,
    status: number,
    seconds: number,
  ): void;
  /** The exposition text for `/metrics`. */
  render(): Promise<string>;
  /** The Content-Type for `/metrics`. */
  contentType: string;
}

/** Creates a registry with the HTTP, dependency and memory metrics. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const httpDuration = new Histogram({
    name: "http_request_duration_seconds",
    help:
      "HTTP request duration in seconds, by method, route pattern and status code.",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const dependencyUp = new Gauge({
    name: "kic_dependency_up",
    help: "1 when the dependency answered its last health check, else 0.",
    labelNames: ["dependency"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "process_resident_memory_bytes",
    help: "Resident memory size in bytes.",
    registers: [registry],
    collect() {
      this.set(Deno.memoryUsage().rss);
    },
  });
  new Gauge({
    name: "process_heap_bytes",
    help: "JavaScript heap size in bytes, by kind (used, total, external).",
    labelNames: ["kind"] as const,
    registers: [registry],
    collect() {
      const memory = Deno.memoryUsage();
      this.set({ kind: "used" }, memory.heapUsed);
      this.set({ kind: "total" }, memory.heapTotal);
      this.set({ kind: "external" }, memory.external);
    },
  });
  const started = new Gauge({
    name: "process_start_time_seconds",
    help: "Start time of the process since the unix epoch in seconds.",
    registers: [registry],
  });
  started.set(Math.floor(Date.now() / 1000 - performance.now() / 1000));

  return {
    registry,
    httpDuration,
    dependencyUp,
    observeRequest(method, route, status, seconds) {
      httpDuration.observe({ method, route, status: String(status) }, seconds);
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
