/**
 * CMP-6 (akuttmedisinforskriften §18): per municipality or health trust, the state of agreements,
 * equipment, training and competence on a chosen date — as JSON for the page, PDF and CSV.
 */
import type { Queryable } from '../../platform/db/types.ts';
import { notFound } from '../../platform/errors.ts';
import { addDays } from '../competence/dates.ts';
import { onboardingStatus } from '../onboarding/store.ts';
import { listEquipment, ONBOARDING_KINDS, toUnit, UNIT_SELECT } from '../organisations/store.ts';
import { getRoster } from '../roster/store.ts';
import type { DocumentationReport } from '../schema.ts';
import { listProcedures, staffTraining } from '../training/store.ts';

export async function documentationReport(
  q: Queryable,
  target: { kommunenummer?: string; healthTrustId?: string },
  date: string,
  now: Date = new Date(),
): Promise<DocumentationReport> {
  const rootSql = target.kommunenummer
    ? `SELECT id FROM readiness_units WHERE kind = 'municipality' AND kommunenummer = $1`
    : `SELECT id FROM readiness_units WHERE kind = 'health-trust' AND id = $1`;
  const root = await q.query<{ id: string }>(rootSql, [target.kommunenummer ?? target.healthTrustId]);
  if (!root.rows[0])
    throw notFound(
      target.kommunenummer
        ? `The municipality ${target.kommunenummer}`
        : `The health trust ${target.healthTrustId}`,
    );
  const rootId = root.rows[0].id;
  const { rows } = await q.query(
    `WITH RECURSIVE tree AS (
       SELECT id FROM readiness_units WHERE id = $1
       UNION SELECT um.unit_id FROM readiness_unit_municipalities um JOIN readiness_units u ON u.id = um.unit_id
              WHERE um.kommunenummer = $2 AND u.kind IN ('lv-sentral', 'legevakt')
       UNION SELECT u.id FROM readiness_units u JOIN tree t ON u.parent_id = t.id
     ) ${UNIT_SELECT} WHERE u.id IN (SELECT id FROM tree) ORDER BY u.kind, u.name`,
    [rootId, target.kommunenummer ?? '----'],
  );
  const all = rows.map(toUnit);
  const rootUnit = all.find((u) => u.id === rootId)!;
  const units = [];
  for (const unit of all.filter((u) => ONBOARDING_KINDS.includes(u.kind))) {
    const st = await onboardingStatus(q, unit, date);
    const equipment = (await listEquipment(q, unit.id)).filter((e) => e.status === 'active');
    const staff = await staffTraining(q, unit.id, date);
    const rosters = await q.query<{ id: string }>(
      'SELECT id FROM readiness_rosters WHERE unit_id = $1 AND week_start <= $2 AND week_start > $3',
      [unit.id, date, addDays(date, -7)],
    );
    const violations = [];
    for (const r of rosters.rows) violations.push(...(await getRoster(q, r.id)).check.violations);
    units.push({
      unit,
      ready: st.ready,
      blockers: st.blockers,
      agreements: st.requiredAgreements.map((a) => ({ type: a.type, label: a.label, status: a.status })),
      equipment: {
        operatorPositions: equipment.filter((e) => e.kind === 'operator-position').length,
        radioTerminals: equipment.filter((e) => e.kind === 'radio-terminal').length,
      },
      paymentStart: st.paymentStart,
      timelineWarnings: st.timeline.warnings,
      training: {
        people: staff.length,
        trained: staff.filter((p) => p.missing.length === 0).length,
        untrained: staff.filter((p) => p.missing.length > 0),
      },
      competence: { rosters: rosters.rows.length, violations },
    });
  }
  const ids = new Set(all.map((u) => u.id));
  const procedures = (await listProcedures(q, { all: true })).filter(
    (p) => p.validFrom <= date && (p.unitId === null || ids.has(p.unitId)),
  );
  return {
    scope: {
      kind: target.kommunenummer ? 'municipality' : 'health-trust',
      id: rootUnit.id,
      name: rootUnit.name,
    },
    date,
    generatedAt: now.toISOString(),
    units,
    procedures,
    summary: {
      units: units.length,
      ready: units.filter((u) => u.ready).length,
      agreementsSigned: units.reduce(
        (n, u) => n + u.agreements.filter((a) => a.status === 'signed').length,
        0,
      ),
      agreementsRequired: units.reduce((n, u) => n + u.agreements.length, 0),
      people: units.reduce((n, u) => n + u.training.people, 0),
      trained: units.reduce((n, u) => n + u.training.trained, 0),
      violations: units.reduce((n, u) => n + u.competence.violations.length, 0),
    },
  };
}

const cell = (v: unknown): string => {
  const t = typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v);
  return /[",;\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};

/** One row per finding: agreement, training gap, competence violation, blocker and warning. */
export function documentationCsv(r: DocumentationReport): string {
  const lines = [
    [
      'scope',
      'date',
      'unit_id',
      'unit_name',
      'unit_kind',
      'section',
      'item',
      'status',
      'paragraph',
      'people',
      'detail',
    ],
  ];
  const base = (u: DocumentationReport['units'][number]) => [
    r.scope.name,
    r.date,
    u.unit.id,
    u.unit.name,
    u.unit.kind,
  ];
  for (const u of r.units) {
    lines.push([
      ...base(u),
      'readiness',
      'ready',
      u.ready ? 'ready' : 'blocked',
      'ON-2/ON-3',
      '',
      u.blockers.map((b) => b.message).join(' | '),
    ]);
    for (const a of u.agreements) lines.push([...base(u), 'agreement', a.label, a.status, 'ON-2', '', '']);
    lines.push([
      ...base(u),
      'equipment',
      'operator positions / radio terminals',
      `${u.equipment.operatorPositions} / ${u.equipment.radioTerminals}`,
      'ON-1',
      '',
      '',
    ]);
    lines.push([
      ...base(u),
      'payment',
      'quarterly payment starts',
      u.paymentStart ?? 'not started',
      'ON-2',
      '',
      '',
    ]);
    for (const w of u.timelineWarnings)
      lines.push([...base(u), 'timeline', w.milestone, w.severity, 'ON-3', '', w.message]);
    lines.push([
      ...base(u),
      'training',
      'trained staff',
      `${u.training.trained} of ${u.training.people}`,
      'TR-1',
      '',
      '',
    ]);
    for (const p of u.training.untrained)
      lines.push([...base(u), 'training', 'untrained', 'missing', 'TR-1', p.name, p.missing.join('; ')]);
    for (const v of u.competence.violations)
      lines.push([
        ...base(u),
        'competence',
        `${v.unitId} ${v.start}–${v.end}`,
        v.kind,
        `${v.requirementId} ${v.paragraph}`,
        v.people.map((p) => p.name).join('; '),
        v.message,
      ]);
  }
  for (const p of r.procedures)
    lines.push([
      r.scope.name,
      r.date,
      p.unitId ?? '',
      '',
      '',
      'procedure',
      p.title,
      `level ${p.level} v${p.version}`,
      'TR-7',
      '',
      p.url ?? '',
    ]);
  return '\uFEFF' + lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
}
