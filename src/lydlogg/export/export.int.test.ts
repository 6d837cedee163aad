/**
 * The case export on PGlite and PostgreSQL (issue 12; LV-5): every recording held for a case as
 * one tar with a manifest and hashes, each export audited (and in each recording's access log),
 * and the recipient's verification — which passes the archive as sent and fails it whenever a
 * byte of a recording or of the manifest is changed, a file is added or the archive is cut.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { dbKinds } from '../../platform/db/testing.ts';
import { readAll } from '../../platform/storage/blob-store.ts';
import { FsBlobStore } from '../../platform/storage/fs-blob-store.ts';
import { lydloggCommand } from '../cli.ts';
import { holdCallRecordings, holdRecording } from '../recordings.ts';
import { wav } from '../testing/audio.ts';
import { createRecordingsTestApp, uniqueId, type RecordingsTestApp } from '../testing/app.ts';
import { exportCase, type ExportManifest } from './case-export.ts';
import { tarHeader, tarPadding, TAR_END } from './tar.ts';
import { verifyExport } from './verify-export.ts';

const src = (b: Buffer) => Readable.from([b]);

/** The archive's entries (name → bytes), for tampering and rebuilding. */
async function entries(tar: Buffer): Promise<[string, Buffer][]> {
  const { readTar } = await import('./tar.ts');
  const out: [string, Buffer][] = [];
  await readTar(src(tar), async (e, content) => {
    out.push([e.name, await readAll(content)]);
  });
  return out;
}

const build = (files: [string, Buffer][]) =>
  Buffer.concat([
    ...files.flatMap(([name, b]) => [tarHeader(name, b.length, new Date()), b, tarPadding(b.length)]),
    TAR_END,
  ]);

describe.each(dbKinds())('case export on %s (issue 12; LV-5)', (kind) => {
  let t: RecordingsTestApp;
  let leader: string;
  beforeAll(async () => {
    t = await createRecordingsTestApp(kind);
    leader = await t.tokenFor('centre-leader', 'lv-oslo');
  });
  afterAll(async () => t?.close());

  const caseWithTwo = async () => {
    const call = uniqueId('ecall');
    const ids = [uniqueId('e'), uniqueId('e'), uniqueId('e')];
    await t.upload({ recordingId: ids[0]!, callId: call, bytes: wav({ frames: 8000, seed: 1 }) });
    await t.upload({
      recordingId: ids[1]!,
      callId: call,
      bytes: wav({ frames: 16000, seed: 2 }),
      durationMs: 2000,
    });
    await t.upload({ recordingId: ids[2]!, callId: uniqueId('other') });
    const ref = uniqueId('SAK');
    const hold = { caseKind: 'compensation' as const, caseReference: ref, reason: 'erstatningskrav' };
    await holdCallRecordings(t.db, t.lydlogg.deps.clock, SYSTEM_ACTOR, call, hold);
    return { call, ids, ref };
  };

  const exportOf = (ref: string, token = leader) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/recordings/exports',
      headers: { authorization: `Bearer ${token}` },
      payload: { caseReference: ref, reason: 'Oversendt Norsk pasientskadeerstatning' },
    });

  it('exports the case’s held recordings as a tar with a manifest; the recipient’s verification passes; every export audited', async () => {
    const { call, ids, ref } = await caseWithTwo();
    const r = await exportOf(ref);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toBe('application/x-tar');
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="lydlogg-SAK-.*\.tar"$/);
    const tar = r.rawPayload;
    expect(Number(r.headers['content-length'])).toBe(tar.length);
    const v = await verifyExport(src(tar), {
      expectedManifestSha256: String(r.headers['x-nodmeld-manifest-sha256']),
    });
    expect(v).toMatchObject({ ok: true, problems: [], verified: 2 });
    const m = v.manifest as ExportManifest;
    expect(m).toMatchObject({
      caseReference: ref,
      reason: 'Oversendt Norsk pasientskadeerstatning',
      exportedBy: expect.any(String),
    });
    expect(m.recordings.map((x) => x.recordingId).sort()).toEqual([ids[0], ids[1]].sort());
    expect(m.recordings[0]).toMatchObject({
      callId: call,
      centreId: 'lv-oslo',
      file: `recordings/${m.recordings[0]!.recordingId}.wav`,
    });
    const names = (await entries(tar)).map(([n]) => n);
    expect(names.slice(0, 2)).toEqual(['manifest.json', 'manifest.json.sha256']);
    // Audited: the export with the manifest's hash, and each recording's access log.
    const audit = await t.db.query<{ details: Record<string, unknown> | string }>(
      `SELECT details FROM audit_events WHERE action = 'recordings.exported' AND entity_id = $1`,
      [String(r.headers['x-nodmeld-export-id'])],
    );
    const d = audit.rows[0]!.details;
    expect(typeof d === 'string' ? JSON.parse(d) : d).toMatchObject({
      manifestSha256: v.manifestSha256,
      caseReference: ref,
    });
    const log = await t.get(
      `/api/v1/recordings/access-log?centre=lv-oslo&kind=export&recordingId=${ids[0]}`,
      leader,
    );
    expect(log.json().entries).toEqual([expect.objectContaining({ kind: 'export', caseReference: ref })]);
  });

  it('the verification fails on a changed recording, a changed manifest, an added file, a cut archive, another stated hash', async () => {
    const { ref } = await caseWithTwo();
    const r = await exportOf(ref);
    const tar = r.rawPayload;
    const files = await entries(tar);
    const fails = async (bytes: Buffer, pattern: RegExp, expected?: string) => {
      const v = await verifyExport(src(bytes), expected ? { expectedManifestSha256: expected } : {});
      expect(v.ok).toBe(false);
      expect(v.problems.join('\n')).toMatch(pattern);
    };
    const flipped = files.map(([n, b]): [string, Buffer] => [n, Buffer.from(b)]);
    flipped[2]![1][100]! ^= 1;
    await fails(build(flipped), /SHA-256 .* the manifest says/);
    const m = JSON.parse(files[0]![1].toString()) as ExportManifest;
    m.recordings[0]!.sha256 = 'f'.repeat(64);
    const forged: [string, Buffer][] = [[files[0]![0], Buffer.from(JSON.stringify(m))], ...files.slice(1)];
    await fails(build(forged), /manifest.json.sha256 says/);
    // Manifest and its hash forged together: only the hash the sender stated catches it.
    const { createHash } = await import('node:crypto');
    const forgedBytes = Buffer.from(JSON.stringify({ ...m, recordings: m.recordings.slice(1) }));
    const consistent: [string, Buffer][] = [
      ['manifest.json', forgedBytes],
      [
        'manifest.json.sha256',
        Buffer.from(`${createHash('sha256').update(forgedBytes).digest('hex')}  manifest.json\n`),
      ],
      ...files.slice(3),
    ];
    expect((await verifyExport(src(build(consistent)))).ok).toBe(true);
    await fails(
      build(consistent),
      /not the .* the sender stated/,
      String(r.headers['x-nodmeld-manifest-sha256']),
    );
    await fails(
      build([...files, ['recordings/extra.wav', randomBytes(10)]]),
      /extra.wav is not in the manifest/,
    );
    await fails(build(files.slice(0, 3)), /is in the manifest but not in the archive/);
    await fails(tar.subarray(0, tar.length - 1024), /truncated/);
    await fails(tar.subarray(0, 3000), /truncated|cut short/);
    const header = Buffer.from(tar);
    header[10]! ^= 1;
    await fails(header, /damaged/);
  });

  it('nodmeld lydlogg verify-export: exit 0 for the archive as sent, 1 with the problem for a changed one', async () => {
    const { ref } = await caseWithTwo();
    const r = await exportOf(ref);
    const dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-export-'));
    try {
      const file = path.join(dir, 'sak.tar');
      await writeFile(file, r.rawPayload);
      const out: string[] = [];
      const err: string[] = [];
      const ctx = {
        out: (s: string) => out.push(s),
        err: (s: string) => err.push(s),
      } as unknown as Parameters<typeof lydloggCommand.run>[1];
      const hash = String(r.headers['x-nodmeld-manifest-sha256']);
      expect(await lydloggCommand.run(['verify-export', file, '--manifest-sha256', hash], ctx)).toBe(0);
      expect(out.join('\n')).toMatch(
        /OK: 2 file\(s\) match the manifest, and the manifest matches the stated hash/,
      );
      const bad = Buffer.from(r.rawPayload);
      bad[bad.length - 2048]! ^= 1;
      await writeFile(file, bad);
      expect(await lydloggCommand.run(['verify-export', file], ctx)).toBe(1);
      expect(err.join('\n')).toMatch(/FAILED: recordings\/.*SHA-256/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a recording damaged at rest breaks the export off instead of sending other bytes; access and input refused clearly', async () => {
    const { ids, ref } = await caseWithTwo();
    const key = (
      await t.db.query<{ blob_key: string }>('SELECT blob_key FROM recordings WHERE id = $1', [ids[1]])
    ).rows[0]!.blob_key;
    const disk = new FsBlobStore({ dir: t.blobDir });
    const sealed = await readAll((await disk.get(key))!.stream);
    sealed[sealed.length - 500]! ^= 1;
    await disk.put(key, sealed);
    const ex = await exportCase(t.lydlogg.deps, SYSTEM_ACTOR, { caseReference: ref, reason: 'test' });
    await expect(readAll(ex.stream)).rejects.toThrow(/integrity|authentication/);
    const bergen = await t.tokenFor('centre-leader', 'lv-bergen');
    const none = await exportOf(ref, bergen);
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ detailCode: 'recording.export.none' });
    expect((await exportOf(ref, await t.tokenFor('operator', 'lv-oslo'))).statusCode).toBe(403);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/recordings/exports',
      headers: { authorization: `Bearer ${leader}` },
      payload: { caseReference: '' },
    });
    expect(bad.statusCode).toBe(400);
    await holdRecording(t.db, t.lydlogg.deps.clock, SYSTEM_ACTOR, ids[2]!, {
      caseKind: 'complaint',
      caseReference: 'X',
      reason: 'y',
    });
  });
});
