-- Readiness and competence registers (ON-1 … ON-3, TR-1 … TR-7, CMP-6).
-- Calendar dates are stored as text 'YYYY-MM-DD' (validated at the edge): node-postgres turns a
-- `date` column into a local-midnight Date, PGlite does not, and both compare ISO text correctly.

-- ON-1: AMK areas, health trusts, municipalities, LV-sentraler, AMK centres, emergency departments,
-- municipal legevakter and ambulance stations, in one tree (parent_id = the owning unit).
CREATE TABLE readiness_units (
  id                      text PRIMARY KEY,
  kind                    text NOT NULL,
  name                    text NOT NULL,
  parent_id               text REFERENCES readiness_units(id),
  -- municipality: its kommunenummer (routing data key)
  kommunenummer           text UNIQUE,
  -- lv-sentral: routing Centre.id; amk-area / amk-centre: AmkCentre.id
  centre_id               text,
  control_room_system     text,
  org_number              text,
  -- ON-2 / ON-3 milestones
  local_project_start     text,
  planned_go_live         text,
  installed_at            text,
  tested_at               text,
  test_report_approved_at text,
  go_live_at              text,
  notes                   text,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX readiness_units_parent ON readiness_units (parent_id);
CREATE INDEX readiness_units_centre ON readiness_units (centre_id);

-- Municipalities a unit covers: an LV-sentral's legevakt district, a health trust's catchment.
CREATE TABLE readiness_unit_municipalities (
  unit_id       text NOT NULL REFERENCES readiness_units(id),
  kommunenummer text NOT NULL,
  PRIMARY KEY (unit_id, kommunenummer)
);
CREATE INDEX readiness_unit_municipalities_k ON readiness_unit_municipalities (kommunenummer);

-- ON-1: area leaders (Helsedirektoratet) and local project leaders.
CREATE TABLE readiness_leaders (
  id        uuid PRIMARY KEY,
  unit_id   text NOT NULL REFERENCES readiness_units(id),
  role      text NOT NULL,            -- area-leader | local-project-leader
  name      text NOT NULL,
  email     text,
  phone     text,
  from_date text,
  to_date   text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX readiness_leaders_unit ON readiness_leaders (unit_id);

-- ON-1/ON-2: operator positions and radio terminals (handheld, vehicle, desk).
CREATE TABLE readiness_equipment (
  id                  uuid PRIMARY KEY,
  unit_id             text NOT NULL REFERENCES readiness_units(id),
  kind                text NOT NULL,    -- operator-position | radio-terminal
  form                text,             -- handheld | vehicle | desk (radio terminals)
  label               text NOT NULL,
  model               text,
  terminal_type       text,             -- the type a TR-1 radio-terminal course covers
  control_room_system text,             -- operator positions
  issi                text,
  serial_number       text,
  status              text NOT NULL DEFAULT 'active',  -- active | retired
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX readiness_equipment_unit ON readiness_equipment (unit_id);
CREATE UNIQUE INDEX readiness_equipment_issi ON readiness_equipment (issi) WHERE issi IS NOT NULL;

-- ON-2: the five agreements.
CREATE TABLE readiness_agreements (
  id            uuid PRIMARY KEY,
  unit_id       text NOT NULL REFERENCES readiness_units(id),
  type          text NOT NULL,   -- communication-centre | customer | service-level | cooperation | data-processing
  equipment_id  uuid REFERENCES readiness_equipment(id),  -- customer agreements
  counterparty  text NOT NULL,
  status        text NOT NULL,   -- draft | sent | signed | terminated
  drafted_at    text,
  sent_at       text,
  signed_at     text,
  terminated_at text,
  reference     text,
  notes         text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX readiness_agreements_unit ON readiness_agreements (unit_id);

-- TR: people (health personnel and Nødnett users).
CREATE TABLE readiness_people (
  id               uuid PRIMARY KEY,
  name             text NOT NULL,
  hpr_number       text UNIQUE,
  employee_number  text,
  employer_unit_id text NOT NULL REFERENCES readiness_units(id),
  email            text,
  active           boolean NOT NULL DEFAULT true,
  -- CMP facts (authorisations, specialities, courses, exemptions …): the competence rules' PersonFacts
  competence       jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX readiness_people_unit ON readiness_people (employer_unit_id);

CREATE TABLE readiness_courses (
  id                  uuid PRIMARY KEY,
  code                text NOT NULL UNIQUE,
  name                text NOT NULL,
  kind                text NOT NULL,   -- e-learning | control-room | radio-terminal | instructor
  control_room_system text,
  terminal_type       text,
  instructor_scope    text,            -- instructor courses: control-room | radio-terminal
  validity_months     int,             -- TR-5: periodic re-certification; null = no expiry
  created_at          timestamptz NOT NULL DEFAULT now()
);

-- TR-6: versions of the course material.
CREATE TABLE readiness_course_versions (
  id          uuid PRIMARY KEY,
  course_id   uuid NOT NULL REFERENCES readiness_courses(id),
  version     text NOT NULL,
  released_at text NOT NULL,
  reason      text NOT NULL,    -- initial | software | terminal | regulation | other
  notes       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (course_id, version)
);

CREATE SEQUENCE readiness_certificate_seq;

CREATE TABLE readiness_completions (
  id                   uuid PRIMARY KEY,
  certificate_number   text NOT NULL UNIQUE,
  person_id            uuid NOT NULL REFERENCES readiness_people(id),
  course_id            uuid NOT NULL REFERENCES readiness_courses(id),
  course_version_id    uuid REFERENCES readiness_course_versions(id),
  completed_at         text NOT NULL,
  valid_to             text,
  instructor_person_id uuid REFERENCES readiness_people(id),
  unit_id              text REFERENCES readiness_units(id),
  location             text,
  created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX readiness_completions_person ON readiness_completions (person_id);

-- TR-4: instructors and what they may teach.
CREATE TABLE readiness_instructors (
  id         uuid PRIMARY KEY,
  person_id  uuid NOT NULL REFERENCES readiness_people(id),
  level      text NOT NULL,   -- area | local
  scope      text NOT NULL,   -- control-room | radio-terminal
  from_date  text NOT NULL,
  to_date    text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_id, scope)
);

-- TR-1: who uses which equipment (operator positions, terminal types).
CREATE TABLE readiness_assignments (
  id                  uuid PRIMARY KEY,
  person_id           uuid NOT NULL REFERENCES readiness_people(id),
  kind                text NOT NULL,   -- operator-position | terminal-type
  equipment_id        uuid REFERENCES readiness_equipment(id),
  terminal_type       text,
  control_room_system text,
  from_date           text NOT NULL,
  to_date             text,
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX readiness_assignments_person ON readiness_assignments (person_id);

-- TR-7: procedures in three levels.
CREATE TABLE readiness_procedures (
  id          uuid PRIMARY KEY,
  level       int NOT NULL,
  title       text NOT NULL,
  version     text NOT NULL,
  unit_id     text REFERENCES readiness_units(id),
  anchored_in jsonb NOT NULL DEFAULT '[]'::jsonb,
  valid_from  text NOT NULL,
  url         text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Rosters (one week per unit) and their shifts.
CREATE TABLE readiness_rosters (
  id          uuid PRIMARY KEY,
  unit_id     text NOT NULL REFERENCES readiness_units(id),
  week_start  text NOT NULL,
  source      text NOT NULL,   -- csv | api
  imported_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (unit_id, week_start)
);

CREATE TABLE readiness_roster_shifts (
  id                   uuid PRIMARY KEY,
  roster_id            uuid NOT NULL REFERENCES readiness_rosters(id) ON DELETE CASCADE,
  line                 int,
  person_id            uuid NOT NULL REFERENCES readiness_people(id),
  role                 text NOT NULL,
  start_at             text NOT NULL,
  end_at               text NOT NULL,
  crew                 text,
  ambulance_kind       text,
  operator_position_id uuid REFERENCES readiness_equipment(id),
  terminal_type        text
);
CREATE INDEX readiness_roster_shifts_roster ON readiness_roster_shifts (roster_id);
