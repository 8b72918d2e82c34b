-- Idempotency of form submissions (middlewares/idempotency.ts): the first request with a key
-- claims the row (primary key: a second claim conflicts), runs, and stores its answer; a
-- repeat (a double click, a POST retried after a pod closed its connection) gets that answer.
-- The key is SHA-256 of the session's CSRF token and the form's `_idem` value, so one
-- browser's keys never meet another's. Rows are swept after a day.
create table idempotency_keys (
  key text primary key,
  state text not null default 'pending' check (state in ('pending', 'done')),
  status integer,
  location text,
  content_type text,
  body text,
  created_at timestamptz not null default now()
);
create index idempotency_keys_created_at on idempotency_keys (created_at);
