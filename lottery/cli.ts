/**
 * Command line of the lottery (README section 12), the only file of the module that reads files:
 *
 * ```
 * deno task lottery draw FILE                # record (+ secret + beacon value) → full record
 * deno task lottery verify FILE [DIGEST]     # exit 0 when it verifies, 1 with the mismatch on stderr
 * deno task lottery odds FILE                # { recruitments, entrants } → odds JSON
 * ```
 *
 * @module
 */
import { runDraw } from "./draw.ts";
import { verify } from "./verify.ts";
import { parseRecord } from "./record.ts";

/** What a CLI run printed and its exit code. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const USAGE =
  "usage: lottery draw FILE | verify FILE [PUBLISHED_DIGEST] | odds FILE";

/** Loads the odds module only when asked, so draw and verify work without it. */
async function loadOdds(): Promise<(input: unknown) => unknown> {
  const path = "./odds.ts";
  const mod = await import(path);
  return mod.oddsOf;
}

/**
 * Runs one CLI command on `args`, reading files with `readText`. Never throws: errors give exit
 * code 2 (usage, unreadable or invalid input) or 1 (verify found a mismatch).
 */
export async function runCli(
  args: string[],
  readText: (path: string) => Promise<string>,
): Promise<CliResult> {
  const [command, file, digest] = args;
  if (!command || !file || !["draw", "verify", "odds"].includes(command)) {
    return { code: 2, stdout: "", stderr: `${USAGE}\n` };
  }
  try {
    const input = JSON.parse(await readText(file));
    if (command === "draw") {
      return {
        code: 0,
        stdout: `${JSON.stringify(runDraw(parseRecord(input)), null, 2)}\n`,
        stderr: "",
      };
    }
    if (command === "verify") {
      const report = verify(input, digest);
      const stdout = `${JSON.stringify(report, null, 2)}\n`;
      if (report.ok) return { code: 0, stdout, stderr: "" };
      const m = report.mismatch!;
      const detail = `expected ${JSON.stringify(m.expected)}, found ${
        JSON.stringify(m.actual)
      }`;
      return { code: 1, stdout, stderr: `mismatch: ${m.field}: ${detail}\n` };
    }
    const oddsOf = await loadOdds();
    return {
      code: 0,
      stdout: `${JSON.stringify(oddsOf(input), null, 2)}\n`,
      stderr: "",
    };
  } catch (err) {
    return {
      code: 2,
      stdout: "",
      stderr: `error: ${err instanceof Error ? err.message : String(err)}\n`,
    };
  }
}

async function writeAll(
  stream: { write(p: Uint8Array): Promise<number> },
  text: string,
): Promise<void> {
  let bytes = new TextEncoder().encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(await stream.write(bytes));
}

if (import.meta.main) {
  const result = await runCli(Deno.args, (path) => Deno.readTextFile(path));
  if (result.stdout) await writeAll(Deno.stdout, result.stdout);
  if (result.stderr) await writeAll(Deno.stderr, result.stderr);
  Deno.exit(result.code);
}
