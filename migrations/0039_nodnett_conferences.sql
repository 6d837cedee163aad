-- Conferences over Nødnett (issue 14; NN-3; docs/nodnett.md): the calls an AMK set up (ambulance
-- crew, doctor on call, hospital specialist) that are still open, so that any instance — and the
-- same one after a restart — lists them and can end them. The audit trail keeps who started and
-- ended each one; this table holds what the operators' screens need while it is open.
CREATE TABLE nodnett_conferences (
  id           uuid PRIMARY KEY,
  -- The network's id of the call (the gateway's; the simulator numbers from 1 after each start).
  network_id   text NOT NULL,
  -- The AMK area (AMK centre id) the conference belongs to: who may see and end it.
  amk_id       text NOT NULL,
  -- [{ party: { kind: terminal, issi } | { kind: phone, number }, outcome }] as the network answered.
  parties      jsonb NOT NULL,
  started_at   timestamptz NOT NULL,
  started_by   text NOT NULL,
  ended_at     timestamptz,
  ended_by     text
);
-- One open conference per network id: a stale row from before a restart of the network side is
-- closed when the id is given out again.
CREATE UNIQUE INDEX nodnett_conferences_open ON nodnett_conferences (network_id) WHERE ended_at IS NULL;
CREATE INDEX nodnett_conferences_amk_open ON nodnett_conferences (amk_id) WHERE ended_at IS NULL;
