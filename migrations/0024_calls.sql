-- Every call on record (issue 10, docs/calls.md): the events as received, the call record they
-- fold to (the columns reports filter on), and the rollup cells the official figures are read
-- from. The same SQL on PGlite and PostgreSQL.

-- The events as the network and the centres' telephone systems reported them. The event id is
-- chosen by the sender and unique across calls (a UUID, or the call id with a suffix).
CREATE TABLE call_events (
  event_id     text PRIMARY KEY,
  call_id      text NOT NULL,
  occurred_at  timestamptz NOT NULL,
  type         text NOT NULL,
  -- The whole event as accepted (validated by src/calls/domain/call-event.ts).
  payload      jsonb NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  -- Who sent it (actor name: the integration token, the SIP server, the simulator).
  recorded_by  text NOT NULL
);
CREATE INDEX call_events_call ON call_events (call_id);

-- The call record: the pure fold of its events (src/calls/domain/call-state.ts), kept in step in
-- the transaction that accepts them, with how it counts in the official figures.
CREATE TABLE calls (
  id                 text PRIMARY KEY,
  state              text NOT NULL,
  called_number      text,
  service            text CHECK (service IN ('legevakt', 'amk')),
  -- The centre the call was offered to (LV-sentral or AMK id).
  centre_id          text,
  -- The AMK area of the centre when the call was first counted (routing data of that time).
  amk_area           text,
  -- The caller's municipality and county from the routing decision as it was made.
  municipality       text,
  county             text,
  calling_number     text,
  network            text,
  routing            jsonb,
  -- The instant that places the call in a period: offered (else first queued, ringing, answered).
  started_at         timestamptz,
  routed_at          timestamptz,
  offered_at         timestamptz,
  queued_at          timestamptz,
  ringing_at         timestamptz,
  answered_at        timestamptz,
  ended_at           timestamptz,
  hastegrad          text,
  misrouted          boolean NOT NULL DEFAULT false,
  -- classifyCall: counted | in-progress | not-offered | incomplete
  counted            text NOT NULL,
  -- Counted calls: answer time (ms) of an answered call; unanswered and never rang at an operator.
  answer_ms          integer,
  abandoned_before_ringing boolean NOT NULL DEFAULT false,
  -- Counted calls: the wait from the first ringing to the answer, or to the caller hanging up
  -- (the reports' longest waits); and whether it was transferred or conferenced to AMK.
  wait_ms            integer,
  amk_handover       boolean NOT NULL DEFAULT false,
  event_count        integer NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now()
-- A call's row is rewritten by each of its events: room on the page lets PostgreSQL update it in
-- place (HOT: the indexed columns rarely change after the offer) instead of touching every index.
) WITH (fillfactor = 70);
CREATE INDEX calls_centre_started ON calls (centre_id, started_at);
CREATE INDEX calls_started ON calls (started_at);
CREATE INDEX calls_municipality_started ON calls (municipality, started_at);
-- The reports' lists: the few misrouted calls and handovers to AMK of a period.
CREATE INDEX calls_listed_started ON calls (started_at) WHERE misrouted OR amk_handover;

-- Rollup cells (src/calls/statistics/rollup-cells.ts): one per (service, dimension, group,
-- granularity, period), updated with the calls in the same transaction, so figures are read from
-- cells, never by scanning calls. Stored granularities: hour, day, month (weeks are added up from
-- days, years from months: both nest exactly in Europe/Oslo local time).
CREATE TABLE call_rollups (
  service        text NOT NULL,
  dimension      text NOT NULL,
  granularity    text NOT NULL,
  period_start   timestamptz NOT NULL,
  group_id       text NOT NULL,
  period         text NOT NULL,
  period_end     timestamptz NOT NULL,
  calls          integer NOT NULL,
  answered       integer NOT NULL,
  unanswered     integer NOT NULL,
  abandoned_before_ringing integer NOT NULL,
  whole_seconds  integer NOT NULL,
  -- Answered calls by answer time in whole seconds rounded up: {"<seconds>": count}.
  histogram      jsonb NOT NULL,
  -- Longest answer time (ms), -1 while nothing is answered.
  longest_answer_ms integer NOT NULL,
  PRIMARY KEY (service, dimension, granularity, period_start, group_id)
) WITH (fillfactor = 70);
CREATE INDEX call_rollups_group ON call_rollups (service, dimension, granularity, group_id, period_start);

-- Adds a delta to a histogram (the delta may hold negative counts): only the delta's buckets are
-- read and rewritten (a busy cell holds hundreds of buckets, a batch's delta a few). A bucket that
-- drops to 0 stays as 0; readers skip it.
CREATE FUNCTION calls_histogram_add(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT a || COALESCE((SELECT jsonb_object_agg(key, COALESCE((a->>key)::int, 0) + value::int)
                          FROM jsonb_each_text(b)), '{}'::jsonb)
$$;
