/**
 * What the emergency-plan pages compute (LV-7), apart from React: the media type of a chosen file
 * (the browser's, else by its ending), the phone numbers typed into one field, the form's contacts
 * moved and cleaned, where a field error belongs.
 */
import {
  DOCUMENT_TYPES,
  type ContactInput,
  type DocumentMediaType,
  type Plan,
  type PlanInput,
} from './api.ts';

/** The file input's `accept`: every allowed ending and media type. */
export const ACCEPT = DOCUMENT_TYPES.flatMap((d) => [...d.extensions, d.mediaType]).join(',');

/** The allowed media type of a file: its own when allowed, else by its ending; null when neither. */
export function mediaTypeOfFile(file: { name: string; type: string }): DocumentMediaType | null {
  const own = DOCUMENT_TYPES.find((d) => d.mediaType === file.type.toLowerCase());
  if (own) return own.mediaType;
  const name = file.name.toLowerCase();
  return DOCUMENT_TYPES.find((d) => d.extensions.some((e) => name.endsWith(e)))?.mediaType ?? null;
}

/** Phone numbers typed into one field, separated by commas or semicolons. */
export function phonesOf(text: string): string[] {
  return text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** A contact as the form edits it: the phone numbers as one text. */
export interface ContactDraft {
  key: string;
  name: string;
  role: string;
  phones: string;
  availability: ContactInput['availability'];
  note: string;
}

let drafts = 0;
export const emptyContact = (): ContactDraft => ({
  key: `c${++drafts}`,
  name: '',
  role: '',
  phones: '',
  availability: 'around-the-clock',
  note: '',
});

/** The contacts with the one at `index` moved by `delta` (−1 up, +1 down); unchanged at an end. */
export function moveContact<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (to < 0 || to >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(index, 1);
  out.splice(to, 0, item!);
  return out;
}

/** A plan form's fields. */
export interface PlanDraft {
  kind: PlanInput['kind'];
  title: string;
  version: string;
  validFrom: string;
  reviewBy: string;
  responsible: string;
  notes: string;
  contacts: ContactDraft[];
}

export function draftOf(plan: Plan | null): PlanDraft {
  if (!plan)
    return {
      kind: 'crisis-alert-plan',
      title: '',
      version: '',
      validFrom: '',
      reviewBy: '',
      responsible: '',
      notes: '',
      contacts: [emptyContact()],
    };
  return {
    kind: plan.kind,
    title: plan.title,
    version: plan.version ?? '',
    validFrom: plan.validFrom ?? '',
    reviewBy: plan.reviewBy,
    responsible: plan.responsible ?? '',
    notes: plan.notes ?? '',
    contacts: plan.contacts.map((c) => ({
      ...emptyContact(),
      name: c.name,
      role: c.role,
      phones: c.phones.join(', '),
      availability: c.availability,
      note: c.note ?? '',
    })),
  };
}

/** The body the API takes; a contact row left wholly empty is dropped. */
export function inputOf(d: PlanDraft): PlanInput {
  return {
    kind: d.kind,
    title: d.title.trim(),
    version: d.version.trim() || null,
    validFrom: d.validFrom || null,
    reviewBy: d.reviewBy,
    responsible: d.responsible.trim() || null,
    notes: d.notes.trim() || null,
    contacts: d.contacts
      .filter((c) => c.name.trim() || c.role.trim() || c.phones.trim() || c.note.trim())
      .map((c) => ({
        name: c.name.trim(),
        role: c.role.trim(),
        phones: phonesOf(c.phones),
        availability: c.availability,
        note: c.note.trim() || null,
      })),
  };
}

/** Where a field error of the API belongs in the form: `contacts.2.phones.0` → contact 2, `phones`. */
export function contactErrorOf(path: string): { index: number; field: string } | null {
  const m = /^contacts\.(\d+)\.([a-z]+)/i.exec(path);
  return m ? { index: Number(m[1]), field: m[2]! } : null;
}
