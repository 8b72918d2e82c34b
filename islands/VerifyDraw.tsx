import { useState } from "preact/hooks";
import type { PublishedFacts } from "@/lottery/verify.ts";
import type { RoundRecord } from "@/lottery/types.ts";

/** Texts the island shows (islands cannot receive the translate function). */
export interface VerifyLabels {
  paste: string;
  run: string;
  ok: string;
  failed: string;
  invalidJson: string;
  sample: string;
  digest: string;
  chainHead: string;
}

/** One text field for a published hex value. */
function HexField(
  props: {
    name: string;
    label: string;
    value: string;
    onInput: (value: string) => void;
  },
) {
  return (
    <label>
      {props.label}
      <input
        name={props.name}
        value={props.value}
        spellcheck={false}
        onInput={(e) =>
          props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
    </label>
  );
}

/**
 * The verify-it-yourself tool: recomputes a published round record in the browser with the same
 * lottery module the server uses, against the digest (and chain head) the round published, which
 * the user enters from the round's page: never taken from the record itself.
 */
export function VerifyDraw(
  props: {
    labels: VerifyLabels;
    sample: RoundRecord;
    samplePublished: PublishedFacts;
  },
) {
  const [text, setText] = useState("");
  const [digest, setDigest] = useState("");
  const [head, setHead] = useState("");
  const [outcome, setOutcome] = useState<
    { ok: boolean; message: string } | null
  >(null);
  const { labels } = props;

  async function run() {
    let record: RoundRecord;
    try {
      record = JSON.parse(text);
    } catch {
      setOutcome({ ok: false, message: labels.invalidJson });
      return;
    }
    try {
      // The lottery module loads on the first click: the page itself ships only the form.
      const { verify } = await import("@/lottery/verify.ts");
      const result = verify(record, {
        digest: digest.trim(),
        chainHead: head.trim() || undefined,
      });
      setOutcome(
        result.ok ? { ok: true, message: labels.ok } : {
          ok: false,
          message: labels.failed.replace(
            "{field}",
            result.mismatch?.field ?? "?",
          ),
        },
      );
    } catch (error) {
      setOutcome({
        ok: false,
        message: labels.failed.replace("{field}", String(error)),
      });
    }
  }

  return (
    <div class="verify">
      <label>
        {labels.paste}
        <textarea
          rows={12}
          value={text}
          onInput={(e) =>
            setText((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
      <HexField
        name="digest"
        label={labels.digest}
        value={digest}
        onInput={setDigest}
      />
      <HexField
        name="chainHead"
        label={labels.chainHead}
        value={head}
        onInput={setHead}
      />
      <div class="row">
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setText(JSON.stringify(props.sample, null, 2));
            setDigest(props.samplePublished.digest);
            setHead(props.samplePublished.chainHead ?? "");
          }}
        >
          {labels.sample}
        </button>
        <button type="button" onClick={run}>{labels.run}</button>
      </div>
      {outcome && (
        <p
          class={outcome.ok ? "success" : "error"}
          role="status"
          data-testid="verify-outcome"
        >
          {outcome.message}
        </p>
      )}
    </div>
  );
}
