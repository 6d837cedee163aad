/** What the AMK context's use cases need: the database, the clock, the configuration, the areas, the alert delivery. */
import type { Logger } from 'pino';
import type { Db } from '../platform/db/types.ts';
import type { Clock, Timers } from '../platform/time/clock.ts';
import type { AmkAreas } from './areas.ts';
import type { AmkConfig } from './config.ts';

export interface AmkDeps {
  db: Db;
  clock: Clock & Timers;
  config: AmkConfig;
  areas: AmkAreas;
  logger: Logger;
  /** Wakes the alert delivery worker after an alert's commit (alert-delivery/deliver-alerts.ts). */
  alertDelivery: { kick(): void };
}

export const readOptions = (d: AmkDeps) => ({ nowMs: d.clock.nowMs(), staleAfterMs: d.config.staleAfterMs });
