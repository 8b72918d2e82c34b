/**
 * Prints line coverage per folder from an lcov file (`deno coverage --lcov`), and fails when
 * `lottery/` drops below 95%. Usage: deno run -A tasks/coverage.ts FILE.lcov
 *
 * @module
 */
const FOLDERS = ["lottery", "domain", "services", "runtime"];
const LOTTERY_MINIMUM = 95;

const [file] = Deno.args;
if (!file) {
  console.error("usage: deno run -A tasks/coverage.ts FILE.lcov");
  Deno.exit(2);
}
const root = Deno.cwd() + "/";
const totals = new Map(FOLDERS.map((f) => [f, { found: 0, hit: 0 }]));
let current: { found: number; hit: number } | undefined;
for (const line of Deno.readTextFileSync(file).split("\n")) {
  if (line.startsWith("SF:")) {
    const path = line.slice(3).replace(/^file:\/\//, "").replace(root, "");
    const folder = path.split("/")[0];
    const testFile = /_test\.tsx?$|\/testdata\/|\/testing\/|\/reimpl\//.test(
      path,
    );
    current = testFile ? undefined : totals.get(folder);
  } else if (current && line.startsWith("LF:")) {
    current.found += Number(line.slice(3));
  } else if (current && line.startsWith("LH:")) {
    current.hit += Number(line.slice(3));
  }
}
let ok = true;
for (const [folder, { found, hit }] of totals) {
  const pct = found ? (100 * hit) / found : 0;
  console.log(
    `coverage ${folder}/: ${pct.toFixed(1)}% of ${found} lines`,
  );
  if (folder === "lottery" && pct < LOTTERY_MINIMUM) ok = false;
}
if (!ok) {
  console.error(`lottery/ line coverage is below ${LOTTERY_MINIMUM}%`);
  Deno.exit(1);
}
