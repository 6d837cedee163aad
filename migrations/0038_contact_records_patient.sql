-- Holds "for a patient" (issue 12, lydlogg): the calls whose contact record names the patient by
-- identity number are found by this index, not by reading every record.
CREATE INDEX contact_records_patient ON contact_records ((content->'patient'->>'nationalId'))
  WHERE content->'patient'->>'kind' = 'identified';
