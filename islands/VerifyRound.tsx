import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { RoundRecord } from "@/lottery/types.ts";

/** Texts the round verifier shows (islands cannot receive the translate function). */
export interface VerifyRoundLabels {
  /** The button. */
  run: string;
  /** While the record loads. */
  loading: string;
  /** Verified. */
  ok: string;
  /** Not verified, with `{field}`, `{expected}`, `{actual}`. */
  failed: string;
  /** The token field. */
  token: string;
  /** The token button. */
  tokenRun: string;
  /** "Pseudonym: {pseudonym}". */
  pseudonym: string;
  /** The token's pseudonym is not in the record. */
  notInRecord: string;
  /** A token is 32 hex. */
  tokenInvalid: string;
  /** "Placed: {placed}". */
  placed: string;
  /** "none". */
  none: string;
  /** Waitlisted: no. {waitlist}. */
  waitlist: string;
  /** Won. */
  won: string;
  /** Placed higher. */
  higher: string;
}

/** Props of {@link VerifyRound}. */
export interface VerifyRoundProps {
  /** Where the record is downloaded from. */
  recordUrl: string;
  /** The digest published at the freeze (from the round's facts, not from the record). */
  digest: string;
  /** The chain head published with the last amendment, if any. */
  chainHead: string | null;
  /** The label of each recruitment id. */
  classes: Record<string, string>;
  /** The texts. */
  labels: VerifyRoundLabels;
}

function show(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text === undefined
    ? "-"
    : text.length > 80
    ? `${text.slice(0, 77)}…`
    : text;
}

/**
 * Verifies a real round in the browser: downloads its record, re-runs the draw with the lottery
 * module against the digest (and chain head) the round published, and says "verified" or names
 * the first difference. A family can type a token from its submission mail to see its
 * pseudonym (from the revealed secret) and its results.
 */
export function VerifyRound(props: VerifyRoundProps): JSX.Element {
  const { labels } = props;
  const [record, setRecord] = useState<RoundRecord | null>(null);
  const [outcome, setOutcome] = useState<
    { ok: boolean; message: string } | null
  >(null);
  const [busy, setBusy] = useState(false);
  const [token, setToken] = useState("");
  const [mine, setMine] = useState<string[] | null>(null);

  async function load(): Promise<RoundRecord> {
    if (record) return record;
    const res = await fetch(props.recordUrl, {
      headers: { accept: "application/json" },
    });
    const loaded = await res.json() as RoundRecord;
    setRecord(loaded);
    return loaded;
  }

  async function run() {
    setBusy(true);
    try {
      const r = await load();
      // The lottery module loads on the first click: the page itself ships only the form.
      const { verify } = await import("@/lottery/verify.ts");
      const result = verify(r, {
        digest: props.digest,
        chainHead: props.chainHead ?? undefined,
      });
      setOutcome(
        result.ok ? { ok: true, message: labels.ok } : {
          ok: false,
          message: labels.failed
            .replace("{field}", result.mismatch?.field ?? "?")
            .replace("{expected}", show(result.mismatch?.expected))
            .replace("{actual}", show(result.mismatch?.actual)),
        },
      );
    } catch (error) {
      setOutcome({
        ok: false,
        message: labels.failed.replace("{field}", "record")
          .replace("{expected}", "-").replace("{actual}", String(error)),
      });
    } finally {
      setBusy(false);
    }
  }

  async function lookUp() {
    const t = token.trim().toLowerCase();
    if (!/^[0-9a-f]{32}$/.test(t)) {
      setMine([labels.tokenInvalid]);
      return;
    }
    const r = await load();
    if (!r.secret) return setMine([labels.notInRecord]);
    const { pseudonymOf } = await import("@/lottery/from_secret.ts");
    const p = pseudonymOf(r.secret, t);
    const lines = [labels.pseudonym.replace("{pseudonym}", p)];
    const owner = r.entrants.find((e) =>
      e.pseudonym === p || e.members.includes(p)
    );
    const result = owner &&
      r.draw?.results.find((x) => x.pseudonym === owner.pseudonym);
    if (!result) return setMine([...lines, labels.notInRecord]);
    const name = (id: string) => props.classes[id] ?? id;
    lines.push(
      labels.placed.replace(
        "{placed}",
        result.placed ? name(result.placed) : labels.none,
      ),
    );
    for (const c of result.choices) {
      const status = c.result === "won"
        ? labels.won
        : c.result === "higher"
        ? labels.higher
        : labels.waitlist.replace("{waitlist}", String(c.waitlist));
      lines.push(`${name(c.recruitment)}: ${status}`);
    }
    setMine(lines);
  }

  return (
    <div class="verify">
      <p class="row">
        <button type="button" onClick={run} disabled={busy}>
          {labels.run}
        </button>
      </p>
      {busy && <p role="status">{labels.loading}</p>}
      {outcome && (
        <p
          class={outcome.ok ? "notice success" : "notice error"}
          role="status"
          data-testid="verify-outcome"
        >
          {outcome.message}
        </p>
      )}
      <div class="field">
        <label for="verify-token">{labels.token}</label>
        <input
          id="verify-token"
          value={token}
          autocomplete="off"
          spellcheck={false}
          maxLength={64}
          onInput={(e) => setToken((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <p>
        <button type="button" class="secondary" onClick={lookUp}>
          {labels.tokenRun}
        </button>
      </p>
      {mine && (
        <ul data-testid="verify-mine" role="status">
          {mine.map((l) => <li key={l}>{l}</li>)}
        </ul>
      )}
    </div>
  );
}
