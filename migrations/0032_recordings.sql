-- Sound recordings of calls (issue 12; REC-1, LV-5, AMK-5; docs/lydlogg.md). A recording belongs
-- to a call, but there is no foreign key to calls: a recording is part of the patient record (§20)
-- and must outlive the call metadata's own retention (calls.prune), as the contact records do.
-- `call_id` is kept as the call's id; `centre_id` / `amk_area` are copied so that access by centre
-- still works once the call row is gone.
CREATE TABLE recordings (
  id               text PRIMARY KEY,
  call_id          text NOT NULL,
  centre_id        text NOT NULL,
  amk_area         text,
  -- 'uploading': written before the bytes (a file never exists without its row); 'present';
  -- 'deleting': the retention decided, the file may already be gone (resumed after a crash).
  state            text NOT NULL CHECK (state IN ('uploading', 'present', 'deleting')),
  started_at       timestamptz NOT NULL,
  -- Europe/Oslo date of started_at, and the first Oslo date it may be deleted (the day after the
  -- 3 years end; 29 February → kept to 28 February).
  recording_date   date NOT NULL,
  deletable_from   date NOT NULL,
  duration_ms      bigint NOT NULL,
  channels         smallint NOT NULL,
  codec            text NOT NULL,
  container        text NOT NULL,
  content_type     text NOT NULL,
  sample_rate      integer NOT NULL,
  size_bytes       bigint,
  sha256           text,
  blob_key         text NOT NULL UNIQUE,
  key_id           text NOT NULL,
  chunk_size       integer NOT NULL,
  -- Holds not yet released (kept with the holds in one transaction): a recording with any is never deleted.
  active_holds     integer NOT NULL DEFAULT 0 CHECK (active_holds >= 0),
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL,
  stored_at        timestamptz,
  deleting_since   timestamptz,
  CHECK (state = 'uploading' OR (size_bytes IS NOT NULL AND sha256 IS NOT NULL))
);
-- The retention's selection: present, unheld, in date order.
CREATE INDEX recordings_deletable ON recordings (deletable_from, id) WHERE state = 'present' AND active_holds = 0;
CREATE INDEX recordings_call ON recordings (call_id);
CREATE INDEX recordings_centre ON recordings (centre_id, started_at);
CREATE INDEX recordings_unfinished ON recordings (state, created_at) WHERE state <> 'present';

-- Legal holds (§20 second sentence): who, when, why; released holds stay as history. No foreign
-- key: a hold's history outlives the recording once it is released and the recording deleted.
CREATE TABLE recording_holds (
  id               text PRIMARY KEY,
  recording_id     text NOT NULL,
  case_kind        text NOT NULL CHECK (case_kind IN
                     ('supervision', 'complaint', 'compensation', 'other-case-processing', 'documentary-value')),
  case_reference   text NOT NULL,
  reason           text NOT NULL,
  held_by          text NOT NULL,
  held_at          timestamptz NOT NULL,
  released_by      text,
  released_at      timestamptz,
  release_reason   text
);
CREATE INDEX recording_holds_recording ON recording_holds (recording_id);
CREATE INDEX recording_holds_case ON recording_holds (case_reference);

-- What was deleted, when and by which rule: no audio, no health data.
CREATE TABLE recording_tombstones (
  recording_id     text PRIMARY KEY,
  call_id          text NOT NULL,
  centre_id        text NOT NULL,
  recording_date   date NOT NULL,
  sha256           text,
  size_bytes       bigint,
  rule             text NOT NULL,
  deleted_at       timestamptz NOT NULL,
  deleted_by       text NOT NULL
);
CREATE INDEX recording_tombstones_deleted ON recording_tombstones (deleted_at);
