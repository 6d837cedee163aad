/**
 * The test-call module's configuration slice (RT-8; docs/test-calls.md).
 *
 * - `NODMELD_TEST_CALLS`: `auto` (default: on when SIP is served and the database is the embedded
 *   one — a demo; off on PostgreSQL until configured), `on` or `off`. Off: no triggered or
 *   scheduled runs (history, sign-off and manual runs still work).
 * - `NODMELD_TEST_CALLS_REDIRECT`: host:port of the 116117 redirect server the runner calls
 *   (default this process's SIP port on 127.0.0.1).
 * - `NODMELD_TEST_CALLS_CENTRES`: where calls to a centre's number go — `simulated` (default:
 *   nodmeld's simulated centres, one listener on 127.0.0.1) or `host:port` of the carrier trunk/SBC.
 * - `NODMELD_TEST_CALLS_SIMULATED_PORT` (0: any free port), `_SIMULATED_ANSWER_MS` (300),
 *   `_SIMULATED_FAULTS` (JSON centre id → `no-answer` | `busy`).
 * - `NODMELD_TEST_CALLS_CONCURRENCY` (8), `_CALL_TIMEOUT_MS` (10 000), `_SCHEDULE` (`HH:MM` daily
 *   in Europe/Oslo, default 03:30, or `off`), `_STALE_MS` (60 000: a running run whose process
 *   has not beaten for this long is interrupted), `_CALLER` (the caller's number on direct calls).
 */
import { z } from 'zod';
import { envBool, envJson, envPort } from '../platform/config.ts';
import { SIMULATED_BEHAVIOURS, type SimulatedBehaviour } from './domain/vocabulary.ts';
import type { SipTarget } from '../telephony/sip-client/user-agent.ts';

const hostPort = z.string().transform((s, ctx): SipTarget => {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(s.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || !(port > 0 && port < 65536)) {
    ctx.addIssue({ code: 'custom', message: 'must be host:port' });
    return z.NEVER;
  }
  return { host: m[1]!, port };
});

export interface TestCallsConfig {
  /** Triggered and scheduled runs are made. */
  enabled: boolean;
  redirect: SipTarget;
  centres: { mode: 'simulated' } | { mode: 'trunk'; target: SipTarget };
  simulated: { port: number; answerDelayMs: number; faults: Record<string, SimulatedBehaviour> };
  concurrency: number;
  callTimeoutMs: number;
  /** Daily at HH:MM (Europe/Oslo), or null. */
  schedule: string | null;
  staleMs: number;
  directCaller: string;
  /** Prefix of the redirect server's decision headers. */
  headerPrefix: string;
}

export const testCallsConfigSchema = z
  .object({
    NODMELD_TEST_CALLS: z.enum(['auto', 'on', 'off']).default('auto'),
    NODMELD_SIP_ENABLED: envBool.optional(),
    NODMELD_SIP_HOST: z.string().optional(),
    NODMELD_SIP_PORT: envPort.optional(),
    NODMELD_SIP_HEADER_PREFIX: z.string().optional(),
    DATABASE_URL: z.string().optional(),
    NODMELD_TEST_CALLS_REDIRECT: hostPort.optional(),
    NODMELD_TEST_CALLS_CENTRES: z.union([z.literal('simulated'), hostPort]).default('simulated'),
    NODMELD_TEST_CALLS_SIMULATED_PORT: envPort.default(0),
    NODMELD_TEST_CALLS_SIMULATED_ANSWER_MS: z.coerce.number().int().min(0).max(60_000).default(300),
    NODMELD_TEST_CALLS_SIMULATED_FAULTS: envJson(z.record(z.string(), z.enum(SIMULATED_BEHAVIOURS))).default(
      {},
    ),
    NODMELD_TEST_CALLS_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(8),
    NODMELD_TEST_CALLS_CALL_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
    NODMELD_TEST_CALLS_SCHEDULE: z
      .string()
      .regex(/^(off|([01]\d|2[0-3]):[0-5]\d)$/, 'must be HH:MM or off')
      .default('03:30'),
    NODMELD_TEST_CALLS_STALE_MS: z.coerce.number().int().min(1_000).default(60_000),
    NODMELD_TEST_CALLS_CALLER: z
      .string()
      .regex(/^\d{8}$/, 'must be 8 digits')
      .default('11611700'),
  })
  .transform((e): TestCallsConfig => {
    const sipOn = e.NODMELD_SIP_ENABLED ?? true;
    const host = !e.NODMELD_SIP_HOST || e.NODMELD_SIP_HOST === '0.0.0.0' ? '127.0.0.1' : e.NODMELD_SIP_HOST;
    return {
      enabled: e.NODMELD_TEST_CALLS === 'on' || (e.NODMELD_TEST_CALLS === 'auto' && sipOn && !e.DATABASE_URL),
      redirect: e.NODMELD_TEST_CALLS_REDIRECT ?? {
        host: host === '::' ? '::1' : host,
        port: e.NODMELD_SIP_PORT ?? 5060,
      },
      centres:
        e.NODMELD_TEST_CALLS_CENTRES === 'simulated'
          ? { mode: 'simulated' }
          : { mode: 'trunk', target: e.NODMELD_TEST_CALLS_CENTRES },
      simulated: {
        port: e.NODMELD_TEST_CALLS_SIMULATED_PORT,
        answerDelayMs: e.NODMELD_TEST_CALLS_SIMULATED_ANSWER_MS,
        faults: e.NODMELD_TEST_CALLS_SIMULATED_FAULTS,
      },
      concurrency: e.NODMELD_TEST_CALLS_CONCURRENCY,
      callTimeoutMs: e.NODMELD_TEST_CALLS_CALL_TIMEOUT_MS,
      schedule: e.NODMELD_TEST_CALLS_SCHEDULE === 'off' ? null : e.NODMELD_TEST_CALLS_SCHEDULE,
      staleMs: e.NODMELD_TEST_CALLS_STALE_MS,
      directCaller: e.NODMELD_TEST_CALLS_CALLER,
      headerPrefix: e.NODMELD_SIP_HEADER_PREFIX ?? 'X-Nodmeld-',
    };
  });
