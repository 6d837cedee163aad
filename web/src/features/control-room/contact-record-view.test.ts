/** The contact record form's rules (issue 11; LV-3, LV-6). */
import { describe, expect, it } from 'vitest';
import {
  applyMine,
  clientProblems,
  contentOf,
  emptyForm,
  formOf,
  mergeForms,
  prefilledForm,
  recordFieldOf,
  sameContent,
} from './contact-record-view.ts';

const VALID_FNR = '13097248022';

describe('the contact record form', () => {
  it('prefills the callback number from the calling number and the municipality from the routing', () => {
    const form = prefilledForm({ callingNumber: '+47 912 34 567', municipality: '4601' });
    expect(form.callbackNumber).toBe('+4791234567');
    expect(form.municipality).toBe('4601');
    expect(prefilledForm({ callingNumber: null, municipality: 'x' })).toEqual(emptyForm());
  });

  it('leaves empty fields out, trims text, and keeps a patient only with 11 digits', () => {
    const form = {
      ...emptyForm(),
      callerName: '  Kari ',
      patientKind: 'identified' as const,
      nationalId: '1309724',
      advice: ' ',
      forwarded: { fastlege: ' ring i morgen ', amk: '' },
    };
    expect(contentOf(form, 'haster')).toEqual({
      caller: { name: 'Kari' },
      location: {},
      hastegrad: 'haster',
      forwardedTo: [{ target: 'fastlege', note: 'ring i morgen' }, { target: 'amk' }],
    });
    expect(contentOf({ ...form, nationalId: VALID_FNR }, '').patient).toEqual({
      kind: 'identified',
      nationalId: VALID_FNR,
    });
  });

  it('reads a stored content back into the same form (round trip)', () => {
    const content = contentOf(
      {
        ...emptyForm(),
        patientKind: 'unknown',
        patientDescription: 'mann, ca. 50',
        address: 'Strandkaien 1',
        hastegradReason: 'brystsmerter',
        freeText: 'ok',
      },
      'akutt',
    );
    const { form, hastegrad } = formOf(content);
    expect(hastegrad).toBe('akutt');
    expect(contentOf(form, hastegrad)).toEqual(content);
  });

  it('sees the same content whatever order the server gives its keys in', () => {
    const a = contentOf({ ...emptyForm(), callerName: 'Kari', advice: 'Råd' }, 'vanlig');
    const b = JSON.parse(
      '{"advice":"Råd","hastegrad":"vanlig","location":{},"forwardedTo":[],"caller":{"name":"Kari"}}',
    ) as typeof a;
    expect(sameContent(a, b)).toBe(true);
    expect(sameContent(a, { ...b, advice: 'Annet råd' })).toBe(false);
  });

  it('checks the national identity number by the server’s own rule, the callback number and municipality (LV-3)', () => {
    const form = { ...emptyForm(), patientKind: 'identified' as const };
    expect(clientProblems({ ...form, nationalId: VALID_FNR })).toEqual({});
    expect(clientProblems({ ...form, nationalId: '13097248023' })).toEqual({
      'patient.nationalId': 'contact.national-id-invalid',
    });
    expect(clientProblems({ ...form, nationalId: '1309' })).toEqual({
      'patient.nationalId': 'contact.national-id-length',
    });
    expect(clientProblems({ ...emptyForm(), callbackNumber: '12', municipality: '46' })).toEqual({
      'caller.callbackNumber': 'contact.phone-invalid',
      'location.municipality': 'contact.municipality-invalid',
    });
  });

  it('puts the server’s field errors on the form’s fields', () => {
    expect(recordFieldOf('body.content.patient.nationalId')).toBe('patient.nationalId');
    expect(recordFieldOf('body.content.patient')).toBe('patient');
    expect(recordFieldOf('body.content.patient.kind')).toBe('patient');
    expect(recordFieldOf('body.content.advice')).toBe('advice');
    expect(recordFieldOf('body.content.freeText')).toBeNull();
  });
});

describe("merging the operator's unsaved typing onto a version saved elsewhere (409; LV-3)", () => {
  const TARGETS = ['doctor-on-call', 'fastlege', 'midwife', 'crisis-team', 'amk', 'other'] as const;
  const base = {
    form: { ...emptyForm(), callerName: 'Kari', advice: 'Drikk vann' },
    hastegrad: 'vanlig' as const,
  };

  it('keeps what only the operator changed and takes what only the other side changed', () => {
    const mine = { form: { ...base.form, freeText: 'Ringer igjen i kveld' }, hastegrad: base.hastegrad };
    const theirs = { form: { ...base.form, address: 'Strandkaien 2' }, hastegrad: 'haster' as const };
    const m = mergeForms(base, mine, theirs, TARGETS);
    expect(m.conflicts).toEqual([]);
    expect(m.form.freeText).toBe('Ringer igjen i kveld');
    expect(m.form.address).toBe('Strandkaien 2');
    expect(m.form.callerName).toBe('Kari');
    expect(m.hastegrad).toBe('haster');
  });

  it('a field both changed differently keeps the stored text and names the conflict with the typed text', () => {
    const mine = { form: { ...base.form, advice: 'Til legevakten nå' }, hastegrad: 'akutt' as const };
    const theirs = {
      form: { ...base.form, advice: 'Avventer, ring fastlege' },
      hastegrad: 'haster' as const,
    };
    const m = mergeForms(base, mine, theirs, TARGETS);
    expect(m.form.advice).toBe('Avventer, ring fastlege');
    expect(m.hastegrad).toBe('haster');
    expect(m.conflicts).toEqual([
      { field: 'hastegrad', mine: 'akutt', theirs: 'haster' },
      { field: 'advice', mine: 'Til legevakten nå', theirs: 'Avventer, ring fastlege' },
    ]);
    const chosen = applyMine(m, m.conflicts[1]!, TARGETS);
    expect(chosen.form.advice).toBe('Til legevakten nå');
    expect(chosen.hastegrad).toBe('haster');
  });

  it('the same change on both sides is no conflict', () => {
    const same = { form: { ...base.form, advice: 'Til legevakten' }, hastegrad: base.hastegrad };
    expect(mergeForms(base, same, same, TARGETS).conflicts).toEqual([]);
  });

  it('forwarded targets merge one by one: added on one side, removed on the other, notes', () => {
    const b = { form: { ...emptyForm(), forwarded: { fastlege: '' } }, hastegrad: '' as const };
    const mine = {
      form: { ...emptyForm(), forwarded: { fastlege: '', midwife: 'Ring i morgen' } },
      hastegrad: '' as const,
    };
    const theirs = { form: { ...emptyForm(), forwarded: {} }, hastegrad: '' as const };
    const m = mergeForms(b, mine, theirs, TARGETS);
    expect(m.conflicts).toEqual([]);
    expect(m.form.forwarded).toEqual({ midwife: 'Ring i morgen' });

    const noteMine = {
      form: { ...emptyForm(), forwarded: { fastlege: 'Innen 3 dager' } },
      hastegrad: '' as const,
    };
    const noteTheirs = {
      form: { ...emptyForm(), forwarded: { fastlege: 'Samme dag' } },
      hastegrad: '' as const,
    };
    const c = mergeForms(b, noteMine, noteTheirs, TARGETS);
    expect(c.conflicts).toEqual([
      { field: 'forwarded.fastlege', mine: 'Innen 3 dager', theirs: 'Samme dag' },
    ]);
    expect(applyMine(c, c.conflicts[0]!, TARGETS).form.forwarded).toEqual({ fastlege: 'Innen 3 dager' });
  });
});
