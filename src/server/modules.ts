/**
 * THE list of modules `nodmeld start` mounts, in order: a module may use the API of the modules
 * before it (telephony uses routing). A new context is one folder with a `module.ts` plus one line
 * here. The web app comes last: it answers every other GET path with the client-side app.
 */
import type { AnyModule } from '../platform/module.ts';
import { routingModule } from '../routing/module.ts';
import { readinessModule } from '../readiness/module.ts';
import { telephonyModule } from '../telephony/module.ts';
import { callsModule } from '../calls/module.ts';
import { lydloggModule } from '../lydlogg/module.ts';
import { emergencyPlansModule } from '../emergency-plans/module.ts';
import { testCallsModule } from '../test-calls/module.ts';
import { amkModule } from '../amk/module.ts';
import { nodnettModule } from '../nodnett/module.ts';
import { webModule } from '../web/module.ts';
import { simulatorModule } from '../calls/simulator/module.ts';

export const MODULES: readonly AnyModule[] = [
  routingModule,
  readinessModule,
  telephonyModule,
  callsModule,
  lydloggModule,
  emergencyPlansModule,
  testCallsModule,
  amkModule,
  nodnettModule,
  simulatorModule,
  webModule,
];
