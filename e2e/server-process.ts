/**
 * One nodmeld server for the browser tests in its own process (`e2e/start-server.ts`): started,
 * its URL read from its output, stopped with SIGTERM (SIGKILL after 5 s). The run's shared server
 * (global-setup.ts) and the extra instances of e2e/two-instances.spec.ts.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/start-server.ts'], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    process.stderr.write(d);
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`e2e server did not start within 90 s\n${stderr}`)),
      90_000,
    );
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /NODMELD_E2E_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`e2e server exited with code ${code}\n${stderr}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
