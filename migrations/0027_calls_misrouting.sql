-- The misrouting register (issue 11, RT-12): what, where and why of each misrouted call as
-- columns of its row, so the register is searched and paged in the database. Filled from the
-- fold for every call written from now on; rows written before keep NULL here (their events
-- still hold it: re-recording a call's events fills it).
ALTER TABLE calls
  ADD COLUMN misrouted_at timestamptz,
  ADD COLUMN misrouting_reason text,
  ADD COLUMN correct_municipality text,
  ADD COLUMN correct_centre_id text;

CREATE INDEX calls_misrouted_at ON calls (misrouted_at) WHERE misrouted;
