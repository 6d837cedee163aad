/**
 * Who is the doctor on call for a municipality now (NN-7), read from the stored rosters: shifts in
 * the role `doctor-on-call` (and `backup-doctor`) whose unit covers the municipality and whose
 * interval holds the instant, with the ways the register knows to reach them.
 *
 * A unit covers a municipality when it is the municipality's own unit (`kommunenummer`), lists it
 * among its municipalities (a legevakt district), or hangs directly under a unit that does; a
 * shift counts when its own unit or its roster's unit covers it. Shift times are stored with their
 * offset, so they are compared as instants here, not as text.
 *
 * What the register does NOT have (docs/nodnett.md): a person's phone number, and which radio
 * terminal (ISSI) a person carries. The way to reach a doctor is therefore the person's e-mail
 * and the active radio terminals registered at the shift's unit (the legevakt's terminals).
 */
import type { Queryable } from '../../platform/db/types.ts';
import { str, type Row } from '../rows.ts';

export const ON_CALL_ROLES = ['doctor-on-call', 'backup-doctor'] as const;

export interface DoctorOnCall {
  personId: string;
  name: string;
  hprNumber: string | null;
  email: string | null;
  role: (typeof ON_CALL_ROLES)[number];
  /** The unit the shift staffs (a legevakt) and its kind. */
  unitId: string;
  unitKind: string;
  start: string;
  end: string;
  /** Active radio terminals registered at the shift's unit or the roster's unit. */
  terminals: { issi: string; label: string; unitId: string }[];
}

/** The doctors on call for `municipality` at `atMs`, doctors on call before back-up doctors, then by name. */
export async function readDoctorsOnCall(
  q: Queryable,
  municipality: string,
  atMs: number,
): Promise<DoctorOnCall[]> {
  // Rosters are weeks (Monday start, Oslo): a shift holding `atMs` is in a roster that starts at most 8 days before.
  const from = new Date(atMs - 8 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(atMs + 86_400_000).toISOString().slice(0, 10);
  const { rows } = await q.query<Row>(
    `WITH covering AS (
       SELECT u.id FROM readiness_units u WHERE u.kommunenummer = $1
       UNION SELECT m.unit_id FROM readiness_unit_municipalities m WHERE m.kommunenummer = $1
     ), covered AS (
       SELECT id FROM covering
       UNION SELECT c.id FROM readiness_units c WHERE c.parent_id IN (SELECT id FROM covering)
     )
     SELECT s.person_id, s.role, s.shift_unit_id, s.shift_unit_kind, s.start_at, s.end_at, r.unit_id AS roster_unit_id,
            p.name, p.hpr_number, p.email
       FROM readiness_roster_shifts s
       JOIN readiness_rosters r ON r.id = s.roster_id
       JOIN readiness_people p ON p.id = s.person_id
      WHERE s.role = ANY($2::text[])
        AND r.week_start >= $3 AND r.week_start <= $4
        AND (s.shift_unit_id IN (SELECT id FROM covered) OR r.unit_id IN (SELECT id FROM covered))`,
    [municipality, [...ON_CALL_ROLES], from, to],
  );
  const now = rows.filter(
    (r) => Date.parse(String(r.start_at)) <= atMs && atMs < Date.parse(String(r.end_at)),
  );
  if (now.length === 0) return [];
  const unitIds = [...new Set(now.flatMap((r) => [String(r.shift_unit_id), String(r.roster_unit_id)]))];
  const eq = await q.query<Row>(
    `SELECT issi, label, unit_id FROM readiness_equipment
      WHERE unit_id = ANY($1::text[]) AND kind = 'radio-terminal' AND status = 'active' AND issi IS NOT NULL
      ORDER BY label, issi`,
    [unitIds],
  );
  const terminalsOf = (ids: string[]) =>
    eq.rows
      .filter((e) => ids.includes(String(e.unit_id)))
      .map((e) => ({ issi: String(e.issi), label: String(e.label), unitId: String(e.unit_id) }));
  const seen = new Set<string>();
  const out: DoctorOnCall[] = [];
  for (const r of now) {
    const key = `${String(r.person_id)}/${String(r.start_at)}/${String(r.role)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      personId: String(r.person_id),
      name: String(r.name),
      hprNumber: str(r.hpr_number),
      email: str(r.email),
      role: r.role as DoctorOnCall['role'],
      unitId: String(r.shift_unit_id),
      unitKind: String(r.shift_unit_kind),
      start: String(r.start_at),
      end: String(r.end_at),
      terminals: terminalsOf([String(r.shift_unit_id), String(r.roster_unit_id)]),
    });
  }
  return out.sort((a, b) =>
    a.role === b.role ? a.name.localeCompare(b.name, 'nb') : a.role === 'doctor-on-call' ? -1 : 1,
  );
}
