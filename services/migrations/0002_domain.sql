-- KIC domain schema. It follows ../shared/spec/rules.md and the lottery round record
-- (lottery/README.md): the draw tables hold exactly the record's fields.

-- Employees (accounts). There is no open sign-up: admins create them or import an HR roster.
CREATE TABLE accounts (
  id bigserial PRIMARY KEY,
  login text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9._-]{1,64}$'),
  email text NOT NULL,
  name_ko text NOT NULL,
  employee_no text NOT NULL UNIQUE,
  department text NOT NULL DEFAULT '',
  join_date date NOT NULL,
  spouse_employee_no text,
  role text NOT NULL DEFAULT 'employee' CHECK (role IN ('employee', 'admin')),
  password_hash text,
  locale text NOT NULL DEFAULT 'ko' CHECK (locale IN ('ko', 'en')),
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

ALTER TABLE sessions
  ADD CONSTRAINT sessions_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE;
CREATE INDEX sessions_account_idx ON sessions (account_id);

-- One-time password set-up links and 6-digit reset codes (only their hashes are stored).
CREATE TABLE password_tokens (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('setup', 'reset')),
  secret_hash text NOT NULL,
  attempts int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX password_tokens_account_idx ON password_tokens (account_id, kind);

CREATE TABLE kindergartens (
  id bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  address text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Children of a family, owned by the parent who registered them. The token is the lottery's
-- 128-bit random token (lottery/README.md section 2).
CREATE TABLE children (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  name text NOT NULL,
  birth_date date NOT NULL,
  token text NOT NULL UNIQUE CHECK (token ~ '^[0-9a-f]{32}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX children_account_idx ON children (account_id);

-- Kindergarten enrolment records (for the sibling factor).
CREATE TABLE enrolments (
  kindergarten_id bigint NOT NULL REFERENCES kindergartens (id),
  child_id bigint NOT NULL REFERENCES children (id),
  since date NOT NULL,
  until date,
  PRIMARY KEY (kindergarten_id, child_id)
);

-- A recruitment round and its calendar (Asia/Seoul in the UI, timestamptz here), strictly ordered.
CREATE TABLE rounds (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'open', 'review', 'frozen', 'drawn', 'closed')),
  applications_open_at timestamptz NOT NULL,
  applications_close_at timestamptz NOT NULL,
  review_until timestamptz NOT NULL,
  draw_at timestamptz NOT NULL,
  first_window_start timestamptz NOT NULL,
  first_window_end timestamptz NOT NULL,
  second_window_start timestamptz NOT NULL,
  second_window_end timestamptz NOT NULL,
  beacon_kind text NOT NULL CHECK (beacon_kind IN ('lotto645', 'drand', 'nist')),
  beacon_name text NOT NULL,
  fallback_kind text NOT NULL CHECK (fallback_kind IN ('lotto645', 'drand', 'nist')),
  fallback_name text NOT NULL,
  requires_second_approval boolean NOT NULL DEFAULT false,
  documents_retention_days int NOT NULL DEFAULT 180 CHECK (documents_retention_days >= 0),
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (applications_open_at < applications_close_at),
  CHECK (applications_close_at <= review_until),
  CHECK (review_until <= draw_at),
  CHECK (draw_at < first_window_start),
  CHECK (first_window_start < first_window_end),
  CHECK (first_window_end <= second_window_start),
  CHECK (second_window_start < second_window_end)
);

-- One class (age) of one kindergarten in a round. `code` is the lottery's recruitment id.
-- `settings` holds the factor amounts and tiers (lottery/README.md section 9); they lock when
-- the application window opens.
CREATE TABLE recruitments (
  id bigserial PRIMARY KEY,
  round_id bigint NOT NULL REFERENCES rounds (id),
  kindergarten_id bigint NOT NULL REFERENCES kindergartens (id),
  class_age int NOT NULL CHECK (class_age BETWEEN 0 AND 7),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{1,64}$'),
  seats int NOT NULL CHECK (seats >= 0),
  settings jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (round_id, kindergarten_id, class_age),
  UNIQUE (round_id, code)
);

-- One application per family per round; either parent may file it. `family_key` is the
-- smaller of the two parents' account ids (or the filer's own) so both parents share it.
CREATE TABLE applications (
  id bigserial PRIMARY KEY,
  round_id bigint NOT NULL REFERENCES rounds (id),
  family_key bigint NOT NULL REFERENCES accounts (id),
  filed_by bigint NOT NULL REFERENCES accounts (id),
  status text NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'accepted', 'needs_review', 'withdrawn', 'excluded')),
  excluded_reason text,
  facts jsonb NOT NULL DEFAULT '{}',
  submitted_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version int NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX applications_one_per_family
  ON applications (round_id, family_key) WHERE status <> 'withdrawn';

-- Linked siblings: a unit with its own lottery token.
CREATE TABLE sibling_units (
  id bigserial PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  token text NOT NULL UNIQUE CHECK (token ~ '^[0-9a-f]{32}$')
);

CREATE TABLE application_children (
  application_id bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  child_id bigint NOT NULL REFERENCES children (id),
  unit_id bigint REFERENCES sibling_units (id),
  PRIMARY KEY (application_id, child_id)
);

-- Ranked choices (1..3) of a child; a unit's members share the same list.
CREATE TABLE application_choices (
  application_id bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  child_id bigint NOT NULL REFERENCES children (id),
  rank int NOT NULL CHECK (rank BETWEEN 1 AND 3),
  recruitment_id bigint NOT NULL REFERENCES recruitments (id),
  PRIMARY KEY (application_id, child_id, rank),
  UNIQUE (application_id, child_id, recruitment_id)
);

-- Proof documents: private objects, checked by content, 10 MB at most.
CREATE TABLE documents (
  id bigserial PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN
    ('resident_register', 'single_parent', 'family_register', 'disability', 'employment', 'sibling')),
  storage_key text NOT NULL UNIQUE,
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes int NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
  sha256 text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  reject_reason text,
  reviewed_by bigint REFERENCES accounts (id),
  reviewed_at timestamptz,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX documents_application_idx ON documents (application_id);

-- The draw of a round: one row, created at the freeze and completed once at the draw.
-- Its columns are the round record (lottery/README.md section 7). `secret` stays private until
-- the draw; `record` is the full published record once drawn.
CREATE TABLE draws (
  round_id bigint PRIMARY KEY REFERENCES rounds (id),
  format text NOT NULL DEFAULT 'kic-round-record/1',
  secret text NOT NULL CHECK (secret ~ '^[0-9a-f]{64}$'),
  commitment text NOT NULL CHECK (commitment ~ '^[0-9a-f]{64}$'),
  digest text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
  frozen_at timestamptz NOT NULL DEFAULT now(),
  frozen_by bigint NOT NULL REFERENCES accounts (id),
  beacon_value text,
  beacon_entered_by bigint REFERENCES accounts (id),
  approved_by bigint REFERENCES accounts (id),
  seed text CHECK (seed ~ '^[0-9a-f]{64}$'),
  drawn_at timestamptz,
  record jsonb
);

-- The frozen entry list (record.recruitments is the recruitments table at the freeze).
CREATE TABLE draw_recruitments (
  round_id bigint NOT NULL REFERENCES draws (round_id),
  recruitment_id bigint NOT NULL REFERENCES recruitments (id),
  code text NOT NULL,
  seats int NOT NULL CHECK (seats >= 0),
  PRIMARY KEY (round_id, recruitment_id),
  UNIQUE (round_id, code)
);

-- One row per entrant (child or unit); `application_id` and the ids are the private link.
CREATE TABLE draw_entrants (
  round_id bigint NOT NULL REFERENCES draws (round_id),
  pseudonym text NOT NULL CHECK (pseudonym ~ '^[0-9a-f]{32}$'),
  members text[] NOT NULL,
  application_id bigint NOT NULL REFERENCES applications (id),
  child_id bigint REFERENCES children (id),
  unit_id bigint REFERENCES sibling_units (id),
  u double precision,
  placed_code text,
  amendment_seq int,
  PRIMARY KEY (round_id, pseudonym)
);

-- One row per (entrant, choice): the weight and tier at the freeze, then the draw's outcome.
CREATE TABLE draw_choices (
  round_id bigint NOT NULL,
  pseudonym text NOT NULL,
  position int NOT NULL CHECK (position BETWEEN 0 AND 2),
  recruitment_id bigint NOT NULL REFERENCES recruitments (id),
  weight int NOT NULL CHECK (weight >= 1),
  tier int NOT NULL CHECK (tier >= 1),
  addends jsonb NOT NULL DEFAULT '[]',
  key double precision,
  rank int,
  result text CHECK (result IN ('won', 'higher', 'waitlist')),
  waitlist int,
  PRIMARY KEY (round_id, pseudonym, position),
  FOREIGN KEY (round_id, pseudonym) REFERENCES draw_entrants (round_id, pseudonym)
);
CREATE INDEX draw_choices_recruitment_idx ON draw_choices (recruitment_id, tier, key);

CREATE TABLE draw_amendments (
  round_id bigint NOT NULL REFERENCES draws (round_id),
  seq int NOT NULL CHECK (seq >= 1),
  body jsonb NOT NULL,
  created_by bigint NOT NULL REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (round_id, seq)
);

-- Registration: the append-only event log of the pure state machine (lottery/registration.ts),
-- and the current holdings derived from it.
CREATE TABLE registration_events (
  id bigserial PRIMARY KEY,
  round_id bigint NOT NULL REFERENCES draws (round_id),
  at timestamptz NOT NULL,
  event jsonb NOT NULL,
  moves jsonb NOT NULL DEFAULT '[]',
  actor_id bigint REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registration_events_round_idx ON registration_events (round_id, id);

CREATE TABLE seat_holdings (
  round_id bigint NOT NULL REFERENCES draws (round_id),
  recruitment_id bigint NOT NULL REFERENCES recruitments (id),
  pseudonym text NOT NULL,
  status text NOT NULL CHECK (status IN ('won', 'offer', 'confirmed')),
  deadline timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (round_id, pseudonym)
);

CREATE TABLE notices (
  id bigserial PRIMARY KEY,
  title text NOT NULL,
  body text NOT NULL,
  pinned boolean NOT NULL DEFAULT false,
  author_id bigint NOT NULL REFERENCES accounts (id),
  views int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE questions (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  title text NOT NULL,
  body text NOT NULL,
  is_private boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE answers (
  id bigserial PRIMARY KEY,
  question_id bigint NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
  author_id bigint NOT NULL REFERENCES accounts (id),
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Append-only audit log of every admin action: who, when, what, before/after.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id bigint REFERENCES accounts (id),
  action text NOT NULL,
  object_type text NOT NULL,
  object_id text,
  before jsonb,
  after jsonb
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
