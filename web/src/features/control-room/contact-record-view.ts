/**
 * The contact record form's rules (issue 11; LV-3, LV-6), pure: the form's text fields to the
 * record's content and back (empty fields left out, text trimmed as the server stores it), whether
 * two contents are the same record (the server's JSON may order its keys differently), the fields
 * checked at once on the client (the national identity number by the server's own rule), and the
 * server's field paths as the form's field names.
 */
import { nationalIdProblem } from '../../../../src/calls/contact-records/national-id.ts';
import type { CallerRelation, ContactRecordContent, ForwardTarget, Hastegrad } from './api.ts';

/** The form as the operator types it: every field a string ('' = not given). */
export interface RecordForm {
  callerName: string;
  callbackNumber: string;
  relation: CallerRelation | '';
  patientKind: 'identified' | 'unknown' | '';
  nationalId: string;
  patientName: string;
  patientDescription: string;
  address: string;
  municipality: string;
  hastegradReason: string;
  advice: string;
  /** Forwarded to, in the order of the server's list, each with its note. */
  forwarded: Partial<Record<ForwardTarget, string>>;
  freeText: string;
}

/** The form's fields that can carry an error (the server's paths without `body.content.`). */
export type RecordField =
  | 'caller.callbackNumber'
  | 'patient'
  | 'patient.nationalId'
  | 'location.municipality'
  | 'hastegrad'
  | 'hastegradReason'
  | 'advice';

export const emptyForm = (): RecordForm => ({
  callerName: '',
  callbackNumber: '',
  relation: '',
  patientKind: '',
  nationalId: '',
  patientName: '',
  patientDescription: '',
  address: '',
  municipality: '',
  hastegradReason: '',
  advice: '',
  forwarded: {},
  freeText: '',
});

const PHONE = /^\+?\d{3,15}$/;
const MUNICIPALITY = /^\d{4}$/;
/** A phone number as typed, without the spaces people put in. */
export const phoneOf = (s: string) => s.replace(/[\s-]/g, '');

/** A new record's form: the call's calling number to call back on, its municipality. */
export function prefilledForm(call: {
  callingNumber?: string | null;
  municipality?: string | null;
}): RecordForm {
  const form = emptyForm();
  const number = call.callingNumber ? phoneOf(call.callingNumber) : '';
  if (PHONE.test(number)) form.callbackNumber = number;
  if (call.municipality && MUNICIPALITY.test(call.municipality)) form.municipality = call.municipality;
  return form;
}

const opt = <K extends string>(key: K, value: string): { [P in K]?: string } => {
  const v = value.trim();
  return (v ? { [key]: v } : {}) as { [P in K]?: string };
};

/**
 * The record's content of the form and the hastegrad (kept by the page: one choice for the call
 * and its record). A patient whose kind is chosen but whose number is not 11 digits yet is left out
 * (the draft keeps the rest; `clientProblems` says what is wrong).
 */
export function contentOf(form: RecordForm, hastegrad: Hastegrad | ''): ContactRecordContent {
  const nationalId = form.nationalId.replace(/\s/g, '');
  const patient: ContactRecordContent['patient'] =
    form.patientKind === 'unknown'
      ? { kind: 'unknown', ...opt('description', form.patientDescription) }
      : form.patientKind === 'identified' && /^\d{11}$/.test(nationalId)
        ? { kind: 'identified', nationalId, ...opt('name', form.patientName) }
        : undefined;
  const callback = phoneOf(form.callbackNumber);
  return {
    caller: {
      ...opt('name', form.callerName),
      ...(callback && { callbackNumber: callback }),
      ...(form.relation && { relation: form.relation }),
    },
    ...(patient && { patient }),
    location: {
      ...opt('address', form.address),
      ...opt('municipality', form.municipality),
    },
    ...(hastegrad && { hastegrad }),
    ...opt('hastegradReason', form.hastegradReason),
    ...opt('advice', form.advice),
    forwardedTo: (Object.keys(form.forwarded) as ForwardTarget[]).map((target) => ({
      target,
      ...opt('note', form.forwarded[target] ?? ''),
    })),
    ...opt('freeText', form.freeText),
  };
}

/** The form of a stored record's content, and its hastegrad. */
export function formOf(content: ContactRecordContent): { form: RecordForm; hastegrad: Hastegrad | '' } {
  const p = content.patient;
  const forwarded: RecordForm['forwarded'] = {};
  for (const f of content.forwardedTo ?? []) forwarded[f.target] = f.note ?? '';
  return {
    form: {
      callerName: content.caller?.name ?? '',
      callbackNumber: content.caller?.callbackNumber ?? '',
      relation: content.caller?.relation ?? '',
      patientKind: p?.kind ?? '',
      nationalId: p?.kind === 'identified' ? p.nationalId : '',
      patientName: p?.kind === 'identified' ? (p.name ?? '') : '',
      patientDescription: p?.kind === 'unknown' ? (p.description ?? '') : '',
      address: content.location?.address ?? '',
      municipality: content.location?.municipality ?? '',
      hastegradReason: content.hastegradReason ?? '',
      advice: content.advice ?? '',
      forwarded,
      freeText: content.freeText ?? '',
    },
    hastegrad: content.hastegrad ?? '',
  };
}

/** JSON with its object keys sorted: the same content reads the same whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whether two contents are the same record (as the form would save them). */
export function sameContent(a: ContactRecordContent, b: ContactRecordContent): boolean {
  const norm = (c: ContactRecordContent) => {
    const { form, hastegrad } = formOf(c);
    return canonical(contentOf(form, hastegrad));
  };
  return norm(a) === norm(b);
}

export type ClientProblem =
  | 'contact.national-id-invalid'
  | 'contact.national-id-length'
  | 'contact.phone-invalid'
  | 'contact.municipality-invalid';

/**
 * What is wrong at once, before the server is asked: the national identity number (the server's
 * own rule, once 11 digits are typed — while typing, only when the field is left), the callback
 * number and the municipality number. A draft is not saved while any is wrong.
 */
export function clientProblems(form: RecordForm): Partial<Record<RecordField, ClientProblem>> {
  const out: Partial<Record<RecordField, ClientProblem>> = {};
  const nationalId = form.nationalId.replace(/\s/g, '');
  if (form.patientKind === 'identified' && nationalId) {
    if (!/^\d{11}$/.test(nationalId)) out['patient.nationalId'] = 'contact.national-id-length';
    else if (nationalIdProblem(nationalId)) out['patient.nationalId'] = 'contact.national-id-invalid';
  }
  const callback = phoneOf(form.callbackNumber);
  if (callback && !PHONE.test(callback)) out['caller.callbackNumber'] = 'contact.phone-invalid';
  const municipality = form.municipality.trim();
  if (municipality && !MUNICIPALITY.test(municipality))
    out['location.municipality'] = 'contact.municipality-invalid';
  return out;
}

/** The order the fields appear in: the first with an error gets the focus. */
export const FIELD_ORDER: readonly RecordField[] = [
  'caller.callbackNumber',
  'patient',
  'patient.nationalId',
  'location.municipality',
  'hastegrad',
  'hastegradReason',
  'advice',
];

/** The form's field of a server field error path (`body.content.patient.nationalId` …), if it has one. */
export function recordFieldOf(path: string): RecordField | null {
  const name = path.replace(/^body\.content\./, '').replace(/^content\./, '');
  if ((FIELD_ORDER as readonly string[]).includes(name)) return name as RecordField;
  if (name.startsWith('patient.')) return 'patient';
  return null;
}

/** The form's fields as one flat list of text values (forwarded targets: `forwarded.<target>`). */
type FlatForm = Record<string, string | undefined>;

/** A form and its hastegrad as flat text values: a forwarded target absent is `undefined`. */
function flat(form: RecordForm, hastegrad: Hastegrad | ''): FlatForm {
  const { forwarded, ...fields } = form;
  const out: FlatForm = { ...fields, hastegrad };
  for (const [target, note] of Object.entries(forwarded)) out[`forwarded.${target}`] = note ?? '';
  return out;
}

function unflat(
  values: FlatForm,
  targets: readonly string[],
): { form: RecordForm; hastegrad: Hastegrad | '' } {
  const form = emptyForm();
  const fields = form as unknown as Record<string, unknown>;
  for (const key of Object.keys(form)) {
    if (key !== 'forwarded' && values[key] !== undefined) fields[key] = values[key];
  }
  // Forwarded targets keep the server's order of targets.
  for (const target of targets) {
    const note = values[`forwarded.${target}`];
    if (note !== undefined) form.forwarded[target as ForwardTarget] = note;
  }
  return { form, hastegrad: (values.hastegrad ?? '') as Hastegrad | '' };
}

/** A field both sides changed differently: what is kept (theirs) and what the operator typed. */
export interface MergeConflict {
  /** A RecordForm key, `hastegrad`, or `forwarded.<target>`. */
  field: string;
  mine: string | undefined;
  theirs: string | undefined;
}

export interface Merged {
  form: RecordForm;
  hastegrad: Hastegrad | '';
  /** The fields where the operator's typing was not applied (theirs kept), for them to choose. */
  conflicts: MergeConflict[];
}

/**
 * After a change made elsewhere (409): the operator's unsaved typing merged onto the newest stored
 * version, field by field against the version they started from (`base`). A field only they
 * changed keeps their text; a field only the other side changed takes the stored text; a field
 * both changed to different texts keeps the stored text and is returned as a conflict, with the
 * operator's text, for them to choose — nothing typed is lost, nothing stored is overwritten
 * unseen. The forwarded targets merge the same way, each target a field (present or not, its note).
 */
export function mergeForms(
  base: { form: RecordForm; hastegrad: Hastegrad | '' },
  mine: { form: RecordForm; hastegrad: Hastegrad | '' },
  theirs: { form: RecordForm; hastegrad: Hastegrad | '' },
  targetOrder: readonly string[],
): Merged {
  const b = flat(base.form, base.hastegrad);
  const m = flat(mine.form, mine.hastegrad);
  const t = flat(theirs.form, theirs.hastegrad);
  const keys = new Set([...Object.keys(b), ...Object.keys(m), ...Object.keys(t)]);
  const out: FlatForm = {};
  const conflicts: MergeConflict[] = [];
  for (const key of keys) {
    const [bv, mv, tv] = [b[key], m[key], t[key]];
    if (mv === bv || mv === tv) out[key] = tv;
    else if (tv === bv) out[key] = mv;
    else {
      out[key] = tv;
      conflicts.push({ field: key, mine: mv, theirs: tv });
    }
  }
  const order = Object.keys(emptyForm()).filter((k) => k !== 'forwarded');
  const rank = (f: string) => {
    if (f === 'hastegrad') return order.indexOf('hastegradReason') - 0.5;
    if (f.startsWith('forwarded.'))
      return order.indexOf('advice') + 0.5 + targetOrder.indexOf(f.slice(10)) / 100;
    return order.indexOf(f);
  };
  conflicts.sort((x, y) => rank(x.field) - rank(y.field));
  return { ...unflat(out, targetOrder), conflicts };
}

/** The operator's text of a conflict applied to the form (their choice after a merge). */
export function applyMine(
  current: { form: RecordForm; hastegrad: Hastegrad | '' },
  conflict: MergeConflict,
  targetOrder: readonly string[],
): { form: RecordForm; hastegrad: Hastegrad | '' } {
  const values = flat(current.form, current.hastegrad);
  values[conflict.field] = conflict.mine;
  return unflat(values, targetOrder);
}

/** What the operator typed since `base` (for a record signed elsewhere meanwhile: not saved). */
export function unsavedChanges(
  base: { form: RecordForm; hastegrad: Hastegrad | '' },
  mine: { form: RecordForm; hastegrad: Hastegrad | '' },
): MergeConflict[] {
  const b = flat(base.form, base.hastegrad);
  const m = flat(mine.form, mine.hastegrad);
  return [...new Set([...Object.keys(b), ...Object.keys(m)])]
    .filter((k) => m[k] !== b[k])
    .map((field) => ({ field, mine: m[field], theirs: b[field] }));
}
