/**
 * Starts nodmeld for the browser tests — the same `startSystem` and module list as `nodmeld start`
 * — on a fresh in-memory PGlite with the national default data set, a known administrator
 * password, SIP off, on a free port chosen by the OS, blobs in a temporary folder sealed with a
 * key of the run, and a week of calls (call-events.ts). Prints `NODMELD_E2E_URL=<url>` once
 * listening; stops on SIGTERM/SIGINT. With `NODMELD_E2E_DATABASE_URL` it runs on that PostgreSQL
 * instead, without the week of calls: one of several instances of one database
 * (e2e/two-instances.spec.ts). A spec that needs a server of its own may also set
 * NODMELD_E2E_PORT (a fixed port, e.g. one an OpenID provider redirects to) and the sign-in
 * settings (NODMELD_OIDC_*, NODMELD_PASSWORD_LOGIN), which are passed on (e2e/oidc.spec.ts), and
 * the simulator's (NODMELD_SIMULATE*: e2e/simulated-calls.spec.ts); nothing else of the environment is.
 *
 *   node --import tsx e2e/start-server.ts
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSystem } from '../src/server/start.ts';
import { E2E_ADMIN_PASSWORD } from './credentials.ts';
import { callsModule } from '../src/calls/module.ts';
import { e2eCallEvents } from './call-events.ts';

async function main(): Promise<void> {
  const databaseUrl = process.env.NODMELD_E2E_DATABASE_URL;
  const signIn = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => /^NODMELD_(OIDC_|PASSWORD_LOGIN$|SIMULATE)/.test(k)),
  );
  // Blobs (recordings, plan documents) in a folder of this run, sealed with a key of this run.
  const blobDir = mkdtempSync(path.join(tmpdir(), 'nodmeld-e2e-blobs-'));
  const running = await startSystem({
    ...signIn,
    PORT: process.env.NODMELD_E2E_PORT ?? '0',
    HOST: '127.0.0.1',
    NODMELD_DATA_DIR: 'memory',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    NODMELD_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
    NODMELD_LOG_LEVEL: process.env.NODMELD_E2E_LOG || 'warn',
    NODMELD_SIP_ENABLED: 'false',
    // The simulated operations centres read alerts an hour later: the browser tests record the
    // acknowledgements themselves (the read report's acknowledgement has its own test).
    NODMELD_NODNETT_SIMULATED_READ_S: '3600',
    NODMELD_STORAGE_DIR: blobDir,
    NODMELD_STORAGE_KEY: randomBytes(32).toString('hex'),
    // Test calls (e2e/test-calls.spec.ts): the centres are simulated; 116117 is asked of a port
    // where no redirect server answers (SIP is off), so those calls fail — quickly — and alarm.
    NODMELD_TEST_CALLS_REDIRECT: '127.0.0.1:9',
    NODMELD_TEST_CALLS_CALL_TIMEOUT_MS: '1500',
  });
  if (!databaseUrl) {
    const results = await running.system.api(callsModule).record(e2eCallEvents());
    const refused = results.filter((r) => r.outcome === 'refused');
    if (refused.length) throw new Error(`e2e call events refused: ${JSON.stringify(refused[0])}`);
  }
  process.stdout.write(`NODMELD_E2E_URL=${running.url}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await running.stop();
    rmSync(blobDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(
    `e2e server failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
