/**
 * Every text of the web app, composed from the feature catalogues: the shell's and the shared
 * components' own (`messages.{nb,en}.ts` here) and each feature's (`features/<feature>/messages.*`).
 * A new feature adds its pair here. `MessageKey` is the union of all bokmål keys; the English
 * dictionary is complete because each feature's English is typed against its bokmål
 * (`Translation`). No two catalogues may define the same key (`catalogue.test.ts`).
 */
import { sharedNb } from './messages.nb.ts';
import { sharedEn } from './messages.en.ts';
import { loginNb } from '../../features/login/messages.nb.ts';
import { loginEn } from '../../features/login/messages.en.ts';
import { readinessNb } from '../../features/readiness/messages.nb.ts';
import { readinessEn } from '../../features/readiness/messages.en.ts';
import { routingNb } from '../../features/routing/messages.nb.ts';
import { routingEn } from '../../features/routing/messages.en.ts';
import { adminNb } from '../../features/admin/messages.nb.ts';
import { adminEn } from '../../features/admin/messages.en.ts';
import { callReportsNb } from '../../features/calls-reports/messages.nb.ts';
import { callReportsEn } from '../../features/calls-reports/messages.en.ts';
import { controlRoomNb } from '../../features/control-room/messages.nb.ts';
import { controlRoomEn } from '../../features/control-room/messages.en.ts';
import { liveFiguresNb } from '../../features/live-figures/messages.nb.ts';
import { liveFiguresEn } from '../../features/live-figures/messages.en.ts';
import { emergencyPlansNb } from '../../features/emergency-plans/messages.nb.ts';
import { emergencyPlansEn } from '../../features/emergency-plans/messages.en.ts';
import { lydloggNb } from '../../features/lydlogg/messages.nb.ts';
import { lydloggEn } from '../../features/lydlogg/messages.en.ts';
import { testCallsNb } from '../../features/test-calls/messages.nb.ts';
import { testCallsEn } from '../../features/test-calls/messages.en.ts';
import { amkMissionsNb } from '../../features/amk/missions/messages.nb.ts';
import { amkMissionsEn } from '../../features/amk/missions/messages.en.ts';
import { amkNb } from '../../features/amk/messages.nb.ts';
import { amkEn } from '../../features/amk/messages.en.ts';
import { nodnettNb } from '../../features/nodnett/messages.nb.ts';
import { nodnettEn } from '../../features/nodnett/messages.en.ts';

/** Each catalogue by name, both languages (the composition below, and its test). */
export const CATALOGUES = {
  shared: { nb: sharedNb, en: sharedEn },
  login: { nb: loginNb, en: loginEn },
  readiness: { nb: readinessNb, en: readinessEn },
  routing: { nb: routingNb, en: routingEn },
  admin: { nb: adminNb, en: adminEn },
  callsReports: { nb: callReportsNb, en: callReportsEn },
  controlRoom: { nb: controlRoomNb, en: controlRoomEn },
  liveFigures: { nb: liveFiguresNb, en: liveFiguresEn },
  emergencyPlans: { nb: emergencyPlansNb, en: emergencyPlansEn },
  lydlogg: { nb: lydloggNb, en: lydloggEn },
  testCalls: { nb: testCallsNb, en: testCallsEn },
  amkMissions: { nb: amkMissionsNb, en: amkMissionsEn },
  amk: { nb: amkNb, en: amkEn },
  nodnett: { nb: nodnettNb, en: nodnettEn },
};

/** Norwegian bokmål: the default language and the source of the message keys. */
export const nb = {
  ...sharedNb,
  ...loginNb,
  ...readinessNb,
  ...routingNb,
  ...adminNb,
  ...callReportsNb,
  ...controlRoomNb,
  ...liveFiguresNb,
  ...emergencyPlansNb,
  ...lydloggNb,
  ...testCallsNb,
  ...amkMissionsNb,
  ...amkNb,
  ...nodnettNb,
};

export type MessageKey = keyof typeof nb;

/** English: every key of the bokmål dictionary (each feature's English is checked against its own). */
export const en: Record<MessageKey, string> = {
  ...sharedEn,
  ...loginEn,
  ...readinessEn,
  ...routingEn,
  ...adminEn,
  ...callReportsEn,
  ...controlRoomEn,
  ...liveFiguresEn,
  ...emergencyPlansEn,
  ...lydloggEn,
  ...testCallsEn,
  ...amkMissionsEn,
  ...amkEn,
  ...nodnettEn,
};
