/**
 * ON-2: the communication-centre agreement starts quarterly payment for the data lines once the
 * equipment is installed, tested and the test report approved.
 *
 * Interpretation (docs/readiness.md): payment runs per calendar quarter, starting with the first
 * full quarter after the later of (test-report approval, signing of the communication-centre
 * agreement). A quarter that begins on that very day counts as full. When the agreement is
 * terminated, the last period is the quarter in which it ends.
 */
import { addDays, addMonths } from '../competence/dates.ts';

export interface PaymentPeriod {
  quarter: string;
  from: string;
  to: string;
}

export interface PaymentInput {
  installedAt?: string | null;
  testedAt?: string | null;
  testReportApprovedAt?: string | null;
  /** Signing date of the communication-centre agreement. */
  agreementSignedAt?: string | null;
  agreementTerminatedAt?: string | null;
}

/** First day of the quarter containing `date`. */
export function quarterStart(date: string): string {
  const y = date.slice(0, 4);
  const m = Number(date.slice(5, 7));
  const qm = Math.floor((m - 1) / 3) * 3 + 1;
  return `${y}-${String(qm).padStart(2, '0')}-01`;
}

/** First day of the first quarter that begins on or after `date`. */
export function firstFullQuarterFrom(date: string): string {
  const qs = quarterStart(date);
  return qs === date ? qs : addMonths(qs, 3);
}

export function quarterOf(date: string): PaymentPeriod {
  const from = quarterStart(date);
  const q = Math.floor((Number(from.slice(5, 7)) - 1) / 3) + 1;
  return { quarter: `${from.slice(0, 4)}-Q${q}`, from, to: addDays(addMonths(from, 3), -1) };
}

/** The day payment starts, or null while installation, test, approval or signing is missing. */
export function paymentStart(p: PaymentInput): string | null {
  if (!p.installedAt || !p.testedAt || !p.testReportApprovedAt || !p.agreementSignedAt) return null;
  const trigger = p.testReportApprovedAt > p.agreementSignedAt ? p.testReportApprovedAt : p.agreementSignedAt;
  return firstFullQuarterFrom(trigger);
}

/** The payment quarters from the start up to and including the quarter containing `asOf`. */
export function paymentPeriods(p: PaymentInput, asOf: string): PaymentPeriod[] {
  const start = paymentStart(p);
  if (!start || start > asOf) return [];
  let last = asOf;
  if (p.agreementTerminatedAt && p.agreementTerminatedAt < last) last = p.agreementTerminatedAt;
  if (last < start) return [];
  const out: PaymentPeriod[] = [];
  for (let from = start; from <= last; from = addMonths(from, 3)) out.push(quarterOf(from));
  return out;
}
