/**
 * All recordings of a patient held at once (issue 12, REC-1: "also all recordings of a call or of
 * a patient at once"): the calls whose contact record names the patient by identity number, every
 * recording of them in the holder's scope, one hold each; the search audited with the number
 * masked; other patients' recordings untouched; 400 for a number that is not one, 404 for none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../platform/db/testing.ts';
import { scriptCallEvents } from '../calls/testing/call-events.ts';
import { createRecordingsTestApp, uniqueId, type RecordingsTestApp } from './testing/app.ts';

const PATIENT = '13097248022';
const OTHER = '01019010046';

describe.each(dbKinds())('holds for a patient on %s (issue 12, REC-1)', (kind) => {
  let t: RecordingsTestApp;
  beforeAll(async () => {
    t = await createRecordingsTestApp(kind);
  });
  afterAll(async () => t?.close());

  /** A call at `centreId` whose contact record names `nationalId`, with `n` recordings. */
  async function callOf(centreId: string, nationalId: string, n = 1) {
    const callId = uniqueId('pcall');
    const events = scriptCallEvents({
      callId,
      centreId,
      municipality: centreId === 'lv-oslo' ? '0301' : '4601',
      offeredAt: Date.now() - 60_000,
      answerMs: 10_000,
    });
    expect((await t.post('/api/v1/calls/events', { events })).json()).toMatchObject({ refused: 0 });
    const operator = await t.tokenFor('operator', centreId);
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/calls/${callId}/contact-record`,
      headers: { authorization: `Bearer ${operator}` },
      payload: { content: { patient: { kind: 'identified', nationalId } }, version: 0 },
    });
    expect(saved.statusCode).toBe(200);
    const recordings: string[] = [];
    for (let i = 0; i < n; i++) {
      const recordingId = uniqueId('prec');
      const r = await t.upload({
        callId,
        recordingId,
        centreId,
        startedAt: '2025-03-05T10:00:00Z',
        token: t.apiToken,
      });
      expect(r.statusCode).toBe(201);
      recordings.push(recordingId);
    }
    return { callId, recordings };
  }
  const hold = (token: string, nationalId: string) =>
    t.post(
      '/api/v1/recordings/holds/patient',
      { nationalId, caseKind: 'supervision', caseReference: 'HT-2026/17', reason: 'Tilsynssak' },
      token,
    );
  const held = async (id: string) =>
    (await t.db.query<{ n: number }>('SELECT active_holds AS n FROM recordings WHERE id = $1', [id])).rows[0]!
      .n;

  it('holds every recording of the patient’s calls in the holder’s scope, and nothing else', async () => {
    const oslo = await callOf('lv-oslo', PATIENT, 2);
    const bergen = await callOf('lv-bergen', PATIENT);
    const other = await callOf('lv-oslo', OTHER);
    const leaderOslo = await t.tokenFor('centre-leader', 'lv-oslo');
    const r = await hold(leaderOslo, PATIENT);
    expect(r.statusCode).toBe(201);
    const body = r.json<{ holds: { recordingId: string; caseReference: string }[]; calls: number }>();
    expect(body.calls).toBe(1);
    expect(body.holds.map((h) => h.recordingId).sort()).toEqual([...oslo.recordings].sort());
    expect(body.holds.every((h) => h.caseReference === 'HT-2026/17')).toBe(true);
    for (const id of oslo.recordings) expect(Number(await held(id))).toBe(1);
    // Bergen's recording is outside the Oslo leader's scope; the other patient's is untouched.
    expect(Number(await held(bergen.recordings[0]!))).toBe(0);
    expect(Number(await held(other.recordings[0]!))).toBe(0);
    // The operations centre (national) holds both centres' at once.
    const operations = await t.tokenFor('operations');
    const all = await hold(operations, PATIENT);
    expect(all.statusCode).toBe(201);
    expect(all.json<{ calls: number }>().calls).toBe(2);
    expect(Number(await held(bergen.recordings[0]!))).toBe(1);
    // The search is in the audit trail, the number masked to the date of birth.
    const audit = await t.db.query<{ entity_id: string; details: unknown }>(
      `SELECT entity_id, details FROM audit_events WHERE action = 'recording.patient-holds' ORDER BY id`,
    );
    expect(audit.rows.map((a) => a.entity_id)).toEqual(['130972*****', '130972*****']);
    expect(JSON.stringify(audit.rows)).not.toContain(PATIENT);
  });

  it('400 for a number that is not a fødselsnummer or D-nummer; 404 (audited) for a patient with no recording; 403 for an operator', async () => {
    const operations = await t.tokenFor('operations');
    const bad = await hold(operations, '13097248023');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ detailCode: 'contact.national-id-invalid' });
    const before = await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'recording.patient-holds'`);
    const none = await hold(operations, '01019010127');
    expect(none.statusCode).toBe(404);
    const after = await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'recording.patient-holds'`);
    expect(after.rows.length).toBe(before.rows.length + 1);
    const operator = await t.tokenFor('operator', 'lv-oslo');
    expect((await hold(operator, PATIENT)).statusCode).toBe(403);
  });
});
