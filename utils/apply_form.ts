/**
 * Reading the application form: per child up to three ranked choices (`choice-{childId}-{rank}`),
 * the linked siblings (`linked`), the declared factors and the number of children. Anything that
 * is not well formed becomes a message beside its field; child ids are left for the domain to
 * check against the family.
 *
 * @module
 */
import type { MessageKey } from "@/i18n/mod.ts";
import { parseId } from "./http.ts";

/** The parsed form, in the shape the application use case takes. */
export interface ApplyFormData {
  /** Each child named in a choice field, with its ranked recruitment ids (blanks dropped). */
  children: { childId: number; choices: number[] }[];
  /** Child ids asked to be linked. */
  linked: number[];
  /** The declared facts. */
  facts: {
    singleParent: boolean;
    disability: boolean;
    dualIncome: boolean;
    siblingEnrolled: boolean;
    childrenCount: number;
  };
  /** The version the parent saw (0: none). */
  version: number;
}

/** The factor checkboxes of the form. */
export const FACTOR_FIELDS = [
  "singleParent",
  "disability",
  "dualIncome",
  "siblingEnrolled",
] as const;

const CHOICE = /^choice-([1-9][0-9]{0,15})-([123])$/;

/**
 * Parses the application form's fields; `problems` holds a message per bad field.
 *
 * @example
 * ```ts
 * const { data, problems } = parseApplyForm(new Map([["choice-4-1", ["12"]], ["childrenCount", ["2"]]]));
 * // data.children[0] = { childId: 4, choices: [12] }
 * ```
 */
export function parseApplyForm(
  fields: Map<string, string[]>,
): { data: ApplyFormData; problems: Record<string, MessageKey> } {
  const problems: Record<string, MessageKey> = {};
  const byChild = new Map<number, (number | null)[]>();
  for (const [name, values] of fields) {
    const m = name.match(CHOICE);
    if (!m) continue;
    const childId = Number(m[1]);
    const list = byChild.get(childId) ?? [null, null, null];
    byChild.set(childId, list);
    const value = values.length === 1 ? values[0] : null;
    if (value === "") continue;
    const id = parseId(value ?? undefined);
    if (id === null) problems[`choice-${childId}`] = "form.error.invalid";
    else list[Number(m[2]) - 1] = id;
  }
  const children = [...byChild].map(([childId, list]) => ({
    childId,
    choices: list.filter((x): x is number => x !== null),
  }));
  const linked: number[] = [];
  for (const v of fields.get("linked") ?? []) {
    const id = parseId(v);
    if (id === null) problems.linked = "form.error.invalid";
    else linked.push(id);
  }
  const flag = (name: string) => {
    const v = fields.get(name);
    if (v && (v.length > 1 || v[0] !== "1")) {
      problems[name] = "form.error.invalid";
    }
    return v !== undefined;
  };
  const rawCount = fields.get("childrenCount");
  let childrenCount = 1;
  if (rawCount?.length !== 1 || !/^[0-9]{1,2}$/.test(rawCount[0].trim())) {
    problems.childrenCount = rawCount === undefined || rawCount[0] === ""
      ? "form.error.required"
      : "form.error.invalid";
  } else childrenCount = Number(rawCount[0].trim());
  const rawVersion = fields.get("version");
  const version =
    rawVersion?.length === 1 && /^(0|[1-9][0-9]{0,8})$/.test(rawVersion[0])
      ? Number(rawVersion[0])
      : -1;
  return {
    data: {
      children,
      linked,
      facts: {
        singleParent: flag("singleParent"),
        disability: flag("disability"),
        dualIncome: flag("dualIncome"),
        siblingEnrolled: flag("siblingEnrolled"),
        childrenCount,
      },
      version,
    },
    problems,
  };
}
