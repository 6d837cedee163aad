-- Sign-in throttling and an append-only audit trail (issue 8, "Sign-in" and "The audit trail").

-- Failed sign-ins per key: `account:<username>` and `source:<address>`. Shared through the
-- database so every instance sees the same counts; a successful sign-in clears its account key.
CREATE TABLE auth_throttle (
  key           text PRIMARY KEY,
  failures      integer NOT NULL DEFAULT 0,
  last_failure  timestamptz NOT NULL,
  -- no sign-in for this key before this time (exponential back-off after the free attempts)
  locked_until  timestamptz
);

-- The audit trail is append-only, for every role that can reach the table (the application's
-- own included): rows can be added, never changed, removed or truncated.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
