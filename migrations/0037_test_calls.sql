-- The test-call regime (RT-8; docs/test-calls.md): runs of real SIP calls to every centre's public
-- 8-digit number and to 116117 as a caller from each municipality the centre serves, with what
-- each call reached; alarms raised by failed runs; the centres' and municipalities' sign-offs.
-- Value lists (trigger, status, kind, verdict) are checked at the edge
-- (src/test-calls/domain/vocabulary.ts).
CREATE TABLE test_call_runs (
  id            uuid PRIMARY KEY,
  -- activation | reroute | schedule | manual
  trigger       text NOT NULL,
  -- One run per trigger across the cluster: the outbox position of the event, the job's slot, …
  trigger_key   text UNIQUE,
  -- The centres the run tests (a JSON array of ids), or null for every centre.
  centre_ids    jsonb,
  -- queued | running | completed | interrupted
  status        text NOT NULL,
  -- The routing data version in force when the run (last) started.
  data_version  integer,
  planned       integer NOT NULL DEFAULT 0,
  -- The process running it, and when it last said it was alive: a 'running' run whose heartbeat
  -- is older than NODMELD_TEST_CALLS_STALE_MS is marked 'interrupted' (its process died).
  owner         text,
  heartbeat_at  timestamptz,
  requested_by  text NOT NULL,
  created_at    timestamptz NOT NULL,
  started_at    timestamptz,
  finished_at   timestamptz
);
CREATE INDEX test_call_runs_created ON test_call_runs (created_at DESC);
CREATE INDEX test_call_runs_status ON test_call_runs (status);

-- One row per call of a run, written as each call ends: a resumed run skips the calls it has.
CREATE TABLE test_call_results (
  run_id             uuid NOT NULL REFERENCES test_call_runs (id) ON DELETE CASCADE,
  -- 'direct:<centre>' or '116117:<municipality>'
  call_key           text NOT NULL,
  -- direct (the centre's 8-digit number) | 116117
  kind               text NOT NULL,
  -- The centre under test (for 116117: the centre that serves the municipality by the data).
  centre_id          text NOT NULL,
  municipality       text,
  -- The number dialled, and the caller's number (116117 calls).
  target             text NOT NULL,
  calling_number     text,
  -- Where the call went: the centre whose number answered or refused, the number it was
  -- connected to, and how routing placed it (the 302's method).
  reached_centre_id  text,
  connected_number   text,
  route_method       text,
  answered           boolean NOT NULL,
  answer_ms          integer,
  data_version       integer,
  -- Every SIP status seen, in order (a JSON array of integers), and the final one per hop.
  sip_codes          jsonb NOT NULL,
  -- ok | other-centre | not-answered | busy | refused | unreachable | no-caller-number
  verdict            text NOT NULL,
  -- Whether the result raises an alarm (src/test-calls/domain/verdict.ts isFailure).
  failure            boolean NOT NULL,
  started_at         timestamptz NOT NULL,
  finished_at        timestamptz NOT NULL,
  PRIMARY KEY (run_id, call_key)
);
CREATE INDEX test_call_results_centre ON test_call_results (centre_id, run_id);
CREATE INDEX test_call_results_municipality ON test_call_results (municipality, run_id);

-- An alarm per centre with failed calls in a run, for the operations centre and the centre.
CREATE TABLE test_call_alarms (
  id               uuid PRIMARY KEY,
  run_id           uuid NOT NULL REFERENCES test_call_runs (id) ON DELETE CASCADE,
  centre_id        text NOT NULL,
  failures         integer NOT NULL,
  raised_at        timestamptz NOT NULL,
  acknowledged_by  text,
  acknowledged_at  timestamptz,
  comment          text,
  UNIQUE (run_id, centre_id)
);
CREATE INDEX test_call_alarms_open ON test_call_alarms (raised_at DESC) WHERE acknowledged_at IS NULL;

-- A centre's or a municipality's sign-off of a run's results (who, when, comment; audited).
CREATE TABLE test_call_signoffs (
  run_id        uuid NOT NULL REFERENCES test_call_runs (id) ON DELETE CASCADE,
  -- centre | municipality
  subject_kind  text NOT NULL,
  subject_id    text NOT NULL,
  signed_by     text NOT NULL,
  signed_at     timestamptz NOT NULL,
  comment       text,
  PRIMARY KEY (run_id, subject_kind, subject_id)
);
