/**
 * Starts `e2e/start-server.ts` once for the whole run and hands its URL to the tests through
 * NODMELD_E2E_URL (workers inherit the environment). The returned function stops it.
 */
import { startServerProcess } from './server-process.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startServerProcess();
  process.env.NODMELD_E2E_URL = server.url;
  return () => server.stop();
}
