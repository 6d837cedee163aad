/**
 * The module contract: how a bounded context plugs into nodmeld. A context is one folder with a
 * `module.ts` that exports a `ContextModule`, plus one line in `server/modules.ts`. The kernel
 * validates the module's configuration slice once, calls `init` with the platform services, mounts
 * its routes, binds its listeners before the system says it is ready, asks it for its health, and
 * stops it in reverse order. Its CLI commands join the `nodmeld` command.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import type { Actor } from './auth/actor.ts';
import type { AuthService } from './auth/auth-service.ts';
import type { PlatformConfig } from './config.ts';
import type { Clock, Timers } from './time/clock.ts';
import type { Db } from './db/types.ts';
import type { Route } from './http/route.ts';
import type { MetricsRegistry } from './metrics.ts';
import type { ServerClient } from './cli/server-client.ts';
import type { JobRegistry } from './jobs/scheduler.ts';
import type { BlobStore } from './storage/blob-store.ts';
import type { EventBus } from './events/event-bus.ts';

/** The platform services every module receives. */
export interface PlatformServices {
  platform: PlatformConfig;
  /** The time every rule reads: the wall clock, or a simulated one (a simulator runs a day in seconds). */
  clock: Clock & Timers;
  db: Db;
  logger: Logger;
  auth: AuthService;
  metrics: MetricsRegistry;
  /** Background jobs that run on one instance of the cluster: `jobs.register({ name, schedule, run })`. */
  jobs: JobRegistry;
  /** Large files (recordings, exports): the blob-storage port. */
  blobs: BlobStore;
  /** Domain events committed on any instance, in outbox order (platform/events, decision 0004). */
  events: EventBus;
}

/** What `init` receives: the platform services, this module's configuration, and earlier modules' APIs. */
export interface ModuleContext<Cfg> extends PlatformServices {
  config: Cfg;
  /** The API of a module listed before this one (throws if it is not mounted or comes later). */
  use<Api>(module: AnyModule<Api>): Api;
  /** The API of an earlier module when it is mounted, else undefined (optional collaborations). */
  find<Api>(module: AnyModule<Api>): Api | undefined;
}

/** A bound network listener (SIP, …): bound before the system says it is ready. */
export interface Listener {
  /** Service and address for logs, e.g. "SIP udp+tcp 127.0.0.1:5060". */
  describe: string;
  close(): Promise<void>;
}

export type HealthStatus = 'ok' | 'degraded' | 'down';

/** A module's own view of its health, aggregated by `/readyz`. */
export interface ModuleHealth {
  /** `ok`: serving; `degraded`: serving with a dependency impaired; `down`: not serving. */
  status: HealthStatus;
  /** Machine-readable details (stable codes, ages, versions) — never raw error text. */
  detail?: Record<string, unknown>;
}

/** A module once initialised. */
export interface ModuleInstance<Api> {
  /** What later modules get from `ctx.use(thisModule)`. */
  api: Api;
  /** Mounts HTTP routes (called once, in module order). */
  routes?(route: Route, app: FastifyInstance): void | Promise<void>;
  /** Binds network listeners. A failure must name the service and the address. */
  listen?(): Promise<Listener[]>;
  /** Asked by `/readyz` and `/healthz`: answer from memory, without waiting for the database. */
  health?(): ModuleHealth | Promise<ModuleHealth>;
  /** Releases timers, connections and workers (listeners are closed before this). */
  stop?(): Promise<void>;
}

/** Output and context of a CLI command. */
export interface CliContext<Cfg> {
  out: (s: string) => void;
  err: (s: string) => void;
  /** The validated configuration of the module that owns the command. */
  config: Cfg;
  /** The validated configuration of another mounted module. */
  configOf<C>(module: ContextModule<C>): C;
  /** A logger for services the command runs. */
  logger: Logger;
  platform: PlatformConfig;
  /** Opens (and migrates) the configured database; the caller closes it. */
  openDb(): Promise<Db>;
  /** The person running the command, for the audit trail. */
  actor: Actor;
  /** The running server (HTTP), or null when none answers at the configured address. */
  server(): Promise<ServerClient | null>;
}

export interface CliCommand<Cfg = unknown> {
  /** Usage lines shown by `nodmeld help` (without the leading "nodmeld "). */
  usage: string;
  run(argv: string[], ctx: CliContext<Cfg>): Promise<number>;
}

export interface ContextModule<Cfg = unknown, Api = unknown> {
  /** Short lower-case name, also the module's log and configuration name. */
  readonly name: string;
  /** Parses this module's configuration from the (cleaned) environment. */
  readonly config?: ZodType<Cfg>;
  readonly init: (ctx: ModuleContext<Cfg>) => ModuleInstance<Api> | Promise<ModuleInstance<Api>>;
  /** Commands this module adds to `nodmeld`, by name. */
  readonly cli?: Readonly<Record<string, CliCommand<Cfg>>>;
}

/** A module of any configuration type (lists of modules, `use`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the configuration type is the module's own
export type AnyModule<Api = unknown> = ContextModule<any, Api>;

/** Declares a module with its types inferred (a readability helper). */
export function defineModule<Cfg, Api>(m: ContextModule<Cfg, Api>): ContextModule<Cfg, Api> {
  return m;
}

/** Error thrown when a listener cannot bind: names the service and the address. */
export class ListenError extends Error {
  constructor(
    readonly service: string,
    readonly address: string,
    cause: unknown,
  ) {
    const code = (cause as { code?: string }).code;
    const why = code === 'EADDRINUSE' ? 'the address is already in use' : (cause as Error).message;
    super(`${service} could not listen on ${address}: ${why}`, { cause });
    this.name = 'ListenError';
  }
}
