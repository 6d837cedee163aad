/**
 * The retention of recordings on PGlite and PostgreSQL with a simulated clock (issue 12; REC-1,
 * §20): the job `lydlogg.retention` deletes each recording from the Oslo day after its 3 years
 * (29 February → kept to 28 February; daylight saving; the Oslo date of a call just after
 * midnight), writes a tombstone with the rule, does nothing twice; a dry run lists what would go;
 * a held recording is never deleted and its release re-arms the deletion at once.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../platform/db/testing.ts';
import { SimClock } from '../../platform/time/clock.ts';
import { createRecordingsTestApp, uniqueId, type RecordingsTestApp } from '../testing/app.ts';

describe.each(dbKinds())('recordings retention on %s (REC-1)', (kind) => {
  let t: RecordingsTestApp;
  const clock = new SimClock({ start: Date.parse('2024-01-15T12:00:00Z') });
  let ops: string;
  beforeAll(async () => {
    t = await createRecordingsTestApp(kind, {}, clock);
    await t.system.jobs.start({ poll: false });
    ops = await t.tokenFor('operations');
  });
  afterAll(async () => t?.close());

  const run = async () => {
    await t.system.jobs.requestRun('lydlogg.retention');
    await t.system.jobs.tick();
    await t.system.jobs.idle();
    const status = await t.system.jobs.get('lydlogg.retention');
    expect(status?.lastOutcome).toBe('succeeded');
    return t.lydlogg.lastRetention()!;
  };
  const present = async (ids: string[]) => {
    const r = await t.db.query<{ id: string }>(
      `SELECT id FROM recordings WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY id`,
      [JSON.stringify(ids)],
    );
    return r.rows.map((x) => x.id);
  };
  const fileOf = async (id: string) =>
    (await t.db.query<{ blob_key: string }>('SELECT blob_key FROM recordings WHERE id = $1', [id])).rows[0]!
      .blob_key;
  const dryRun = async (asOf?: string) =>
    (await t.get(`/api/v1/recordings/retention/dry-run${asOf ? `?asOf=${asOf}` : ''}`, ops)).json();

  it('deletes from the Oslo day after the 3 years: 29 February, a DST night, New Year just after midnight', async () => {
    const ids = {
      leap: uniqueId('leap'), // 29 Feb 2024 → deletable from 1 Mar 2027
      march: uniqueId('march'), // 5 Mar 2024 → 6 Mar 2027
      dst: uniqueId('dst'), // 00:30 CEST 27 Oct 2024 (26 Oct UTC) → 28 Oct 2027
      newYear: uniqueId('newyear'), // 00:30 CET 1 Jan 2025 (31 Dec UTC) → 2 Jan 2028
    };
    const starts = {
      leap: '2024-02-29T10:00:00Z',
      march: '2024-03-05T10:00:00Z',
      dst: '2024-10-26T22:30:00Z',
      newYear: '2024-12-31T23:30:00Z',
    };
    for (const k of Object.keys(ids) as (keyof typeof ids)[]) {
      const r = await t.upload({ recordingId: ids[k], startedAt: starts[k] });
      expect(r.statusCode).toBe(201);
    }
    const all = Object.values(ids);
    const leapFile = path.join(t.blobDir, 'objects', `${await fileOf(ids.leap)}.blob`);
    expect(existsSync(leapFile)).toBe(true);

    clock.set(Date.parse('2027-02-28T22:59:00Z')); // 23:59 on 28 Feb in Oslo
    expect((await dryRun()).sample.map((s: { id: string }) => s.id)).not.toContain(ids.leap);
    expect((await run()).deleted).toBe(0);
    expect(await present(all)).toHaveLength(4);

    clock.set(Date.parse('2027-02-28T23:00:00Z')); // 00:00 on 1 Mar in Oslo
    const dr = await dryRun();
    expect(dr).toMatchObject({ asOf: '2027-03-01' });
    expect(dr.sample.map((s: { id: string }) => s.id)).toContain(ids.leap);
    expect((await run()).deleted).toBeGreaterThanOrEqual(1);
    expect(await present(all)).not.toContain(ids.leap);
    expect(existsSync(leapFile)).toBe(false);
    const tomb = await t.db.query<{ rule: string; recording_date: string; deleted_at: Date }>(
      `SELECT rule, recording_date::text AS recording_date, deleted_at FROM recording_tombstones WHERE recording_id = $1`,
      [ids.leap],
    );
    expect(tomb.rows[0]).toMatchObject({
      rule: 'forskrift-akuttmedisin-20:3-years',
      recording_date: '2024-02-29',
    });
    expect(new Date(tomb.rows[0]!.deleted_at).toISOString()).toBe('2027-02-28T23:00:00.000Z');
    // Idempotent: a second run on the same day finds nothing.
    expect((await run()).deleted).toBe(0);
    // The id of a deleted recording cannot be uploaded again.
    expect(
      (await t.upload({ recordingId: ids.leap, startedAt: starts.leap, token: t.apiToken })).statusCode,
    ).toBe(409);

    clock.set(Date.parse('2027-03-05T22:59:00Z'));
    await run();
    expect(await present(all)).toContain(ids.march);
    clock.set(Date.parse('2027-03-05T23:00:00Z'));
    await run();
    expect(await present(all)).not.toContain(ids.march);

    clock.set(Date.parse('2027-10-27T21:59:00Z')); // 23:59 CEST 27 Oct
    await run();
    expect(await present(all)).toContain(ids.dst);
    clock.set(Date.parse('2027-10-27T22:00:00Z')); // 00:00 CEST 28 Oct
    await run();
    expect(await present(all)).not.toContain(ids.dst);

    clock.set(Date.parse('2028-01-01T22:59:00Z')); // 23:59 CET 1 Jan 2028
    await run();
    expect(await present(all)).toEqual([ids.newYear]);
    clock.set(Date.parse('2028-01-01T23:00:00Z'));
    await run();
    expect(await present(all)).toEqual([]);
    const audit = await t.db.query(`SELECT details FROM audit_events WHERE action = 'recordings.retention'`);
    expect(audit.rows.length).toBeGreaterThanOrEqual(4);
  });

  it('never deletes a held recording; releasing the last hold re-arms the deletion at once', async () => {
    clock.set(Date.parse('2024-05-01T10:00:00Z'));
    const callId = uniqueId('call');
    const a = uniqueId('held-a');
    const b = uniqueId('held-b');
    for (const id of [a, b]) {
      expect(
        (await t.upload({ callId, recordingId: id, startedAt: '2024-04-10T08:00:00Z', token: t.apiToken }))
          .statusCode,
      ).toBe(201);
    }
    const leader = await t.tokenFor('centre-leader', 'lv-oslo');
    const one = await t.post(
      `/api/v1/recordings/${a}/holds`,
      { caseKind: 'complaint', caseReference: 'SF-2025/123', reason: 'Klage på håndtering' },
      leader,
    );
    expect(one.statusCode).toBe(201);
    const both = await t.post(
      `/api/v1/calls/${callId}/recordings/holds`,
      { caseKind: 'supervision', caseReference: 'Tilsyn 2025-7', reason: 'Statsforvalteren ber om opptaket' },
      leader,
    );
    expect(both.statusCode).toBe(201);
    expect(both.json().holds).toHaveLength(2);
    // Another centre's leader cannot hold or release them.
    const bergenLeader = await t.tokenFor('centre-leader', 'lv-bergen');
    expect(
      (
        await t.post(
          `/api/v1/recordings/${a}/holds`,
          { caseKind: 'other-case-processing', caseReference: 'x', reason: 'y' },
          bergenLeader,
        )
      ).statusCode,
    ).toBe(404);

    clock.set(Date.parse('2027-06-01T10:00:00Z'));
    const dr = await dryRun();
    expect(dr.held).toBeGreaterThanOrEqual(2);
    expect(dr.sample.map((s: { id: string }) => s.id)).not.toContain(a);
    await run();
    expect(await present([a, b])).toEqual([a, b].sort());

    const leader2 = await t.tokenFor('centre-leader', 'lv-oslo');
    const holdOfB = both.json().holds.find((h: { recordingId: string }) => h.recordingId === b).id;
    const released = await t.post(
      `/api/v1/recordings/holds/${holdOfB}/release`,
      { reason: 'Saken er avsluttet' },
      leader2,
    );
    expect(released.statusCode).toBe(200);
    expect(released.json()).toMatchObject({
      releaseReason: 'Saken er avsluttet',
      releasedAt: '2027-06-01T10:00:00.000Z',
    });
    expect(
      (await t.post(`/api/v1/recordings/holds/${holdOfB}/release`, { reason: 'igjen' }, leader2)).json(),
    ).toMatchObject({
      detailCode: 'recording.hold-released',
    });
    // a still has its two holds; b has none left: past 3 years, the next run deletes it.
    const holdsOfA = both.json().holds.find((h: { recordingId: string }) => h.recordingId === a).id;
    await t.post(`/api/v1/recordings/holds/${holdsOfA}/release`, { reason: 'ferdig' }, leader2);
    await run();
    expect(await present([a, b])).toEqual([a]);
    await t.post(
      `/api/v1/recordings/holds/${one.json().id}/release`,
      { reason: 'klagen er avgjort' },
      leader2,
    );
    await run();
    expect(await present([a, b])).toEqual([]);
    // The holds' history stays.
    const history = await t.db.query('SELECT 1 FROM recording_holds WHERE recording_id = $1', [a]);
    expect(history.rows).toHaveLength(2);
  });
});
