/**
 * The routing runtime: keeps the active data version compiled in memory and the operational
 * state (re-routes, unavailable centres) that every decision reads (`decide-call.ts`).
 *
 * Data switch (import → activate): the new version is loaded and compiled completely before one
 * reference assignment swaps it in. Node runs decisions on one thread, so every decision sees
 * either the old or the new version, never a mix, and none fails during the switch.
 *
 * Other instances' changes (issue 9): a re-route, an availability change or a data activation is
 * written with its event (routing/events.ts); when the event bus delivers it, `syncNow` re-reads
 * the active version and the state at once. Polling (`pollMs`, default 10 s) stays as the fallback
 * for a bus that cannot listen (a lost LISTEN connection is also caught up by the bus itself).
 *
 * Database outage (issue 8): decisions never touch the database, so they go on from the data and
 * state in memory however long the outage lasts. Polls fail (each within the database timeouts)
 * and are retried every interval; the first one to succeed after the outage catches up with every
 * change made meanwhile. A poll that hangs anyway (a driver that never answers) is abandoned after
 * `pollDeadlineMs` so polling cannot stop for good, and a late answer from it is discarded.
 * `stateFreshness()` reports the age of the last successful refresh; the state counts as stale
 * after `STALE_AFTER_POLLS` poll intervals without one (surfaced by /healthz and /readyz).
 */
import type { Logger } from 'pino';
import type { Db } from '../platform/db/types.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { EventBus, Subscription } from '../platform/events/event-bus.ts';
import { ROUTING_STATE_EVENTS } from './events.ts';
import { compileRoutingData, type CompiledRoutingData } from './domain/compile.ts';
import type { OperationalState, Reroute, RoutingDataSet, RoutingPolicy } from './domain/types.ts';
import { DEFAULT_POLICY } from './domain/types.ts';
import { databaseUnavailableReason } from '../platform/db/unavailable.ts';
import { activateDataVersion, getActiveDataVersion, importDataSet, loadDataVersion } from './data/store.ts';

export interface RoutingSnapshot {
  version: number;
  data: RoutingDataSet;
  compiled: CompiledRoutingData;
  loadedAt: string;
}

export interface RoutingRuntimeOptions {
  db: Db;
  logger: Logger;
  policy?: RoutingPolicy;
  /** Fallback poll interval for data-version and state changes made by other instances; 0 disables. */
  pollMs?: number;
  /** Routing-state events from every instance: each one triggers `syncNow`. */
  events?: EventBus;
  /** A poll running longer than this is abandoned and a new one started. Default: max(10 × pollMs, 60 s). */
  pollDeadlineMs?: number;
  now?: () => Date;
}

/** The state counts as stale after this many poll intervals without a successful refresh. */
export const STALE_AFTER_POLLS = 5;

/** How current this instance's view of re-routes, availability and the active version is. */
export interface StateFreshness {
  /** Last time the database confirmed the state (ISO), or null if never. */
  lastRefreshAt: string | null;
  /** Milliseconds since then, or null if never. */
  ageMs: number | null;
  /** Age after which the state counts as stale (null: polling disabled, never stale). */
  staleAfterMs: number | null;
  stale: boolean;
  /** Why the last poll failed (a stable reason), or null when it succeeded. */
  lastPollError: string | null;
}

interface RerouteRow {
  id: string;
  from_centre_id: string;
  to_centre_id: string;
  kind: 'planned' | 'urgent';
  reason: string;
  starts_at: string | Date;
  ends_at: string | Date | null;
  ended_at: string | Date | null;
}

const isoOrNull = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());

/** Effective end of a re-route: its planned end, or the moment it was ended early. */
export function rerouteFromRow(r: RerouteRow): Reroute {
  const ends = isoOrNull(r.ends_at);
  const ended = isoOrNull(r.ended_at);
  const endsAt = ended && (!ends || ended < ends) ? ended : ends;
  return {
    id: r.id,
    fromCentreId: r.from_centre_id,
    toCentreId: r.to_centre_id,
    kind: r.kind,
    reason: r.reason,
    startsAt: new Date(r.starts_at).toISOString(),
    endsAt,
  };
}

export class RoutingRuntime {
  private snapshot: RoutingSnapshot | null = null;
  private operational: OperationalState = { reroutes: [], unavailableCentreIds: [] };
  private stateRevision = -1;
  private timer: NodeJS.Timeout | null = null;
  /** The poll in flight: its generation and start (monotonic ms). */
  private inflightPoll: { gen: number; startedAt: number } | null = null;
  private pollGen = 0;
  /** Monotonic time of the last successful state refresh (performance.now()), and its wall-clock twin. */
  private refreshedAt: { mono: number; wall: Date } | null = null;
  private lastPollError: string | null = null;
  readonly policy: RoutingPolicy;
  private readonly now: () => Date;
  private subscription: Subscription | null = null;
  /** Callers of `syncNow` waiting for the next poll to finish, and whether one must follow. */
  private syncWaiters: (() => void)[] = [];
  private syncRequested = false;

  constructor(private readonly opts: RoutingRuntimeOptions) {
    this.policy = opts.policy ?? DEFAULT_POLICY;
    this.now = opts.now ?? (() => new Date());
  }

  get db(): Db {
    return this.opts.db;
  }

  /** Loads the active data version (importing `seedDir` first when the database has none). */
  async start(seed?: () => Promise<RoutingDataSet>): Promise<void> {
    let version = await getActiveDataVersion(this.opts.db);
    if (version === null && seed) {
      const data = await seed();
      const system: Actor = { type: 'system', id: null, name: 'bootstrap', role: 'admin', centreId: null };
      const r = await importDataSet(this.opts.db, data, {
        source: 'default data set (first start)',
        actor: system,
      });
      await activateDataVersion(this.opts.db, r.version, system);
      version = r.version;
    }
    // Subscribed before the first load: a change committed meanwhile triggers a sync, never slips by.
    this.subscription =
      this.opts.events?.subscribe({
        types: ROUTING_STATE_EVENTS,
        // Never awaited: a sync that hangs on the database must not hold up the bus.
        handler: () => void this.syncNow(),
      }) ?? null;
    if (version !== null) await this.switchTo(version);
    await this.refreshState(true);
    if (this.opts.pollMs && this.opts.pollMs > 0) {
      this.timer = setInterval(() => void this.poll(), this.opts.pollMs);
      this.timer.unref();
    }
  }

  /** How current the operational state and data version are (for /healthz and /readyz). */
  stateFreshness(): StateFreshness {
    const pollMs = this.opts.pollMs ?? 0;
    const staleAfterMs = pollMs > 0 ? STALE_AFTER_POLLS * pollMs : null;
    const ageMs = this.refreshedAt ? Math.round(performance.now() - this.refreshedAt.mono) : null;
    return {
      lastRefreshAt: this.refreshedAt?.wall.toISOString() ?? null,
      ageMs,
      staleAfterMs,
      stale: staleAfterMs !== null && (ageMs === null || ageMs > staleAfterMs),
      lastPollError: this.lastPollError,
    };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.subscription?.close();
    this.subscription = null;
  }

  /**
   * Re-reads the active data version and the operational state now (a routing event arrived).
   * Resolves when a read that started after this call has finished (successfully or not); calls
   * during a read share the one that follows it.
   */
  syncNow(): Promise<void> {
    return new Promise((resolve) => {
      this.syncWaiters.push(resolve);
      if (this.inflightPoll) this.syncRequested = true;
      else void this.poll();
    });
  }

  /** The active snapshot; throws a clear error before any data is loaded. */
  current(): RoutingSnapshot {
    if (!this.snapshot)
      throw new Error('No routing data version is active: import one with `nodmeld data import <dir>`');
    return this.snapshot;
  }

  hasData(): boolean {
    return this.snapshot !== null;
  }

  state(): OperationalState {
    return this.operational;
  }

  /** Loads, compiles and swaps in a data version. */
  async switchTo(version: number): Promise<void> {
    await this.loadAndSwitch(version, () => true);
  }

  /** `current()` says whether the caller still wants the switch once the data is loaded. */
  private async loadAndSwitch(version: number, current: () => boolean): Promise<void> {
    const data = await loadDataVersion(this.opts.db, version);
    if (!current()) return;
    const compiled = compileRoutingData(data, version);
    const snapshot = { version, data, compiled, loadedAt: this.now().toISOString() };
    this.snapshot = snapshot;
    this.opts.logger.info({ version }, 'routing data version active');
  }

  /**
   * Re-reads re-routes and availability when their revision changed (or when forced). Re-routes
   * that ended more than a day ago are left out (decisions `at` a recent past time still see them),
   * so the operational state stays small however long the system runs.
   */
  async refreshState(force = false): Promise<void> {
    await this.loadState(force, () => true);
  }

  private async loadState(force: boolean, current: () => boolean): Promise<void> {
    const rev = await this.opts.db.query<{ revision: string | number }>(
      'SELECT revision::text AS revision FROM routing_state WHERE id = 1',
    );
    const revision = Number(rev.rows[0]?.revision ?? 0);
    if (!current()) return;
    if (!force && revision === this.stateRevision) {
      this.markRefreshed();
      return;
    }
    const [reroutes, unavailable] = await Promise.all([
      this.opts.db.query<RerouteRow>(
        `SELECT id, from_centre_id, to_centre_id, kind, reason, starts_at, ends_at, ended_at
           FROM reroutes
          WHERE (ended_at IS NULL OR (ended_at > starts_at AND ended_at > now() - interval '1 day'))
            AND (ends_at IS NULL OR ends_at > now() - interval '1 day')`,
      ),
      this.opts.db.query<{ centre_id: string }>(
        'SELECT centre_id FROM centre_availability WHERE unavailable',
      ),
    ]);
    // A late answer from an abandoned poll, or one older than what is already loaded, is dropped.
    if (!current() || revision < this.stateRevision) return;
    this.operational = {
      reroutes: reroutes.rows.map(rerouteFromRow).filter((r) => r.endsAt === null || r.endsAt > r.startsAt),
      unavailableCentreIds: unavailable.rows.map((r) => r.centre_id),
    };
    this.stateRevision = revision;
    this.markRefreshed();
  }

  private markRefreshed(): void {
    this.refreshedAt = { mono: performance.now(), wall: new Date() };
  }

  private async poll(): Promise<void> {
    const started = performance.now();
    if (this.inflightPoll) {
      const pollMs = this.opts.pollMs ?? 0;
      const deadline = this.opts.pollDeadlineMs ?? Math.max(10 * pollMs, 60_000);
      const runningMs = started - this.inflightPoll.startedAt;
      if (runningMs < deadline) return;
      this.opts.logger.error(
        { runningMs: Math.round(runningMs) },
        'routing state poll has not finished; abandoning it and polling again',
      );
    }
    const gen = ++this.pollGen;
    this.inflightPoll = { gen, startedAt: started };
    const waiters = this.syncWaiters.splice(0);
    this.syncRequested = false;
    const current = () => this.pollGen === gen;
    try {
      const active = await getActiveDataVersion(this.opts.db);
      if (current() && active !== null && active !== this.snapshot?.version) {
        await this.loadAndSwitch(active, current);
      }
      await this.loadState(false, current);
      if (current() && this.lastPollError !== null) {
        this.opts.logger.info('routing state poll succeeds again; state is current');
        this.lastPollError = null;
      }
    } catch (err) {
      if (!current()) return;
      const reason = databaseUnavailableReason(err) ?? 'error';
      // Logged once per outage, not every interval.
      if (this.lastPollError === null) {
        this.opts.logger.warn(
          { err, reason },
          'routing state poll failed; routing continues on the state in memory and polling goes on',
        );
      }
      this.lastPollError = reason;
    } finally {
      if (this.inflightPoll?.gen === gen) this.inflightPoll = null;
      for (const resolve of waiters) resolve();
      if (this.syncRequested && !this.inflightPoll) void this.poll();
    }
  }
}
