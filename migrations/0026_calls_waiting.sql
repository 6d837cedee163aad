-- The control room's queue (issue 11): a centre's calls still waiting for an operator, read on
-- every push. A partial index holds only those few rows, whatever the size of three years of calls.
CREATE INDEX calls_waiting ON calls (centre_id, started_at) WHERE state IN ('offered', 'queued', 'ringing');
