/**
 * Shared types of the lottery module. See `lottery/README.md` for the meaning of every field.
 *
 * @module
 */

/** A class of one kindergarten in a round, with its number of seats. */
export interface Recruitment {
  /** Matches `^[A-Za-z0-9_-]{1,64}$`. */
  id: string;
  /** Integer ≥ 0. */
  seats: number;
}

/** One ranked choice of an entrant, with the weight and tier that recruitment gives it. */
export interface Choice {
  /** Recruitment id. */
  recruitment: string;
  /** Integer hundredths ≥ 1. */
  weight: number;
  /** Integer ≥ 1; 1 is the best. */
  tier: number;
}

/** A child, or a unit of linked siblings, as it enters the draw. */
export interface Entrant {
  /** 32 lowercase hex chars: the first 16 bytes of HMAC(secret, token). */
  pseudonym: string;
  /** Pseudonyms of the children, ascending. `[pseudonym]` for a single child. */
  members: string[];
  /** Ranked, best first, at most 3, distinct recruitments. */
  choices: Choice[];
}

/** What happened to an entrant in one of its choices. */
export type ChoiceResult = "won" | "higher" | "waitlist";

/** The draw's outcome for one choice of an entrant. */
export interface ChoiceOutcome {
  /** Recruitment id. */
  recruitment: string;
  /** −ln(u) / (weight / 100). */
  key: number;
  /** 1-based position in the recruitment's order. */
  rank: number;
  /** `won`, `higher` (placed in a choice ranked higher) or `waitlist`. */
  result: ChoiceResult;
  /** 1-based frozen waitlist position, or null when the result is not `waitlist`. */
  waitlist: number | null;
}

/** The draw's outcome for one entrant. */
export interface EntrantResult {
  /** The entrant's pseudonym (32 hex). */
  pseudonym: string;
  /** Uniform number in (0, 1), exact binary64. */
  u: number;
  /** Recruitment id where the entrant was placed, or null. */
  placed: string | null;
  /** One per choice, in the entrant's ranked order. */
  choices: ChoiceOutcome[];
}

/** A seat offered at once after the allocation (README section 6.2). */
export interface Offer {
  /** Pseudonym of the entrant offered the seat. */
  pseudonym: string;
  /** Recruitment id of the seat offered. */
  recruitment: string;
}

/** The frozen result of the draw. */
export interface DrawResult {
  /** Sorted by pseudonym. */
  results: EntrantResult[];
  /** In the order made. */
  offers: Offer[];
}

/** The kinds of public beacon the draw may use. */
export type BeaconKind = "lotto645" | "drand" | "nist";

/** A public beacon event announced at the freeze (README section 4.1). */
export interface BeaconEvent {
  /** Which public beacon; fixes the format of its value. */
  kind: BeaconKind;
  /** Human-readable name of the event, e.g. "로또 6/45 제1203회" (no control characters). */
  name: string;
  /** When the event is scheduled: integer epoch milliseconds. */
  scheduledAt: number;
}

/** Which announced beacon gave the value: the primary, or the fallback after its deadline. */
export type BeaconUsed = "primary" | "fallback";

/** The named public events whose value feeds the seed: the primary and its fallback. */
export interface Beacon extends BeaconEvent {
  /** After this time (epoch ms, ≥ `scheduledAt`) the fallback may be used instead. */
  deadline: number;
  /** Used only if the primary never happens; scheduled after the primary. */
  fallback: BeaconEvent;
  /** Entered at the draw: which event gave `value`. */
  used?: BeaconUsed;
  /** Entered at the draw, in the used event's kind's exact format (README section 4.1). */
  value?: string;
}

/** A correction appended after the draw (README section 7.1). */
export interface Amendment {
  /** 1, 2, 3 … in the order appended. */
  seq: number;
  /** Hash of the record before this amendment (README section 7.2), 64 hex. */
  prev: string;
  /**
   * The added entrant (pseudonym and members new to the record), or the corrected entry of an
   * entrant already in it (same pseudonym and members).
   */
  entrant: Entrant;
  /** Seats the admin adds, per recruitment id: integers ≥ 1, only recruitments the entrant lists. */
  extraSeats?: Record<string, number>;
  /** Free text, informational. */
  reason?: string;
  /** The u the seed gives the entrant's pseudonym, in (0, 1). */
  u: number;
  /** Recruitment id where the entrant was placed, or null. */
  placed: string | null;
  /** One per choice, in the entrant's ranked order. */
  choices: ChoiceOutcome[];
}

/** The round record: everything needed to re-run and check the draw. */
export interface RoundRecord {
  /** Format version. */
  format: "kic-round-record/2";
  /** Round id (bound by the digest, same alphabet as recruitment ids) and display name. */
  round: { id: string; name?: string };
  /** The recruitments and their seats. */
  recruitments: Recruitment[];
  /** The entry list (README section 3). */
  entrants: Entrant[];
  /** Entry digest, hex. */
  digest: string;
  /** SHA-256(secret), hex. */
  commitment: string;
  /** The beacon announced at the freeze; `value` is added at the draw. */
  beacon: Beacon;
  /** Revealed at the draw, 64 hex. */
  secret?: string;
  /** 64 hex. */
  seed?: string;
  /** The draw's outcome; present once drawn. */
  draw?: DrawResult;
  /** Corrections after the draw, in the order appended (README section 7.1). */
  amendments?: Amendment[];
}
