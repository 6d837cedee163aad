/**
 * Issue 8: `GET /api/v1/audit` ordered its bigint ids as text (9…2 before 17…10). Newest first
 * by time, then by numeric id; paged by key, so rows written while a client pages do not shift
 * or repeat the pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../platform/db/testing.ts';
import { recordAudit } from '../../platform/audit.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../testing-app.ts';

interface AuditPage {
  items: { id: string; at: string; entity_id: string }[];
  total: number;
  next: string | null;
}

describe.each(dbKinds())('audit log order and paging on %s (issue 8)', (kind) => {
  let t: RoutingTestApp;
  let auditor: string;
  beforeAll(async () => {
    t = await createRoutingTestApp({ kind });
    auditor = await t.tokenFor('auditor');
  });
  afterAll(async () => t?.close());

  const read = async (query: string): Promise<AuditPage> => {
    const r = await t.app.inject({
      url: `/api/v1/audit?${query}`,
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };

  it('orders by time, then by the id as a number, across 1-, 2- and 3-digit ids', async () => {
    // 25 rows in one transaction share their time: the id alone orders them.
    await t.db.transaction(async (tx) => {
      for (let i = 1; i <= 25; i++)
        await recordAudit(tx, SYSTEM_ACTOR, {
          action: 'test.order',
          entityType: 'test-order',
          entityId: `e${i}`,
        });
    });
    // Pad the sequence past 100 so ids of different lengths are compared.
    await t.db.query(`SELECT setval(pg_get_serial_sequence('audit_events', 'id'), 120)`);
    await recordAudit(t.db, SYSTEM_ACTOR, {
      action: 'test.order',
      entityType: 'test-order',
      entityId: 'e26',
    });
    // A row with a higher id but an earlier time comes after the later rows.
    await t.db.query(
      `INSERT INTO audit_events (at, actor_type, action, entity_type, entity_id) VALUES (now() - interval '1 day', 'system', 'test.order', 'test-order', 'old')`,
    );
    const page = await read('entityType=test-order&limit=100');
    expect(page.total).toBe(27);
    expect(page.items.map((r) => r.entity_id)).toEqual([
      'e26',
      ...Array.from({ length: 25 }, (_v, i) => `e${25 - i}`),
      'old',
    ]);
    const ids = page.items.slice(0, -1).map((r) => BigInt(r.id));
    for (let i = 1; i < ids.length; i++) expect(ids[i]! < ids[i - 1]!).toBe(true);
  });

  it('pages by key: every row once, in order, even while new rows are written', async () => {
    const all = (await read('entityType=test-order&limit=1000')).items.map((r) => r.id);
    const seen: string[] = [];
    let page = await read('entityType=test-order&limit=7');
    for (;;) {
      seen.push(...page.items.map((r) => r.id));
      // New activity between pages: newer than every row already paged past.
      await recordAudit(t.db, SYSTEM_ACTOR, {
        action: 'test.order',
        entityType: 'test-order',
        entityId: 'new',
      });
      if (!page.next) break;
      page = await read(`entityType=test-order&limit=7&cursor=${page.next}`);
    }
    expect(seen).toEqual(all);
  });
});
