-- The job runner's lease (services/jobs.ts), the shared test clock (services/clock.ts) and the
-- live round events (domain/round_events.ts).

-- One row per registered job. A pod runs a job only after it took the lease in one conditional
-- update (the lease is free or expired, and the job is due), so with several pods each due run
-- happens on one of them. `next_due_at` is set when a run ends (one interval after it started),
-- so a job that was due while no pod ran runs once at start, not once per missed interval.
alter table job_runs
  add column lease_owner text,
  add column lease_until timestamptz,
  add column next_due_at timestamptz not null default now();

-- The offset (ms) every process adds to its clock outside production, so a test can move time
-- for all processes at once. Exactly one row; production never reads it.
create table clock_offset (
  id boolean primary key default true check (id),
  offset_ms bigint not null default 0,
  updated_at timestamptz not null default now()
);
insert into clock_offset (id, offset_ms) values (true, 0);

-- What happened in a round, appended in the same transaction as the change. Readers replay a
-- round's events after the last id they saw (Last-Event-ID), in id order.
create table round_events (
  id bigserial primary key,
  round_id bigint not null references rounds (id),
  kind text not null,
  payload jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index round_events_round_idx on round_events (round_id, id);
