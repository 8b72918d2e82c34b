-- The family's application (issue 10): drafts, and documents uploaded before the application
-- row exists (attached to no application, purged after 24 hours by the `document-purge` job).

-- A saved, not yet submitted application. It counts for "one per family per round" like any
-- other non-withdrawn application, so two parents never make two drafts.
ALTER TABLE applications DROP CONSTRAINT applications_status_check;
ALTER TABLE applications ADD CONSTRAINT applications_status_check CHECK (status IN
  ('draft', 'submitted', 'accepted', 'needs_review', 'withdrawn', 'excluded'));

-- A document belongs to a family's round first, and to its application once there is one.
ALTER TABLE documents ALTER COLUMN application_id DROP NOT NULL;
ALTER TABLE documents ADD COLUMN round_id bigint REFERENCES rounds (id);
ALTER TABLE documents ADD COLUMN family_key bigint REFERENCES accounts (id);
ALTER TABLE documents ADD COLUMN uploaded_by bigint REFERENCES accounts (id);
ALTER TABLE documents ADD COLUMN filename text NOT NULL DEFAULT '';
ALTER TABLE documents ADD CONSTRAINT documents_owner_check
  CHECK (application_id IS NOT NULL OR (round_id IS NOT NULL AND family_key IS NOT NULL));
CREATE INDEX documents_family_idx ON documents (round_id, family_key);
CREATE INDEX documents_unattached_idx ON documents (uploaded_at) WHERE application_id IS NULL;

CREATE INDEX application_choices_recruitment_idx ON application_choices (recruitment_id);
