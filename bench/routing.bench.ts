/**
 * `npm run bench:routing` — the routing hot paths on this machine:
 *  1. in-process decisions/s and p50/p99 latency on one core for a realistic mix (engine only);
 *  2. HTTP decisions/s and latency percentiles under 50 concurrent connections (autocannon,
 *     server in a child process so the load generator does not share its event loop);
 *  3. a full data import + switch of the national default set (PGlite; PostgreSQL too when
 *     BENCH_DATABASE_URL is set).
 * Bounded in time; prints its figures. Targets (issue 2): ≥200,000 in-process decisions/s with
 * p99 < 50 µs; ≥15,000 HTTP decisions/s with p99 < 10 ms; import and switch < 5 s.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import autocannon from 'autocannon';
import { compileRoutingData } from '../src/routing/domain/compile.ts';
import { loadDefaultDataSet } from '../src/routing/data/load.ts';
import { runEngineBench } from './routing-engine.ts';
import { openPglite } from '../src/platform/db/pglite.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { importDataSet, activateDataVersion, loadDataVersion } from '../src/routing/data/store.ts';
import { SYSTEM_ACTOR } from '../src/platform/auth/actor.ts';
import { RoutingRuntime } from '../src/routing/runtime.ts';
import { createLogger } from '../src/platform/logger.ts';
import type { Db } from '../src/platform/db/types.ts';

const env = process.env;
/** The V8 flags of `npm start` (package.json), so the benchmark measures the server as it runs. */
const SERVER_NODE_FLAGS =
  (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start.match(
    /--max-semi-space-size=\d+/g,
  ) ?? [];
const seconds = Number(env.BENCH_SECONDS ?? 10);

function header(title: string) {
  process.stdout.write(`\n## ${title}\n`);
}

async function inProcess() {
  header('In-process decisions (one core, default data set)');
  const data = await loadDefaultDataSet();
  const compiled = compileRoutingData(data, 1);
  const r = await runEngineBench(compiled, { seconds });
  process.stdout.write(
    `decisions/s: ${Math.round(r.decisionsPerSecond).toLocaleString('en')}   p50: ${r.p50us.toFixed(2)} µs   p99: ${r.p99us.toFixed(2)} µs   CPU/decision: ${r.cpuUsPerDecision.toFixed(3)} µs\n`,
  );
  process.stdout.write(`mix: ${JSON.stringify(r.mix)}\n`);
  return r;
}

async function importAndSwitch(name: string, db: Db) {
  await migrate(db);
  const data = await loadDefaultDataSet();
  const runtime = new RoutingRuntime({ db, logger: createLogger('silent') });
  const t0 = performance.now();
  const { version } = await importDataSet(db, data, { source: 'bench', actor: SYSTEM_ACTOR });
  const t1 = performance.now();
  await activateDataVersion(db, version, SYSTEM_ACTOR);
  await runtime.switchTo(version);
  const t2 = performance.now();
  await loadDataVersion(db, version);
  process.stdout.write(
    `${name}: import ${((t1 - t0) / 1000).toFixed(2)} s, activate + load + compile + swap ${((t2 - t1) / 1000).toFixed(2)} s, total ${((t2 - t0) / 1000).toFixed(2)} s ` +
      `(${data.numberSeries.length} series, ${data.portedNumbers.length} ported numbers, ${data.postcodes.length} postcodes)\n`,
  );
  await db.close();
  return (t2 - t0) / 1000;
}

async function importBench() {
  header('Full data import + switch (national default set)');
  const results: Record<string, number> = {};
  results.pglite = await importAndSwitch('PGlite', await openPglite());
  if (env.BENCH_DATABASE_URL)
    results.postgres = await importAndSwitch('PostgreSQL', await openPostgres(env.BENCH_DATABASE_URL));
  return results;
}

function hasWrk(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

/** wrk (C, Debian package `wrk`) uses far less CPU than autocannon, so the server is what is measured. */
async function wrkRun(url: string, token: string, bodies: string[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nodmeld-wrk-'));
  const script = path.join(dir, 'post.lua');
  writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      'wrk.headers["content-type"] = "application/json"',
      `wrk.headers["authorization"] = "Bearer ${token}"`,
      `local bodies = { ${bodies.map((b) => `[[${b}]]`).join(',\n')} }`,
      'local i = 0',
      'request = function() i = i + 1; return wrk.format(nil, nil, nil, bodies[(i % #bodies) + 1]) end',
      '',
    ].join('\n'),
  );
  spawnSync('wrk', ['-t1', '-c50', '-d3s', '-s', script, url]); // warm-up
  const out = spawnSync('wrk', ['-t1', '-c50', `-d${seconds}s`, '--latency', '-s', script, url], {
    encoding: 'utf8',
  }).stdout;
  rmSync(dir, { recursive: true, force: true });
  const ms = (label: string) => {
    const m = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(out);
    if (!m) return NaN;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const errors = /Socket errors: (.*)/.exec(out)?.[1] ?? 'none';
  const r = { rps, p50: ms('50%'), p99: ms('99%'), non2xx, errors };
  process.stdout.write(
    `load generator: wrk, 1 thread, 50 connections, ${seconds} s\nrequests/s: ${Math.round(rps).toLocaleString('en')}   latency p50: ${r.p50.toFixed(2)} ms   p90: ${ms('90%').toFixed(2)} ms   p99: ${r.p99.toFixed(2)} ms   non-2xx: ${non2xx}   socket errors: ${errors}\n`,
  );
  return r;
}

async function httpBench() {
  header('HTTP decisions (POST /api/v1/routing/decisions, 50 connections)');
  const token = 'bench-integration-token-0123456789abcdef';
  const port = 20000 + Math.floor(Math.random() * 20000);
  // The server as `npm start` runs it (its V8 flags included, docs/operations.md "Memory").
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, '--import', 'tsx', 'src/cli/main.ts', 'start'],
    {
      env: {
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODMELD_DATA_DIR: 'memory',
        NODMELD_API_TOKEN: token,
        NODMELD_ADMIN_PASSWORD: 'bench-admin-password',
        NODMELD_LOG_LEVEL: 'warn',
        NODMELD_SIP_ENABLED: 'false',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const ok = await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error('server did not become ready');
      await new Promise((r) => setTimeout(r, 250));
    }
    const data = await loadDefaultDataSet();
    const fixed = data.numberSeries.filter((s) => s.kind === 'incumbent-fixed').slice(0, 500);
    const bodies = [
      ...fixed.map((s) => ({
        calledNumber: '116117',
        callingNumber: s.prefix.padEnd(8, '7'),
        network: 'fixed',
      })),
      ...data.municipalities.map((m) => ({
        calledNumber: '116117',
        callingNumber: '91234567',
        network: 'mobile',
        position: { municipality: m.number },
      })),
      ...data.portedNumbers
        .slice(0, 300)
        .map((p) => ({ calledNumber: '116117', callingNumber: p.number, network: 'fixed' })),
    ].map((b) => JSON.stringify(b));
    if (hasWrk()) return wrkRun(`${url}/api/v1/routing/decisions`, token, bodies);
    let i = 0;
    const run = (duration: number) =>
      autocannon({
        url: `${url}/api/v1/routing/decisions`,
        connections: 50,
        pipelining: 1,
        duration,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }),
          },
        ],
      });
    await run(3); // warm-up
    const r = await run(seconds);
    const rps = r.requests.average;
    process.stdout.write(
      `load generator: autocannon (install wrk for a lighter one)\nrequests/s: ${Math.round(rps).toLocaleString('en')}   latency p50: ${r.latency.p50} ms   p99: ${r.latency.p99} ms   max: ${r.latency.max} ms   non-2xx: ${r.non2xx}   errors: ${r.errors}\n`,
    );
    return { rps, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
  } finally {
    child.kill('SIGTERM');
  }
}

process.stdout.write(
  `# bench:routing — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
);
// BENCH_ONLY=engine,import,http runs a subset.
const only = new Set((env.BENCH_ONLY ?? 'engine,import,http').split(','));
const engine = only.has('engine') ? await inProcess() : null;
const imports = only.has('import') ? await importBench() : null;
const http = only.has('http') ? await httpBench() : null;
header('Summary against the targets');
const summary = [
  engine &&
    `in-process: ${Math.round(engine.decisionsPerSecond)} decisions/s (target ≥200,000), p99 ${engine.p99us.toFixed(1)} µs (target <50)`,
  http && `HTTP: ${Math.round(http.rps)} decisions/s (target ≥15,000), p99 ${http.p99} ms (target <10)`,
  imports &&
    `import + switch: ${Object.entries(imports)
      .map(([k, v]) => `${k} ${v.toFixed(2)} s`)
      .join(', ')} (target <5 s)`,
  `load average at the end: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
];
process.stdout.write(`${summary.filter(Boolean).join('\n')}\n`);
