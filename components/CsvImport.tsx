/**
 * The pieces every CSV import page shares (the HR roster, enrolment records): the upload form,
 * the list of bad rows with their reasons, and the form that applies a preview. Each page keeps
 * its own words: they come in as already translated text.
 *
 * @module
 */
import type { ComponentChildren, JSX } from "preact";
import { ErrorSummary, FileField, Form } from "@/components/form/mod.ts";
import type { MessageKey, Translate } from "@/i18n/mod.ts";

/** A reason's text: a `field` parameter is itself a message id, shown translated. */
export function reasonText(
  t: Translate,
  reason: { key: MessageKey; params?: Record<string, string | number> },
): string {
  const params = reason.params?.field
    ? { ...reason.params, field: t(reason.params.field as MessageKey) }
    : reason.params;
  return t(reason.key, params);
}

/** The upload form of an import: one CSV file, then the preview. */
export function CsvUploadForm(
  props: {
    t: Translate;
    csrfToken: string;
    action: string;
    /** The file field's label and hint, and the button's text. */
    label: string;
    hint: string;
    submit: string;
    /** Translated messages by field (`file`, `_form`). */
    errors: Record<string, string>;
  },
): JSX.Element {
  const { t } = props;
  return (
    <Form csrfToken={props.csrfToken} action={props.action} multipart>
      <ErrorSummary
        t={t}
        errors={props.errors}
        labels={{ file: props.label }}
        order={["file"]}
      />
      <FileField
        name="file"
        t={t}
        label={props.label}
        hint={props.hint}
        error={props.errors.file}
        accept=".csv,text/csv"
        required
      />
      <button type="submit">{props.submit}</button>
    </Form>
  );
}

/** One bad row of a preview: its spreadsheet row, what identifies it, and every reason. */
export interface BadRowView {
  row: number;
  /** The row's identifying cells, joined for display. */
  cells: string[];
  reasons: { key: MessageKey; params?: Record<string, string | number> }[];
}

/**
 * The message prefixes of the import pages (each has `.summary`, `.bad`, `.badNote`, `.row`
 * and `.new`).
 */
export type ImportMessages = "roster" | "enrolImport";

/**
 * The top of a preview: the summary line, the bad rows (each `<li id="row-N">`) with a heading
 * and a note, and the new rows as a table, all worded by the page's message prefix.
 */
export function PreviewSummary<V>(
  props: {
    t: Translate;
    messages: ImportMessages;
    /** The plan: what is new, changed, unchanged and bad. */
    plan: {
      created: unknown[];
      updated: unknown[];
      unchanged: number;
      bad: { row: number; values: V; reasons: BadRowView["reasons"] }[];
    };
    /** The cells that identify a bad row. */
    cells: (values: V) => string[];
    /** The new rows as a table: its column headings (after "#") and each row's cells. */
    created: { headers: string[]; rows: [number, ...string[]][] };
  },
): JSX.Element {
  const { t, messages: m, plan } = props;
  const rows: BadRowView[] = plan.bad.map((b) => ({
    row: b.row,
    cells: props.cells(b.values),
    reasons: b.reasons,
  }));
  const summary = (
    <p class="notice" role="status">
      {t(`${m}.summary`, {
        new: plan.created.length,
        changed: plan.updated.length,
        same: plan.unchanged,
        bad: rows.length,
      })}
    </p>
  );
  const created = props.created.rows;
  return (
    <>
      {summary}
      <PreviewSection
        id="bad-rows"
        show={rows.length > 0}
        heading={t(`${m}.bad`, { count: rows.length })}
      >
        <p>{t(`${m}.badNote`)}</p>
        <ul class="bad-rows">
          {rows.map((b) => (
            <li key={b.row} id={`row-${b.row}`}>
              <strong>{t(`${m}.row`, { row: b.row })}</strong>{" "}
              {b.cells.filter(Boolean).join(" · ")}
              <ul>
                {b.reasons.map((r, i) => (
                  <li key={i} class="error">{reasonText(t, r)}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </PreviewSection>
      <PreviewSection
        id="new-rows"
        show={created.length > 0}
        heading={t(`${m}.new`, { count: created.length })}
      >
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">#</th>
                {props.created.headers.map((h) => (
                  <th scope="col" key={h}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {created.map(([row, ...cells], i) => (
                <tr key={i}>
                  <td>{row}</td>
                  {cells.map((c, j) => <td key={j}>{c}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </PreviewSection>
    </>
  );
}

/** A titled part of a preview (new rows, changed rows), left out when empty. */
export function PreviewSection(
  props: {
    /** The heading's id. */
    id: string;
    heading: string;
    /** False leaves the section out. */
    show?: boolean;
    children: ComponentChildren;
  },
): JSX.Element | null {
  if (props.show === false) return null;
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.heading}</h2>
      {props.children}
    </section>
  );
}

/** The form that applies a preview (or a note when there is nothing to apply). */
export function ApplyPreviewForm(
  props: {
    csrfToken: string;
    action: string;
    previewId: string;
    /** How many changes applying makes. */
    changes: number;
    /** The button's text, the note above it (optional), and the text when nothing changes. */
    submit: string;
    note?: string;
    nothing: string;
  },
): JSX.Element {
  if (props.changes === 0) return <p>{props.nothing}</p>;
  return (
    <Form csrfToken={props.csrfToken} action={props.action} idempotencyKey>
      <input type="hidden" name="preview" value={props.previewId} />
      {props.note && <p>{props.note}</p>}
      <button type="submit">{props.submit}</button>
    </Form>
  );
}
