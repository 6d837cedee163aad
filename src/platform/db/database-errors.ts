/**
 * The one place where PostgreSQL errors become application errors (PGlite and node-postgres raise
 * the same SQLSTATE codes and fields). The stores check what they can up front (e.g. "this HPR
 * number is taken"), but two requests at once both pass such a check, and an edit can land on a
 * value another record holds: the database's constraint is then the real guard, and its error is a
 * 409/422 for the caller, not a 500.
 *
 * The problem names the constraint and its columns, which are stable (migrations are
 * forward-only), and never the row values or other rows' data from the server's message.
 */
import { AppError } from '../errors.ts';

interface PgErrorFields {
  code?: unknown;
  constraint?: unknown;
  column?: unknown;
  detail?: unknown;
  message?: unknown;
}

/** `Key (a, b)=(…)` in a unique or foreign-key error detail → ['a', 'b'] (the values are dropped). */
function keyColumns(detail: unknown): string[] {
  if (typeof detail !== 'string') return [];
  const m = /^Key \((.+?)\)=\(/.exec(detail);
  return m ? m[1]!.split(',').map((c) => c.trim()) : [];
}

/** SQLSTATE 22xxx (data exceptions) that a caller's input can cause. */
const DATA_EXCEPTIONS: Record<string, string> = {
  '22P02': 'A value has the wrong form (for example an id that is not a UUID)',
  '22001': 'A text is longer than the database allows',
  '22003': 'A number is out of range',
  '22007': 'A date or time has the wrong form',
  '22008': 'A date or time is out of range',
  '22021': 'A text contains a character that cannot be stored (NUL)',
  '22P05': 'A text contains a character that cannot be stored (NUL)',
  '22023': 'A value is not valid for the database',
};

/**
 * The application error for a PostgreSQL error, or null when `err` is not one (or not one a
 * caller can cause: those stay a 500 that is logged).
 */
export function fromDatabaseError(err: unknown): AppError | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as PgErrorFields;
  if (typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) return null;
  const constraint = typeof e.constraint === 'string' ? e.constraint : undefined;
  const named = constraint ? ` (${constraint})` : '';
  switch (e.code) {
    case '23505': {
      const columns = keyColumns(e.detail);
      return new AppError(
        'unique-violation',
        `Another record already has the same ${columns.length ? columns.join(', ') : 'value'}${named}`,
        { constraint, columns },
      );
    }
    case '23503': {
      const columns = keyColumns(e.detail);
      // "update or delete on table … is still referenced" vs "insert or update … is not present".
      if (typeof e.message === 'string' && e.message.startsWith('update or delete'))
        return new AppError('still-referenced', `The record is still referred to by other records${named}`, {
          constraint,
          columns,
        });
      return new AppError(
        'reference-missing',
        `The ${columns.length ? columns.join(', ') : 'record'} referred to does not exist${named}`,
        { constraint, columns },
      );
    }
    case '23514':
      return new AppError('check-violation', `The change breaks a rule of the register${named}`, {
        constraint,
      });
    case '23502': {
      const column = typeof e.column === 'string' ? e.column : undefined;
      return new AppError('check-violation', `A required value is missing${column ? ` (${column})` : ''}`, {
        columns: column ? [column] : [],
      });
    }
    case '23P01':
      return new AppError('conflict', `The change overlaps an existing record${named}`, { constraint });
    case '40001':
    case '40P01':
      return new AppError('conflict', 'Another change collided with this one; nothing was saved, try again', {
        retryable: true,
      });
    default: {
      const what = DATA_EXCEPTIONS[e.code];
      if (what) return new AppError('invalid-value', what, { sqlstate: e.code });
      return null;
    }
  }
}
