/**
 * The contact record of a call (issue 11; LV-3, LV-6): what the operator documents of every call —
 * health personnel's duty to keep records. Pure: the content's shape, the national identity number
 * check, and what a record needs before it is signed.
 *
 * Life: a draft is saved as often as the operator likes (it survives a reload); signing closes
 * it; a signed record is only amended, each amendment a new version with its reason, the earlier
 * versions kept (contact-record-store.ts).
 */
import { z } from 'zod';
import { callerRelations, forwardTargets } from './contact-record-values.ts';
import { hastegradSchema } from '../domain/call-event.ts';
import type { FieldError } from '../../platform/errors.ts';
import { nationalIdProblem } from './national-id.ts';

export { nationalIdProblem };

const text = (max: number) => z.string().trim().max(max);
const phoneNumber = z.string().regex(/^\+?\d{3,15}$/);

export { callerRelations, forwardTargets } from './contact-record-values.ts';

export const contactRecordContentSchema = z.object({
  caller: z
    .object({
      name: text(200).optional(),
      /** The number to call back on (may differ from the calling number). */
      callbackNumber: phoneNumber.optional(),
      /** The caller's relation to the patient: self, relative, health personnel, other. */
      relation: z.enum(callerRelations).optional(),
    })
    .default({}),
  patient: z
    .discriminatedUnion('kind', [
      z.object({
        kind: z.literal('identified'),
        /** Fødselsnummer or D-nummer, 11 digits (checked by `nationalIdProblem`). */
        nationalId: z.string().regex(/^\d{11}$/),
        name: text(200).optional(),
      }),
      z.object({
        kind: z.literal('unknown'),
        /** What is known: age, sex, description. */
        description: text(500).optional(),
      }),
    ])
    .optional(),
  location: z
    .object({
      address: text(300).optional(),
      municipality: z
        .string()
        .regex(/^\d{4}$/)
        .optional(),
    })
    .default({}),
  hastegrad: hastegradSchema.optional(),
  /** Why this urgency (the criteria or the operator's assessment). */
  hastegradReason: text(1000).optional(),
  /** What was advised or done. */
  advice: text(4000).optional(),
  forwardedTo: z
    .array(z.object({ target: z.enum(forwardTargets), note: text(500).optional() }))
    .max(10)
    .default([]),
  freeText: text(8000).optional(),
});
export type ContactRecordContent = z.infer<typeof contactRecordContentSchema>;

/** Field problems of content that may be saved as a draft (a bad identity number is refused at once). */
export function draftProblems(content: ContactRecordContent): FieldError[] {
  const problems: FieldError[] = [];
  if (content.patient?.kind === 'identified') {
    const code = nationalIdProblem(content.patient.nationalId);
    if (code)
      problems.push({
        path: 'body.content.patient.nationalId',
        code,
        message: 'Not a valid fødselsnummer or D-nummer',
      });
  }
  return problems;
}

/**
 * What a record needs to be signed (LV-3, LV-6): who the patient is (or that they are unknown),
 * the urgency with its reason, and what was advised or done.
 */
export function signingProblems(content: ContactRecordContent): FieldError[] {
  const problems = draftProblems(content);
  const missing = (path: string, message: string) =>
    problems.push({ path: `body.content.${path}`, code: 'contact.required-to-sign', message });
  if (!content.patient) missing('patient', 'The patient, or that the patient is unknown');
  if (!content.hastegrad) missing('hastegrad', 'The urgency (hastegrad)');
  if (!content.hastegradReason) missing('hastegradReason', 'Why this urgency');
  if (!content.advice) missing('advice', 'What was advised or done');
  return problems;
}
