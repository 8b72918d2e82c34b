-- Infrastructure tables owned by services/: sessions, the mail outbox and the job runner.
-- schema_migrations itself is created by services/migrate.ts.
-- Runs on PostgreSQL 15 and on PGlite (Postgres 18).

create table sessions (
  -- SHA-256 (hex) of the opaque id in the session cookie; the cookie value itself is never stored.
  id text primary key,
  -- The foreign key to accounts is added by the domain migration that creates accounts.
  account_id bigint not null,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now(),
  user_agent text
);
create index sessions_account_id_idx on sessions (account_id);
create index sessions_expires_at_idx on sessions (expires_at);

create table outbox (
  id bigserial primary key,
  kind text not null default 'mail',
  to_address text not null,
  subject text not null,
  body_text text not null,
  body_html text,
  created_at timestamptz not null default now(),
  send_after timestamptz not null default now(),
  attempts int not null default 0,
  last_error text,
  sent_at timestamptz,
  locked_until timestamptz
);
-- The deliverer's scan: unsent rows by due time.
create index outbox_due_idx on outbox (send_after, id) where sent_at is null;

create table job_runs (
  name text primary key,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_error text
);
