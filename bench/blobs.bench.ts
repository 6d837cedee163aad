/**
 * `npm run bench:blobs`: the filesystem blob store's throughput for a recording-sized blob, plain
 * and wrapped in the encrypting decorator (`EncryptedBlobStore`, AES-256-GCM in 64 KiB chunks): put from a stream (temp file, fsync, rename), whole
 * get (with the SHA-256 check) and 1 MiB range reads. BENCH_MB (default 64) sets the blob size,
 * BENCH_RUNS (default 3) the runs per figure (the median is printed).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { EncryptedBlobStore } from '../src/platform/storage/encrypted-blob-store.ts';
import { FsBlobStore } from '../src/platform/storage/fs-blob-store.ts';
import type { BlobStore } from '../src/platform/storage/blob-store.ts';

const MB = Number(process.env.BENCH_MB ?? 64);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const piece = randomBytes(1024 * 1024);

function source(): Readable {
  let left = MB;
  return new Readable({
    read() {
      this.push(left-- > 0 ? piece : null);
    },
  });
}

async function drain(s: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const c of s) n += c.length;
  return n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(label: string, store: BlobStore): Promise<void> {
  const put: number[] = [];
  const get: number[] = [];
  const range: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    await store.put(`bench/${i}`, source(), { contentType: 'audio/wav' });
    put.push(MB / ((performance.now() - t) / 1000));
    t = performance.now();
    const bytes = await drain((await store.get(`bench/${i}`))!.stream);
    if (bytes !== MB * 1024 * 1024) throw new Error('short read');
    get.push(MB / ((performance.now() - t) / 1000));
    t = performance.now();
    const reads = 32;
    for (let r = 0; r < reads; r++) {
      const start = Math.floor(Math.random() * (MB - 1) * 1024 * 1024);
      await drain(
        (await store.get(`bench/${i}`, { range: { start, end: start + 1024 * 1024 - 1 } }))!.stream,
      );
    }
    range.push((performance.now() - t) / reads);
  }
  console.log(
    `${label.padEnd(10)} put ${median(put).toFixed(0)} MB/s   get (verified) ${median(get).toFixed(0)} MB/s   1 MiB range read ${median(range).toFixed(2)} ms`,
  );
}

const dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-bench-blobs-'));
try {
  console.log(
    `Blob store, ${MB} MiB blob, median of ${RUNS} runs, load average ${os.loadavg()[0]!.toFixed(1)}, ${dir}`,
  );
  await measure('plain', new FsBlobStore({ dir: path.join(dir, 'plain') }));
  await measure(
    'encrypted',
    new EncryptedBlobStore(new FsBlobStore({ dir: path.join(dir, 'enc') }), { key: randomBytes(32) }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
