/**
 * `npm run bench:lydlogg-ingest` (issue 12: "memory stays bounded whatever the size"): 100
 * recordings of 10 minutes each uploaded at once over HTTP to a nodmeld server in its own process
 * (the embedded database in memory, the filesystem blob store in a temporary folder, encryption
 * on). Each is a WAV of G.711 A-law, 8 kHz mono (4.8 MB: 10 minutes as telephony records them),
 * generated while it is sent, so the client holds no file. The server samples its own memory
 * every 50 ms; printed: its resident set and heap before and at the peak, the time, the
 * throughput, and that every recording was stored once with the SHA-256 the client computed.
 *
 * BENCH_UPLOADS (default 100), BENCH_UPLOAD_MINUTES (default 10).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const TOKEN = 'bench-lydlogg-token-0123456789abcdef';
const self = fileURLToPath(import.meta.url);

interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

if (process.argv[2] === 'server') {
  // The server: the same startSystem as `nodmeld start`.
  const { startSystem } = await import('../src/server/start.ts');
  const running = await startSystem({
    PORT: '0',
    HOST: '127.0.0.1',
    NODMELD_DATA_DIR: 'memory',
    NODMELD_LOG_LEVEL: 'warn',
    NODMELD_SIP_ENABLED: 'false',
    NODMELD_SIMULATE: 'off',
    NODMELD_DEMO_USERS: 'off',
    NODMELD_ADMIN_PASSWORD: 'bench-admin-password-123',
    NODMELD_API_TOKEN: TOKEN,
    NODMELD_STORAGE_DIR: process.env.BENCH_STORAGE_DIR!,
    NODMELD_STORAGE_KEY: process.env.BENCH_KEY!,
  });
  const peak: Memory = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peak) as (keyof Memory)[]) peak[k] = Math.max(peak[k], m[k]);
  };
  setInterval(sample, 50).unref();
  process.on('message', (msg: string) => {
    if (msg === 'reset') {
      global.gc?.();
      const m = process.memoryUsage();
      for (const k of Object.keys(peak) as (keyof Memory)[]) peak[k] = m[k];
      process.send!({ kind: 'baseline', memory: m });
    } else if (msg === 'peak') process.send!({ kind: 'peak', memory: peak });
    else if (msg === 'stop') void running.stop().then(() => process.exit(0));
  });
  process.send!({ kind: 'ready', url: running.url });
} else {
  const uploads = Number(process.env.BENCH_UPLOADS ?? 100);
  const minutes = Number(process.env.BENCH_UPLOAD_MINUTES ?? 10);
  const dataBytes = minutes * 60 * 8000; // A-law: one byte a sample
  const storage = await mkdtemp(path.join(tmpdir(), 'nodmeld-bench-lydlogg-'));
  const child: ChildProcess = fork(self, ['server'], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, BENCH_STORAGE_DIR: storage, BENCH_KEY: randomBytes(32).toString('base64') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (kind: string) =>
    new Promise<{ kind: string; url?: string; memory?: Memory }>((resolve) => {
      const on = (m: { kind: string }) => {
        if (m.kind !== kind) return;
        child.off('message', on);
        resolve(m);
      };
      child.on('message', on);
    });
  const { url } = (await next('ready')) as { url: string };

  /** A 10-minute A-law WAV, made while it is read; its SHA-256 when it has been read. */
  const recording = (seed: number) => {
    const header = Buffer.alloc(46);
    header.write('RIFF', 0, 'latin1');
    header.writeUInt32LE(38 + dataBytes, 4);
    header.write('WAVEfmt ', 8, 'latin1');
    header.writeUInt32LE(18, 16);
    header.writeUInt16LE(6, 20); // A-law
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(8000, 24);
    header.writeUInt32LE(8000, 28);
    header.writeUInt16LE(1, 32);
    header.writeUInt16LE(8, 34);
    header.writeUInt16LE(0, 36);
    header.write('data', 38, 'latin1');
    header.writeUInt32LE(dataBytes, 42);
    const hash = createHash('sha256').update(header);
    let sent = 0;
    let x = seed;
    const body = new Readable({
      read() {
        if (sent === 0) this.push(header);
        if (sent >= dataBytes) {
          this.push(null);
          return;
        }
        const n = Math.min(64 * 1024, dataBytes - sent);
        const chunk = Buffer.allocUnsafe(n);
        for (let i = 0; i < n; i++) {
          x = (x * 1103515245 + 12345) >>> 0;
          chunk[i] = x >>> 24;
        }
        sent += n;
        hash.update(chunk);
        this.push(chunk);
      },
    });
    return { body, sha256: () => hash.digest('hex'), size: 46 + dataBytes };
  };

  const put = (i: number) =>
    new Promise<{ status: number; body: string; sha256: string; ms: number }>((resolve, reject) => {
      const r = recording(i + 1);
      const started = performance.now();
      const qs = new URLSearchParams({
        centreId: 'lv-bergen',
        startedAt: new Date(Date.now() - 3_600_000).toISOString(),
        durationMs: String(minutes * 60_000),
        channels: '1',
        codec: 'g711-alaw',
      });
      const req = request(
        `${url}/api/v1/calls/bench-call-${i}/recordings/bench-rec-${i}?${qs}`,
        {
          method: 'PUT',
          headers: {
            authorization: `Bearer ${TOKEN}`,
            'content-type': 'audio/wav',
            'content-length': String(r.size),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: text,
              sha256: r.sha256(),
              ms: performance.now() - started,
            }),
          );
        },
      );
      req.on('error', reject);
      r.body.pipe(req);
    });

  child.send('reset');
  const baseline = (await next('baseline')).memory!;
  const t0 = performance.now();
  const results = await Promise.all(Array.from({ length: uploads }, (_, i) => put(i)));
  const wallS = (performance.now() - t0) / 1000;
  child.send('peak');
  const peak = (await next('peak')).memory!;
  child.send('stop');
  await new Promise((r) => child.once('exit', r));
  await rm(storage, { recursive: true, force: true });

  const stored = results.filter((r) => r.status === 201);
  const hashesMatch = stored.filter((r) => {
    try {
      const j = JSON.parse(r.body) as { recording?: { sha256?: string } };
      return j.recording?.sha256 === r.sha256;
    } catch {
      return false;
    }
  }).length;
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  const total = uploads * (46 + dataBytes);
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  console.log(
    `# bench:lydlogg-ingest — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}`,
  );
  console.log(
    `${uploads} uploads at once of ${minutes} min G.711 A-law WAV (${mb(46 + dataBytes)} each, ${mb(total)} in all): ${wallS.toFixed(1)} s, ${(total / 1024 / 1024 / wallS).toFixed(1)} MB/s`,
  );
  console.log(
    `per upload: median ${(times[Math.floor(times.length / 2)]! / 1000).toFixed(1)} s, slowest ${(times.at(-1)! / 1000).toFixed(1)} s; ` +
      `stored ${stored.length} of ${uploads} (201), SHA-256 as sent ${hashesMatch} of ${stored.length}` +
      (stored.length < uploads
        ? `; first other answer: ${results.find((r) => r.status !== 201)?.body.slice(0, 200)}`
        : ''),
  );
  console.log(
    `server memory: resident ${mb(baseline.rss)} before → ${mb(peak.rss)} at the peak (+${mb(peak.rss - baseline.rss)}); ` +
      `heap ${mb(baseline.heapUsed)} → ${mb(peak.heapUsed)}; buffers ${mb(baseline.arrayBuffers)} → ${mb(peak.arrayBuffers)}`,
  );
  if (stored.length !== uploads || hashesMatch !== uploads) process.exit(1);
}
