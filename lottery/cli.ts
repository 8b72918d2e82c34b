/**
 * Command line of the lottery (README section 13), the only file of the module that reads files:
 *
 * ```
 * deno task lottery draw FILE                       # record (+ secret, beacon used and value) → full record
 * deno task lottery verify FILE DIGEST [CHAIN_HEAD] # exit 0 when it verifies, 1 with the mismatch on stderr
 * deno task lottery odds FILE                       # { recruitments, entrants } → odds JSON
 * deno task lottery digest FILE                     # record → its entry digest (64 hex) on stdout
 * ```
 *
 * @module
 */
import { runDraw } from "./draw.ts";
import { verify } from "./verify.ts";
import { parseRecord } from "./record.ts";
import { isHex } from "./hash.ts";
import {
  entryDigest,
  validateAnnouncement,
  validateEntries,
} from "./digest.ts";

/** What a CLI run printed and its exit code. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const USAGE =
  "usage: lottery draw FILE | verify FILE PUBLISHED_DIGEST [PUBLISHED_CHAIN_HEAD] | odds FILE | digest FILE";

/** What verify says when the published digest is missing or malformed. */
export const NEEDS_DIGEST =
  "verify needs the entry digest published at the freeze (64 lowercase hex, on the round's page " +
  "and in the freeze e-mail), never the one inside the record: lottery verify FILE DIGEST";

/** What verify says when a record with amendments comes without the published chain head. */
export const NEEDS_CHAIN_HEAD =
  "the record has amendments: verify also needs the chain head published with the last one " +
  "(64 lowercase hex): lottery verify FILE DIGEST CHAIN_HEAD";

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
  const [command, file, digest, head] = args;
  if (
    !command || !file || !["draw", "verify", "odds", "digest"].includes(command)
  ) {
    return { code: 2, stdout: "", stderr: `${USAGE}\n` };
  }
  if (command === "verify" && !isHex(digest, 64)) {
    return { code: 2, stdout: "", stderr: `error: ${NEEDS_DIGEST}\n` };
  }
  if (command === "verify" && head !== undefined && !isHex(head, 64)) {
    return { code: 2, stdout: "", stderr: `error: ${NEEDS_CHAIN_HEAD}\n` };
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
      if (
        head === undefined && Array.isArray(input?.amendments) &&
        input.amendments.length > 0
      ) {
        return { code: 2, stdout: "", stderr: `error: ${NEEDS_CHAIN_HEAD}\n` };
      }
      const report = verify(input, { digest, chainHead: head });
      const stdout = `${JSON.stringify(report, null, 2)}\n`;
      if (report.ok) return { code: 0, stdout, stderr: "" };
      const m = report.mismatch!;
      const detail = `expected ${JSON.stringify(m.expected)}, found ${
        JSON.stringify(m.actual)
      }`;
      return { code: 1, stdout, stderr: `mismatch: ${m.field}: ${detail}\n` };
    }
    if (command === "digest") {
      const record = parseRecord(input);
      validateEntries(record.recruitments, record.entrants);
      validateAnnouncement(record);
      const hex = entryDigest(record.recruitments, record.entrants, record);
      return { code: 0, stdout: `${hex}\n`, stderr: "" };
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
