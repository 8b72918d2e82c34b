import type { JSX } from "preact";
import type { Translate } from "@/i18n/mod.ts";
import { formatBytes } from "@/utils/form.ts";
import { DOCUMENT_ACCEPT } from "@/utils/sniff.ts";
import { FieldShell, type FieldText } from "./FieldShell.tsx";
import { describedBy, fieldIds } from "./ids.ts";

/** A file already stored for this field. */
export interface CurrentFile {
  /** The name it was uploaded with. */
  filename: string;
  /** Its size in bytes. */
  size: number;
  /** A hidden field that carries it across a re-render, e.g. `{ name: "docId", value: "42" }`. */
  keep?: { name: string; value: string };
}

/** Props of {@link FileField}. */
export interface FileFieldProps extends FieldText {
  /** Translates the "uploaded" line and the replace hint. */
  t: Translate;
  /** What is already uploaded, shown with its size and a replace hint. */
  current?: CurrentFile | null;
  /** The `accept` attribute (default PDF, JPEG and PNG). */
  accept?: string;
  /** Required while nothing is uploaded yet. */
  required?: boolean;
}

/**
 * A file input with its label, hint and error, that shows the file already uploaded (a browser
 * never keeps a chosen file across a re-render, so the server shows what it has). The form must
 * be multipart (`<Form multipart>`).
 */
export function FileField(props: FileFieldProps): JSX.Element {
  const ids = fieldIds(props.name, props.id);
  const { t, current } = props;
  const currentId = `${ids.id}-current`;
  const described = describedBy(ids, props);
  if (current) {
    described["aria-describedby"] = [described["aria-describedby"], currentId]
      .filter(Boolean).join(" ");
  }
  return (
    <FieldShell ids={ids} text={props} kind="field-file">
      {current && (
        <p class="current-file" id={currentId}>
          {t("form.file.current", {
            name: current.filename,
            size: formatBytes(current.size),
          })}
          <br />
          <span class="hint">{t("form.file.replace")}</span>
          {current.keep && (
            <input
              type="hidden"
              name={current.keep.name}
              value={current.keep.value}
            />
          )}
        </p>
      )}
      <input
        id={ids.id}
        name={props.name}
        type="file"
        accept={props.accept ?? DOCUMENT_ACCEPT}
        required={props.required && !current}
        {...described}
      />
    </FieldShell>
  );
}
