-- The AMK picture (issue 14; NN-4, NN-5, AMK-2; docs/amk.md): the resources an AMK centre
-- coordinates (ambulance cars, boats, planes, helicopters, doctors on call, first-responder
-- groups), their status timeline, the positions their Nødnett terminals report, safety alarms with
-- their escalation state, and missions. Value lists (kind, status, urgency, source) are checked at
-- the edge and by the pure domain (src/amk/domain/); AMK areas are the routing data's AMK centre
-- ids (no foreign key: the routing data is versioned).

CREATE TABLE amk_resources (
  id                 uuid PRIMARY KEY,
  call_sign          text NOT NULL UNIQUE,
  kind               text NOT NULL,
  -- first-responder groups: fire | police | volunteer
  agency             text,
  amk_id             text NOT NULL,
  station_name       text NOT NULL,
  station_lat        double precision NOT NULL,
  station_lon        double precision NOT NULL,
  -- the Nødnett terminal's ISSI (TETRA individual short subscriber identity), unique when set
  issi               text UNIQUE,
  -- the readiness unit whose roster says who crews it (readiness_units.id), when one exists
  roster_unit_id     text,
  status             text NOT NULL DEFAULT 'available',
  status_changed_at  timestamptz NOT NULL,
  mission_id         uuid,
  revision           integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX amk_resources_amk ON amk_resources (amk_id, status);

-- Every status change of a resource, in order (the timeline).
CREATE TABLE amk_resource_status_changes (
  id           bigserial PRIMARY KEY,
  resource_id  uuid NOT NULL REFERENCES amk_resources (id) ON DELETE CASCADE,
  from_status  text,
  to_status    text NOT NULL,
  mission_id   uuid,
  at           timestamptz NOT NULL,
  actor_name   text NOT NULL
);
CREATE INDEX amk_resource_status_changes_resource ON amk_resource_status_changes (resource_id, id);

-- Every position report kept once per terminal and observation instant (idempotent); reports
-- arriving out of order are kept, the latest observation wins in amk_latest_positions.
CREATE TABLE amk_positions (
  issi          text NOT NULL,
  observed_at   timestamptz NOT NULL,
  lat           double precision NOT NULL,
  lon           double precision NOT NULL,
  error_metres  double precision,
  speed_kmh     double precision,
  heading_deg   double precision,
  source        text NOT NULL,
  received_at   timestamptz NOT NULL,
  PRIMARY KEY (issi, observed_at)
);
CREATE INDEX amk_positions_observed ON amk_positions (observed_at);

CREATE TABLE amk_latest_positions (
  issi          text PRIMARY KEY,
  observed_at   timestamptz NOT NULL,
  lat           double precision NOT NULL,
  lon           double precision NOT NULL,
  error_metres  double precision,
  speed_kmh     double precision,
  heading_deg   double precision,
  source        text NOT NULL
);

-- Safety alarms (NN-4). The escalation state lives here, not in timers: `level` is how far it has
-- gone (0 the responsible AMK, 1 every operator of that AMK, 2 the neighbouring AMKs) and
-- `escalate_at` when it goes further unless acknowledged (null: acknowledged or at the last level).
CREATE TABLE amk_safety_alarms (
  id               uuid PRIMARY KEY,
  issi             text NOT NULL,
  observed_at      timestamptz NOT NULL,
  source           text NOT NULL,
  resource_id      uuid,
  -- the AMK responsible (the unit's, else the one whose area the position is in); null: the
  -- operations centre (nationally)
  amk_id           text,
  lat              double precision,
  lon              double precision,
  level            integer NOT NULL DEFAULT 0,
  escalate_at      timestamptz,
  raised_at        timestamptz NOT NULL,
  acknowledged_at  timestamptz,
  acknowledged_by  text,
  UNIQUE (issi, observed_at)
);
CREATE INDEX amk_safety_alarms_due ON amk_safety_alarms (escalate_at) WHERE escalate_at IS NOT NULL;

-- Every step of an alarm: raised, escalated (with the level and the AMKs told), acknowledged.
CREATE TABLE amk_safety_alarm_steps (
  id        bigserial PRIMARY KEY,
  alarm_id  uuid NOT NULL REFERENCES amk_safety_alarms (id) ON DELETE CASCADE,
  kind      text NOT NULL,
  level     integer NOT NULL,
  amk_ids   jsonb NOT NULL,
  at        timestamptz NOT NULL,
  actor_name text NOT NULL
);
CREATE INDEX amk_safety_alarm_steps_alarm ON amk_safety_alarm_steps (alarm_id, id);

-- Missions (AMK-2), optionally from a 113 call (the call's id; no foreign key: calls are pruned).
CREATE TABLE amk_missions (
  id            uuid PRIMARY KEY,
  call_id       text,
  urgency       text NOT NULL,
  lat           double precision NOT NULL,
  lon           double precision NOT NULL,
  municipality  text NOT NULL,
  amk_id        text NOT NULL,
  state         text NOT NULL DEFAULT 'open',
  created_at    timestamptz NOT NULL,
  closed_at     timestamptz,
  revision      integer NOT NULL DEFAULT 1
);
CREATE INDEX amk_missions_amk ON amk_missions (amk_id, state);

-- The units a mission has had, with their own AMK (a mission may borrow a neighbour's unit: both
-- AMKs follow it).
CREATE TABLE amk_mission_units (
  mission_id     uuid NOT NULL REFERENCES amk_missions (id) ON DELETE CASCADE,
  resource_id    uuid NOT NULL REFERENCES amk_resources (id),
  amk_id         text NOT NULL,
  dispatched_at  timestamptz NOT NULL,
  PRIMARY KEY (mission_id, resource_id)
);
CREATE INDEX amk_mission_units_amk ON amk_mission_units (amk_id);

-- The mission's timeline: created, dispatched, unit status, handover, closed.
CREATE TABLE amk_mission_timeline (
  id           bigserial PRIMARY KEY,
  mission_id   uuid NOT NULL REFERENCES amk_missions (id) ON DELETE CASCADE,
  kind         text NOT NULL,
  resource_id  uuid,
  status       text,
  hospital     text,
  at           timestamptz NOT NULL,
  actor_name   text NOT NULL
);
CREATE INDEX amk_mission_timeline_mission ON amk_mission_timeline (mission_id, id);

-- Triple alert (AMK-3): one action alerts the police and fire operations centres and the affected
-- AMKs (and, when chosen, the rescue coordination centre); each recipient's acknowledgement with
-- its time. Recipients: 'police', 'fire', 'rescue-coordination', 'amk:<AMK centre id>'.
CREATE TABLE amk_triple_alerts (
  id            uuid PRIMARY KEY,
  mission_id    uuid REFERENCES amk_missions (id),
  amk_id        text NOT NULL,
  lat           double precision NOT NULL,
  lon           double precision NOT NULL,
  municipality  text NOT NULL,
  raised_at     timestamptz NOT NULL,
  raised_by     text NOT NULL
);
CREATE INDEX amk_triple_alerts_amk ON amk_triple_alerts (amk_id, raised_at);

CREATE TABLE amk_triple_alert_recipients (
  alert_id         uuid NOT NULL REFERENCES amk_triple_alerts (id) ON DELETE CASCADE,
  recipient        text NOT NULL,
  amk_id           text,
  acknowledged_at  timestamptz,
  acknowledged_by  text,
  PRIMARY KEY (alert_id, recipient)
);
CREATE INDEX amk_triple_alert_recipients_amk ON amk_triple_alert_recipients (amk_id) WHERE amk_id IS NOT NULL;

-- First responders (NN-6): the groups alerted to a mission, their answer and their arrival.
CREATE TABLE amk_first_responder_alerts (
  id           uuid PRIMARY KEY,
  mission_id   uuid NOT NULL REFERENCES amk_missions (id) ON DELETE CASCADE,
  resource_id  uuid NOT NULL REFERENCES amk_resources (id),
  amk_id       text NOT NULL,
  alerted_at   timestamptz NOT NULL,
  answer       text,
  answered_at  timestamptz,
  answered_by  text,
  arrived_at   timestamptz,
  UNIQUE (mission_id, resource_id)
);
