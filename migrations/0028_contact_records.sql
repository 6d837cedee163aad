-- The contact record of a call (issue 11; LV-3, LV-6): one per call, a draft until the operator
-- signs it, then only amended; every version kept with who, when and why. No foreign key to calls:
-- a contact record is part of the patient record and outlives the call metadata's retention
-- (calls.prune deletes calls after 3 years; a record is kept by the rules for patient records).
CREATE TABLE contact_records (
  call_id      text PRIMARY KEY,
  centre_id    text NOT NULL,
  amk_area     text,
  status       text NOT NULL CHECK (status IN ('draft', 'signed')),
  version      integer NOT NULL,
  content      jsonb NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_by   text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  signed_by    text,
  signed_at    timestamptz
);

CREATE TABLE contact_record_versions (
  call_id      text NOT NULL REFERENCES contact_records (call_id) ON DELETE CASCADE,
  version      integer NOT NULL,
  status       text NOT NULL,
  content      jsonb NOT NULL,
  changed_by   text NOT NULL,
  changed_at   timestamptz NOT NULL,
  -- 'saved' (a draft), 'signed', 'amended' (with its reason).
  change       text NOT NULL CHECK (change IN ('saved', 'signed', 'amended')),
  reason       text,
  PRIMARY KEY (call_id, version)
);
