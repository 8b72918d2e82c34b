/**
 * The JavaScript the draw page and the watching page ship, bundled as `deno task build` does
 * and gzipped: at most 15 KB each. The verify pages too: they load the lottery module only
 * when the user asks to verify (a separate chunk), so the page itself stays as small.
 */
import assert from "node:assert/strict";
import { islandBytes } from "./island_size.ts";

const LIMIT = 15 * 1024;

for (
  const island of ["DrawPanel", "DrawWatch", "VerifyDraw", "VerifyRound"]
) {
  Deno.test(`${island}: the page's JavaScript is at most 15 KB gzip`, async () => {
    const { gzip, bytes, files } = await islandBytes([island]);
    console.log(
      `${island}: ${bytes} B, ${gzip} B gzip (${files.length} files)`,
    );
    assert.ok(gzip <= LIMIT, `${gzip} B gzip > ${LIMIT}`);
  });
}
