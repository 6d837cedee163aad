/**
 * The open conferences (NN-3; migration 0039): written in the same transaction as the audit row
 * and the event of their start and end (talk-groups.ts), read by any instance. Parameterised SQL
 * only here.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../platform/db/types.ts';
import type { Conference } from './port.ts';

export interface OpenConference {
  id: string;
  amkId: string;
  parties: Conference['parties'];
  startedAt: string;
  startedBy: string;
}

interface Row {
  network_id: string;
  amk_id: string;
  parties: Conference['parties'] | string;
  started_at: Date | string;
  started_by: string;
}

const toOpen = (r: Row): OpenConference => ({
  id: r.network_id,
  amkId: r.amk_id,
  parties: typeof r.parties === 'string' ? (JSON.parse(r.parties) as Conference['parties']) : r.parties,
  startedAt: new Date(r.started_at).toISOString(),
  startedBy: r.started_by,
});

const COLUMNS = 'network_id, amk_id, parties, started_at, started_by';

/**
 * Records a connected conference. An open row with the same network id is from before the network
 * side restarted (it numbers its calls again): it is closed first, as ended by the network.
 */
export async function insertConference(
  tx: Queryable,
  c: { networkId: string; amkId: string; parties: Conference['parties']; at: Date; by: string },
): Promise<void> {
  await tx.query(
    `UPDATE nodnett_conferences SET ended_at = $2, ended_by = 'network' WHERE network_id = $1 AND ended_at IS NULL`,
    [c.networkId, c.at],
  );
  await tx.query(
    `INSERT INTO nodnett_conferences (id, network_id, amk_id, parties, started_at, started_by) VALUES ($1, $2, $3, $4, $5, $6)`,
    [randomUUID(), c.networkId, c.amkId, JSON.stringify(c.parties), c.at, c.by],
  );
}

/** The open conference with this network id, or null. */
export async function findOpenConference(q: Queryable, networkId: string): Promise<OpenConference | null> {
  const r = await q.query<Row>(
    `SELECT ${COLUMNS} FROM nodnett_conferences WHERE network_id = $1 AND ended_at IS NULL`,
    [networkId],
  );
  return r.rows[0] ? toOpen(r.rows[0]) : null;
}

/** Closes the open conference; false when it was closed meanwhile (another instance ended it). */
export async function closeConference(
  tx: Queryable,
  networkId: string,
  at: Date,
  by: string,
): Promise<boolean> {
  const r = await tx.query<{ network_id: string }>(
    `UPDATE nodnett_conferences SET ended_at = $2, ended_by = $3 WHERE network_id = $1 AND ended_at IS NULL RETURNING network_id`,
    [networkId, at, by],
  );
  return r.rows.length > 0;
}

/** Every open conference, newest first (the caller filters by what the actor may read). */
export async function listOpenConferences(q: Queryable): Promise<OpenConference[]> {
  const r = await q.query<Row>(
    `SELECT ${COLUMNS} FROM nodnett_conferences WHERE ended_at IS NULL ORDER BY started_at DESC, network_id LIMIT 500`,
  );
  return r.rows.map(toOpen);
}
