import assert from "node:assert/strict";
import { generateManifest } from "@/tasks/manifest.ts";

Deno.test("fresh.gen.ts is up to date (run `deno task manifest` after adding a route or island)", async () => {
  const root = new URL("..", import.meta.url).pathname;
  const expected = await generateManifest(root);
  const actual = await Deno.readTextFile(
    new URL("../fresh.gen.ts", import.meta.url),
  );
  assert.equal(actual, expected);
});
