-- Round setup (issue 9): a round's enrolment year, its "waitlists end" date and the times of
-- its beacons (bound into the entry digest at the freeze); a kindergarten's classes and photos.

ALTER TABLE rounds
  ADD COLUMN enrolment_year int,
  ADD COLUMN waitlists_end_at timestamptz,
  ADD COLUMN beacon_scheduled_at timestamptz,
  ADD COLUMN beacon_deadline timestamptz,
  ADD COLUMN fallback_scheduled_at timestamptz;

-- A round inserted without the new columns (older code, fixtures) gets values that keep every
-- rule: the primary beacon halfway between the review's end and the draw, the fallback halfway
-- between the draw and the 1st window, the deadline 24 hours after the primary (or halfway to
-- the fallback when that is sooner), the waitlists open 30 days after the 2nd window, and the
-- enrolment year the year after the draw (Asia/Seoul). The setup forms always set them all.
CREATE FUNCTION rounds_setup_defaults() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.beacon_scheduled_at IS NULL THEN
    NEW.beacon_scheduled_at := NEW.review_until + (NEW.draw_at - NEW.review_until) / 2;
  END IF;
  IF NEW.fallback_scheduled_at IS NULL THEN
    NEW.fallback_scheduled_at := NEW.draw_at + (NEW.first_window_start - NEW.draw_at) / 2;
  END IF;
  IF NEW.beacon_deadline IS NULL THEN
    NEW.beacon_deadline := NEW.beacon_scheduled_at + LEAST(interval '24 hours',
      (NEW.fallback_scheduled_at - NEW.beacon_scheduled_at) / 2);
  END IF;
  IF NEW.waitlists_end_at IS NULL THEN
    NEW.waitlists_end_at := NEW.second_window_end + interval '30 days';
  END IF;
  IF NEW.enrolment_year IS NULL THEN
    NEW.enrolment_year := extract(year FROM NEW.draw_at AT TIME ZONE 'Asia/Seoul')::int + 1;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER rounds_setup_defaults BEFORE INSERT OR UPDATE ON rounds
  FOR EACH ROW EXECUTE FUNCTION rounds_setup_defaults();

-- Existing rows: the trigger fills them in.
UPDATE rounds SET name = name;

ALTER TABLE rounds
  ALTER COLUMN enrolment_year SET NOT NULL,
  ALTER COLUMN waitlists_end_at SET NOT NULL,
  ALTER COLUMN beacon_scheduled_at SET NOT NULL,
  ALTER COLUMN beacon_deadline SET NOT NULL,
  ALTER COLUMN fallback_scheduled_at SET NOT NULL,
  ADD CHECK (enrolment_year BETWEEN 2000 AND 2200),
  ADD CHECK (second_window_end < waitlists_end_at),
  ADD CHECK (review_until <= beacon_scheduled_at AND beacon_scheduled_at <= draw_at),
  ADD CHECK (beacon_scheduled_at <= beacon_deadline),
  ADD CHECK (beacon_deadline < fallback_scheduled_at);

-- The classes (ages 0 to 7) a kindergarten runs; a recruitment is one of them in a round.
CREATE TABLE kindergarten_classes (
  kindergarten_id bigint NOT NULL REFERENCES kindergartens (id),
  class_age int NOT NULL CHECK (class_age BETWEEN 0 AND 7),
  PRIMARY KEY (kindergarten_id, class_age)
);
INSERT INTO kindergarten_classes (kindergarten_id, class_age)
  SELECT DISTINCT kindergarten_id, class_age FROM recruitments;

-- Up to 5 photos of a kindergarten (the limit is kept by the use case, which locks the
-- kindergarten's row). Public pictures, not family data; stored in the object store.
CREATE TABLE kindergarten_photos (
  id bigserial PRIMARY KEY,
  kindergarten_id bigint NOT NULL REFERENCES kindergartens (id),
  storage_key text NOT NULL UNIQUE,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  size_bytes int NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 5242880),
  sha256 text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kindergarten_photos_kg_idx ON kindergarten_photos (kindergarten_id);
