/** The contact record's rules (issue 11; LV-3, LV-6): identity numbers, and what signing needs. */
import { describe, expect, it } from 'vitest';
import { contactRecordContentSchema, nationalIdProblem, signingProblems } from './contact-record.ts';

/** An 11-digit number with valid control digits for the first nine (null when none exists). */
function withControlDigits(nine: string): string | null {
  const d = [...nine].map(Number);
  const k = (weights: number[], digits: number[]) => {
    const r = 11 - (weights.reduce((s, w, i) => s + w * digits[i]!, 0) % 11);
    return r === 11 ? 0 : r;
  };
  const k1 = k([3, 7, 6, 1, 8, 9, 4, 5, 2], d);
  if (k1 === 10) return null;
  const k2 = k([5, 4, 3, 2, 7, 6, 5, 4, 3, 2], [...d, k1]);
  if (k2 === 10) return null;
  return `${nine}${k1}${k2}`;
}

function validFor(prefix6: string): string {
  for (let i = 100; i < 1000; i++) {
    const n = withControlDigits(`${prefix6}${i}`);
    if (n) return n;
  }
  throw new Error('none');
}

describe('contact record rules (LV-3, LV-6)', () => {
  it('accepts a fødselsnummer and a D-nummer with valid control digits, refuses the rest', () => {
    const fnr = validFor('130972');
    const dnr = validFor('530972'); // D-nummer: 4 added to the first digit
    expect(nationalIdProblem(fnr)).toBeNull();
    expect(nationalIdProblem(dnr)).toBeNull();
    const wrongControl = fnr.slice(0, 10) + String((Number(fnr[10]) + 1) % 10);
    expect(nationalIdProblem(wrongControl)).toBe('contact.national-id-invalid');
    expect(nationalIdProblem(validFor('320272'))).toBe('contact.national-id-invalid'); // no 32 February
    expect(nationalIdProblem('00000000000')).toBe('contact.national-id-invalid');
  });

  it('a record is signed only with the patient (or unknown), the urgency with its reason, and the advice', () => {
    const empty = contactRecordContentSchema.parse({});
    expect(signingProblems(empty).map((p) => p.path)).toEqual([
      'body.content.patient',
      'body.content.hastegrad',
      'body.content.hastegradReason',
      'body.content.advice',
    ]);
    const complete = contactRecordContentSchema.parse({
      patient: { kind: 'unknown', description: 'mann, ca. 70 år' },
      hastegrad: 'haster',
      hastegradReason: 'brystsmerter siste time, stabil',
      advice: 'legevaktlege ringer tilbake innen 20 minutter',
      forwardedTo: [{ target: 'doctor-on-call' }],
    });
    expect(signingProblems(complete)).toEqual([]);
    const badId = { ...complete, patient: { kind: 'identified' as const, nationalId: '12345678901' } };
    expect(signingProblems(badId)).toMatchObject([
      { path: 'body.content.patient.nationalId', code: 'contact.national-id-invalid' },
    ]);
  });
});
