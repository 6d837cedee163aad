/**
 * The kernel's run-time: initialises the modules in order on the platform services, builds the
 * HTTP application with their routes, binds every listener (HTTP and the modules' own) before it
 * says it is ready, aggregates health for `/readyz`, and stops everything in reverse order.
 *
 * Faults: a module whose `init` throws stops the start (modules already initialised are stopped);
 * a listener that cannot bind stops every listener and module and the error names the service and
 * address, so `nodmeld start` exits non-zero instead of running half-started.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { recordAudit } from './audit.ts';
import { AuthService } from './auth/auth-service.ts';
import { registerAuthRoutes } from './auth/routes.ts';
import { registerIdentityRoutes } from './auth/identity-routes.ts';
import { oidcConfigOf } from './auth/oidc/settings.ts';
import { loadClientKey } from './auth/oidc/client-key.ts';
import { ProviderClient } from './auth/oidc/provider-client.ts';
import { SignInAttempts } from './auth/oidc/sign-in-attempts.ts';
import { OidcSignIn } from './auth/oidc/oidc-sign-in.ts';
import { registerOidcRoutes } from './auth/oidc/routes.ts';
import { registerBackupRoutes } from './db/backup-routes.ts';
import type { ConfiguredModule, PlatformConfig } from './config.ts';
import type { Db } from './db/types.ts';
import { createHttpPlatform } from './http/server.ts';
import { createDatabaseProbe, type DatabaseProbeResult } from './db/probe.ts';
import { MetricsRegistry } from './metrics.ts';
import { JobScheduler } from './jobs/scheduler.ts';
import { registerJobRoutes } from './jobs/routes.ts';
import { createBlobStore, storageKeys } from './storage/index.ts';
import type { BlobStore } from './storage/blob-store.ts';
import { systemClock, type Clock, type Timers } from './time/clock.ts';
import { EventBus } from './events/event-bus.ts';
import { bridgeAuthInvalidation } from './auth/invalidation-events.ts';
import { defaultCanSee, type CanSee } from './events/can-see.ts';
import { registerEventStream } from './events/sse.ts';
import { pruneEvents } from './events/prune-events.ts';
import { dailyAt } from './jobs/schedule.ts';
import {
  ListenError,
  type AnyModule,
  type HealthStatus,
  type Listener,
  type ModuleContext,
  type ModuleHealth,
  type ModuleInstance,
} from './module.ts';

export const VERSION = '0.1.0';

export interface SystemOptions {
  platform: PlatformConfig;
  modules: ConfiguredModule[];
  db: Db;
  logger: Logger;
  metrics?: MetricsRegistry;
  /** Default: the wall clock. */
  clock?: Clock & Timers;
  /** Default: the filesystem store configured by NODMELD_STORAGE_DIR / NODMELD_STORAGE_KEY. */
  blobs?: BlobStore;
  /** This instance's name in job leases (default host:pid:random). */
  instanceId?: string;
  /**
   * Whether an actor may be told about an event (SSE filtering). Default: by role and bound centre
   * (events/can-see.ts); the scoped-access policies replace it.
   */
  canSee?: CanSee;
}

export type Phase = 'starting' | 'running' | 'stopping' | 'stopped';

export interface SystemHealth {
  /** `ready` (200): every module serves; `degraded` (200): serving with something impaired; else 503. */
  status: 'ready' | 'degraded' | 'not-ready';
  phase: Phase;
  database: ModuleHealth;
  /** Background jobs: each registered job's last outcome (a failed one degrades). */
  jobs: ModuleHealth;
  modules: Record<string, ModuleHealth>;
}

/** The database probe's answer as a health: `SELECT 1` under its own deadline (db/probe.ts). */
function databaseHealth(r: DatabaseProbeResult): ModuleHealth {
  const detail = { kind: r.kind, latencyMs: r.latencyMs, ...(r.reason ? { code: r.reason } : {}) };
  return { status: r.status === 'up' ? 'ok' : 'down', detail };
}

export class System {
  phase: Phase = 'starting';
  private listeners: Listener[] = [];
  /** Set once the HTTP app is closed (by its listener or by `stop`): it is closed exactly once. */
  private appClosed = false;
  private readonly probeDatabase: () => Promise<DatabaseProbeResult>;

  private constructor(
    readonly app: FastifyInstance,
    readonly auth: AuthService,
    readonly metrics: MetricsRegistry,
    /** The job scheduler (started by `listen` when NODMELD_JOBS_ENABLED). */
    readonly jobs: JobScheduler,
    readonly blobs: BlobStore,
    readonly events: EventBus,
    /** Sign-in through the OpenID provider (HelseID), when NODMELD_OIDC_ISSUER is set. */
    readonly oidc: { signIn: OidcSignIn; provider: ProviderClient } | null,
    private readonly instances: { name: string; instance: ModuleInstance<unknown> }[],
    private readonly logger: Logger,
    private readonly platform: PlatformConfig,
    db: Db,
  ) {
    // One probe query at a time, answered within NODMELD_DB_PROBE_TIMEOUT_MS: a partitioned
    // database can neither hang `/readyz` nor fill the pool with probes.
    this.probeDatabase = createDatabaseProbe(db, platform.NODMELD_DB_PROBE_TIMEOUT_MS);
  }

  /** Initialises every module in order and mounts their routes; nothing listens yet. */
  static async create(opts: SystemOptions): Promise<System> {
    const { db, logger, platform } = opts;
    const metrics = opts.metrics ?? new MetricsRegistry();
    const auth = new AuthService(db, platform.NODMELD_API_TOKEN, {
      logger,
      tokenCacheTtlMs: platform.NODMELD_TOKEN_CACHE_TTL_MS,
      passwordLogin: platform.NODMELD_PASSWORD_LOGIN,
    });
    const clock = opts.clock ?? systemClock;
    // OpenID Connect sign-in: the client key is read now (a bad file stops the start); the
    // provider is discovered lazily, so the server starts while it is down (auth/oidc/).
    const oidcConfig = oidcConfigOf(platform);
    let oidc: { signIn: OidcSignIn; provider: ProviderClient } | null = null;
    if (oidcConfig) {
      const key = await loadClientKey(oidcConfig.keyFile, oidcConfig.keyId);
      const oidcLogger = logger.child({ component: 'oidc' });
      const provider = new ProviderClient(oidcConfig, key, oidcLogger);
      const signIn = new OidcSignIn({
        db,
        auth,
        provider,
        attempts: new SignInAttempts(db, () => clock.nowMs()),
        config: oidcConfig,
        logger: oidcLogger,
      });
      oidc = { signIn, provider };
    }
    const jobs = new JobScheduler({
      db,
      clock,
      logger: logger.child({ component: 'jobs' }),
      metrics,
      leaseMs: platform.NODMELD_JOBS_LEASE_MS,
      pollMs: platform.NODMELD_JOBS_POLL_MS,
      instanceId: opts.instanceId,
    });
    const blobs = opts.blobs ?? createBlobStore(platform, clock);
    if (!opts.blobs && storageKeys(platform).deprecatedAlias) {
      logger.warn('NODMELD_RECORDING_KEY is deprecated: set NODMELD_STORAGE_KEY (decision 0008)');
    }
    const events = new EventBus({
      db,
      logger: logger.child({ component: 'events' }),
      metrics,
      safetyPollMs: platform.NODMELD_EVENTS_SAFETY_POLL_MS,
      gapGraceMs: platform.NODMELD_EVENTS_GAP_GRACE_MS,
    });
    // Outbox retention (decision 0004): once a day on one instance of the cluster.
    jobs.register({
      name: 'events.prune',
      schedule: dailyAt('03:40'),
      async run(job) {
        const r = await pruneEvents(
          { transaction: (fn) => job.transaction(fn), query: (sql, params) => job.db.query(sql, params) },
          { now: job.clock.now(), retentionDays: platform.NODMELD_EVENTS_RETENTION_DAYS },
        );
        job.logger.info(r, 'outbox pruned');
      },
    });
    const instances: { name: string; module: AnyModule; instance: ModuleInstance<unknown> }[] = [];
    const stopInitialised = async () => {
      for (const { instance } of [...instances].reverse()) await instance.stop?.().catch(() => undefined);
      await events.stop();
    };
    try {
      // Before the modules: they subscribe in init and must not miss what commits meanwhile.
      await events.start();
      // Sign-outs, revocations and disabled users reach every instance at once.
      bridgeAuthInvalidation(auth.invalidation, events, db, logger.child({ component: 'auth' }));
      for (const { module, config } of opts.modules) {
        const ctx: ModuleContext<unknown> = {
          platform,
          clock,
          db,
          logger: logger.child({ module: module.name }),
          auth,
          metrics,
          jobs: { register: (def) => jobs.register(def) },
          blobs,
          events,
          config,
          // By name: a test may mount its own instance of a module (createRoutingModule({ seed })).
          find: <Api>(m: AnyModule<Api>): Api | undefined =>
            instances.find((i) => i.module.name === m.name)?.instance.api as Api | undefined,
          use: <Api>(m: AnyModule<Api>): Api => {
            const found = instances.find((i) => i.module.name === m.name);
            if (!found)
              throw new Error(`The module ${module.name} needs ${m.name}, which is not mounted before it`);
            return found.instance.api as Api;
          },
        };
        instances.push({ name: module.name, module, instance: await module.init(ctx) });
      }
    } catch (err) {
      await stopInitialised();
      throw err;
    }

    // /readyz asks the system, which exists once the app is built.
    const ref: { system?: System } = {};
    const { app, route } = createHttpPlatform({
      logger,
      authenticateToken: (t) => auth.authenticateToken(t),
      health: () => ref.system!.health(),
      liveness: () => ref.system!.liveness(),
      metrics: () => metrics.render(),
      metricsAccess: { mode: platform.NODMELD_METRICS_ACCESS, token: platform.NODMELD_METRICS_TOKEN },
      version: VERSION,
      trustProxy: platform.NODMELD_TRUST_PROXY,
      recordRefusal: (actor, r) =>
        recordAudit(db, actor, {
          action: 'change.refused',
          entityType: 'route',
          entityId: `${r.method} ${r.route}`,
          details: { status: r.status, code: r.code, params: r.params },
        }),
    });
    registerAuthRoutes(route, auth, { cookieSecure: platform.NODMELD_COOKIE_SECURE });
    registerOidcRoutes(route, {
      signIn: oidc?.signIn ?? null,
      passwordLogin: platform.NODMELD_PASSWORD_LOGIN,
      cookieSecure: platform.NODMELD_COOKIE_SECURE,
    });
    registerIdentityRoutes(route, db, { issuer: oidcConfig?.issuer, matchClaim: oidcConfig?.matchClaim });
    registerBackupRoutes(route, db);
    registerJobRoutes(route, jobs, db);
    registerEventStream(route, app, {
      bus: events,
      canSee: opts.canSee ?? defaultCanSee,
      heartbeatMs: platform.NODMELD_EVENTS_SSE_HEARTBEAT_MS,
      maxQueue: platform.NODMELD_EVENTS_SSE_MAX_QUEUE,
    });
    try {
      for (const { instance } of instances) await instance.routes?.(route, app);
      await app.ready();
    } catch (err) {
      await stopInitialised();
      throw err;
    }
    ref.system = new System(app, auth, metrics, jobs, blobs, events, oidc, instances, logger, platform, db);
    return ref.system;
  }

  /**
   * Binds HTTP on the configured address and every module's listeners, then marks the system
   * running. On any bind failure everything bound so far is closed and the error (a ListenError
   * naming the service and address) is thrown.
   */
  async listen(): Promise<{ url: string }> {
    const { HOST, PORT } = this.platform;
    let url: string;
    try {
      await this.app.listen({ port: PORT, host: HOST });
      const address = this.app.server.address();
      const port = typeof address === 'object' && address ? address.port : PORT;
      url = `http://${HOST.includes(':') ? `[${HOST}]` : HOST}:${port}`;
      this.listeners.push({ describe: `HTTP ${url}`, close: () => this.closeApp() });
      for (const { instance } of this.instances) {
        if (instance.listen) this.listeners.push(...(await instance.listen()));
      }
    } catch (err) {
      await this.stop();
      if (err instanceof ListenError) throw err;
      const e = err as { code?: string };
      if (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL') {
        throw new ListenError('HTTP', `${HOST}:${PORT}`, err);
      }
      throw err;
    }
    for (const l of this.listeners) this.logger.info({ listener: l.describe }, 'listening');
    this.phase = 'running';
    // Discover the OpenID provider in the background; a provider that is down is tried again at
    // the next sign-in.
    this.oidc?.provider.warmUp();
    // Jobs start once everything serves; a database that is down only delays them (they retry).
    if (this.platform.NODMELD_JOBS_ENABLED) await this.jobs.start();
    return { url };
  }

  /** The API of a mounted module (by name). */
  api<Api>(module: AnyModule<Api>): Api {
    const found = this.instances.find((i) => i.name === module.name);
    if (!found) throw new Error(`The module ${module.name} is not mounted`);
    return found.instance.api as Api;
  }

  /** Each module's health, the database's and the aggregate; never throws. */
  async health(): Promise<SystemHealth> {
    const modules: Record<string, ModuleHealth> = {};
    let worst: HealthStatus = 'ok';
    // The database: routing keeps deciding without it, so an outage degrades, it does not stop.
    const database = databaseHealth(await this.probeDatabase());
    if (database.status !== 'ok') worst = 'degraded';
    const jobs = this.jobs.health();
    if (jobs.status !== 'ok' && worst === 'ok') worst = 'degraded';
    for (const [name, h] of Object.entries(await this.moduleHealth())) {
      modules[name] = h;
      if (h.status === 'down') worst = 'down';
      else if (h.status === 'degraded' && worst === 'ok') worst = 'degraded';
    }
    const status =
      this.phase !== 'running' || worst === 'down'
        ? 'not-ready'
        : worst === 'degraded'
          ? 'degraded'
          : 'ready';
    return { status, phase: this.phase, database, jobs, modules };
  }

  /**
   * `/healthz`: the modules' own health without probing the database — `degraded` when any module
   * is not ok (e.g. a stale routing state). Liveness only: never a reason to restart the process.
   */
  async liveness(): Promise<{
    status: 'ok' | 'degraded';
    phase: Phase;
    modules: Record<string, ModuleHealth>;
  }> {
    const modules = await this.moduleHealth();
    const ok = Object.values(modules).every((h) => h.status === 'ok');
    return { status: ok ? 'ok' : 'degraded', phase: this.phase, modules };
  }

  private async moduleHealth(): Promise<Record<string, ModuleHealth>> {
    const { status, ...detail } = this.events.health();
    // Events degrade, never stop, the system: the fallback polls keep routing state current.
    const modules: Record<string, ModuleHealth> = { events: { status, detail } };
    for (const { name, instance } of this.instances) {
      if (!instance.health) continue;
      try {
        modules[name] = await instance.health();
      } catch {
        modules[name] = { status: 'down', detail: { code: 'health-check-failed' } };
      }
    }
    return modules;
  }

  private async closeApp(): Promise<void> {
    if (this.appClosed) return;
    this.appClosed = true;
    await this.app.close();
  }

  /** Closes listeners (last bound first), then stops modules in reverse order. Idempotent. */
  async stop(): Promise<void> {
    if (this.phase === 'stopping' || this.phase === 'stopped') return;
    const wasRunning = this.phase === 'running';
    this.phase = 'stopping';
    if (wasRunning) this.logger.info('stopping');
    // Running jobs are aborted first and recorded while the database is still open.
    await this.jobs
      .stop()
      .catch((err: unknown) => this.logger.warn({ err }, 'stopping the job scheduler failed'));
    for (const l of [...this.listeners].reverse()) {
      await l
        .close()
        .catch((err: unknown) =>
          this.logger.warn({ err, listener: l.describe }, 'closing a listener failed'),
        );
      if (wasRunning) this.logger.info({ listener: l.describe }, 'closed');
    }
    this.listeners = [];
    // Not by the phase: a server bound on `app` outside `listen()` (the test app, the benches) is
    // closed here too, with its idle keep-alive connections — else it keeps the process alive.
    await this.closeApp().catch(() => undefined);
    for (const { name, instance } of [...this.instances].reverse()) {
      await instance
        .stop?.()
        .catch((err: unknown) => this.logger.warn({ err, module: name }, 'stopping a module failed'));
    }
    await this.events.stop();
    this.phase = 'stopped';
    if (wasRunning) this.logger.info('stopped');
  }
}
