/**
 * Runs `deno task lottery verify FILE …` on a record, as a family would on its own computer.
 *
 * @module
 */

/** Writes `record` to a file and verifies it with the CLI; returns its exit code and stderr. */
export async function cliVerify(
  record: unknown,
  args: string[],
): Promise<{ code: number; stderr: string }> {
  const file = await Deno.makeTempFile({ suffix: ".json" });
  try {
    await Deno.writeTextFile(file, JSON.stringify(record));
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["task", "--quiet", "lottery", "verify", file, ...args],
      cwd: new URL("..", import.meta.url).pathname,
      stdout: "piped",
      stderr: "piped",
    }).output();
    return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
  } finally {
    await Deno.remove(file);
  }
}
