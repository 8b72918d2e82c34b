-- The chance of winning (issue 11). One queued computation per round: a page that finds the
-- cached odds stale upserts its round's row with the pool fingerprint it saw (a newer request
-- replaces the queued one and bumps `version`). A pod claims a row (`claimed_by` until
-- `claimed_until`, renewed while it computes), so one pod at a time computes a round; it deletes
-- the row when done unless a newer request came in meanwhile (the version changed).
create table odds_requests (
  round_id bigint primary key references rounds (id) on delete cascade,
  fingerprint text not null,
  version int not null default 1,
  requested_at timestamptz not null,
  claimed_by text,
  claimed_until timestamptz
);
create index odds_requests_queue_idx on odds_requests (requested_at);
