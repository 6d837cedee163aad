/** The shapes every readiness schema shares: calendar dates, date-times and trimmed text. */
import { z } from 'zod';
import { isIsoDate } from './competence/dates.ts';
import { rule } from '../platform/http/field-errors.ts';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, rule('date', 'a date YYYY-MM-DD'))
  .refine(isIsoDate, rule('calendar-date', 'not a calendar date'));
export const isoDateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/,
    rule('date-time', 'a date-time with offset, e.g. 2025-03-03T08:00+01:00'),
  );
export const text = (max = 200) => z.string().trim().min(1).max(max);
export const optText = (max = 200) => z.string().trim().max(max).nullish();
