/**
 * A plan's document is never half-written (LV-7; docs/emergency-plans.md, "Faults"), on PGlite and
 * PostgreSQL:
 *
 * - the disk fills up while the document streams into the blob store: 503, no row, no blob;
 * - the database goes away after the blob was written: the transaction fails (503), no row, and
 *   the blob is deleted at once;
 * - the same while the blob store cannot delete either: the orphan is never listed or served, and
 *   the sweep deletes it once it is past its grace period (never a blob a row points to);
 * - over a real socket, a file over the limit is answered 413 — the connection is not reset under
 *   the client — and the next upload is served.
 */
import { open, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, withFaultSwitch } from '../../platform/db/testing.ts';
import type { Db } from '../../platform/db/types.ts';
import type { BlobStore } from '../../platform/storage/blob-store.ts';
import { FsBlobStore, type WritableFile } from '../../platform/storage/fs-blob-store.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../../routing/testing-app.ts';
import { emergencyPlansModule } from '../module.ts';
import { buildPlan, PDF, plansApi } from '../testing.ts';
import { BLOB_PREFIX } from './attach-document.ts';
import { ORPHAN_GRACE_MS, sweepOrphanDocuments } from './sweep-orphan-documents.ts';

describe.each(dbKinds())('plan documents when things fail mid-way on %s (LV-7)', (kind) => {
  let t: RoutingTestApp;
  let dir: string;
  let db: Db;
  let dbSwitch: ReturnType<typeof withFaultSwitch>;
  let api: ReturnType<typeof plansApi>;
  let leader: string;
  let operator: string;
  const faults = { diskFull: false, deleteFails: false, afterPut: null as null | (() => void) };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-plan-faults-'));
    // A real filesystem store whose disk fills up after 1,000 bytes while `diskFull` is set.
    const openForWrite = async (file: string): Promise<WritableFile> => {
      const fh = await open(file, 'wx');
      let written = 0;
      return {
        async write(buffer, offset, length, position) {
          if (faults.diskFull && written + length > 1_000)
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          written += length;
          return fh.write(buffer, offset, length, position);
        },
        sync: () => fh.sync(),
        close: () => fh.close(),
      };
    };
    const fs = new FsBlobStore({ dir, openForWrite });
    const blobs: BlobStore = {
      async put(key, data, meta) {
        const r = await fs.put(key, data, meta);
        faults.afterPut?.();
        return r;
      },
      get: (key, opts) => fs.get(key, opts),
      head: (key) => fs.head(key),
      async delete(key) {
        if (faults.deleteFails) throw Object.assign(new Error('EIO: i/o error, unlink'), { code: 'EIO' });
        return fs.delete(key);
      },
      list: (prefix) => fs.list(prefix),
    };
    db = await createTestDb(kind);
    dbSwitch = withFaultSwitch(db);
    t = await createRoutingTestApp({
      kind,
      db: dbSwitch.db,
      blobs,
      more: [emergencyPlansModule],
      env: { NODMELD_EMERGENCY_PLANS_MAX_DOCUMENT_MB: '1' },
    });
    api = plansApi(t);
    leader = await t.tokenWith([{ role: 'centre-leader', scope: { level: 'centre', id: 'lv-bergen' } }]);
    operator = await t.tokenWith([{ role: 'operator', scope: { level: 'centre', id: 'lv-bergen' } }]);
  });
  afterAll(async () => {
    await t?.close();
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const blobKeys = async () => {
    const keys: string[] = [];
    for await (const b of t.system.blobs.list(BLOB_PREFIX)) keys.push(b.key);
    return keys;
  };
  const rows = async (planId: string) =>
    (await db.query('SELECT id FROM emergency_plan_documents WHERE plan_id = $1', [planId])).rows;
  const sweep = (nowMs: number) =>
    sweepOrphanDocuments(
      { db, signal: new AbortController().signal, transaction: (fn) => db.transaction(fn) },
      { blobs: t.system.blobs, nowMs },
    );

  it('the disk fills up while the document streams in: 503, no row, no blob', async () => {
    const plan = await buildPlan(api, leader, '4601');
    const before = await blobKeys();
    faults.diskFull = true;
    try {
      const r = await api.upload(
        plan.id,
        leader,
        Buffer.concat([PDF('stor'), Buffer.alloc(200_000, 7)]),
        'application/pdf',
        'plan.pdf',
      );
      expect(r.statusCode).toBe(503);
      expect(r.json()).toMatchObject({ code: 'unavailable', detailCode: 'plan.storage-unavailable' });
    } finally {
      faults.diskFull = false;
    }
    expect(await rows(plan.id)).toEqual([]);
    expect(await blobKeys()).toEqual(before);
    // The store works again: the next upload is whole.
    expect((await api.upload(plan.id, leader, PDF('ok'), 'application/pdf', 'ok.pdf')).statusCode).toBe(201);
  });

  it('the database goes away after the blob is written: no row, and the blob is deleted at once', async () => {
    const plan = await buildPlan(api, leader, '4601');
    const before = await blobKeys();
    faults.afterPut = () => dbSwitch.set('down');
    try {
      const r = await api.upload(plan.id, leader, PDF('plan'), 'application/pdf', 'plan.pdf');
      expect(r.statusCode).toBe(503);
      expect(r.json().reason).toBe('database-unreachable');
    } finally {
      faults.afterPut = null;
      dbSwitch.set('up');
    }
    expect(await rows(plan.id)).toEqual([]);
    expect((await api.get(`/plans/${plan.id}`, operator)).json().documents).toEqual([]);
    expect(await blobKeys()).toEqual(before);
  });

  it('…and the blob store cannot delete either: the orphan is never served, and the sweep deletes it after its grace period', async () => {
    const plan = await buildPlan(api, leader, '4601');
    const kept = (await api.upload(plan.id, leader, PDF('kept'), 'application/pdf', 'kept.pdf')).json();
    const before = await blobKeys();
    faults.afterPut = () => dbSwitch.set('down');
    faults.deleteFails = true;
    try {
      expect((await api.upload(plan.id, leader, PDF('orphan'), 'application/pdf', 'o.pdf')).statusCode).toBe(
        503,
      );
    } finally {
      faults.afterPut = null;
      faults.deleteFails = false;
      dbSwitch.set('up');
    }
    const orphans = (await blobKeys()).filter((k) => !before.includes(k));
    expect(orphans).toHaveLength(1);
    // Not a document of the plan: nothing lists it, nothing downloads it.
    const read = (await api.get(`/plans/${plan.id}`, operator)).json();
    expect(read.documents.map((d: { id: string }) => d.id)).toEqual([kept.id]);
    const orphanId = orphans[0]!.split('/').pop()!;
    expect((await api.get(`/documents/${orphanId}`, operator)).statusCode).toBe(404);
    // A fresh orphan may still be an upload about to commit: left alone.
    expect(await sweep(Date.now())).toMatchObject({ deleted: 0 });
    expect(await blobKeys()).toContain(orphans[0]);
    // Past its grace period it goes; the blobs rows point to stay.
    const r = await sweep(Date.now() + ORPHAN_GRACE_MS + 60_000);
    expect(r.deleted).toBeGreaterThanOrEqual(1);
    expect(await blobKeys()).not.toContain(orphans[0]);
    expect(await blobKeys()).toContain(`${BLOB_PREFIX}${plan.id}/${kept.id}`);
    const down = await api.get(`/documents/${kept.id}`, operator);
    expect(down.rawPayload.equals(PDF('kept'))).toBe(true);
    const audit = await db.query(
      `SELECT 1 FROM audit_events WHERE action = 'emergency-plan.orphan-documents-swept'`,
    );
    expect(audit.rows.length).toBeGreaterThanOrEqual(1);
    expect(t.system.jobs.names()).toContain('emergency-plans.sweep-orphan-documents');
  });

  it('a download the audit trail cannot record is refused: no unaudited download', async () => {
    const plan = await buildPlan(api, leader, '4601');
    const doc = (await api.upload(plan.id, leader, PDF('a'), 'application/pdf', 'a.pdf')).json();
    dbSwitch.set('down');
    try {
      const r = await api.get(`/documents/${doc.id}`, operator);
      expect(r.statusCode).toBe(503);
      expect(r.rawPayload.includes(PDF('a'))).toBe(false);
    } finally {
      dbSwitch.set('up');
    }
  });

  it('over a real socket, a file over the limit is a 413 (not a reset), and the next upload is served', async () => {
    const plan = await buildPlan(api, leader, '4601');
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const big = Buffer.concat([PDF('stor'), Buffer.alloc(1_200_000, 1)]);
    const post = (body: Buffer | ReadableStream<Uint8Array>) =>
      fetch(`${url}/api/v1/emergency-plans/plans/${plan.id}/documents?filename=stor.pdf`, {
        method: 'POST',
        headers: { authorization: `Bearer ${leader}`, 'content-type': 'application/pdf' },
        body,
        ...(body instanceof Buffer ? {} : { duplex: 'half' }),
      } as RequestInit);
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { detailCode: string }).detailCode).toBe('plan.document-too-large');
    // Chunked, without a Content-Length: refused while it streams.
    const chunked = await post(
      new ReadableStream({
        start(c) {
          for (let i = 0; i < 12; i++) c.enqueue(i === 0 ? PDF('stor') : new Uint8Array(150_000));
          c.close();
        },
      }),
    );
    expect(chunked.status).toBe(413);
    await chunked.arrayBuffer();
    expect((await post(PDF('small'))).status).toBe(201);
    expect(await rows(plan.id)).toHaveLength(1);
  });
});
