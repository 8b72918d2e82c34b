/**
 * The employee-facing pages of the route manifest (`fresh.gen.ts`): every GET page outside
 * `/admin` that renders (a default export), with a real URL for each. A route with a `[param]`
 * that `resolveEmployeeUrl` does not know makes the tests fail, so a new page is never silently
 * left out.
 *
 * @module
 */
import manifest from "@/fresh.gen.ts";

export interface EmployeePage {
  /** `./routes/(employee)/children/[id].tsx` */
  file: string;
  /** `/children/[id]` */
  pattern: string;
}

/** Every page (a route with a component) that is not an admin page, layout or error page. */
export function employeePages(): EmployeePage[] {
  const out: EmployeePage[] = [];
  for (const [file, mod] of Object.entries(manifest.routes)) {
    if (file.startsWith("./routes/admin/")) continue;
    const name = file.split("/").at(-1)!;
    if (name.startsWith("_")) continue;
    if (!(mod as { default?: unknown }).default) continue;
    const pattern = file
      .replace(/^\.\/routes/, "")
      .replace(/\.(tsx?|jsx?)$/, "")
      .replace(/\/index$/, "")
      .replace(/\/\([^)]*\)/g, "") || "/";
    out.push({ file, pattern: pattern || "/" });
  }
  return out;
}

/** The page's URL with each `[param]` taken from `ids` (by the section before it), or an error. */
export function resolveEmployeeUrl(
  page: EmployeePage,
  ids: Record<string, number>,
): string {
  const parts = page.pattern.split("/");
  return parts.map((part, i) => {
    const param = /^\[(\.\.\.)?(\w+)\]$/.exec(part);
    if (!param) return part;
    const id = ids[`${parts[i - 1]}/${param[2]}`];
    if (id === undefined) {
      throw new Error(
        `${page.file}: no real id for [${
          param[2]
        }] — add one to the ids given to resolveEmployeeUrl`,
      );
    }
    return String(id);
  }).join("/") || "/";
}
