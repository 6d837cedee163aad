-- Roster shifts follow the competence rules' model: a shift of a unit or vehicle (legevakt,
-- lv-sentral, amk, ambulance-car/boat/plane/helicopter) with one row per person and role.
-- Replaces the first shape of 0010 (no data was stored in it yet).
DROP TABLE readiness_roster_shifts;
CREATE TABLE readiness_roster_shifts (
  id              uuid PRIMARY KEY,
  roster_id       uuid NOT NULL REFERENCES readiness_rosters(id) ON DELETE CASCADE,
  shift_no        int NOT NULL,
  line            int,
  shift_unit_id   text NOT NULL,
  shift_unit_kind text NOT NULL,
  start_at        text NOT NULL,
  end_at          text NOT NULL,
  person_ref      text NOT NULL,
  person_id       uuid NOT NULL REFERENCES readiness_people(id),
  role            text NOT NULL
);
CREATE INDEX readiness_roster_shifts_roster ON readiness_roster_shifts (roster_id);
