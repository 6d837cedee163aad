/**
 * Integration-test harness for the routing context: a fresh database with a data set imported and
 * activated (the small factory set by default), the routing module mounted, and the platform's
 * test app around it.
 */
import type { DbKind } from '../platform/db/testing.ts';
import { createTestApp, type TestApp } from '../platform/testing/app.ts';
import type { AnyModule } from '../platform/module.ts';
import type { Clock, Timers } from '../platform/time/clock.ts';
import type { Db } from '../platform/db/types.ts';
import type { BlobStore } from '../platform/storage/blob-store.ts';
import { createRoutingModule, type RoutingApi } from './module.ts';
import { buildDataSet } from './domain/testing.ts';
import type { RoutingDataSet } from './domain/types.ts';

export interface RoutingTestApp extends TestApp {
  routing: RoutingApi;
}

export async function createRoutingTestApp(opts: {
  kind?: DbKind;
  data?: RoutingDataSet;
  env?: Record<string, string>;
  now?: () => Date;
  /** Modules mounted after routing. */
  more?: readonly AnyModule[];
  /** The clock of the system (default the wall clock). */
  clock?: Clock & Timers;
  /** Reuse an existing database (it is not closed by `close`). */
  db?: Db;
  /** The blob store (default: the filesystem store of NODMELD_STORAGE_DIR). */
  blobs?: BlobStore;
}): Promise<RoutingTestApp> {
  const routingModule = createRoutingModule({ seed: async () => opts.data ?? buildDataSet(), now: opts.now });
  const t = await createTestApp({
    kind: opts.kind,
    modules: [routingModule, ...(opts.more ?? [])],
    env: opts.env,
    ...(opts.clock ? { clock: opts.clock } : {}),
    db: opts.db,
    blobs: opts.blobs,
  });
  return { ...t, routing: t.use(routingModule) };
}
