import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../platform/db/testing.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { readinessModule } from '../module.ts';
import { api, buildPerson, buildTrainingSetup, buildUnit, complete, type Api } from '../testing/factories.ts';

const O = '/api/v1/readiness/onboarding';

describe.each(dbKinds())('ON-2/ON-3 onboarding on %s', (kind) => {
  let t: TestApp;
  let a: Api;
  beforeAll(async () => {
    t = await createTestApp({ kind, modules: [readinessModule] });
    a = api(t);
  });
  afterAll(async () => t.close());

  it('ON-2 blocks readiness until every agreement is signed and the staff are trained, then computes payment periods', async () => {
    const lv = await buildUnit(a);
    const pos = (
      await a.post(`/api/v1/readiness/organisations/${lv.id}/equipment`, {
        kind: 'operator-position',
        label: 'Plass 1',
      })
    ).body;
    const s = await buildTrainingSetup(a, lv.id);
    const before = await a.get(`${O}/units/${lv.id}?date=2025-03-01`);
    expect(before.body.ready).toBe(false);
    expect(before.body.blockers.map((b: { code: string }) => b.code)).toEqual(
      expect.arrayContaining(['agreement-missing', 'staff-untrained']),
    );
    expect(before.body.requiredAgreements.map((r: { type: string }) => r.type)).toEqual([
      'communication-centre',
      'service-level',
      'cooperation',
      'data-processing',
      'customer',
    ]);
    const noSupplier = await a.post(`${O}/units/${lv.id}/agreements`, {
      type: 'cooperation',
      status: 'draft',
    });
    expect(noSupplier.status).toBe(422);
    const ids: string[] = [];
    for (const type of ['communication-centre', 'service-level', 'cooperation', 'data-processing'])
      ids.push(
        (
          await a.post(`${O}/units/${lv.id}/agreements`, {
            type,
            counterparty: type === 'cooperation' ? 'Bergen kommune IKT' : undefined,
            status: 'sent',
            sentAt: '2025-01-05',
          })
        ).body.id,
      );
    const customer = await a.post(`${O}/units/${lv.id}/agreements`, {
      type: 'customer',
      equipmentId: pos.id,
      status: 'signed',
      signedAt: '2025-01-20',
    });
    expect(customer.body.counterparty).toBe('DSB (tidligere DNK)');
    const noDate = await a.patch(`${O}/agreements/${ids[0]}`, { status: 'signed' });
    expect(noDate.status).toBe(422);
    for (const id of ids)
      expect(
        (await a.patch(`${O}/agreements/${id}`, { status: 'signed', signedAt: '2025-02-01' })).status,
      ).toBe(200);
    await complete(a, { personId: s.instructor.id, courseId: s.eLearning.id, completedAt: '2025-01-05' });
    const st = await a.get(`${O}/units/${lv.id}?date=2025-03-01`);
    expect(st.body.blockers).toEqual([]);
    expect(st.body.ready).toBe(true);
    expect(st.body.paymentStart).toBeNull();
    const m = await a.put(`${O}/units/${lv.id}/milestones`, {
      localProjectStart: '2024-10-01',
      installedAt: '2025-04-10',
      testedAt: '2025-04-20',
      testReportApprovedAt: '2025-05-02',
    });
    expect(m.status).toBe(200);
    const paid = await a.get(`${O}/units/${lv.id}?date=2025-12-01`);
    expect(paid.body.paymentStart).toBe('2025-07-01');
    expect(paid.body.paymentPeriods.map((p: { quarter: string }) => p.quarter)).toEqual([
      '2025-Q3',
      '2025-Q4',
    ]);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id`,
      [ids[0]],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'readiness.agreement.create',
      'readiness.agreement.update',
    ]);
    const badOrder = await a.put(`${O}/units/${lv.id}/milestones`, { testedAt: '2025-04-01' });
    expect(badOrder.status).toBe(422);
  });

  it('ON-2 names an untrained person among the blockers', async () => {
    const lv = await buildUnit(a);
    await buildPerson(a, lv.id, { name: 'Trond Utrent' });
    const st = await a.get(`${O}/units/${lv.id}?date=2025-03-01`);
    const b = st.body.blockers.find((x: { code: string }) => x.code === 'staff-untrained');
    expect(b.message).toBe('Trond Utrent is not trained: e-learning pre-course (TR-2)');
  });

  it('ON-3 warns when a unit falls behind the 9–12-month timeline', async () => {
    const lv = await buildUnit(a);
    await a.put(`${O}/units/${lv.id}/milestones`, {
      localProjectStart: '2024-01-15',
      plannedGoLive: '2025-06-01',
    });
    const st = await a.get(`${O}/units/${lv.id}?date=2024-09-20`);
    expect(st.body.timeline.warnings.map((w: { code: string }) => w.code)).toEqual([
      'agreements-signed-overdue',
      'installed-overdue',
      'test-report-approved-due-soon',
      'planned-beyond-twelve-months',
    ]);
    const overview = await a.get(`${O}/overview?date=2024-09-20`);
    const mine = overview.body.items.find((i: { unit: { id: string } }) => i.unit.id === lv.id);
    expect(mine.warnings).toHaveLength(4);
    expect(mine.ready).toBe(false);
  });

  it('refuses agreements for non-onboarding units, invalid input and writes by other roles', async () => {
    expect((await a.post(`${O}/units/kommune-4601/agreements`, { type: 'service-level' })).status).toBe(422);
    const lv = await buildUnit(a);
    const bad = await a.post(`${O}/units/${lv.id}/agreements`, {
      type: 'lease',
      status: 'done',
      signedAt: '2025-13-01',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.type', 'body.status', 'body.signedAt']),
    );
    const leader = await t.tokenFor('centre-leader', lv.id);
    expect((await a.post(`${O}/units/${lv.id}/agreements`, { type: 'service-level' }, leader)).status).toBe(
      403,
    );
    expect((await a.get(`${O}/units/${lv.id}`, leader)).status).toBe(200);
  });
});
