-- Scoped access (issue 9 part 3): a user holds one or more roles, each at a scope — national, an
-- AMK area (named by its AMK centre id), a centre (LV-sentral or AMK id) or a readiness unit.
-- users.role / users.centre_id stay as the primary membership (shown in lists, kept in step).
CREATE TABLE memberships (
  user_id      uuid NOT NULL REFERENCES users(id),
  role         text NOT NULL,
  scope_level  text NOT NULL CHECK (scope_level IN ('national', 'area', 'centre', 'unit')),
  -- '' for national, so the primary key can hold it
  scope_id     text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, role, scope_level, scope_id),
  CHECK ((scope_level = 'national') = (scope_id = ''))
);

-- Backfill: every existing user's role and binding become their first membership.
INSERT INTO memberships (user_id, role, scope_level, scope_id)
SELECT id, role,
       CASE WHEN centre_id IS NULL THEN 'national'
            WHEN centre_id ~ '^(lv|amk)-' THEN 'centre'
            ELSE 'unit' END,
       COALESCE(centre_id, '')
  FROM users;
