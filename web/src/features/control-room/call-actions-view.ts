/**
 * The pure rules of the answered call's actions (issue 11): the call's transfers and conferences
 * as one time-ordered list (with the mode and hastegrad their events carry), the centre's own AMK,
 * the centre that serves a municipality, and the transfer target a form's choices make. No React,
 * no I/O (call-actions-view.test.ts).
 */
import type { CallDetail, CallTarget, Hastegrad, TransferOutcome } from './api.ts';

export type TargetKind = CallTarget['kind'];

export interface Handover {
  eventId: string;
  at: string;
  kind: 'transfer' | 'conference';
  target: CallTarget;
  outcome: TransferOutcome;
  mode?: 'blind' | 'attended';
  hastegrad?: Hastegrad;
}

/** The call's transfers and conferences, oldest first, each with its event's mode and hastegrad. */
export function handoversOf(detail: CallDetail): Handover[] {
  const events = new Map(detail.events.map((e) => [e.eventId, e]));
  const extra = (eventId: string) => {
    const e = events.get(eventId);
    if (!e || (e.type !== 'transferred' && e.type !== 'conferenced')) return {};
    return {
      ...(e.type === 'transferred' && e.mode !== undefined && { mode: e.mode }),
      ...(e.hastegrad !== undefined && { hastegrad: e.hastegrad }),
    };
  };
  return [
    ...detail.call.transfers.map((h) => ({ ...h, kind: 'transfer' as const, ...extra(h.eventId) })),
    ...detail.call.conferences.map((h) => ({ ...h, kind: 'conference' as const, ...extra(h.eventId) })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.eventId.localeCompare(b.eventId));
}

/** The AMK a centre belongs to: an AMK centre is its own; a legevaktsentral's is its `amkId`. */
export function ownAmk(
  centreId: string,
  service: 'legevakt' | 'amk',
  legevakt: readonly { id: string; amkId: string }[],
): string | undefined {
  if (service === 'amk') return centreId;
  return legevakt.find((c) => c.id === centreId)?.amkId;
}

/** The legevaktsentral that serves a municipality now (the routing API's `servedNow`), else its home centre. */
export function servingCentre(
  municipality: { servedNow: { centreId: string } | null; homeCentreId?: string } | undefined,
): string | undefined {
  return municipality?.servedNow?.centreId ?? municipality?.homeCentreId;
}

/** A phone number as the server takes it: 3–15 digits, an optional leading +; spaces are dropped. */
export function normalisePhone(text: string): string | null {
  const n = text.replace(/[\s-]/g, '');
  return /^\+?\d{3,15}$/.test(n) ? n : null;
}

export interface TargetChoice {
  kind: TargetKind;
  amkId: string;
  centreId: string;
  /** The doctor on call's number, or another number. */
  number: string;
}

export type TargetProblem = 'amk-missing' | 'centre-missing' | 'number-missing' | 'number-invalid';

/**
 * The transfer target the form's choices make, or what is missing: an AMK or a legevaktsentral
 * by id (with its internal number when the phone list has one), the doctor on call by number
 * (required), another by an optional number.
 */
export function targetOf(
  choice: TargetChoice,
  internalNumberOf: (centreId: string) => string | undefined,
): { target: CallTarget } | { problem: TargetProblem } {
  switch (choice.kind) {
    case 'amk':
      return choice.amkId ? { target: { kind: 'amk', id: choice.amkId } } : { problem: 'amk-missing' };
    case 'legevaktsentral': {
      if (!choice.centreId) return { problem: 'centre-missing' };
      const number = normalisePhone(internalNumberOf(choice.centreId) ?? '');
      return {
        target: { kind: 'legevaktsentral', id: choice.centreId, ...(number !== null && { number }) },
      };
    }
    case 'doctor-on-call': {
      if (!choice.number.trim()) return { problem: 'number-missing' };
      const number = normalisePhone(choice.number);
      return number === null ? { problem: 'number-invalid' } : { target: { kind: 'doctor-on-call', number } };
    }
    case 'other': {
      if (!choice.number.trim()) return { target: { kind: 'other' } };
      const number = normalisePhone(choice.number);
      return number === null ? { problem: 'number-invalid' } : { target: { kind: 'other', number } };
    }
  }
}
