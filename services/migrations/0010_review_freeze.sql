-- The shared tables of review (issue 11), the freeze (issue 12) and the draw (issue 13).
--
-- Review. An application's status is kept by the review use cases:
--   submitted / needs_review  while a document is pending or a correction is open, or once
--                             reviewed with the resident-register copy rejected (outside the pool);
--   accepted                  every document reviewed, the resident-register copy accepted and no
--                             correction open: the application is in the pool.
-- An admin asks for a correction naming what the family may change: documents by kind, and
-- children (name or birth date), never the choices. It stays open until the family makes it.
create table application_corrections (
  id bigserial primary key,
  application_id bigint not null references applications (id) on delete cascade,
  document_kinds text[] not null default '{}',
  child_ids bigint[] not null default '{}',
  note text not null check (length(note) between 1 and 2000),
  requested_by bigint not null references accounts (id),
  requested_at timestamptz not null default now(),
  done_at timestamptz,
  check (cardinality(document_kinds) + cardinality(child_ids) > 0)
);
create index application_corrections_open_idx on application_corrections (application_id)
  where done_at is null;

-- The freeze. Until the draw the secret is kept only sealed (AES-256-GCM under a key from the
-- environment, DRAW_SECRET_KEY, never in the database); the draw writes it in clear when it
-- reveals it. `record` holds the public round record at every stage: the frozen record (entries,
-- digest, commitment, beacon) from the freeze, the full record from the draw.
alter table draws alter column secret drop not null;
alter table draws add column secret_sealed text;
alter table draws add constraint draws_secret_kept check (secret is not null or secret_sealed is not null);
alter table draws add column beacon_used text check (beacon_used in ('primary', 'fallback'));
alter table draws add column chain_head text check (chain_head ~ '^[0-9a-f]{64}$');

-- A withdrawal after the freeze is kept here and applied as the first registration event(s) of
-- the draw (the lottery module's `withdraw`), then stamped `applied_at`.
create table kept_withdrawals (
  id bigserial primary key,
  round_id bigint not null references draws (round_id),
  pseudonym text not null,
  requested_by bigint not null references accounts (id),
  requested_at timestamptz not null default now(),
  applied_at timestamptz,
  unique (round_id, pseudonym),
  foreign key (round_id, pseudonym) references draw_entrants (round_id, pseudonym)
);

-- A family's report of an error in the frozen list; shown to admins, corrected by an amendment
-- after the draw.
create table freeze_reports (
  id bigserial primary key,
  round_id bigint not null references draws (round_id),
  family_key bigint not null references accounts (id),
  reported_by bigint not null references accounts (id),
  body text not null check (length(body) between 1 and 4000),
  created_at timestamptz not null default now(),
  amendment_seq int
);
create index freeze_reports_round_idx on freeze_reports (round_id, created_at);
