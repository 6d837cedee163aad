/** Organisation register (ON-1): units, their leaders and their equipment. */
import { randomUUID } from 'node:crypto';
import { str, type Row } from '../rows.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { changedFields, recordAudit } from '../../platform/audit.ts';
import type { PendingEvent } from '../../platform/events/define-event.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import { unitChanged } from '../events.ts';
import { offsetOf, offsetPage, type Page, type PageQuery } from '../../platform/http/paging.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, conflict, notFound, unprocessable } from '../../platform/errors.ts';
import { canSee, scopeFilter, type Scope } from '../access.ts';
import type { CreateUnitBody, Equipment, EquipmentBody, Milestones, Unit, UnitKind } from '../schema.ts';
import type { MergePatch } from '../../platform/http/patch-schema.ts';
import { slug } from './generate-seed-migration.ts';
import { PARENT_KINDS } from '../vocabulary.ts';

/** Units that take part in onboarding: they sign agreements, hold equipment and staff. */
export const ONBOARDING_KINDS: readonly UnitKind[] = [
  'lv-sentral',
  'amk-centre',
  'emergency-department',
  'legevakt',
  'ambulance-station',
];
/** Units with a control room (kommunikasjonssentral): they need the communication-centre agreement. */
export const CONTROL_ROOM_KINDS: readonly UnitKind[] = ['lv-sentral', 'amk-centre', 'emergency-department'];

export const UNIT_SELECT = `SELECT u.id, u.kind, u.name, u.parent_id, u.kommunenummer, u.centre_id,
  u.control_room_system, u.org_number, u.local_project_start, u.planned_go_live, u.installed_at,
  u.tested_at, u.test_report_approved_at, u.go_live_at, u.notes,
  COALESCE((SELECT json_agg(m.kommunenummer ORDER BY m.kommunenummer) FROM readiness_unit_municipalities m
             WHERE m.unit_id = u.id), '[]'::json) AS municipalities
  FROM readiness_units u`;

const s = str;

export function toUnit(r: Row): Unit {
  return {
    id: String(r.id),
    kind: r.kind as UnitKind,
    name: String(r.name),
    parentId: s(r.parent_id),
    kommunenummer: s(r.kommunenummer),
    centreId: s(r.centre_id),
    controlRoomSystem: s(r.control_room_system),
    orgNumber: s(r.org_number),
    municipalities: (r.municipalities as string[] | null) ?? [],
    milestones: {
      localProjectStart: s(r.local_project_start),
      plannedGoLive: s(r.planned_go_live),
      installedAt: s(r.installed_at),
      testedAt: s(r.tested_at),
      testReportApprovedAt: s(r.test_report_approved_at),
      goLiveAt: s(r.go_live_at),
    },
    notes: s(r.notes),
  };
}

export async function getUnit(q: Queryable, id: string): Promise<Unit> {
  const { rows } = await q.query(`${UNIT_SELECT} WHERE u.id = $1`, [id]);
  if (!rows[0]) throw notFound(`The unit ${id}`);
  return toUnit(rows[0]);
}

export async function listUnits(
  q: Queryable,
  scope: Scope,
  f: { kind?: string; parentId?: string; kommunenummer?: string; q?: string } & PageQuery,
): Promise<Page<Unit>> {
  const params: unknown[] = [];
  let where = 'WHERE true';
  if (f.kind) where += ` AND u.kind = $${params.push(f.kind)}`;
  if (f.parentId) where += ` AND u.parent_id = $${params.push(f.parentId)}`;
  if (f.kommunenummer)
    where += ` AND (u.kommunenummer = $${params.push(f.kommunenummer)} OR EXISTS (SELECT 1 FROM readiness_unit_municipalities m WHERE m.unit_id = u.id AND m.kommunenummer = $${params.length}))`;
  if (f.q) where += ` AND (u.name ILIKE $${params.push(`%${f.q}%`)} OR u.id ILIKE $${params.length})`;
  where += scopeFilter(scope, 'u.id', params);
  const count = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM readiness_units u ${where}`,
    params,
  );
  // u.id last: a stable order, so pages neither repeat nor skip units with the same name.
  const { rows } = await q.query(
    `${UNIT_SELECT} ${where} ORDER BY u.kind, u.name, u.id LIMIT ${f.limit} OFFSET ${offsetOf(f)}`,
    params,
  );
  return offsetPage(rows.map(toUnit), Number(count.rows[0]?.n ?? 0), f);
}

const missingParent = (id: string) => unprocessable(`The parent unit ${id} does not exist`);

async function checkParent(q: Queryable, kind: UnitKind, parentId: string | null | undefined): Promise<void> {
  const allowed = PARENT_KINDS[kind];
  if (!parentId) {
    if (!allowed.includes(null))
      throw unprocessable(`A ${kind} belongs to a parent unit (${allowed.join(', ')})`);
    return;
  }
  const { rows } = await q.query<{ kind: UnitKind }>('SELECT kind FROM readiness_units WHERE id = $1', [
    parentId,
  ]);
  if (!rows[0]) throw missingParent(parentId);
  if (!allowed.includes(rows[0].kind))
    throw unprocessable(
      `A ${kind} cannot belong to a ${rows[0].kind}; allowed parents: ${allowed.filter(Boolean).join(', ')}`,
    );
}

async function setMunicipalities(q: Queryable, unitId: string, list: string[]): Promise<void> {
  await q.query('DELETE FROM readiness_unit_municipalities WHERE unit_id = $1', [unitId]);
  const known = await q.query<{ k: string }>(
    `SELECT kommunenummer AS k FROM readiness_units WHERE kind = 'municipality' AND kommunenummer = ANY($1::text[])`,
    [list],
  );
  const found = new Set(known.rows.map((r) => r.k));
  const unknown = list.filter((k) => !found.has(k));
  if (unknown.length) throw unprocessable(`Unknown kommunenummer: ${unknown.join(', ')}`);
  for (const k of new Set(list)) {
    await q.query('INSERT INTO readiness_unit_municipalities (unit_id, kommunenummer) VALUES ($1, $2)', [
      unitId,
      k,
    ]);
  }
}

export async function createUnit(q: Queryable, actor: Actor, scope: Scope, b: CreateUnitBody): Promise<Unit> {
  if (!scope.all && !b.parentId) {
    throw new AppError('forbidden', 'You may only add units below your own organisation');
  }
  // A parent outside the caller's organisation gets the answer of a missing one (no existence leak).
  if (!scope.all && !canSee(scope, b.parentId)) throw missingParent(b.parentId!);
  await checkParent(q, b.kind, b.parentId);
  if (b.kind === 'municipality' && !b.kommunenummer)
    throw unprocessable('A municipality needs its kommunenummer');
  const id = b.id ?? `${b.kind}-${slug(b.name)}`.slice(0, 100);
  const exists = await q.query('SELECT 1 FROM readiness_units WHERE id = $1', [id]);
  if (exists.rows.length) throw conflict(`A unit with id ${id} already exists`);
  if (b.kommunenummer) {
    const k = await q.query('SELECT id FROM readiness_units WHERE kommunenummer = $1', [b.kommunenummer]);
    if (k.rows.length) throw conflict(`The municipality ${b.kommunenummer} is already registered`);
  }
  await q.query(
    `INSERT INTO readiness_units (id, kind, name, parent_id, kommunenummer, centre_id, control_room_system, org_number, notes)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [
      id,
      b.kind,
      b.name,
      b.parentId ?? null,
      b.kommunenummer ?? null,
      b.centreId ?? null,
      b.controlRoomSystem ?? null,
      b.orgNumber ?? null,
      b.notes ?? null,
    ],
  );
  if (b.municipalities?.length) await setMunicipalities(q, id, b.municipalities);
  await recordChange(q, actor, {
    audit: {
      action: 'readiness.unit.create',
      entityType: 'readiness-unit',
      entityId: id,
      details: { ...b, id },
    },
    event: unitChanged.of({ unitId: id, change: 'created' }),
  });
  return getUnit(q, id);
}

export async function updateUnit(
  q: Queryable,
  actor: Actor,
  id: string,
  b: MergePatch<Omit<CreateUnitBody, 'id' | 'kind'>>,
): Promise<Unit> {
  const before = await getUnit(q, id);
  if (b.parentId !== undefined) await checkParent(q, before.kind, b.parentId);
  const cols: Record<string, unknown> = {
    name: b.name,
    parent_id: b.parentId,
    kommunenummer: b.kommunenummer,
    centre_id: b.centreId,
    control_room_system: b.controlRoomSystem,
    org_number: b.orgNumber,
    notes: b.notes,
  };
  await updateColumns(q, 'readiness_units', id, cols);
  if (b.municipalities) await setMunicipalities(q, id, b.municipalities);
  const after = await getUnit(q, id);
  await auditChanges(
    q,
    actor,
    'readiness.unit.update',
    'readiness-unit',
    id,
    before,
    after,
    {},
    unitChanged.of({ unitId: id, change: 'updated' }),
  );
  return after;
}

/**
 * The audit row of an update: only the fields whose value changed, each with its value before and
 * after. No row when nothing changed (a PATCH that sends the current values).
 */
export async function auditChanges<T extends object>(
  q: Queryable,
  actor: Actor,
  action: string,
  entityType: string,
  entityId: string,
  before: T,
  after: T,
  extra: Record<string, unknown> = {},
  /** The change's domain event, written with the audit row (none when nothing changed). */
  event?: PendingEvent,
): Promise<void> {
  const changes = changedFields(before, after);
  if (Object.keys(changes).length === 0) return;
  const audit = { action, entityType, entityId, details: { ...extra, changes } };
  if (event) await recordChange(q, actor, { audit, event });
  else await recordAudit(q, actor, audit);
}

/** `UPDATE table SET …` of the defined (not undefined) columns; `null` clears a column. */
export async function updateColumns(
  q: Queryable,
  table: string,
  id: string,
  cols: Record<string, unknown>,
): Promise<void> {
  const entries = Object.entries(cols).filter(([, v]) => v !== undefined);
  if (!entries.length) return;
  const params: unknown[] = [id];
  const sets = entries.map(([c, v]) => `${c} = $${params.push(v)}`);
  if (table !== 'readiness_equipment' && table !== 'readiness_completions') sets.push('updated_at = now()');
  await q.query(`UPDATE ${table} SET ${sets.join(', ')} WHERE id = $1`, params);
}

export async function setMilestones(q: Queryable, actor: Actor, id: string, m: Milestones): Promise<Unit> {
  const unit = await getUnit(q, id);
  const merged = { ...unit.milestones, ...m };
  const order: [keyof Milestones, keyof Milestones][] = [
    ['installedAt', 'testedAt'],
    ['testedAt', 'testReportApprovedAt'],
    ['localProjectStart', 'installedAt'],
  ];
  for (const [a, b] of order) {
    const va = merged[a];
    const vb = merged[b];
    if (va && vb && vb < va) throw unprocessable(`${b} (${vb}) cannot be before ${a} (${va})`);
  }
  if (merged.testReportApprovedAt && (!merged.installedAt || !merged.testedAt))
    throw unprocessable('The test report can be approved only after installation and test are recorded');
  await updateColumns(q, 'readiness_units', id, {
    local_project_start: m.localProjectStart,
    planned_go_live: m.plannedGoLive,
    installed_at: m.installedAt,
    tested_at: m.testedAt,
    test_report_approved_at: m.testReportApprovedAt,
    go_live_at: m.goLiveAt,
  });
  const after = await getUnit(q, id);
  await auditChanges(
    q,
    actor,
    'readiness.milestones.set',
    'readiness-unit',
    id,
    unit.milestones,
    after.milestones,
    {},
    unitChanged.of({ unitId: id, change: 'milestones-set' }),
  );
  return after;
}

// ------------------------------------------------------------------------- leaders

export async function listLeaders(q: Queryable, unitId: string) {
  const { rows } = await q.query<Row>(
    'SELECT * FROM readiness_leaders WHERE unit_id = $1 ORDER BY role, name',
    [unitId],
  );
  return rows.map((r) => ({
    id: String(r.id),
    unitId: String(r.unit_id),
    role: r.role as 'area-leader' | 'local-project-leader',
    name: String(r.name),
    email: s(r.email),
    phone: s(r.phone),
    fromDate: s(r.from_date),
    toDate: s(r.to_date),
  }));
}

export async function addLeader(
  q: Queryable,
  actor: Actor,
  unitId: string,
  b: {
    role: 'area-leader' | 'local-project-leader';
    name: string;
    email?: string | null;
    phone?: string | null;
    fromDate?: string | null;
    toDate?: string | null;
  },
) {
  const unit = await getUnit(q, unitId);
  // ON-1: the area leader leads an AMK area; local project leaders serve a trust or an LV-sentral.
  if (b.role === 'area-leader' && unit.kind !== 'amk-area')
    throw unprocessable('An area leader (områdeleder) leads an AMK area');
  if (
    b.role === 'local-project-leader' &&
    !['health-trust', 'lv-sentral', 'municipality'].includes(unit.kind)
  )
    throw unprocessable('A local project leader serves a health trust, an LV-sentral or a municipality');
  const id = randomUUID();
  await q.query(
    `INSERT INTO readiness_leaders (id, unit_id, role, name, email, phone, from_date, to_date) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [id, unitId, b.role, b.name, b.email ?? null, b.phone ?? null, b.fromDate ?? null, b.toDate ?? null],
  );
  await recordChange(q, actor, {
    audit: {
      action: 'readiness.leader.add',
      entityType: 'readiness-unit',
      entityId: unitId,
      details: { id, ...b },
    },
    event: unitChanged.of({ unitId, change: 'leader-added' }),
  });
  return (await listLeaders(q, unitId)).find((l) => l.id === id)!;
}

// ------------------------------------------------------------------------- equipment

export function toEquipment(r: Row): Equipment {
  return {
    id: String(r.id),
    unitId: String(r.unit_id),
    kind: r.kind as Equipment['kind'],
    form: (r.form as Equipment['form']) ?? null,
    label: String(r.label),
    model: s(r.model),
    terminalType: s(r.terminal_type),
    controlRoomSystem: s(r.control_room_system),
    issi: s(r.issi),
    serialNumber: s(r.serial_number),
    status: r.status as Equipment['status'],
  };
}

export async function listEquipment(q: Queryable, unitId: string): Promise<Equipment[]> {
  const { rows } = await q.query<Row>(
    'SELECT * FROM readiness_equipment WHERE unit_id = $1 ORDER BY kind, label',
    [unitId],
  );
  return rows.map(toEquipment);
}

export async function getEquipment(q: Queryable, id: string): Promise<Equipment> {
  const { rows } = await q.query<Row>('SELECT * FROM readiness_equipment WHERE id = $1', [id]);
  if (!rows[0]) throw notFound(`The equipment ${id}`);
  return toEquipment(rows[0]);
}

/** Adds equipment without auditing (the caller audits once); returns its id. */
export async function insertEquipment(q: Queryable, unit: Unit, b: EquipmentBody): Promise<string> {
  if (!ONBOARDING_KINDS.includes(unit.kind))
    throw unprocessable(
      `Equipment belongs to an LV-sentral, AMK centre, emergency department, legevakt or ambulance station, not a ${unit.kind}`,
    );
  if (b.kind === 'operator-position' && !CONTROL_ROOM_KINDS.includes(unit.kind))
    throw unprocessable(`A ${unit.kind} has no control room for an operator position`);
  if (b.issi) {
    const dup = await q.query('SELECT 1 FROM readiness_equipment WHERE issi = $1', [b.issi]);
    if (dup.rows.length) throw conflict(`The ISSI ${b.issi} is already registered`);
  }
  const id = randomUUID();
  const isTerminal = b.kind === 'radio-terminal';
  if (isTerminal && !(b.terminalType ?? b.model))
    throw unprocessable('A radio terminal needs its model or terminal type (TR-1 training is per type)');
  if (!isTerminal && !(b.controlRoomSystem ?? unit.controlRoomSystem))
    throw unprocessable(
      'An operator position needs its control-room system (set it on the position or the unit)',
    );
  await q.query(
    `INSERT INTO readiness_equipment (id, unit_id, kind, form, label, model, terminal_type, control_room_system, issi, serial_number, status)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
    [
      id,
      unit.id,
      b.kind,
      isTerminal ? b.form : null,
      b.label,
      b.model ?? null,
      isTerminal ? (b.terminalType ?? b.model ?? null) : null,
      isTerminal ? null : (b.controlRoomSystem ?? unit.controlRoomSystem ?? null),
      b.issi ?? null,
      b.serialNumber ?? null,
      b.status,
    ],
  );
  return id;
}

export async function addEquipment(
  q: Queryable,
  actor: Actor,
  unitId: string,
  b: EquipmentBody,
): Promise<Equipment> {
  const unit = await getUnit(q, unitId);
  const id = await insertEquipment(q, unit, b);
  await recordChange(q, actor, {
    audit: {
      action: 'readiness.equipment.add',
      entityType: 'readiness-equipment',
      entityId: id,
      details: { unitId, ...b },
    },
    event: unitChanged.of({ unitId, change: 'equipment-added' }),
  });
  return getEquipment(q, id);
}

export async function updateEquipment(
  q: Queryable,
  actor: Actor,
  id: string,
  b: MergePatch<Omit<EquipmentBody, 'kind'>>,
): Promise<Equipment> {
  const before = await getEquipment(q, id);
  const merged = { ...before, ...definedOnly(b) };
  // The create rule, on the merged record: a radio terminal keeps a form.
  if (merged.kind === 'radio-terminal' && !merged.form)
    throw unprocessable('a radio terminal needs its form: handheld, vehicle or desk', {
      errors: [{ path: 'body.form', code: 'required', message: 'a radio terminal needs its form' }],
    });
  if (b.issi && b.issi !== before.issi) {
    const dup = await q.query('SELECT 1 FROM readiness_equipment WHERE issi = $1 AND id <> $2', [b.issi, id]);
    if (dup.rows.length) throw conflict(`The ISSI ${b.issi} is already registered`);
  }
  await updateColumns(q, 'readiness_equipment', id, {
    label: b.label,
    model: b.model,
    terminal_type: b.terminalType,
    control_room_system: b.controlRoomSystem,
    issi: b.issi,
    serial_number: b.serialNumber,
    status: b.status,
    form: b.form,
  });
  const after = await getEquipment(q, id);
  await auditChanges(q, actor, 'readiness.equipment.update', 'readiness-equipment', id, before, after, {
    unitId: before.unitId,
  });
  return after;
}

/** The fields of a patch that were sent (undefined = absent = unchanged; null = cleared). */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
