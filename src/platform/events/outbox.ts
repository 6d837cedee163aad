/**
 * The outbox table (`events`, migration 0020): append inside the change's transaction, read by
 * position, prune by age. Positions are read as text and converted, so PGlite and node-postgres
 * give the same numbers.
 */
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/types.ts';
import type { EventScope, PendingEvent, ScopeKind, StoredEvent } from './define-event.ts';

/**
 * The NOTIFY channel of the current schema: one per schema, so several test schemas (or tenants)
 * on one PostgreSQL do not wake each other's readers.
 */
export async function eventChannel(q: Queryable): Promise<string> {
  const r = await q.query<{ schema: string }>('SELECT current_schema() AS schema');
  return channelFor(r.rows[0]?.schema ?? 'public');
}

export const channelFor = (schema: string): string => `nodmeld_events_${schema}`.slice(0, 63);

/**
 * Writes the event into the outbox and queues a NOTIFY carrying only its position. Both take
 * effect when the transaction commits and vanish when it rolls back. Returns the position.
 */
export async function appendEvent(tx: Queryable, actor: Actor, event: PendingEvent): Promise<number> {
  const r = await tx.query<{ position: string }>(
    `INSERT INTO events (type, scope_kind, scope_id, payload, actor_type, actor_id, actor_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING position::text AS position`,
    [
      event.type,
      event.scope.kind,
      event.scope.id,
      JSON.stringify(event.payload),
      actor.type,
      actor.id,
      actor.name,
    ],
  );
  const position = r.rows[0]!.position;
  await tx.query(`SELECT pg_notify(left('nodmeld_events_' || current_schema(), 63), $1)`, [position]);
  return Number(position);
}

interface EventRow {
  position: string;
  type: string;
  scope_kind: ScopeKind;
  scope_id: string | null;
  payload: unknown;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  at: string | Date;
}

const fromRow = (r: EventRow): StoredEvent => ({
  position: Number(r.position),
  type: r.type,
  scope: { kind: r.scope_kind, id: r.scope_id } satisfies EventScope,
  payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as unknown) : r.payload,
  actor: { type: r.actor_type, id: r.actor_id, name: r.actor_name },
  at: new Date(r.at).toISOString(),
});

/** Committed events after `after` (and up to `upTo` when given), in position order. */
export async function readEvents(
  q: Queryable,
  opts: { after: number; upTo?: number; limit: number },
): Promise<StoredEvent[]> {
  const params: unknown[] = [String(opts.after), opts.limit];
  let bound = '';
  if (opts.upTo !== undefined) {
    params.push(String(opts.upTo));
    bound = ' AND e.position <= $3::bigint';
  }
  const r = await q.query<EventRow>(
    // Ordered by the column, not by the text alias of the same name ("10" < "9").
    `SELECT e.position::text AS position, type, scope_kind, scope_id, payload, actor_type, actor_id, actor_name, at
       FROM events e WHERE e.position > $1::bigint${bound} ORDER BY e.position LIMIT $2`,
    params,
  );
  return r.rows.map(fromRow);
}

/** The highest committed position (0 when the outbox is empty). */
export async function lastPosition(q: Queryable): Promise<number> {
  const r = await q.query<{ p: string | null }>('SELECT max(position)::text AS p FROM events');
  return Number(r.rows[0]?.p ?? 0);
}

/** The highest position removed by retention: resuming from before it has lost events. */
export async function prunedThrough(q: Queryable): Promise<number> {
  const r = await q.query<{ p: string }>(
    'SELECT pruned_through::text AS p FROM events_retention WHERE id = 1',
  );
  return Number(r.rows[0]?.p ?? 0);
}

/** `xmin` and `xmax` of a fresh snapshot (the gap rule in event-bus.ts). */
export async function snapshotBounds(q: Queryable): Promise<{ xmin: bigint; xmax: bigint }> {
  const r = await q.query<{ xmin: string; xmax: string }>(
    `SELECT pg_snapshot_xmin(s)::text AS xmin, pg_snapshot_xmax(s)::text AS xmax FROM pg_current_snapshot() AS s`,
  );
  return { xmin: BigInt(r.rows[0]!.xmin), xmax: BigInt(r.rows[0]!.xmax) };
}
