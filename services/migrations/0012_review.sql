-- Review (issue 11): duplicated children the admin has resolved, and what a family has done
-- of an open correction.

-- Two children (of two applications of a round) that an admin checked and found to be
-- different children. The names and birth dates are kept as they were then: once one of
-- them changes, the pair is flagged again.
create table duplicate_resolutions (
  id bigserial primary key,
  round_id bigint not null references rounds (id),
  child_a bigint not null references children (id),
  child_b bigint not null references children (id),
  name_a text not null,
  birth_date_a date not null,
  name_b text not null,
  birth_date_b date not null,
  resolved_by bigint not null references accounts (id),
  resolved_at timestamptz not null default now(),
  check (child_a < child_b),
  unique (round_id, child_a, child_b)
);

-- The named children whose name or birth date the family has saved since the correction was
-- asked for (the named documents count once a new one is uploaded after `requested_at`).
alter table application_corrections
  add column corrected_child_ids bigint[] not null default '{}';
