/** The emergency-plan pages' rules (LV-7): file types, phone numbers, contacts in order, field errors. */
import { describe, expect, it } from 'vitest';
import {
  contactErrorOf,
  draftOf,
  emptyContact,
  inputOf,
  mediaTypeOfFile,
  moveContact,
  phonesOf,
} from './plan-view.ts';

describe('emergency-plan pages (LV-7)', () => {
  it('knows the media type of a file by the browser, else by its ending', () => {
    expect(mediaTypeOfFile({ name: 'plan.pdf', type: 'application/pdf' })).toBe('application/pdf');
    expect(mediaTypeOfFile({ name: 'Plan.ODT', type: '' })).toBe('application/vnd.oasis.opendocument.text');
    expect(mediaTypeOfFile({ name: 'kart.jpeg', type: '' })).toBe('image/jpeg');
    expect(mediaTypeOfFile({ name: 'plan.zip', type: 'application/zip' })).toBeNull();
    expect(mediaTypeOfFile({ name: 'side.html', type: 'text/html' })).toBeNull();
  });

  it('splits phone numbers typed into one field', () => {
    expect(phonesOf('+47 55 55 55 55, 915 00 000;  ')).toEqual(['+47 55 55 55 55', '915 00 000']);
    expect(phonesOf('')).toEqual([]);
  });

  it('moves a contact up and down in the alerting order', () => {
    expect(moveContact(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveContact(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveContact(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
  });

  it('makes the API body from the form: blank is none, empty contact rows dropped', () => {
    const draft = draftOf(null);
    draft.title = ' Kriseplan ';
    draft.reviewBy = '2027-01-31';
    draft.contacts = [
      { ...emptyContact(), name: 'Kari', role: 'Leder', phones: '55 55 55 55, 915 00 000' },
      emptyContact(),
    ];
    expect(inputOf(draft)).toEqual({
      kind: 'crisis-alert-plan',
      title: 'Kriseplan',
      version: null,
      validFrom: null,
      reviewBy: '2027-01-31',
      responsible: null,
      notes: null,
      contacts: [
        {
          name: 'Kari',
          role: 'Leder',
          phones: ['55 55 55 55', '915 00 000'],
          availability: 'around-the-clock',
          note: null,
        },
      ],
    });
  });

  it('places a contact’s field error', () => {
    expect(contactErrorOf('contacts.2.phones.0')).toEqual({ index: 2, field: 'phones' });
    expect(contactErrorOf('title')).toBeNull();
  });
});
