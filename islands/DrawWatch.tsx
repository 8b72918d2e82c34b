import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

/** Texts the watching panel shows (islands cannot receive the translate function). */
export interface DrawWatchLabels {
  /** Before the draw. */
  watching: string;
  /** Right after the `drawn` event. */
  live: string;
  /** Once everything is shown. */
  revealed: string;
  /** "your child". */
  own: string;
  /** Seats heading. */
  winners: string;
  /** Waitlist heading. */
  waitlist: string;
  /** Status texts with `{waitlist}` for the waitlist number. */
  won: string;
  /** See `won`. */
  offered: string;
  /** See `won`. */
  waiting: string;
  /** See `won`. */
  higher: string;
  /** See `won`. */
  withdrawn: string;
}

/** The `drawn` event's data (domain/draw.ts `DrawnPayload`). */
interface Drawn {
  value: string;
  recruitments: { id: string; won: string[]; waitlist: string[] }[];
  offers: { pseudonym: string; recruitment: string }[];
  withdrawn: string[];
}

/** Props of {@link DrawWatch}. */
export interface DrawWatchProps {
  /** The round followed. */
  roundId: number;
  /** The family's own entrants: pseudonym, names and choices (recruitment ids, ranked). */
  own: { pseudonym: string; names: string[]; choices: string[] }[];
  /** The label of each recruitment id the family listed. */
  classes: Record<string, string>;
  /** The texts. */
  labels: DrawWatchLabels;
}

/** The short form of a pseudonym shown in the lists. */
function short(p: string): string {
  return p.slice(0, 8);
}

/** Where one of the family's entrants stands in one recruitment, from the event. */
function statusOf(
  d: Drawn,
  p: string,
  r: string,
  l: DrawWatchLabels,
): string {
  if (d.withdrawn.includes(p)) return l.withdrawn;
  const offers = d.offers.filter((o) => o.pseudonym === p);
  const seat = offers.length
    ? offers[offers.length - 1].recruitment
    : d.recruitments.find((x) => x.won.includes(p))?.id;
  if (seat === r) return offers.length ? l.offered : l.won;
  const rec = d.recruitments.find((x) => x.id === r);
  const at = rec ? rec.waitlist.indexOf(p) : -1;
  if (at >= 0 && !(offers.length && seat)) {
    return l.waiting.replace("{waitlist}", String(at + 1));
  }
  return seat ? l.higher : l.waiting.replace("{waitlist}", "-");
}

/**
 * Follows the round's event stream and, when the draw runs, reveals the results of the classes
 * the family listed, its own children highlighted, with a short animation (none when the user
 * prefers reduced motion: see the stylesheet). The browser's EventSource resumes after the last
 * event id it received, and events already handled are skipped, so a reconnect misses nothing
 * and repeats nothing.
 */
export function DrawWatch(props: DrawWatchProps): JSX.Element {
  const { labels } = props;
  const [drawn, setDrawn] = useState<Drawn | null>(null);
  useEffect(() => {
    const seen = new Set<string>();
    const source = new EventSource(`/rounds/${props.roundId}/events`);
    source.addEventListener("drawn", (e) => {
      const event = e as MessageEvent<string>;
      if (seen.has(event.lastEventId)) return;
      seen.add(event.lastEventId);
      setDrawn(JSON.parse(event.data) as Drawn);
      source.close();
    });
    return () => source.close();
  }, [props.roundId]);
  const mine = new Map<string, string>();
  for (const o of props.own) mine.set(o.pseudonym, o.names.join(", "));
  const codes = Object.keys(props.classes);
  let i = 0;
  const item = (p: string) => (
    <li
      key={p}
      class={`reveal${mine.has(p) ? " own" : ""}`}
      style={{ animationDelay: `${Math.min(i++ * 60, 3000)}ms` }}
    >
      <code>{short(p)}</code>
      {mine.has(p) && <strong>{` ${mine.get(p)} (${labels.own})`}</strong>}
    </li>
  );
  return (
    <div class="draw-watch" data-testid="draw-watch">
      <p role="status" data-state={drawn ? "drawn" : "waiting"}>
        {drawn ? labels.live : labels.watching}
      </p>
      {drawn && (
        <>
          <ul class="own-results" data-testid="own-results">
            {props.own.map((o) =>
              o.choices.map((r) => (
                <li key={`${o.pseudonym}${r}`}>
                  {o.names.join(", ")} · {props.classes[r] ?? r}:{" "}
                  {statusOf(drawn, o.pseudonym, r, labels)}
                </li>
              ))
            )}
          </ul>
          {drawn.recruitments.filter((r) => codes.includes(r.id)).map((r) => (
            <section key={r.id} class="reveal-class">
              <h3>{props.classes[r.id]}</h3>
              <p>{labels.winners}</p>
              <ol>{r.won.map(item)}</ol>
              <p>{labels.waitlist}</p>
              <ol>{r.waitlist.map(item)}</ol>
            </section>
          ))}
          <p class="hint">{labels.revealed}</p>
        </>
      )}
    </div>
  );
}
