/**
 * Routing data versions in the database (migrations/0002_routing_data.sql; docs/data.md).
 *
 * An import writes a complete, immutable version in one transaction (all rows and its audit row,
 * or nothing); activation switches the single active version in another. Bulk rows go in with
 * `INSERT … SELECT … FROM unnest($n::type[], …)`: one round trip per chunk of rows, the same SQL on
 * PGlite and PostgreSQL.
 */
import { recordAudit } from '../../platform/audit.ts';
import { type Actor } from '../../platform/auth/actor.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import { dataVersionActivated } from '../events.ts';
import type { Db, Queryable } from '../../platform/db/types.ts';
import { conflict, notFound, unprocessable } from '../../platform/errors.ts';
import type { AmkCentre, Centre, NumberSeries, RoutingDataSet, SeriesKind, StaffedWindow } from '../domain/types.ts';
import { dataSetChecksum } from './checksum.ts';
import { dataSetStats } from './stats.ts';
import { validateDataSet } from './validate.ts';

export interface DataVersionInfo {
  id: number;
  createdAt: string;
  createdBy: string | null;
  source: string;
  checksum: string;
  stats: Record<string, number>;
  active: boolean;
  activatedAt: string | null;
  activatedBy: string | null;
}

/** Rows per INSERT statement: keeps parameter payloads modest on PGlite. */
const CHUNK = 25_000;

type SqlType = 'text' | 'int' | 'boolean';

interface Column<T> {
  name: string;
  type: SqlType;
  value: (row: T) => string | number | boolean | null;
  /** SQL expression over `u.<name>` when the stored value needs converting (e.g. to an array). */
  expr?: string;
}

async function bulkInsert<T>(
  q: Queryable,
  table: string,
  version: number,
  rows: readonly T[],
  columns: Column<T>[],
): Promise<void> {
  const names = columns.map((c) => c.name);
  const selects = columns.map((c) => c.expr ?? `u.${c.name}`);
  const sql =
    `INSERT INTO ${table} (version_id, ord, ${names.join(', ')}) ` +
    `SELECT $1, u.ord + $2, ${selects.join(', ')} ` +
    `FROM unnest(${columns.map((c, i) => `$${i + 3}::${c.type}[]`).join(', ')}) WITH ORDINALITY AS u(${names.join(', ')}, ord)`;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const arrays = columns.map((c) => chunk.map(c.value));
    await q.query(sql, [version, start, ...arrays]);
  }
}

/** Rows of a part-day window with its centre. */
interface WindowRow {
  centreId: string;
  window: StaffedWindow;
}

/**
 * Validates and stores a data set as a new, inactive version (or active with `activate: true`),
 * with its `data.import` audit row, in one transaction. Throws an `unprocessable` AppError with
 * `dataErrors` when the set is invalid; nothing is written then.
 */
export async function importDataSet(
  db: Db,
  data: RoutingDataSet,
  opts: { source: string; actor: Actor; activate?: boolean },
): Promise<{ version: number; checksum: string; stats: Record<string, number> }> {
  const errors = validateDataSet(data);
  if (errors.length > 0) {
    throw unprocessable(`The routing data set has ${errors.length} error(s)`, { dataErrors: errors.slice(0, 200) });
  }
  const checksum = dataSetChecksum(data);
  const stats = dataSetStats(data);
  const version = await db.transaction(async (tx) => {
    const inserted = await tx.query<{ id: number }>(
      `INSERT INTO data_versions (source, checksum, stats, created_by) VALUES ($1, $2, $3, $4) RETURNING id::int AS id`,
      [opts.source, checksum, JSON.stringify(stats), opts.actor.name],
    );
    const v = inserted.rows[0]!.id;
    await writeVersionRows(tx, v, data);
    await recordAudit(tx, opts.actor, {
      action: 'data.import',
      entityType: 'data_version',
      entityId: String(v),
      details: { source: opts.source, checksum, stats },
    });
    if (opts.activate) await switchActive(tx, v, opts.actor);
    return v;
  });
  return { version, checksum, stats };
}

async function writeVersionRows(tx: Queryable, v: number, data: RoutingDataSet): Promise<void> {
  await bulkInsert(tx, 'data_counties', v, data.counties, [
    { name: 'number', type: 'text', value: (c) => c.number },
    { name: 'name', type: 'text', value: (c) => c.name },
    { name: 'menu_region', type: 'text', value: (c) => c.menuRegion },
    { name: 'most_populous_municipality', type: 'text', value: (c) => c.mostPopulousMunicipality },
  ]);
  await bulkInsert(tx, 'data_municipalities', v, data.municipalities, [
    { name: 'number', type: 'text', value: (m) => m.number },
    { name: 'name', type: 'text', value: (m) => m.name },
    { name: 'county_number', type: 'text', value: (m) => m.countyNumber },
    { name: 'population', type: 'int', value: (m) => m.population },
  ]);
  await bulkInsert(tx, 'data_postcodes', v, data.postcodes, [
    { name: 'code', type: 'text', value: (p) => p.code },
    { name: 'place', type: 'text', value: (p) => p.place },
    { name: 'municipality', type: 'text', value: (p) => p.municipality },
  ]);
  await bulkInsert(tx, 'data_menu_regions', v, data.menuRegions, [
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'menu_order', type: 'int', value: (r) => r.order },
    // unnest cannot carry arrays of arrays: pass a space-separated list and split it in SQL.
    { name: 'county_numbers', type: 'text', value: (r) => r.countyNumbers.join(' '), expr: `string_to_array(u.county_numbers, ' ')` },
  ]);
  await bulkInsert(tx, 'data_amk_centres', v, data.amkCentres, [
    { name: 'id', type: 'text', value: (a) => a.id },
    { name: 'name', type: 'text', value: (a) => a.name },
    { name: 'health_trust', type: 'text', value: (a) => a.healthTrust },
    { name: 'internal_number', type: 'text', value: (a) => a.internalNumber },
    { name: 'fictional', type: 'boolean', value: (a) => a.fictional },
  ]);
  await bulkInsert(
    tx,
    'data_amk_municipalities',
    v,
    data.amkCentres.flatMap((a) => a.municipalities.map((m) => [a.id, m] as const)),
    [
      { name: 'amk_id', type: 'text', value: (r) => r[0] },
      { name: 'municipality', type: 'text', value: (r) => r[1] },
    ],
  );
  await bulkInsert(tx, 'data_centres', v, data.centres, [
    { name: 'id', type: 'text', value: (c) => c.id },
    { name: 'name', type: 'text', value: (c) => c.name },
    { name: 'underlying_number', type: 'text', value: (c) => c.underlyingNumber },
    { name: 'public_number', type: 'text', value: (c) => c.publicNumber },
    { name: 'internal_number', type: 'text', value: (c) => c.internalNumber },
    { name: 'alternative_site_name', type: 'text', value: (c) => c.alternativeSite.name },
    { name: 'alternative_site_number', type: 'text', value: (c) => c.alternativeSite.number },
    { name: 'amk_id', type: 'text', value: (c) => c.amkId },
    { name: 'host_municipality', type: 'text', value: (c) => c.hostMunicipality },
    { name: 'overflow', type: 'boolean', value: (c) => c.overflow },
    { name: 'fictional', type: 'boolean', value: (c) => c.fictional },
    { name: 'schedule_partner_id', type: 'text', value: (c) => c.schedule?.partnerCentreId ?? null },
  ]);
  await bulkInsert(
    tx,
    'data_centre_municipalities',
    v,
    data.centres.flatMap((c) => c.municipalities.map((m) => [c.id, m] as const)),
    [
      { name: 'centre_id', type: 'text', value: (r) => r[0] },
      { name: 'municipality', type: 'text', value: (r) => r[1] },
    ],
  );
  await bulkInsert<WindowRow>(
    tx,
    'data_centre_windows',
    v,
    data.centres.flatMap((c) => (c.schedule?.staffed ?? []).map((window) => ({ centreId: c.id, window }))),
    [
      { name: 'centre_id', type: 'text', value: (r) => r.centreId },
      { name: 'days', type: 'text', value: (r) => r.window.days.join(' '), expr: `string_to_array(u.days, ' ')::int[]` },
      { name: 'from_time', type: 'text', value: (r) => r.window.from },
      { name: 'to_time', type: 'text', value: (r) => r.window.to },
    ],
  );
  await bulkInsert(tx, 'data_number_series', v, data.numberSeries, [
    { name: 'prefix', type: 'text', value: (s) => s.prefix },
    { name: 'operator', type: 'text', value: (s) => s.operator },
    { name: 'kind', type: 'text', value: (s) => s.kind },
    { name: 'municipality', type: 'text', value: (s) => s.municipality ?? null },
    { name: 'county', type: 'text', value: (s) => s.county ?? null },
  ]);
  await bulkInsert(tx, 'data_ported_numbers', v, data.portedNumbers, [
    { name: 'number', type: 'text', value: (p) => p.number },
    { name: 'original_prefix', type: 'text', value: (p) => p.originalPrefix },
    { name: 'current_operator', type: 'text', value: (p) => p.currentOperator },
    { name: 'geo', type: 'boolean', value: (p) => p.geo },
  ]);
}

async function switchActive(tx: Queryable, version: number, actor: Actor): Promise<number | null> {
  // Serialises concurrent activations (several instances on one PostgreSQL).
  await tx.query('SELECT pg_advisory_xact_lock(7116118)');
  const found = await tx.query<{ id: number }>('SELECT id::int AS id FROM data_versions WHERE id = $1', [version]);
  if (found.rows.length === 0) throw notFound(`Data version ${version}`);
  const prev = await tx.query<{ id: number }>('SELECT id::int AS id FROM data_versions WHERE active');
  const previous = prev.rows[0]?.id ?? null;
  await tx.query('UPDATE data_versions SET active = false WHERE active AND id <> $1', [version]);
  await tx.query(
    'UPDATE data_versions SET active = true, activated_at = now(), activated_by = $2 WHERE id = $1',
    [version, actor.name],
  );
  await recordChange(tx, actor, {
    audit: { action: 'data.activate', entityType: 'data_version', entityId: String(version), details: { previous } },
    event: dataVersionActivated.of({ version, previous }),
  });
  return previous;
}

/**
 * Makes `version` the single active data version (audited as `data.activate`). Throws a
 * `not-found` AppError for an unknown version. Returns the previously active version.
 */
export async function activateDataVersion(
  db: Db,
  version: number,
  actor: Actor,
): Promise<{ previous: number | null }> {
  const previous = await db.transaction((tx) => switchActive(tx, version, actor));
  return { previous };
}

/** The active data version, or null when none has been activated yet. */
export async function getActiveDataVersion(db: Queryable): Promise<number | null> {
  const r = await db.query<{ id: number }>('SELECT id::int AS id FROM data_versions WHERE active');
  return r.rows[0]?.id ?? null;
}

interface VersionRow {
  id: number;
  created_at: Date | string;
  created_by: string | null;
  source: string;
  checksum: string;
  stats: Record<string, number> | string;
  active: boolean;
  activated_at: Date | string | null;
  activated_by: string | null;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** All data versions, newest first. */
export async function listDataVersions(db: Queryable): Promise<DataVersionInfo[]> {
  const r = await db.query<VersionRow>(
    `SELECT id::int AS id, created_at, created_by, source, checksum, stats, active, activated_at, activated_by
       FROM data_versions ORDER BY id DESC`,
  );
  return r.rows.map((row) => ({
    id: row.id,
    createdAt: iso(row.created_at)!,
    createdBy: row.created_by,
    source: row.source,
    checksum: row.checksum,
    stats: typeof row.stats === 'string' ? (JSON.parse(row.stats) as Record<string, number>) : row.stats,
    active: row.active,
    activatedAt: iso(row.activated_at),
    activatedBy: row.activated_by,
  }));
}

/**
 * Reads one table of a version as JSON tuples in imported order. One aggregated value per table
 * instead of one result row per entity: several times faster on PGlite for 100,000 rows.
 */
async function tuples<T extends unknown[]>(q: Queryable, table: string, version: number, columns: string): Promise<T[]> {
  const r = await q.query<{ j: string }>(
    `SELECT coalesce(json_agg(json_build_array(${columns}) ORDER BY ord), '[]')::text AS j FROM ${table} WHERE version_id = $1`,
    [version],
  );
  return JSON.parse(r.rows[0]!.j) as T[];
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

type CentreTuple = [string, string, string, string, string, string, string, string, string, boolean, boolean, string | null];

/** Reads a stored version back as a `RoutingDataSet` (lists in their imported order). */
export async function loadDataVersion(db: Db, version: number): Promise<RoutingDataSet> {
  return db.transaction(async (q) => {
    const exists = await q.query('SELECT 1 FROM data_versions WHERE id = $1', [version]);
    if (exists.rows.length === 0) throw notFound(`Data version ${version}`);
    const read = <T extends unknown[]>(table: string, columns: string) => tuples<T>(q, table, version, columns);
    const counties = await read<[string, string, string, string]>(
      'data_counties',
      'number, name, menu_region, most_populous_municipality',
    );
    const municipalities = await read<[string, string, string, number]>(
      'data_municipalities',
      'number, name, county_number, population',
    );
    const postcodes = await read<[string, string, string]>('data_postcodes', 'code, place, municipality');
    const regions = await read<[string, number, string[]]>('data_menu_regions', 'name, menu_order, county_numbers');
    const amks = await read<[string, string, string, string, boolean]>(
      'data_amk_centres',
      'id, name, health_trust, internal_number, fictional',
    );
    const amkMunis = groupBy(await read<[string, string]>('data_amk_municipalities', 'amk_id, municipality'), (r) => r[0]);
    const centres = await read<CentreTuple>(
      'data_centres',
      'id, name, underlying_number, public_number, internal_number, alternative_site_name, alternative_site_number, ' +
        'amk_id, host_municipality, overflow, fictional, schedule_partner_id',
    );
    const centreMunis = groupBy(
      await read<[string, string]>('data_centre_municipalities', 'centre_id, municipality'),
      (r) => r[0],
    );
    const windows = groupBy(
      await read<[string, number[], string, string]>('data_centre_windows', 'centre_id, days, from_time, to_time'),
      (r) => r[0],
    );
    const series = await read<[string, string, SeriesKind, string | null, string | null]>(
      'data_number_series',
      'prefix, operator, kind, municipality, county',
    );
    const ported = await read<[string, string, string, boolean]>(
      'data_ported_numbers',
      'number, original_prefix, current_operator, geo',
    );

    return {
      counties: counties.map(([number, name, menuRegion, mostPopulousMunicipality]) => ({
        number,
        name,
        menuRegion,
        mostPopulousMunicipality,
      })),
      municipalities: municipalities.map(([number, name, countyNumber, population]) => ({
        number,
        name,
        countyNumber,
        population,
      })),
      postcodes: postcodes.map(([code, place, municipality]) => ({ code, place, municipality })),
      menuRegions: regions.map(([name, order, countyNumbers]) => ({ name, order, countyNumbers })),
      centres: centres.map((c): Centre => {
        const [id, name, underlyingNumber, publicNumber, internalNumber, altName, altNumber] = c;
        const centre: Centre = {
          id,
          name,
          underlyingNumber,
          publicNumber,
          internalNumber,
          alternativeSite: { name: altName, number: altNumber },
          amkId: c[7],
          hostMunicipality: c[8],
          overflow: c[9],
          fictional: c[10],
          municipalities: (centreMunis.get(id) ?? []).map((r) => r[1]),
        };
        const partner = c[11];
        if (partner !== null) {
          centre.schedule = {
            partnerCentreId: partner,
            staffed: (windows.get(id) ?? []).map(([, days, from, to]) => ({ days, from, to })),
          };
        }
        return centre;
      }),
      amkCentres: amks.map(
        ([id, name, healthTrust, internalNumber, fictional]): AmkCentre => ({
          id,
          name,
          healthTrust,
          internalNumber,
          fictional,
          municipalities: (amkMunis.get(id) ?? []).map((r) => r[1]),
        }),
      ),
      numberSeries: series.map(([prefix, operator, kind, municipality, county]) => {
        const out: NumberSeries = { prefix, operator, kind };
        if (municipality !== null) out.municipality = municipality;
        if (county !== null) out.county = county;
        return out;
      }),
      portedNumbers: ported.map(([number, originalPrefix, currentOperator, geo]) => ({
        number,
        originalPrefix,
        currentOperator,
        geo,
      })),
    };
  });
}

/**
 * Deletes an inactive version and all its rows (audited as `data.delete`). The active version
 * cannot be deleted: activate another one first.
 */
export async function deleteDataVersion(db: Db, version: number, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const r = await tx.query<{ active: boolean }>('SELECT active FROM data_versions WHERE id = $1 FOR UPDATE', [version]);
    const row = r.rows[0];
    if (!row) throw notFound(`Data version ${version}`);
    if (row.active) throw conflict(`Data version ${version} is active; activate another version before deleting it`);
    // The bulk tables have no foreign key (see the migration): delete their rows explicitly.
    await tx.query('DELETE FROM data_ported_numbers WHERE version_id = $1', [version]);
    await tx.query('DELETE FROM data_number_series WHERE version_id = $1', [version]);
    await tx.query('DELETE FROM data_versions WHERE id = $1', [version]);
    await recordAudit(tx, actor, { action: 'data.delete', entityType: 'data_version', entityId: String(version) });
  });
}

/** The active version and its data, or null when none is active. */
export async function loadActiveDataSet(db: Db): Promise<{ version: number; data: RoutingDataSet } | null> {
  const version = await getActiveDataVersion(db);
  return version === null ? null : { version, data: await loadDataVersion(db, version) };
}
