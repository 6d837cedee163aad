-- Platform: accounts, API tokens, sessions and the audit log.
CREATE TABLE users (
  id            uuid PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  display_name  text NOT NULL,
  password_hash text NOT NULL,
  -- admin | operations (HDO operations centre) | centre-leader | operator | amk-operator | readiness-admin | auditor
  role          text NOT NULL,
  -- the centre (LV-sentral or AMK id) a centre-bound role belongs to
  centre_id     text,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  -- sha256 of the token; the token itself is shown once
  token_hash  text NOT NULL UNIQUE,
  role        text NOT NULL,
  centre_id   text,
  created_by  uuid REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);

CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);

-- Append-only audit log: every change to routing, re-routes, rosters, holds and records, and every
-- read of a recording or contact record, writes one row in the same transaction as the change.
CREATE TABLE audit_events (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  actor_type   text NOT NULL,          -- user | token | system
  actor_id     text,
  actor_name   text,
  action       text NOT NULL,          -- e.g. reroute.create, data.import
  entity_type  text NOT NULL,
  entity_id    text NOT NULL,
  centre_id    text,
  details      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_entity ON audit_events (entity_type, entity_id);
CREATE INDEX audit_events_at ON audit_events (at);
