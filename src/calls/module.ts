/**
 * The calls module (issue 10; docs/calls.md) — so far only the call reports (RT-13) under
 * /api/v1/calls/reports. Mounted after routing, whose data names the centres and municipalities
 * and says who serves a municipality (for access).
 *
 * PORT (temporary): the reports read a `CallReportSource`. Until the calls store lands, that is an
 * in-memory source fed through `record(events)`; the store replaces it with its rollup cells and
 * call rows (the same port), and `record` with its ingest — nothing else here changes.
 */
import { defineModule } from '../platform/module.ts';
import { routingModule } from '../routing/module.ts';
import type { CallEvent } from './domain/call-event.ts';
import type { CallEventRefusal } from './domain/call-state.ts';
import { InMemoryCallReportSource } from './reports/in-memory-source.ts';
import type { CallReportSource } from './reports/model/source.ts';
import { routingDirectory } from './reports/routing-directory.ts';
import { registerCallReportRoutes } from './reports/routes.ts';

export interface CallsApi {
  /** Records call events (any calls, any order; idempotent by event id); returns the refusals. */
  record(events: readonly CallEvent[]): Promise<CallEventRefusal[]>;
  /** What the reports read. */
  reports: CallReportSource;
}

export const callsModule = defineModule<undefined, CallsApi>({
  name: 'calls',
  init(ctx) {
    const routing = ctx.find(routingModule);
    // PORT: the in-memory source until the calls store lands (see the module comment).
    const source = new InMemoryCallReportSource();
    const directory = routingDirectory(routing?.runtime);
    return {
      api: {
        record: (events) => Promise.resolve(source.record(events)),
        reports: source,
      },
      routes: (route) => registerCallReportRoutes(route, { source, directory, clock: ctx.clock }),
    };
  },
});
