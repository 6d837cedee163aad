/**
 * ON-2 / ON-3: is a unit ready for Nødnett on a date? Pure: the caller passes the unit, its
 * agreements, equipment and the training state of its staff.
 *
 * Blocked until (docs/readiness.md):
 * - every required agreement is signed and not terminated on the date: the communication-centre
 *   agreement (units with a control room), the service-level agreement with HDO, the cooperation
 *   agreement for local technical support, the data-processing agreement, and one customer
 *   agreement per active operator position and radio terminal;
 * - the unit has at least one operator position or radio terminal registered;
 * - the unit has staff, and every active person employed there is trained (TR-1: e-learning and
 *   the attended course for each operator position / terminal type they are assigned to).
 */
import type { Agreement, AgreementType, Equipment, Unit } from '../schema.ts';
import { CONTROL_ROOM_KINDS } from '../organisations/store.ts';

export const AGREEMENT_LABEL: Record<AgreementType, string> = {
  'communication-centre': 'Communication-centre agreement (kommunikasjonssentralavtale, DSB)',
  customer: 'Customer agreement (kundeavtale, DSB)',
  'service-level': 'Service-level agreement (tjenesteavtale/SLA, HDO)',
  cooperation: 'Cooperation agreement (samarbeidsavtale, local technical support and HDO)',
  'data-processing': 'Data-processing agreement (databehandleravtale, HDO)',
};

export const DEFAULT_COUNTERPARTY: Record<AgreementType, string | null> = {
  'communication-centre': 'DSB (tidligere DNK)',
  customer: 'DSB (tidligere DNK)',
  'service-level': 'HDO',
  // The cooperation agreement is between the chosen local support supplier and HDO: name the supplier.
  cooperation: null,
  'data-processing': 'HDO',
};

export type AgreementState = 'missing' | 'draft' | 'sent' | 'signed' | 'terminated';
const RANK: Record<AgreementState, number> = { missing: 0, terminated: 1, draft: 2, sent: 3, signed: 4 };

export function agreementStateOn(a: Agreement, date: string): AgreementState {
  if (a.terminatedAt && a.terminatedAt <= date) return 'terminated';
  if (a.signedAt && a.signedAt <= date && (a.status === 'signed' || a.status === 'terminated'))
    return 'signed';
  if (a.sentAt && a.sentAt <= date && a.status !== 'draft') return 'sent';
  return 'draft';
}

export interface RequiredAgreement {
  type: AgreementType;
  equipmentId: string | null;
  /** The equipment's own label (a customer agreement per terminal or position). */
  equipmentLabel: string | null;
  label: string;
  status: AgreementState;
}

/** The agreements a unit needs on a date and the best state of each. */
export function requiredAgreements(
  unit: Pick<Unit, 'kind'>,
  agreements: readonly Agreement[],
  equipment: readonly Equipment[],
  date: string,
): RequiredAgreement[] {
  const slots: {
    type: AgreementType;
    equipmentId: string | null;
    equipmentLabel: string | null;
    label: string;
  }[] = [];
  if (CONTROL_ROOM_KINDS.includes(unit.kind))
    slots.push({
      type: 'communication-centre',
      equipmentId: null,
      equipmentLabel: null,
      label: AGREEMENT_LABEL['communication-centre'],
    });
  for (const t of ['service-level', 'cooperation', 'data-processing'] as const)
    slots.push({ type: t, equipmentId: null, equipmentLabel: null, label: AGREEMENT_LABEL[t] });
  for (const e of equipment.filter((x) => x.status === 'active'))
    slots.push({
      type: 'customer',
      equipmentId: e.id,
      equipmentLabel: e.label,
      label: `${AGREEMENT_LABEL.customer}: ${e.kind === 'operator-position' ? 'operator position' : `${e.form ?? ''} radio terminal`.trim()} ${e.label}`,
    });
  return slots.map((slot) => {
    let best: AgreementState = 'missing';
    for (const a of agreements) {
      if (a.type !== slot.type || (slot.equipmentId !== null && a.equipmentId !== slot.equipmentId)) continue;
      const st = agreementStateOn(a, date);
      if (RANK[st] > RANK[best]) best = st;
    }
    return { ...slot, status: best };
  });
}

/** A competence element someone lacks, as its code in the element catalogue and its parameters. */
export interface MissingMessage {
  code: string;
  params?: Record<string, string | number>;
}

export interface StaffTraining {
  personId: string;
  name: string;
  /** English text of each gap (logs, integrators). */
  missing: string[];
  /** The same gaps as element codes, for the web and the reports to render. */
  missingElements: MissingMessage[];
}

export interface Blocker {
  code: string;
  message: string;
  agreementType?: AgreementType;
  equipmentId?: string;
  personId?: string;
  /** staff-untrained: who, and what they lack as element codes. */
  personName?: string;
  missingElements?: MissingMessage[];
}

export function readinessBlockers(
  required: readonly RequiredAgreement[],
  equipment: readonly Equipment[],
  staff: readonly StaffTraining[],
): Blocker[] {
  const blockers: Blocker[] = [];
  for (const r of required) {
    if (r.status === 'signed') continue;
    blockers.push({
      code: r.status === 'missing' ? 'agreement-missing' : 'agreement-not-signed',
      message: `${r.label}: ${r.status === 'missing' ? 'not registered' : r.status}`,
      agreementType: r.type,
      ...(r.equipmentId ? { equipmentId: r.equipmentId } : {}),
    });
  }
  if (!equipment.some((e) => e.status === 'active'))
    blockers.push({ code: 'no-equipment', message: 'No operator position or radio terminal is registered' });
  if (staff.length === 0)
    blockers.push({ code: 'no-staff', message: 'No staff are registered for the unit' });
  for (const p of staff.filter((x) => x.missing.length > 0))
    blockers.push({
      code: 'staff-untrained',
      message: `${p.name} is not trained: ${p.missing.join('; ')}`,
      personId: p.personId,
      personName: p.name,
      missingElements: p.missingElements,
    });
  return blockers;
}
