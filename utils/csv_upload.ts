/**
 * The HTTP side every CSV import page shares: the uploaded file out of the parsed body (or the
 * messages to show beside the file field), and the outcome of the apply step read back from
 * the redirect's query.
 *
 * @module
 */
import { bodyProblem, type FieldErrors, FORM_ERROR } from "@/utils/form.ts";
import type { FormBody, UploadedFile } from "@/utils/multipart.ts";

/**
 * The file of an import form, or the status and messages to re-render the form with.
 *
 * @example
 * ```ts
 * import { uploadedFile } from "@/utils/csv_upload.ts";
 * uploadedFile(undefined); // { ok: false, status: 400, errors: { _form: … } }
 * ```
 */
export function uploadedFile(
  body: FormBody | undefined,
):
  | { ok: true; file: UploadedFile }
  | { ok: false; status: number; errors: FieldErrors } {
  const problem = body && bodyProblem(body, { fileField: "file" });
  if (!body || problem) {
    return {
      ok: false,
      status: problem?.status ?? 400,
      errors: problem?.errors ??
        { [FORM_ERROR]: { key: "form.error.malformed" } },
    };
  }
  if (!body.file) {
    return {
      ok: false,
      status: 400,
      errors: { file: { key: "form.error.required" } },
    };
  }
  return { ok: true, file: body.file };
}

/** What the apply step said through the redirect's query. */
export interface ImportOutcome {
  /** How many objects it created and updated, after a successful apply. */
  applied?: { created: number; updated: number };
  /** Why it applied nothing: the preview had expired, or the data changed since. */
  notice?: "stale" | "expired";
}

const count = (v: string | null) =>
  v && /^[0-9]{1,6}$/.test(v) ? Number(v) : null;

/**
 * Reads `created`, `updated` and `notice` from an import page's URL.
 *
 * @example
 * ```ts
 * import { importOutcome } from "@/utils/csv_upload.ts";
 * importOutcome(new URL("http://kic.test/?created=2&updated=0"));
 * // { applied: { created: 2, updated: 0 }, notice: undefined }
 * ```
 */
export function importOutcome(url: URL): ImportOutcome {
  const params = url.searchParams;
  const created = count(params.get("created"));
  const updated = count(params.get("updated"));
  const notice = params.get("notice");
  return {
    applied: created !== null && updated !== null
      ? { created, updated }
      : undefined,
    notice: notice === "stale" || notice === "expired" ? notice : undefined,
  };
}
