/**
 * Rounds and their recruitments, as pages show them.
 *
 * @module
 */
import type { Db } from "@/services/db.ts";

/** A round's status. */
export type RoundStatus =
  | "draft"
  | "open"
  | "review"
  | "frozen"
  | "drawn"
  | "closed";

/** A round with its calendar. */
export interface RoundSummary {
  id: number;
  name: string;
  status: RoundStatus;
  applicationsOpenAt: Date;
  applicationsCloseAt: Date;
  drawAt: Date;
  firstWindowEnd: Date;
  secondWindowEnd: Date;
  beaconName: string;
}

/** A recruitment (one class of one kindergarten) of a round. */
export interface RecruitmentSummary {
  id: number;
  code: string;
  kindergarten: string;
  classAge: number;
  seats: number;
}

interface RoundRow {
  id: number;
  name: string;
  status: RoundStatus;
  applications_open_at: Date;
  applications_close_at: Date;
  draw_at: Date;
  first_window_end: Date;
  second_window_end: Date;
  beacon_name: string;
}

function toRound(r: RoundRow): RoundSummary {
  return {
    id: Number(r.id),
    name: r.name,
    status: r.status,
    applicationsOpenAt: r.applications_open_at,
    applicationsCloseAt: r.applications_close_at,
    drawAt: r.draw_at,
    firstWindowEnd: r.first_window_end,
    secondWindowEnd: r.second_window_end,
    beaconName: r.beacon_name,
  };
}

/** Rounds that are not drafts and not closed, newest first. */
export async function activeRounds(db: Db): Promise<RoundSummary[]> {
  const rows = await db.sql<RoundRow>`
    select id, name, status, applications_open_at, applications_close_at, draw_at,
      first_window_end, second_window_end, beacon_name
    from rounds where status not in ('draft', 'closed') order by applications_open_at desc, id desc`;
  return rows.map(toRound);
}

/** All rounds, newest first (admin). */
export async function allRounds(db: Db): Promise<RoundSummary[]> {
  const rows = await db.sql<RoundRow>`
    select id, name, status, applications_open_at, applications_close_at, draw_at,
      first_window_end, second_window_end, beacon_name
    from rounds order by applications_open_at desc, id desc`;
  return rows.map(toRound);
}

/** One round with its recruitments, or null. */
export async function roundWithRecruitments(
  db: Db,
  id: number,
): Promise<{ round: RoundSummary; recruitments: RecruitmentSummary[] } | null> {
  const rounds = await db.sql<RoundRow>`
    select id, name, status, applications_open_at, applications_close_at, draw_at,
      first_window_end, second_window_end, beacon_name
    from rounds where id = ${id} and status <> 'draft'`;
  if (rounds.length === 0) return null;
  const rows = await db.sql<
    {
      id: number;
      code: string;
      kindergarten: string;
      class_age: number;
      seats: number;
    }
  >`
    select r.id, r.code, k.name as kindergarten, r.class_age, r.seats
    from recruitments r join kindergartens k on k.id = r.kindergarten_id
    where r.round_id = ${id} order by k.name, r.class_age`;
  return {
    round: toRound(rounds[0]),
    recruitments: rows.map((r) => ({
      id: Number(r.id),
      code: r.code,
      kindergarten: r.kindergarten,
      classAge: Number(r.class_age),
      seats: Number(r.seats),
    })),
  };
}
