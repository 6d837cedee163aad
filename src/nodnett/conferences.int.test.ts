/**
 * Conferences survive a restart (NN-3; migration 0039): a conference set up through one instance is
 * listed — with each party's outcome — by the AMK it belongs to and no other, by a second process
 * on the same database, and ended there; the network no longer knowing the call (its side
 * restarted) still ends it, recorded as such. Ending twice is a 404.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../platform/db/types.ts';
import { createTestDb, dbKinds } from '../platform/db/testing.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import { nodnettModule } from './module.ts';
import { FIRST_ISSI } from './simulator/simulated-nodnett.ts';

const N = '/api/v1/nodnett';

describe.each(dbKinds())('open conferences on %s (NN-3)', (kind) => {
  let db: Db | null = null;
  const open: RoutingTestApp[] = [];
  afterAll(async () => {
    for (const t of open) await t.close().catch(() => undefined);
    await db?.close();
  });
  const boot = async () => {
    db ??= await createTestDb(kind);
    const t = await createRoutingTestApp({
      kind,
      db,
      more: [nodnettModule],
      env: { NODMELD_NODNETT_TERMINALS: '10' },
    });
    open.push(t);
    const oslo = await t.tokenWith([{ role: 'amk-operator', scope: { level: 'area', id: 'amk-oslo' } }]);
    const bergen = await t.tokenWith([{ role: 'amk-operator', scope: { level: 'area', id: 'amk-bergen' } }]);
    const send = async (method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: object) => {
      const r = await t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      });
      return { status: r.statusCode, body: r.body ? r.json<Record<string, unknown>>() : {} };
    };
    return { t, oslo, bergen, send };
  };
  const audits = async (id: string) =>
    (
      await db!.query<{ action: string; details: unknown }>(
        `SELECT action, details FROM audit_events WHERE entity_type = 'conference' AND entity_id = $1 ORDER BY id`,
        [id],
      )
    ).rows.map((r) => r.action);

  it(
    'listed by its AMK only, kept across a restart, ended by the next process; twice is a 404',
    { timeout: 180_000 },
    async () => {
      const first = await boot();
      const started = await first.send('POST', `${N}/conferences`, first.oslo, {
        amkId: 'amk-oslo',
        parties: [
          { kind: 'terminal', issi: FIRST_ISSI },
          { kind: 'phone', number: '+4722000001' },
          { kind: 'phone', number: '+4755975000' },
        ],
      });
      expect(started.status).toBe(201);
      const id = started.body.id as string;
      const listed = await first.send('GET', `${N}/conferences`, first.oslo);
      expect(listed.status).toBe(200);
      expect(listed.body.conferences).toEqual([
        expect.objectContaining({
          id,
          amkId: 'amk-oslo',
          parties: [
            { party: { kind: 'terminal', issi: FIRST_ISSI }, outcome: 'joined' },
            { party: { kind: 'phone', number: '+4722000001' }, outcome: 'joined' },
            { party: { kind: 'phone', number: '+4755975000' }, outcome: 'joined' },
          ],
        }),
      ]);
      expect((await first.send('GET', `${N}/conferences`, first.bergen)).body.conferences).toEqual([]);
      await first.t.close();

      // The next process on the same database: its simulated network does not know the call.
      const second = await boot();
      expect(
        ((await second.send('GET', `${N}/conferences`, second.oslo)).body.conferences as unknown[]).length,
      ).toBe(1);
      expect((await second.send('DELETE', `${N}/conferences/${id}`, second.bergen)).status).toBe(403);
      expect((await second.send('DELETE', `${N}/conferences/${id}`, second.oslo)).status).toBe(204);
      expect((await second.send('GET', `${N}/conferences`, second.oslo)).body.conferences).toEqual([]);
      expect((await second.send('DELETE', `${N}/conferences/${id}`, second.oslo)).status).toBe(404);
      expect(await audits(id)).toEqual(['nodnett.conference.connected', 'nodnett.conference.ended']);

      // The restarted network gives the same id out again: the new conference is the open one.
      const again = await second.send('POST', `${N}/conferences`, second.oslo, {
        amkId: 'amk-oslo',
        parties: [
          { kind: 'terminal', issi: FIRST_ISSI + 1 },
          { kind: 'phone', number: '+4722000001' },
        ],
      });
      expect(again.body.id).toBe(id);
      const now = (await second.send('GET', `${N}/conferences`, second.oslo)).body.conferences as {
        parties: unknown[];
      }[];
      expect(now).toHaveLength(1);
      expect(now[0]!.parties).toHaveLength(2);
    },
  );
});
