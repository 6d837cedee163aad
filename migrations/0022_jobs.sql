-- Background jobs that run on exactly one instance of a cluster (docs/decisions/0005-job-scheduler.md).

-- One row per registered job: its lease (who runs it now, until when), the fencing token that
-- every write of a run must still match, when it is next due, and how its last run ended.
-- Instances claim a due job with one conditional UPDATE (row lock: two claims never both win).
CREATE TABLE jobs (
  name              text PRIMARY KEY,
  -- The schedule as text ("dailyAt 03:15", "every 60000", "manual"): a change recomputes next_due_at.
  schedule          text NOT NULL,
  lease_holder      text,
  lease_until       timestamptz,
  -- Incremented by every claim: a holder whose lease expired and was taken over holds an old fence
  -- and can no longer commit (jobs_fenced writes check it under the row lock).
  fence             bigint NOT NULL DEFAULT 0,
  -- The slot the current or last claim ran for (the due instant), and when the next slot is due.
  slot              text,
  next_due_at       timestamptz,
  run_requested_at  timestamptz,
  last_started_at   timestamptz,
  last_finished_at  timestamptz,
  last_outcome      text CHECK (last_outcome IN ('succeeded', 'failed', 'aborted')),
  -- A short code or message of the last failure (never data).
  last_error        text,
  last_duration_ms  integer,
  runs              bigint NOT NULL DEFAULT 0,
  failures          bigint NOT NULL DEFAULT 0,
  -- A failing job is retried after a back-off that doubles with each failure in a row (from the
  -- poll interval up to 15 minutes); a manual request does not wait for it.
  consecutive_failures integer NOT NULL DEFAULT 0,
  retry_after       timestamptz
);

-- Steps of a run that are done, per slot: a step is written in the same transaction as its work,
-- so a run re-started after a crash skips exactly the steps that committed.
CREATE TABLE job_steps (
  job_name   text NOT NULL REFERENCES jobs (name) ON DELETE CASCADE,
  slot       text NOT NULL,
  step       text NOT NULL,
  fence      bigint NOT NULL,
  done_at    timestamptz NOT NULL,
  PRIMARY KEY (job_name, slot, step)
);
