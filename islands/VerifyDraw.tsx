import { useSignal } from "@preact/signals";
import { verify } from "@/lottery/verify.ts";
import type { RoundRecord } from "@/lottery/types.ts";

/** Texts the island shows (islands cannot receive the translate function). */
export interface VerifyLabels {
  paste: string;
  run: string;
  ok: string;
  failed: string;
  invalidJson: string;
  sample: string;
}

/**
 * The verify-it-yourself tool: recomputes a published round record in the browser with the same
 * lottery module the server uses.
 */
export function VerifyDraw(
  props: { labels: VerifyLabels; sample: RoundRecord },
) {
  const text = useSignal("");
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
      const result = verify(record);
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
      <div class="row">
        <button
          type="button"
          class="secondary"
          onClick={() => text.value = JSON.stringify(props.sample, null, 2)}
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
