-- The emergency-plan register (LV-7; docs/emergency-plans.md): the plans of the municipalities a
-- centre serves, with whom to alert and in which order, and the plans' documents. A plan belongs
-- to its municipality (kommunenummer, the routing data's key); who may read or maintain it follows
-- from the routing data in force (municipality → serving centre → AMK area), so nothing here
-- names a centre. Value lists (kind, availability) are checked at the edge
-- (src/emergency-plans/domain/plan-values.ts). Calendar dates are text 'YYYY-MM-DD', as in the
-- readiness registers (node-postgres and PGlite return `date` differently; ISO text compares right).
CREATE TABLE emergency_plans (
  id            uuid PRIMARY KEY,
  kommunenummer text NOT NULL CHECK (kommunenummer ~ '^[0-9]{4}$'),
  kind          text NOT NULL,
  title         text NOT NULL,
  -- The plan's own version label ("3.1", "2025") and the date it applies from.
  version       text,
  valid_from    text,
  -- The date by which the plan must be reviewed: past it the plan is flagged as overdue.
  review_by     text NOT NULL,
  responsible   text,
  notes         text,
  -- Optimistic concurrency: every change names the revision it was made on.
  revision      integer NOT NULL DEFAULT 1,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX emergency_plans_municipality ON emergency_plans (kommunenummer);

-- Whom the plan says to alert, in order (alert_order 1 first).
CREATE TABLE emergency_plan_contacts (
  plan_id           uuid NOT NULL REFERENCES emergency_plans (id) ON DELETE CASCADE,
  alert_order       integer NOT NULL CHECK (alert_order >= 1),
  name              text NOT NULL,
  role              text NOT NULL,
  -- One or more phone numbers as written, the first the one to try first (a JSON array of text).
  phones            jsonb NOT NULL,
  availability      text NOT NULL,
  note              text,
  PRIMARY KEY (plan_id, alert_order)
);

-- A plan's documents. The bytes live in the blob store under blob_key; the row is written only
-- after the blob is stored whole, in the transaction that audits it, so a row never points to a
-- blob that is not there. A blob without a row (a crash between the two) is swept by the job
-- emergency-plans.sweep-orphan-documents.
CREATE TABLE emergency_plan_documents (
  id           uuid PRIMARY KEY,
  plan_id      uuid NOT NULL REFERENCES emergency_plans (id) ON DELETE CASCADE,
  blob_key     text NOT NULL UNIQUE,
  filename     text NOT NULL,
  title        text,
  media_type   text NOT NULL,
  size_bytes   integer NOT NULL CHECK (size_bytes > 0),
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by  text NOT NULL,
  uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX emergency_plan_documents_plan ON emergency_plan_documents (plan_id);
