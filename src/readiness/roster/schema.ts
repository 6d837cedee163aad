/** zod schemas of rosters and their competence check (TR-1, CMP-1 … CMP-5): the HTTP request and response shapes (OpenAPI). */
import { z } from 'zod';
import { ROSTER_ROLES, UNIT_KINDS as ROSTER_UNIT_KINDS } from '../competence/types.ts';
import { rule } from '../../platform/http/field-errors.ts';
import { isoDate, isoDateTime } from '../schema-parts.ts';

/** Roster roles and unit kinds come from the competence rules (one list). */
export { ROSTER_ROLES };
export const SHIFT_UNIT_KINDS = ROSTER_UNIT_KINDS;
export const shiftInput = z.object({
  /** The unit or vehicle staffed: a readiness unit id, or a vehicle id such as "A-12". */
  unitId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/, rule('unit-id', '1–100 letters, digits or . _ : @ -')),
  unitKind: z.enum(SHIFT_UNIT_KINDS),
  start: isoDateTime,
  /** Exclusive end. */
  end: isoDateTime,
  assignments: z
    .array(
      z.object({
        /** Person id, HPR number or employee number. */
        person: z.string().min(1).max(100),
        role: z.enum(ROSTER_ROLES),
      }),
    )
    .min(1),
});
export type ShiftInput = z.infer<typeof shiftInput>;
export const rosterBody = z.object({
  /** The unit the roster belongs to (a municipality, legevakt, LV-sentral or ambulance station). */
  unitId: z.string().min(1).max(100),
  /** Monday of the week (ISO week); the check covers Monday 00:00 to the next Monday 00:00, Oslo time. */
  weekStart: isoDate,
  shifts: z.array(shiftInput).min(1).max(5000),
});
/**
 * CSV roster import: `text/csv` with the header `unit_id,unit_kind,start,end,person_id,role`
 * (one row per person per shift; person_id = person id, HPR number or employee number).
 */
export const rosterImportQuery = z.object({ unitId: z.string().min(1).max(100), weekStart: isoDate });
export const violationSchema = z.object({
  /** competence | composition | backup | coverage | training | unknown-person | invalid-shift */
  kind: z.string(),
  paragraph: z.string(),
  requirementId: z.string(),
  unitId: z.string(),
  /** The unit's name when it is registered (a roster may name units that are not). */
  unitName: z.string().optional(),
  unitKind: z.string(),
  shiftId: z.string().optional(),
  start: z.string(),
  end: z.string(),
  message: z.string(),
  messageNb: z.string(),
  people: z.array(z.object({ id: z.string(), name: z.string() })),
  missing: z.array(
    z.object({
      code: z.string(),
      element: z.string(),
      paragraph: z.string(),
      personId: z.string().optional(),
    }),
  ),
  lines: z.array(z.number()).optional(),
});
export type Violation = z.infer<typeof violationSchema>;
export const rosterSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  weekStart: z.string(),
  source: z.enum(['csv', 'api']),
  importedAt: z.string(),
  shifts: z.array(
    shiftInput.extend({
      id: z.string(),
      assignments: z.array(
        z.object({
          person: z.string(),
          personId: z.string(),
          personName: z.string(),
          role: z.enum(ROSTER_ROLES),
        }),
      ),
      lines: z.array(z.number()).nullable(),
    }),
  ),
  check: z.object({ ok: z.boolean(), checkedShifts: z.number(), violations: z.array(violationSchema) }),
});
export const rosterSummarySchema = z.object({
  id: z.string(),
  unitId: z.string(),
  weekStart: z.string(),
  source: z.enum(['csv', 'api']),
  importedAt: z.string(),
  shifts: z.number(),
});
