-- The outbox of domain events (issue 9, decision 0004): a change, its audit row and its event are
-- written in one transaction (platform/events/record-change.ts). Readers (the event bus, SSE
-- resume) read by position; NOTIFY carries only the position.
CREATE TABLE events (
  -- Assigned at insert, so positions may COMMIT out of order on PostgreSQL: readers hold back a
  -- gap until it is filled or provably permanent (event-bus.ts).
  position    bigserial PRIMARY KEY,
  type        text NOT NULL,                     -- e.g. routing.reroute.created
  scope_kind  text NOT NULL CHECK (scope_kind IN ('national', 'amk', 'centre', 'unit')),
  scope_id    text,
  payload     jsonb NOT NULL,
  actor_type  text NOT NULL,                     -- user | token | system
  actor_id    text,
  actor_name  text,
  at          timestamptz NOT NULL DEFAULT now(),
  -- The writing transaction (diagnostics: which change an event belongs to; ties it to its audit row).
  tx_id       xid8 NOT NULL DEFAULT pg_current_xact_id()
);
-- Replay reads `position > $1 ORDER BY position` on the primary key; pruning reads by time.
CREATE INDEX events_at ON events (at);

-- The highest position removed by retention: a client resuming from before it has lost events
-- and is told to reload (SSE `reset`).
CREATE TABLE events_retention (
  id              int PRIMARY KEY CHECK (id = 1),
  pruned_through  bigint NOT NULL
);
INSERT INTO events_retention (id, pruned_through) VALUES (1, 0);
