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
import { fillText, norwegianDate } from '../../platform/text/format.ts';
import { spreadsheetCsv } from '../../platform/text/spreadsheet-csv.ts';
import {
  agreementStatusText,
  agreementText,
  blockerText,
  missingText,
  textsOf,
  unitKindText,
  warningText,
  type ReportLang,
} from './documentation-text.ts';

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
      agreements: st.requiredAgreements.map((a) => ({
        type: a.type,
        label: a.label,
        equipmentId: a.equipmentId,
        equipmentLabel: a.equipmentLabel,
        status: a.status,
      })),
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

/**
 * One row per finding: readiness, agreement, equipment, payment, progress, training, competence
 * and procedure. Headers and words in the reader's language (bokmål by default), dates as
 * dd.mm.åååå, separated by `;` with a BOM so a Norwegian spreadsheet opens it as it is; the
 * legal paragraph where a rule names one.
 */
export function documentationCsv(r: DocumentationReport, lang: ReportLang = 'nb'): string {
  const texts = textsOf(lang);
  const c = texts.csv;
  const t = texts.report;
  const lines: string[][] = [
    [
      c.scope,
      c.date,
      c.unit_id,
      c.unit_name,
      c.unit_kind,
      c.section,
      c.item,
      c.status,
      c.paragraph,
      c.people,
      c.detail,
    ],
  ];
  const date = norwegianDate(r.date);
  const base = (u: DocumentationReport['units'][number]) => [
    r.scope.name,
    date,
    u.unit.id,
    u.unit.name,
    unitKindText(lang, u.unit.kind),
  ];
  for (const u of r.units) {
    lines.push([
      ...base(u),
      c['section.readiness'],
      '',
      u.ready ? t.statusReady : t.statusBlocked,
      '',
      '',
      u.blockers.map((b) => blockerText(lang, u, b)).join(' | '),
    ]);
    for (const a of u.agreements)
      lines.push([
        ...base(u),
        c['section.agreement'],
        agreementText(lang, a),
        agreementStatusText(lang, a.status),
        '',
        '',
        '',
      ]);
    lines.push([
      ...base(u),
      c['section.equipment'],
      t.operatorPositionsTerminals,
      `${u.equipment.operatorPositions} / ${u.equipment.radioTerminals}`,
      '',
      '',
      '',
    ]);
    lines.push([
      ...base(u),
      c['section.payment'],
      t.paymentStarts,
      u.paymentStart ? norwegianDate(u.paymentStart) : t.paymentNotStarted,
      '',
      '',
      '',
    ]);
    for (const w of u.timelineWarnings)
      lines.push([...base(u), c['section.timeline'], '', '', '', '', warningText(lang, w)]);
    lines.push([
      ...base(u),
      c['section.training'],
      t.trainedStaff,
      fillText(t.ofTotal, { count: u.training.trained, total: u.training.people }),
      '',
      '',
      '',
    ]);
    for (const p of u.training.untrained)
      lines.push([
        ...base(u),
        c['section.training'],
        '',
        '',
        '',
        p.name,
        missingText(lang, p.missingElements),
      ]);
    for (const v of u.competence.violations)
      lines.push([
        ...base(u),
        c['section.competence'],
        `${norwegianDate(v.start.slice(0, 10))} ${v.start.slice(11, 16)}–${v.end.slice(11, 16)}`,
        '',
        v.paragraph,
        v.people.map((p) => p.name).join('; '),
        lang === 'nb' ? v.messageNb : v.message,
      ]);
  }
  for (const p of r.procedures)
    lines.push([
      r.scope.name,
      date,
      p.unitId ?? '',
      '',
      '',
      c['section.procedure'],
      p.title,
      fillText(t.level, { level: p.level, version: p.version }),
      '',
      '',
      p.url ?? '',
    ]);
  return spreadsheetCsv(lines);
}
