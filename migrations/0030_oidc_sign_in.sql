-- OpenID Connect sign-in (issue 11, "Sign-in and roles"; docs/auth.md).
--
-- External identities an administrator linked to a nodmeld user: an identity at an issuer (the
-- OpenID provider, e.g. HelseID) named by its `sub`, or by the one claim the server is configured
-- to match on (e.g. `helseid://claims/identity/pid`). The user's roles and scopes stay in
-- `memberships`: a link only says who the person is, never what they may do, and no user is ever
-- created from a sign-in.
CREATE TABLE user_identities (
  id            uuid PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users(id),
  issuer        text NOT NULL,
  -- 'sub', or the name of the configured matching claim
  claim         text NOT NULL,
  value         text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text,
  last_used_at  timestamptz,
  UNIQUE (issuer, claim, value)
);
CREATE INDEX user_identities_user ON user_identities (user_id);

-- One row per sign-in started at /api/v1/auth/oidc/start, until the provider sends the browser
-- back to /callback: the PKCE verifier and the nonce never leave the server; the browser holds
-- the state in a short-lived HttpOnly cookie. Used once (consumed_at), so a replayed callback is
-- told apart from an unknown one; rows past their expiry are deleted by the next start.
CREATE TABLE oidc_sign_in_attempts (
  -- sha256 of the state the browser carries
  state_hash     text PRIMARY KEY,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  -- the web path to return to after signing in
  return_to      text NOT NULL,
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  consumed_at    timestamptz
);
CREATE INDEX oidc_sign_in_attempts_expires ON oidc_sign_in_attempts (expires_at);
