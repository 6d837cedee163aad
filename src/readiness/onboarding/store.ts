/** Onboarding register (ON-2, ON-3): agreements and the onboarding status of a unit on a date. */
import { randomUUID } from 'node:crypto';
import { str, type Row } from '../rows.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { notFound, unprocessable } from '../../platform/errors.ts';
import {
  auditChanges,
  definedOnly,
  getEquipment,
  getUnit,
  listEquipment,
  ONBOARDING_KINDS,
  updateColumns,
} from '../organisations/store.ts';
import type { Agreement, AgreementType, OnboardingStatus, Unit } from '../schema.ts';
import { staffTraining } from '../training/store.ts';
import { paymentPeriods, paymentStart } from './payment-periods.ts';
import { DEFAULT_COUNTERPARTY, readinessBlockers, requiredAgreements } from './readiness.ts';
import { timeline } from './timeline.ts';

const s = str;

function toAgreement(r: Row): Agreement {
  return {
    id: String(r.id),
    unitId: String(r.unit_id),
    type: r.type as AgreementType,
    equipmentId: s(r.equipment_id),
    counterparty: String(r.counterparty),
    status: r.status as Agreement['status'],
    draftedAt: s(r.drafted_at),
    sentAt: s(r.sent_at),
    signedAt: s(r.signed_at),
    terminatedAt: s(r.terminated_at),
    reference: s(r.reference),
    notes: s(r.notes),
  };
}

export async function listAgreements(q: Queryable, unitId: string): Promise<Agreement[]> {
  const { rows } = await q.query<Row>(
    'SELECT * FROM readiness_agreements WHERE unit_id = $1 ORDER BY type, created_at',
    [unitId],
  );
  return rows.map(toAgreement);
}

export async function getAgreement(q: Queryable, id: string): Promise<Agreement> {
  const { rows } = await q.query<Row>('SELECT * FROM readiness_agreements WHERE id = $1', [id]);
  if (!rows[0]) throw notFound(`The agreement ${id}`);
  return toAgreement(rows[0]);
}

type AgreementFields = Pick<Agreement, 'status' | 'draftedAt' | 'sentAt' | 'signedAt' | 'terminatedAt'>;

/** A status needs its date, and the dates run draft ≤ sent ≤ signed ≤ terminated. */
function checkDates(a: AgreementFields): void {
  if (a.status === 'signed' && !a.signedAt) throw unprocessable('A signed agreement needs signedAt');
  if (a.status === 'terminated' && !a.terminatedAt)
    throw unprocessable('A terminated agreement needs terminatedAt');
  if (a.status === 'terminated' && !a.signedAt)
    throw unprocessable('Only a signed agreement can be terminated (give signedAt)');
  if (a.status === 'sent' && !a.sentAt) throw unprocessable('A sent agreement needs sentAt');
  const seq: [string, string | null][] = [
    ['draftedAt', a.draftedAt],
    ['sentAt', a.sentAt],
    ['signedAt', a.signedAt],
    ['terminatedAt', a.terminatedAt],
  ];
  const given = seq.filter(([, v]) => v);
  for (let i = 1; i < given.length; i++)
    if (given[i]![1]! < given[i - 1]![1]!)
      throw unprocessable(
        `${given[i]![0]} (${given[i]![1]}) cannot be before ${given[i - 1]![0]} (${given[i - 1]![1]})`,
      );
}

export async function createAgreement(
  q: Queryable,
  actor: Actor,
  unitId: string,
  b: Omit<Agreement, 'id' | 'unitId' | 'counterparty' | 'equipmentId'> & {
    counterparty?: string | null;
    equipmentId?: string | null;
  },
): Promise<Agreement> {
  const unit = await getUnit(q, unitId);
  if (!ONBOARDING_KINDS.includes(unit.kind))
    throw unprocessable(
      `Agreements are made per LV-sentral, AMK centre, emergency department, legevakt or ambulance station, not per ${unit.kind}`,
    );
  if (b.type === 'customer') {
    if (!b.equipmentId)
      throw unprocessable(
        'A customer agreement covers one operator position or radio terminal: give equipmentId',
      );
    const e = await getEquipment(q, b.equipmentId);
    if (e.unitId !== unitId) throw unprocessable(`The equipment ${e.label} belongs to another unit`);
  } else if (b.equipmentId) throw unprocessable('Only customer agreements cover a single piece of equipment');
  const counterparty = b.counterparty ?? DEFAULT_COUNTERPARTY[b.type];
  if (!counterparty)
    throw unprocessable(
      'Name the counterparty (the local technical support supplier) of the cooperation agreement',
    );
  const fields = {
    status: b.status,
    draftedAt: b.draftedAt ?? null,
    sentAt: b.sentAt ?? null,
    signedAt: b.signedAt ?? null,
    terminatedAt: b.terminatedAt ?? null,
  };
  checkDates(fields);
  const id = randomUUID();
  await q.query(
    `INSERT INTO readiness_agreements (id, unit_id, type, equipment_id, counterparty, status, drafted_at, sent_at, signed_at, terminated_at, reference, notes)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
    [
      id,
      unitId,
      b.type,
      b.equipmentId ?? null,
      counterparty,
      b.status,
      fields.draftedAt,
      fields.sentAt,
      fields.signedAt,
      fields.terminatedAt,
      b.reference ?? null,
      b.notes ?? null,
    ],
  );
  await recordAudit(q, actor, {
    action: 'readiness.agreement.create',
    entityType: 'readiness-agreement',
    entityId: id,
    details: { unitId, ...b, counterparty },
  });
  return getAgreement(q, id);
}

export async function updateAgreement(
  q: Queryable,
  actor: Actor,
  id: string,
  b: Partial<Omit<Agreement, 'id' | 'unitId' | 'type' | 'equipmentId'>>,
): Promise<Agreement> {
  const before = await getAgreement(q, id);
  // Only the fields sent change; the date rules hold for the merged agreement.
  const merged = { ...before, ...definedOnly(b) };
  checkDates(merged);
  await updateColumns(q, 'readiness_agreements', id, {
    counterparty: b.counterparty ?? undefined,
    status: b.status,
    drafted_at: b.draftedAt,
    sent_at: b.sentAt,
    signed_at: b.signedAt,
    terminated_at: b.terminatedAt,
    reference: b.reference,
    notes: b.notes,
  });
  const after = await getAgreement(q, id);
  await auditChanges(q, actor, 'readiness.agreement.update', 'readiness-agreement', id, before, after, {
    unitId: before.unitId,
  });
  return after;
}

/** ON-2 / ON-3: agreements, readiness blockers, payment periods and the timeline of a unit on a date. */
export async function onboardingStatus(q: Queryable, unit: Unit, date: string): Promise<OnboardingStatus> {
  const agreements = await listAgreements(q, unit.id);
  const equipment = await listEquipment(q, unit.id);
  const required = requiredAgreements(unit, agreements, equipment, date);
  const staff = await staffTraining(q, unit.id, date);
  const blockers = readinessBlockers(required, equipment, staff);
  const comm = agreements
    .filter((a) => a.type === 'communication-centre' && a.signedAt)
    .sort((a, b) => (a.signedAt! < b.signedAt! ? -1 : 1))[0];
  const m = unit.milestones;
  const payment = {
    installedAt: m.installedAt,
    testedAt: m.testedAt,
    testReportApprovedAt: m.testReportApprovedAt,
    agreementSignedAt: comm?.signedAt ?? null,
    agreementTerminatedAt: comm?.terminatedAt ?? null,
  };
  const allSigned = required.length > 0 && required.every((r) => r.status === 'signed');
  const lastSigned = allSigned
    ? (agreements
        .map((a) => a.signedAt)
        .filter((d): d is string => !!d && d <= date)
        .sort()
        .at(-1) ?? null)
    : null;
  return {
    unit,
    date,
    agreements,
    requiredAgreements: required,
    milestones: m,
    paymentStart: paymentStart(payment),
    paymentPeriods: paymentPeriods(payment, date),
    ready: blockers.length === 0,
    blockers,
    timeline: timeline(
      {
        localProjectStart: m.localProjectStart,
        plannedGoLive: m.plannedGoLive,
        done: {
          'agreements-signed': lastSigned,
          installed: m.installedAt,
          'test-report-approved': m.testReportApprovedAt,
          'go-live': m.goLiveAt,
        },
      },
      date,
    ),
  };
}
