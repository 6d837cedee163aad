-- Operational routing state (RT-7, RT-11) and fallback-menu sessions (RT-5).

-- Bumped in the same transaction as every change to re-routes or centre availability, so other
-- instances notice the change with one cheap query.
CREATE TABLE routing_state (
  id        int PRIMARY KEY CHECK (id = 1),
  revision  bigint NOT NULL
);
INSERT INTO routing_state (id, revision) VALUES (1, 0);

CREATE TABLE reroutes (
  id              uuid PRIMARY KEY,
  from_centre_id  text NOT NULL,
  to_centre_id    text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('planned', 'urgent')),
  reason          text NOT NULL,
  starts_at       timestamptz NOT NULL,
  ends_at         timestamptz,
  requested_by    text NOT NULL,
  requested_role  text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  ended_at        timestamptz,
  ended_by        text,
  CHECK (ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX reroutes_open ON reroutes (from_centre_id) WHERE ended_at IS NULL;

CREATE TABLE centre_availability (
  centre_id    text PRIMARY KEY,
  unavailable  boolean NOT NULL,
  reason       text NOT NULL,
  changed_at   timestamptz NOT NULL DEFAULT now(),
  changed_by   text NOT NULL
);

CREATE TABLE menu_sessions (
  id              uuid PRIMARY KEY,
  call_id         text,
  calling_number  text,
  state           jsonb NOT NULL,
  ended           boolean NOT NULL DEFAULT false,
  decision        jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL
);
