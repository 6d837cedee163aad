/**
 * The emergency-plan register over HTTP on PGlite and PostgreSQL (LV-7): a leader of Bergen
 * legevaktsentral creates a plan for Bergen with contacts in alerting order, attaches a PDF, and
 * the centre's operator lists, reads and downloads it (the same bytes, audited). Refused: document
 * types off the allow-list, content that is not its declared type, files over the limit — nothing
 * stored. Scope: another centre's operator neither reads nor maintains Bergen's plans; an
 * operator does not maintain. Review dates flag plans as overdue; changes need their revision.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../platform/db/testing.ts';
import { readAll } from '../platform/storage/blob-store.ts';
import { osloDate } from '../platform/time/calendar.ts';
import { addDays } from '../platform/time/calendar.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import { emergencyPlansModule } from './module.ts';
import { BLOB_PREFIX } from './documents/attach-document.ts';
import { buildPlan, PDF, planBody, plansApi } from './testing.ts';

describe.each(dbKinds())('emergency plans on %s (LV-7)', (kind) => {
  let t: RoutingTestApp;
  let dir: string;
  let api: ReturnType<typeof plansApi>;
  const tokens: Record<string, string> = {};
  const today = osloDate(Date.now());

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-plans-'));
    t = await createRoutingTestApp({
      kind,
      more: [emergencyPlansModule],
      env: { NODMELD_STORAGE_DIR: dir, NODMELD_EMERGENCY_PLANS_MAX_DOCUMENT_MB: '1' },
    });
    api = plansApi(t);
    const centre = (id: string) => ({ level: 'centre' as const, id });
    tokens.leaderBergen = await t.tokenWith([{ role: 'centre-leader', scope: centre('lv-bergen') }]);
    tokens.operatorBergen = await t.tokenWith([{ role: 'operator', scope: centre('lv-bergen') }]);
    tokens.operatorOslo = await t.tokenWith([{ role: 'operator', scope: centre('lv-oslo') }]);
    tokens.leaderOslo = await t.tokenWith([{ role: 'centre-leader', scope: centre('lv-oslo') }]);
    tokens.amkBergen = await t.tokenWith([
      { role: 'amk-operator', scope: { level: 'area', id: 'amk-bergen' } },
    ]);
    tokens.operations = await t.tokenWith([{ role: 'operations', scope: { level: 'national' } }]);
    tokens.bergenKommune = await t.tokenWith([
      { role: 'municipality-reader', scope: { level: 'unit', id: 'kommune-4601' } },
    ]);
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const blobKeys = async () => {
    const keys: string[] = [];
    for await (const b of t.system.blobs.list(BLOB_PREFIX)) keys.push(b.key);
    return keys;
  };
  const documentRows = async (planId: string) =>
    (await t.db.query<{ id: string }>('SELECT id FROM emergency_plan_documents WHERE plan_id = $1', [planId]))
      .rows;

  it('a leader creates a plan with contacts in alerting order; the centre’s operator reads it', async () => {
    const created = await api.post('/municipalities/4601/plans', tokens.leaderBergen!, planBody());
    expect(created.statusCode).toBe(201);
    const plan = created.json();
    expect(plan).toMatchObject({
      municipality: { number: '4601', name: 'Bergen', centreId: 'lv-bergen' },
      kind: 'crisis-alert-plan',
      revision: 1,
      reviewStatus: 'current',
      mayMaintain: true,
      contacts: [
        {
          order: 1,
          name: 'Kari Beredskap',
          phones: ['+47 55 55 55 55', '915 00 000'],
          availability: 'around-the-clock',
        },
        { order: 2, name: 'Ola Overlege', availability: 'office-hours', note: null },
      ],
      documents: [],
    });
    const read = await api.get(`/plans/${plan.id}`, tokens.operatorBergen!);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: plan.id, mayMaintain: false, contacts: plan.contacts });
    const municipality = (await api.get('/municipalities/4601', tokens.amkBergen!)).json();
    expect(municipality).toMatchObject({ status: 'current', mayMaintain: false });
    expect(municipality.plans.map((p: { id: string }) => p.id)).toContain(plan.id);
    // The change is audited and announced to the centre.
    const audit = await t.db.query<{ action: string; centre_id: string }>(
      `SELECT action, centre_id FROM audit_events WHERE entity_id = $1`,
      [plan.id],
    );
    expect(audit.rows).toEqual([{ action: 'emergency-plan.created', centre_id: 'lv-bergen' }]);
    const events = await t.db.query<{ scope_kind: string; scope_id: string; payload: unknown }>(
      `SELECT scope_kind, scope_id, payload FROM events WHERE type = 'emergency-plans.plan.changed'
        AND payload->>'planId' = $1`,
      [plan.id],
    );
    expect(events.rows).toMatchObject([
      { scope_kind: 'centre', scope_id: 'lv-bergen', payload: { change: 'created', municipality: '4601' } },
    ]);
  });

  it('lists the municipalities the caller’s centre serves (and its partner’s), with status and filters', async () => {
    await buildPlan(api, tokens.leaderBergen!, '4627', {
      title: 'Helseberedskapsplan Askøy',
      reviewBy: '2020-01-31',
    });
    const numbers = async (token: string, query = '') =>
      (await api.get(`/municipalities${query}`, token)).json().items.map((m: { number: string }) => m.number);
    // Bergen serves Bergen and Askøy, and takes Kinn's calls outside Kinn's staffed hours.
    expect((await numbers(tokens.operatorBergen!)).sort()).toEqual(['4601', '4602', '4627']);
    expect(await numbers(tokens.operatorOslo!)).toEqual(['0301']);
    expect((await numbers(tokens.amkBergen!)).sort()).toEqual(['4601', '4602', '4627', '4640']);
    expect((await numbers(tokens.operations!)).length).toBeGreaterThan(10);
    // A municipality's own reader: that municipality only.
    expect(await numbers(tokens.bergenKommune!)).toEqual(['4601']);
    expect(await numbers(tokens.operatorBergen!, '?q=ask')).toEqual(['4627']);
    expect(await numbers(tokens.operatorBergen!, '?status=overdue')).toEqual(['4627']);
    expect(await numbers(tokens.operatorBergen!, '?status=missing')).toEqual(['4602']);
    expect(await numbers(tokens.operations!, '?centre=lv-oslo')).toEqual(['0301']);
    const list = (await api.get('/municipalities?q=ask', tokens.operatorBergen!)).json();
    expect(list.items[0]).toMatchObject({
      name: 'Askøy',
      status: 'overdue',
      plans: [{ title: 'Helseberedskapsplan Askøy', reviewStatus: 'overdue', documents: 0 }],
    });
    expect(list.items[0].plans[0].contacts[0]).toMatchObject({ order: 1, name: 'Kari Beredskap' });
  });

  it('flags review dates: overdue after the date, due soon within 30 days, current after', async () => {
    const plan = await buildPlan(api, tokens.leaderBergen!, '4601', { reviewBy: addDays(today, 10) });
    expect(plan.reviewStatus).toBe('due-soon');
    const overdue = await buildPlan(api, tokens.leaderBergen!, '4601', { reviewBy: addDays(today, -1) });
    expect(overdue.reviewStatus).toBe('overdue');
    const m = (await api.get('/municipalities/4601', tokens.operatorBergen!)).json();
    expect(m.status).toBe('overdue');
  });

  it('attaches a PDF and the operator downloads the same bytes, audited; If-None-Match answers 304', async () => {
    const plan = await buildPlan(api, tokens.leaderBergen!, '4601');
    const pdf = PDF('Beredskapsplan Bergen');
    const up = await api.upload(
      plan.id,
      tokens.leaderBergen!,
      pdf,
      'application/pdf',
      'Beredskapsplan Bømlo 2026.pdf',
      'Hovedplan',
    );
    expect(up.statusCode).toBe(201);
    const doc = up.json();
    expect(doc).toMatchObject({
      filename: 'Beredskapsplan Bømlo 2026.pdf',
      title: 'Hovedplan',
      mediaType: 'application/pdf',
      size: pdf.length,
    });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    const down = await api.get(`/documents/${doc.id}`, tokens.operatorBergen!);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(pdf)).toBe(true);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['content-disposition']).toBe(
      `attachment; filename*=UTF-8''Beredskapsplan%20B%C3%B8mlo%202026.pdf; filename="Beredskapsplan B_mlo 2026.pdf"`,
    );
    expect(down.headers.etag).toBe(`"${doc.sha256}"`);
    const again = await api.get(`/documents/${doc.id}`, tokens.operatorBergen!, {
      'if-none-match': `"${doc.sha256}"`,
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    const head = await t.app.inject({
      method: 'HEAD',
      url: `/api/v1/emergency-plans/documents/${doc.id}`,
      headers: { authorization: `Bearer ${tokens.operatorBergen}` },
    });
    expect(head.statusCode).toBe(200);
    const downloads = await t.db.query<{ actor_name: string; details: { sha256: string } }>(
      `SELECT actor_name, details FROM audit_events WHERE action = 'emergency-plan.document-downloaded' AND entity_id = $1`,
      [doc.id],
    );
    // One download handed out bytes: one audit row (not the 304, not the HEAD).
    expect(downloads.rows).toHaveLength(1);
    expect(downloads.rows[0]!.details).toMatchObject({ planId: plan.id, sha256: doc.sha256 });
    const added = await t.db.query(
      `SELECT 1 FROM audit_events WHERE action = 'emergency-plan.document-added' AND entity_id = $1`,
      [doc.id],
    );
    expect(added.rows).toHaveLength(1);
    // The plan lists it.
    const read = (await api.get(`/plans/${plan.id}`, tokens.operatorBergen!)).json();
    expect(read.documents).toMatchObject([{ id: doc.id, sha256: doc.sha256 }]);
    // Stored in the blob store with its checksum.
    const blob = await t.system.blobs.get(`${BLOB_PREFIX}${plan.id}/${doc.id}`);
    expect((await readAll(blob!.stream)).equals(pdf)).toBe(true);
  });

  it('takes the other allow-listed types (UTF-8 text, PNG) with their own Content-Type', async () => {
    const plan = await buildPlan(api, tokens.leaderBergen!, '4601');
    const text = Buffer.from('Varslingsliste: ring beredskapsleder først. Æ Ø Å.\n', 'utf8');
    const up = await api.upload(
      plan.id,
      tokens.leaderBergen!,
      text,
      'text/plain; charset=utf-8',
      'liste.txt',
    );
    expect(up.statusCode).toBe(201);
    const down = await api.get(`/documents/${up.json().id}`, tokens.operatorBergen!);
    expect(down.rawPayload.equals(text)).toBe(true);
    expect(down.headers['content-type']).toContain('text/plain');
    const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(64, 1)]);
    expect((await api.upload(plan.id, tokens.leaderBergen!, png, 'image/png', 'kart.png')).statusCode).toBe(
      201,
    );
  });

  it('refuses types off the allow-list, mislabelled content and files over the limit, storing nothing', async () => {
    const plan = await buildPlan(api, tokens.leaderBergen!, '4601');
    const before = await blobKeys();
    const zip = await api.upload(
      plan.id,
      tokens.leaderBergen!,
      Buffer.from('PK\x03\x04xx'),
      'application/zip',
      'plan.zip',
    );
    expect(zip.statusCode).toBe(415);
    expect(zip.headers['content-type']).toContain('application/problem+json');
    expect(zip.json().code).toBe('unsupported-media-type');
    const html = await api.upload(
      plan.id,
      tokens.leaderBergen!,
      Buffer.from('<html><script>x</script>'),
      'application/pdf',
      'plan.pdf',
    );
    expect(html.statusCode).toBe(415);
    expect(html.json()).toMatchObject({
      code: 'unsupported-media-type',
      detailCode: 'plan.document-content-mismatch',
    });
    const big = Buffer.concat([PDF('stor'), Buffer.alloc(1024 * 1024)]);
    const tooBig = await api.upload(plan.id, tokens.leaderBergen!, big, 'application/pdf', 'stor.pdf');
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toMatchObject({
      detailCode: 'plan.document-too-large',
      detailParams: { maxMb: 1 },
    });
    // Without a Content-Length (chunked): refused while streaming.
    const streamed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/emergency-plans/plans/${plan.id}/documents?filename=stor.pdf`,
      headers: { authorization: `Bearer ${tokens.leaderBergen}`, 'content-type': 'application/pdf' },
      payload: Readable.from([PDF('stor'), Buffer.alloc(700 * 1024), Buffer.alloc(700 * 1024)]),
    });
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json().detailCode).toBe('plan.document-too-large');
    const empty = await api.upload(plan.id, tokens.leaderBergen!, Buffer.alloc(0), 'image/png', 'tom.png');
    expect(empty.statusCode).toBe(400);
    const noName = await api.upload(plan.id, tokens.leaderBergen!, PDF('x'), 'application/pdf', '../');
    expect(noName.statusCode).toBe(400);
    expect(noName.json().errors).toMatchObject([{ path: 'query.filename' }]);
    expect(await documentRows(plan.id)).toEqual([]);
    expect(await blobKeys()).toEqual(before);
  });

  it('scope: another centre’s operator neither reads nor maintains Bergen’s plans; an operator does not maintain; Bergen kommune reads its own', async () => {
    const plan = await buildPlan(api, tokens.leaderBergen!, '4601');
    const doc = (
      await api.upload(plan.id, tokens.leaderBergen!, PDF('p'), 'application/pdf', 'p.pdf')
    ).json();
    const oslo = tokens.operatorOslo!;
    expect((await api.get('/municipalities/4601', oslo)).statusCode).toBe(403);
    expect((await api.get(`/plans/${plan.id}`, oslo)).statusCode).toBe(404);
    expect((await api.get(`/documents/${doc.id}`, oslo)).statusCode).toBe(404);
    // Not even the leader of Oslo may maintain Bergen's plans.
    for (const token of [oslo, tokens.leaderOslo!, tokens.operatorBergen!, tokens.amkBergen!]) {
      expect([403, 404]).toContain(
        (await api.post('/municipalities/4601/plans', token, planBody())).statusCode,
      );
      expect([403, 404]).toContain(
        (await api.put(`/plans/${plan.id}`, token, { ...planBody(), revision: 1 })).statusCode,
      );
      expect([403, 404]).toContain((await api.del(`/plans/${plan.id}?revision=1`, token)).statusCode);
      expect([403, 404]).toContain(
        (await api.upload(plan.id, token, PDF('x'), 'application/pdf', 'x.pdf')).statusCode,
      );
      expect([403, 404]).toContain((await api.del(`/documents/${doc.id}`, token)).statusCode);
    }
    // Bergen kommune reads its own plans and their documents, not its neighbour's, and changes nothing.
    const kommune = tokens.bergenKommune!;
    expect((await api.get('/municipalities/4601', kommune)).json()).toMatchObject({ mayMaintain: false });
    expect((await api.get(`/documents/${doc.id}`, kommune)).statusCode).toBe(200);
    expect((await api.get('/municipalities/4627', kommune)).statusCode).toBe(403);
    expect((await api.post('/municipalities/4601/plans', kommune, planBody())).statusCode).toBe(403);
    expect((await api.del(`/documents/${doc.id}`, kommune)).statusCode).toBe(403);
    // Nothing changed, and no download by Oslo was recorded.
    expect((await api.get(`/plans/${plan.id}`, tokens.operatorBergen!)).json()).toMatchObject({
      revision: 1,
    });
    expect(await documentRows(plan.id)).toHaveLength(1);
    // Oslo's leader maintains Oslo's plans.
    expect((await api.post('/municipalities/0301/plans', tokens.leaderOslo!, planBody())).statusCode).toBe(
      201,
    );
    // An unknown municipality.
    const unknown = await api.post('/municipalities/9999/plans', t.adminToken, planBody());
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detailCode).toBe('plan.municipality-unknown');
  });

  it('a change names its revision: contacts replaced in the new order, a stale change is a 409, audited with before and after', async () => {
    const plan = await buildPlan(api, tokens.leaderBergen!, '4601');
    const body = planBody();
    const changed = await api.put(`/plans/${plan.id}`, tokens.leaderBergen!, {
      ...body,
      title: 'Kriseplan Bergen 2.0',
      contacts: [body.contacts[1], { ...body.contacts[0], phones: ['55 00 00 00'] }],
      revision: 1,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      revision: 2,
      title: 'Kriseplan Bergen 2.0',
      contacts: [
        { order: 1, name: 'Ola Overlege' },
        { order: 2, name: 'Kari Beredskap', phones: ['55 00 00 00'] },
      ],
    });
    const stale = await api.put(`/plans/${plan.id}`, tokens.leaderBergen!, { ...body, revision: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      detailCode: 'plan.version-conflict',
      detailParams: { revision: 2 },
    });
    const audit = await t.db.query<{
      details: { changedFields: Record<string, { from: unknown; to: unknown }> };
    }>(`SELECT details FROM audit_events WHERE action = 'emergency-plan.updated' AND entity_id = $1`, [
      plan.id,
    ]);
    expect(Object.keys(audit.rows[0]!.details.changedFields).sort()).toEqual(['contacts', 'title']);
    expect(audit.rows[0]!.details.changedFields.title).toEqual({
      from: plan.title,
      to: 'Kriseplan Bergen 2.0',
    });
  });

  it('removes a document and a plan: rows, audit rows, and their blobs', async () => {
    const plan = await buildPlan(api, tokens.leaderBergen!, '4601');
    const a = (await api.upload(plan.id, tokens.leaderBergen!, PDF('a'), 'application/pdf', 'a.pdf')).json();
    const b = (await api.upload(plan.id, tokens.leaderBergen!, PDF('b'), 'application/pdf', 'b.pdf')).json();
    expect((await api.del(`/documents/${a.id}`, tokens.leaderBergen!)).statusCode).toBe(204);
    expect((await api.get(`/documents/${a.id}`, tokens.operatorBergen!)).statusCode).toBe(404);
    expect(await t.system.blobs.head(`${BLOB_PREFIX}${plan.id}/${a.id}`)).toBeNull();
    expect((await api.del(`/plans/${plan.id}?revision=9`, tokens.leaderBergen!)).statusCode).toBe(409);
    expect((await api.del(`/plans/${plan.id}?revision=1`, tokens.leaderBergen!)).statusCode).toBe(204);
    expect((await api.get(`/plans/${plan.id}`, tokens.leaderBergen!)).statusCode).toBe(404);
    expect(await t.system.blobs.head(`${BLOB_PREFIX}${plan.id}/${b.id}`)).toBeNull();
    const removed = await t.db.query<{ details: { before: { title: string } } }>(
      `SELECT details FROM audit_events WHERE action = 'emergency-plan.removed' AND entity_id = $1`,
      [plan.id],
    );
    expect(removed.rows[0]!.details.before.title).toBe(plan.title);
  });
});
