/**
 * The one paging convention of every list API: `?limit=&cursor=` in, `{ items, total, next }` out.
 *
 * - `limit`: 1–1000, default 100.
 * - `cursor`: opaque; pass the `next` of the previous page to get the following one. Absent = first
 *   page. A cursor that the server did not make is a 400 (`query.cursor`, code `invalid-cursor`).
 * - `total`: how many items match the filters (at the time of this page).
 * - `next`: the cursor of the following page, or null on the last page.
 *
 * Most lists page by position (the cursor holds an offset). The audit log pages by key (the cursor
 * holds the last id), so rows written while a client pages through it do not shift the pages.
 */
import { z, type ZodType } from 'zod';
import { AppError } from '../errors.ts';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Query fields of a paged list; spread into the route's query object schema. */
export const pageQueryShape = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().max(200).optional(),
};
export const pageQuery = z.object(pageQueryShape);
export type PageQuery = z.output<typeof pageQuery>;

export interface Page<T> {
  items: T[];
  total: number;
  next: string | null;
}

/** Response schema of a page of `item` (documentation, OpenAPI). */
export function pageSchema<T extends ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), next: z.string().nullable() });
}

type CursorData = { o: number } | { k: string };

function encode(data: CursorData): string {
  return Buffer.from(JSON.stringify(data)).toString('base64url');
}

function badCursor(): AppError {
  return new AppError('validation', 'The request query is invalid', {
    errors: [
      {
        path: 'query.cursor',
        code: 'invalid-cursor',
        message: 'not a cursor from this list: use the "next" of the previous page',
      },
    ],
  });
}

function decode(cursor: string): CursorData {
  try {
    const data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (data && typeof data === 'object') {
      const d = data as Record<string, unknown>;
      if (typeof d.o === 'number' && Number.isSafeInteger(d.o) && d.o >= 0) return { o: d.o };
      if (typeof d.k === 'string' && d.k.length > 0 && d.k.length <= 100) return { k: d.k };
    }
  } catch {
    /* falls through to the 400 */
  }
  throw badCursor();
}

/** The offset a positional cursor stands for (0 without a cursor). */
export function offsetOf(q: PageQuery): number {
  if (!q.cursor) return 0;
  const d = decode(q.cursor);
  if (!('o' in d)) throw badCursor();
  return d.o;
}

/** The last key a keyed cursor stands for (undefined without a cursor); `form` checks the key. */
export function keyOf(q: PageQuery, form: RegExp): string | undefined {
  if (!q.cursor) return undefined;
  const d = decode(q.cursor);
  if (!('k' in d) || !form.test(d.k)) throw badCursor();
  return d.k;
}

/** A page of rows read with `LIMIT limit OFFSET offsetOf(q)`, given the total count. */
export function offsetPage<T>(items: T[], total: number, q: PageQuery): Page<T> {
  const end = offsetOf(q) + items.length;
  return { items, total, next: items.length > 0 && end < total ? encode({ o: end }) : null };
}

/** A page of a list held in memory (small lists, snapshots of routing data). */
export function pageOf<T>(all: readonly T[], q: PageQuery): Page<T> {
  const offset = offsetOf(q);
  return offsetPage(all.slice(offset, offset + q.limit), all.length, q);
}

/**
 * A page of rows read by key: the caller fetched `limit + 1` rows after `keyOf(q)`; the extra row
 * only tells whether there is a next page.
 */
export function keyedPage<T>(rows: T[], total: number, q: PageQuery, keyOfRow: (row: T) => string): Page<T> {
  const items = rows.slice(0, q.limit);
  const more = rows.length > q.limit && items.length > 0;
  return { items, total, next: more ? encode({ k: keyOfRow(items[items.length - 1]!) }) : null };
}
