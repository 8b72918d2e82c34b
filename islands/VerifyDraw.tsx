import { type Signal, useSignal } from "@preact/signals";
import { type PublishedFacts, verify } from "@/lottery/verify.ts";
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
  props: { name: string; label: string; value: Signal<string> },
) {
  return (
    <label>
      {props.label}
      <input
        name={props.name}
        value={props.value.value}
        spellcheck={false}
        onInput={(e) =>
          props.value.value = (e.currentTarget as HTMLInputElement).value}
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
  const text = useSignal("");
  const digest = useSignal("");
  const head = useSignal("");
  const outcome = useSignal<{ ok: boolean; message: string } | null>(null);
  const { labels } = props;

  function run() {
    let record: RoundRecord;
    try {
      record = JSON.parse(text.value);
    } catch {
      outcome.value = { ok: false, message: labels.invalidJson };
      return;
    }
    try {
      const result = verify(record, {
        digest: digest.value.trim(),
        chainHead: head.value.trim() || undefined,
      });
      outcome.value = result.ok ? { ok: true, message: labels.ok } : {
        ok: false,
        message: labels.failed.replace(
          "{field}",
          result.mismatch?.field ?? "?",
        ),
      };
    } catch (error) {
      outcome.value = {
        ok: false,
        message: labels.failed.replace("{field}", String(error)),
      };
    }
  }

  return (
    <div class="verify">
      <label>
        {labels.paste}
        <textarea
          rows={12}
          value={text.value}
          onInput={(e) =>
            text.value = (e.currentTarget as HTMLTextAreaElement).value}
        />
      </label>
      <HexField name="digest" label={labels.digest} value={digest} />
      <HexField name="chainHead" label={labels.chainHead} value={head} />
      <div class="row">
        <button
          type="button"
          class="secondary"
          onClick={() => {
            text.value = JSON.stringify(props.sample, null, 2);
            digest.value = props.samplePublished.digest;
            head.value = props.samplePublished.chainHead ?? "";
          }}
        >
          {labels.sample}
        </button>
        <button type="button" onClick={run}>{labels.run}</button>
      </div>
      {outcome.value && (
        <p
          class={outcome.value.ok ? "success" : "error"}
          role="status"
          data-testid="verify-outcome"
        >
          {outcome.value.message}
        </p>
      )}
    </div>
  );
}
