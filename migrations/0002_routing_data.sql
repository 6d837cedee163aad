-- Routing data versions (RT-2, RT-5, RT-6, RT-8, RT-9, RT-10, RT-11; docs/data.md).
-- Every import creates a new, immutable version; exactly one version is active at a time.
-- Referential integrity inside a version is checked by the loader/validator before import
-- (src/routing/data/validate.ts); the database enforces keys and version ownership.
CREATE TABLE data_versions (
  id            serial PRIMARY KEY,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text,
  source        text NOT NULL,
  checksum      text NOT NULL,
  stats         jsonb NOT NULL DEFAULT '{}'::jsonb,
  active        boolean NOT NULL DEFAULT false,
  activated_at  timestamptz,
  activated_by  text
);
-- At most one active version; activateDataVersion switches it in one transaction.
CREATE UNIQUE INDEX data_versions_one_active ON data_versions (active) WHERE active;

-- Per-version entity tables. `ord` keeps each list in its imported order.
-- The two bulk tables (number series, ported numbers: 100,000+ rows per version) carry the
-- version id without a foreign key: a per-row FK check more than doubles import time on PGlite
-- (measured in docs/data.md). Their rows are only ever written in the same transaction as their
-- data_versions row (importDataSet), and deleteDataVersion removes them explicitly.
CREATE TABLE data_counties (
  version_id                 integer NOT NULL REFERENCES data_versions(id) ON DELETE CASCADE,
  ord                        integer NOT NULL,
  number                     text NOT NULL,
  name                       text NOT NULL,
  menu_region                text NOT NULL,
  most_populous_municipality text NOT NULL,
  PRIMARY KEY (version_id, number)
);

CREATE TABLE data_municipalities (
  version_id    integer NOT NULL REFERENCES data_versions(id) ON DELETE CASCADE,
  ord           integer NOT NULL,
  number        text NOT NULL,
  name          text NOT NULL,
  county_number text NOT NULL,
  population    integer NOT NULL,
  PRIMARY KEY (version_id, number)
);

CREATE TABLE data_postcodes (
  version_id   integer NOT NULL REFERENCES data_versions(id) ON DELETE CASCADE,
  ord          integer NOT NULL,
  code         text NOT NULL,
  place        text NOT NULL,
  municipality text NOT NULL,
  PRIMARY KEY (version_id, code)
);

CREATE TABLE data_menu_regions (
  version_id     integer NOT NULL REFERENCES data_versions(id) ON DELETE CASCADE,
  ord            integer NOT NULL,
  name           text NOT NULL,
  menu_order     integer NOT NULL,
  county_numbers text[] NOT NULL,
  PRIMARY KEY (version_id, name)
);

CREATE TABLE data_amk_centres (
  version_id      integer NOT NULL REFERENCES data_versions(id) ON DELETE CASCADE,
  ord             integer NOT NULL,
  id              text NOT NULL,
  name            text NOT NULL,
  health_trust    text NOT NULL,
  internal_number text NOT NULL,
  fictional       boolean NOT NULL,
  PRIMARY KEY (version_id, id)
);

CREATE TABLE data_amk_municipalities (
  version_id   integer NOT NULL REFERENCES data_versions(id) ON DELETE CASCADE,
  ord          integer NOT NULL,
  amk_id       text NOT NULL,
  municipality text NOT NULL,
  PRIMARY KEY (version_id, municipality)
);

CREATE TABLE data_centres (
  version_id              integer NOT NULL REFERENCES data_versions(id) ON DELETE CASCADE,
  ord                     integer NOT NULL,
  id                      text NOT NULL,
  name                    text NOT NULL,
  underlying_number       text NOT NULL,
  public_number           text NOT NULL,
  internal_number         text NOT NULL,
  alternative_site_name   text NOT NULL,
  alternative_site_number text NOT NULL,
  amk_id                  text NOT NULL,
  host_municipality       text NOT NULL,
  overflow                boolean NOT NULL,
  fictional               boolean NOT NULL,
  -- RT-10: set for part-day centres; their windows are in data_centre_windows.
  schedule_partner_id     text,
  PRIMARY KEY (version_id, id)
);

CREATE TABLE data_centre_municipalities (
  version_id   integer NOT NULL REFERENCES data_versions(id) ON DELETE CASCADE,
  ord          integer NOT NULL,
  centre_id    text NOT NULL,
  municipality text NOT NULL,
  PRIMARY KEY (version_id, municipality)
);

CREATE TABLE data_centre_windows (
  version_id integer NOT NULL REFERENCES data_versions(id) ON DELETE CASCADE,
  ord        integer NOT NULL,
  centre_id  text NOT NULL,
  days       integer[] NOT NULL,
  from_time  text NOT NULL,
  to_time    text NOT NULL,
  PRIMARY KEY (version_id, ord)
);

CREATE TABLE data_number_series (
  version_id   integer NOT NULL,
  ord          integer NOT NULL,
  prefix       text NOT NULL,
  operator     text NOT NULL,
  kind         text NOT NULL,
  municipality text,
  county       text,
  PRIMARY KEY (version_id, prefix)
);

CREATE TABLE data_ported_numbers (
  version_id       integer NOT NULL,
  ord              integer NOT NULL,
  number           text NOT NULL,
  original_prefix  text NOT NULL,
  current_operator text NOT NULL,
  geo              boolean NOT NULL,
  PRIMARY KEY (version_id, number)
);
