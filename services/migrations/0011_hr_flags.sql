-- HR changes after an application deadline (issue 9): a change of an employee's join date or
-- spouse link while a family they belong to has a live application (submitted, accepted,
-- needs_review) in a round whose application window has closed and which is not yet frozen
-- or drawn is never silently applied to the weight: it writes a flag here, in the same
-- transaction as the change, for an admin to review. `before` holds the value as of the
-- deadline (the first flag's `before` when the same fact changes again), so the weight can be
-- computed from the HR facts as of the deadline; `after` is the value now.
create table hr_change_flags (
  id bigserial primary key,
  round_id bigint not null references rounds (id),
  application_id bigint not null references applications (id) on delete cascade,
  account_id bigint not null references accounts (id),
  field text not null check (field in ('join_date', 'spouse_employee_no')),
  before text,
  after text,
  created_at timestamptz not null,
  resolved_at timestamptz,
  resolved_by bigint references accounts (id),
  check ((resolved_at is null) = (resolved_by is null))
);
create index hr_change_flags_open_idx on hr_change_flags (round_id) where resolved_at is null;
create index hr_change_flags_application_idx on hr_change_flags (application_id, account_id, field);
