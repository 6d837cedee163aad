-- Answered calls within the official limits, kept beside each rollup cell's histogram (issue 10,
-- docs/calls.md): the hour-of-week profile of a report adds up ~26,000 hour cells over three years
-- and needs only these counts, not the histograms (reading and parsing those took seconds). The
-- ingest adds its deltas to them in the same upsert as the histogram; a bucket is the answer time in
-- whole seconds rounded up, so "within 2 minutes" is the buckets 1-120.
ALTER TABLE call_rollups
  ADD COLUMN answered_within_10s integer NOT NULL DEFAULT 0,
  ADD COLUMN answered_within_2min integer NOT NULL DEFAULT 0,
  ADD COLUMN answered_within_10min integer NOT NULL DEFAULT 0;

UPDATE call_rollups SET
  answered_within_10s = (SELECT COALESCE(sum(value::int), 0) FROM jsonb_each_text(histogram) WHERE key::int <= 10),
  answered_within_2min = (SELECT COALESCE(sum(value::int), 0) FROM jsonb_each_text(histogram) WHERE key::int <= 120),
  answered_within_10min = (SELECT COALESCE(sum(value::int), 0) FROM jsonb_each_text(histogram) WHERE key::int <= 600)
WHERE histogram <> '{}'::jsonb;
