import assert from "node:assert/strict";
import { createMetrics } from "./metrics.ts";

Deno.test("metrics: request histogram, dependency gauge and memory", async () => {
  const metrics = createMetrics();
  metrics.observeRequest("GET", "/rounds/:id", 200, 0.012);
  metrics.observeRequest("GET", "/rounds/:id", 200, 0.3);
  metrics.dependencyUp.set({ dependency: "db" }, 1);
  const text = await metrics.render();
  assert.match(
    text,
    /http_request_duration_seconds_bucket\{le="0\.025",method="GET",route="\/rounds\/:id",status="200"\} 1/,
  );
  assert.match(
    text,
    /http_request_duration_seconds_count\{method="GET",route="\/rounds\/:id",status="200"\} 2/,
  );
  assert.match(text, /kic_dependency_up\{dependency="db"\} 1/);
  const rss = Number(/process_resident_memory_bytes (\d+)/.exec(text)?.[1]);
  assert.ok(rss > 10_000_000, `rss ${rss}`);
  assert.match(text, /process_heap_bytes\{kind="used"\} \d+/);
  assert.match(metrics.contentType, /^text\/plain; version=0\.0\.4/);
  // Two registries do not clash (one per test, or per app instance).
  await createMetrics().render();
});
