/**
 * Re-routes (RT-7) and centre availability (RT-11): every change is checked, and written with its
 * audit row, its event (routing/events.ts: other instances apply it at once) and a bump of the
 * routing-state revision (the fallback poll's signal) in one transaction; then this instance's
 * runtime reloads its state.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import { changedFields } from '../../platform/audit.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import { availabilityChanged, rerouteCreated, rerouteEnded } from '../events.ts';
import { AppError, refusal } from '../../platform/errors.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { validateReroute } from '../domain/engine.ts';
import type { Reroute } from '../domain/types.ts';
import type { RoutingRuntime } from '../runtime.ts';
import { rerouteFromRow } from '../runtime.ts';
import {
  checkRerouteRequest,
  mayChangeRouting,
  type ReroutePolicyRules,
  type RerouteRequest,
} from './reroute-policy.ts';

export interface RerouteView extends Reroute {
  status: 'scheduled' | 'active' | 'ended';
  requestedBy: string;
  createdAt: string;
  endedAt: string | null;
  endedBy: string | null;
}

const SELECT = `SELECT id, from_centre_id, to_centre_id, kind, reason, starts_at, ends_at, ended_at,
                       requested_by, created_at, ended_by FROM reroutes`;

type Row = Parameters<typeof rerouteFromRow>[0] & {
  requested_by: string;
  created_at: string | Date;
  ended_by: string | null;
};

function view(row: Row, now: Date): RerouteView {
  const r = rerouteFromRow(row);
  const t = now.toISOString();
  const status = r.endsAt !== null && r.endsAt <= t ? 'ended' : r.startsAt > t ? 'scheduled' : 'active';
  return {
    ...r,
    status,
    requestedBy: row.requested_by,
    createdAt: new Date(row.created_at).toISOString(),
    endedAt: row.ended_at ? new Date(row.ended_at).toISOString() : null,
    endedBy: row.ended_by,
  };
}

async function bumpRevision(tx: Queryable): Promise<void> {
  await tx.query('UPDATE routing_state SET revision = revision + 1 WHERE id = 1');
}

export class RerouteService {
  constructor(
    private readonly runtime: RoutingRuntime,
    private readonly rules: ReroutePolicyRules,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A centre's name in the current data (its id when the data does not have it). */
  private centreName(id: string): string {
    return this.runtime.current().compiled.centreById.get(id)?.centre.name ?? id;
  }

  /** Every matching re-route, newest first (complete: the HTTP route pages it). */
  async list(filter: { status?: 'open' | 'all'; centreId?: string } = {}): Promise<RerouteView[]> {
    const now = this.now();
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.centreId) {
      params.push(filter.centreId);
      where.push(`(from_centre_id = $${params.length} OR to_centre_id = $${params.length})`);
    }
    const r = await this.runtime.db.query<Row>(
      `${SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY starts_at DESC, id`,
      params,
    );
    const rows = r.rows.map((row) => view(row, now));
    return filter.status === 'all' ? rows : rows.filter((v) => v.status !== 'ended');
  }

  /** The AMK area a centre belongs to, from the active data (null without data). */
  private areaOf(centreId: string): string | null {
    if (!this.runtime.hasData()) return null;
    return this.runtime.current().compiled.centreById.get(centreId)?.centre.amkId ?? null;
  }

  async create(actor: Actor, req: RerouteRequest): Promise<RerouteView> {
    const now = this.now();
    const check = checkRerouteRequest(req, actor, now, this.rules, this.areaOf(req.fromCentreId));
    if (!check.ok) {
      const params = { ...check.detail.params };
      // The web shows the centre by name, never its id.
      if (typeof params.centreId === 'string') params.centre = this.centreName(params.centreId);
      throw refusal(check.code, check.message, { code: check.detail.code, params });
    }
    const snapshot = this.runtime.current();
    const id = randomUUID();
    const candidate: Reroute = {
      id,
      fromCentreId: req.fromCentreId,
      toCentreId: req.toCentreId,
      kind: req.kind,
      reason: req.reason,
      startsAt: check.startsAt,
      endsAt: check.endsAt,
    };
    const created = await this.runtime.db.transaction(async (tx) => {
      // Serialise re-route changes: the cycle check must see every accepted re-route.
      await tx.query('SELECT revision FROM routing_state WHERE id = 1 FOR UPDATE');
      const open = await tx.query<Row>(
        `${SELECT} WHERE ended_at IS NULL AND (ends_at IS NULL OR ends_at > $1)`,
        [now.toISOString()],
      );
      const existing = open.rows.map(rerouteFromRow);
      const v = validateReroute(candidate, existing, snapshot.compiled);
      if (!v.ok) {
        throw refusal(
          v.code === 'unknown-centre' ? 'not-found' : v.code === 'cycle' ? 'conflict' : 'validation',
          v.message,
          {
            code: `reroute.${v.code}`,
            params: v.cycle
              ? { cycle: v.cycle.map((c) => this.centreName(c)).join(' → ') }
              : {
                  centre: this.centreName(
                    req.fromCentreId === req.toCentreId ? req.fromCentreId : req.toCentreId,
                  ),
                },
          },
          {
            reason: v.code,
            ...(v.cycle ? { cycle: v.cycle } : {}),
          },
        );
      }
      const row = await tx.query<Row>(
        `INSERT INTO reroutes (id, from_centre_id, to_centre_id, kind, reason, starts_at, ends_at, requested_by, requested_role)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id, from_centre_id, to_centre_id, kind, reason, starts_at, ends_at, ended_at, requested_by, created_at, ended_by`,
        [
          id,
          req.fromCentreId,
          req.toCentreId,
          req.kind,
          req.reason,
          check.startsAt,
          check.endsAt,
          actor.name,
          actor.role,
        ],
      );
      await recordChange(tx, actor, {
        audit: {
          action: 'reroute.create',
          entityType: 'reroute',
          entityId: id,
          centreId: req.fromCentreId,
          details: { ...candidate, dataVersion: snapshot.version },
        },
        event: rerouteCreated.of({
          id,
          fromCentreId: req.fromCentreId,
          toCentreId: req.toCentreId,
          kind: req.kind,
          startsAt: new Date(check.startsAt).toISOString(),
          endsAt: check.endsAt === null ? null : new Date(check.endsAt).toISOString(),
        }),
      });
      await bumpRevision(tx);
      return row.rows[0]!;
    });
    await this.runtime.refreshState(true);
    return view(created, now);
  }

  async end(actor: Actor, id: string, reason: string): Promise<RerouteView> {
    const now = this.now();
    const ended = await this.runtime.db.transaction(async (tx) => {
      const r = await tx.query<Row>(`${SELECT} WHERE id = $1 FOR UPDATE`, [id]);
      const row = r.rows[0];
      if (!row) throw new AppError('not-found', `No re-route ${id}`);
      if (!mayChangeRouting(actor, row.from_centre_id, this.areaOf(row.from_centre_id))) {
        throw refusal(
          'forbidden',
          `Only a leader of ${row.from_centre_id} or the operations centre may end this re-route`,
          { code: 'reroute.end-forbidden', params: { centre: this.centreName(row.from_centre_id) } },
        );
      }
      if (view(row, now).status === 'ended')
        throw refusal('conflict', 'The re-route has already ended', { code: 'reroute.already-ended' });
      const u = await tx.query<Row>(
        `UPDATE reroutes SET ended_at = $2, ended_by = $3 WHERE id = $1
         RETURNING id, from_centre_id, to_centre_id, kind, reason, starts_at, ends_at, ended_at, requested_by, created_at, ended_by`,
        [id, now.toISOString(), actor.name],
      );
      await recordChange(tx, actor, {
        audit: {
          action: 'reroute.end',
          entityType: 'reroute',
          entityId: id,
          centreId: row.from_centre_id,
          details: { reason },
        },
        event: rerouteEnded.of({
          id,
          fromCentreId: row.from_centre_id,
          toCentreId: row.to_centre_id,
          endedAt: now.toISOString(),
        }),
      });
      await bumpRevision(tx);
      return u.rows[0]!;
    });
    await this.runtime.refreshState(true);
    return view(ended, now);
  }

  /** Marks a centre unavailable (calls go to its alternative answering site, RT-11) or available again. */
  async setAvailability(actor: Actor, centreId: string, unavailable: boolean, reason: string): Promise<void> {
    if (!this.runtime.current().compiled.centreById.has(centreId))
      throw new AppError('not-found', `No centre ${centreId}`);
    if (!mayChangeRouting(actor, centreId, this.areaOf(centreId))) {
      throw refusal(
        'forbidden',
        `Only a leader of ${centreId} or the operations centre may change its availability`,
        { code: 'centre.availability-forbidden', params: { centre: this.centreName(centreId) } },
      );
    }
    await this.runtime.db.transaction(async (tx) => {
      const prev = await tx.query<{ unavailable: boolean; reason: string | null }>(
        'SELECT unavailable, reason FROM centre_availability WHERE centre_id = $1 FOR UPDATE',
        [centreId],
      );
      const before = prev.rows[0] ?? { unavailable: false, reason: null };
      await tx.query(
        `INSERT INTO centre_availability (centre_id, unavailable, reason, changed_at, changed_by)
         VALUES ($1, $2, $3, now(), $4)
         ON CONFLICT (centre_id) DO UPDATE SET unavailable = $2, reason = $3, changed_at = now(), changed_by = $4`,
        [centreId, unavailable, reason, actor.name],
      );
      await recordChange(tx, actor, {
        audit: {
          action: unavailable ? 'centre.unavailable' : 'centre.available',
          entityType: 'centre',
          entityId: centreId,
          centreId,
          // The state before and after, like every update's audit row.
          details: { reason, changes: changedFields(before, { unavailable, reason }) },
        },
        event: availabilityChanged.of({ centreId, unavailable }),
      });
      await bumpRevision(tx);
    });
    await this.runtime.refreshState(true);
  }
}
