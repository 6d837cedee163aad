/** The emergency-plan API's validation at the edge (LV-7): what a plan and its contacts must be. */
import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../../platform/http/field-errors.ts';
import { createPlanBody, updatePlanBody } from './schema.ts';

const valid = {
  kind: 'crisis-alert-plan',
  title: 'Varslingsplan helse',
  reviewBy: '2027-01-31',
  contacts: [
    {
      name: 'Kari Nordmann',
      role: 'Kommuneoverlege',
      phones: ['+47 55 55 55 55'],
      availability: 'around-the-clock',
    },
  ],
};

const errorsOf = (input: unknown) => {
  const r = createPlanBody.safeParse(input);
  return r.success ? [] : fieldErrorsOf(r.error.issues, input, ['body']).map((e) => [e.path, e.code]);
};

describe('plan schema (LV-7)', () => {
  it('takes a plan with contacts; blank optional text is none', () => {
    const r = createPlanBody.parse({ ...valid, version: '  ', notes: '', validFrom: '2026-01-01' });
    expect(r).toMatchObject({ version: null, notes: null, responsible: null, validFrom: '2026-01-01' });
    expect(r.contacts[0]).toMatchObject({ note: null, phones: ['+47 55 55 55 55'] });
    expect(createPlanBody.parse({ ...valid, contacts: undefined }).contacts).toEqual([]);
  });

  it('names each bad field with its code', () => {
    expect(errorsOf({ ...valid, kind: 'fire-plan' })).toEqual([['body.kind', 'invalid_value']]);
    expect(errorsOf({ ...valid, reviewBy: '2026-02-30' })).toEqual([['body.reviewBy', 'rule.calendar-date']]);
    expect(errorsOf({ ...valid, reviewBy: '31.01.2027' })).toEqual([
      ['body.reviewBy', 'rule.date'],
      ['body.reviewBy', 'rule.calendar-date'],
    ]);
    expect(errorsOf({ ...valid, reviewBy: undefined })).toEqual([['body.reviewBy', 'required']]);
    expect(errorsOf({ ...valid, title: ' ' })).toEqual([['body.title', 'too_small.string']]);
    const contact = valid.contacts[0]!;
    expect(errorsOf({ ...valid, contacts: [{ ...contact, phones: ['ring meg'] }] })).toEqual([
      ['body.contacts.0.phones.0', 'rule.phone-number'],
    ]);
    expect(errorsOf({ ...valid, contacts: [{ ...contact, phones: [] }] })).toEqual([
      ['body.contacts.0.phones', 'too_small.array'],
    ]);
    expect(errorsOf({ ...valid, contacts: [{ ...contact, availability: 'sometimes' }] })).toEqual([
      ['body.contacts.0.availability', 'invalid_value'],
    ]);
  });

  it('a change names the revision it was made on and the whole list of contacts', () => {
    expect(updatePlanBody.safeParse({ ...valid, revision: 2 }).success).toBe(true);
    expect(updatePlanBody.safeParse(valid).success).toBe(false);
    expect(updatePlanBody.safeParse({ ...valid, contacts: undefined, revision: 2 }).success).toBe(false);
  });
});
