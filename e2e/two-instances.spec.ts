/**
 * The control room on two instances of one PostgreSQL (issue 11: "several instances serve the same
 * centre: a call answered on one is gone from the queue on every other at once"). Two nodmeld
 * processes on a fresh schema of the test PostgreSQL (TEST_DATABASE_URL, the local server, or a
 * throwaway one: src/platform/db/test-postgres.ts); two browsers, one on each. A call reported to
 * instance A shows in both queues by push; answered in the browser on A, it leaves the queue of
 * the browser on B without a reload.
 */
import type { Browser, Page } from '@playwright/test';
import { postgresForTests, type TestPostgres } from '../src/platform/db/test-postgres.ts';
import { createTestSchema } from '../src/platform/db/testing.ts';
import {
  buildOperator,
  openBergen,
  PASSWORD,
  PATH,
  postEvents,
  uid,
  waitingCall,
} from './control-room-helpers.ts';
import { adminToken, expect, signInAs, test } from './fixtures.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

test.describe('the control room on two instances (issue 11; LV-1)', () => {
  let server: TestPostgres;
  let schema: Awaited<ReturnType<typeof createTestSchema>> | undefined;
  const instances: ServerProcess[] = [];

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    server = await postgresForTests();
    test.skip(server.url === null, server.url === null ? server.why : '');
    schema = await createTestSchema(server.url!);
    const env = { NODMELD_E2E_DATABASE_URL: schema.url };
    // One after the other: the first migrates the schema and loads the national data.
    instances.push(await startServerProcess(env));
    instances.push(await startServerProcess(env));
  });
  test.afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await schema?.drop().catch(() => undefined);
    if (server?.url) await server.stop();
  });

  const consoleAt = async (browser: Browser, url: string, operator: string): Promise<Page> => {
    const context = await browser.newContext({ baseURL: url, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    const page = await context.newPage();
    await signInAs(page, operator, PASSWORD, PATH);
    await openBergen(page);
    return page;
  };

  test('a call answered in the browser on one instance leaves the queue in the browser on the other', async ({
    browser,
  }) => {
    const [a, b] = instances as [ServerProcess, ServerProcess];
    const token = await adminToken(a.url);
    const operator = await buildOperator(a.url, token, ['lv-bergen']);
    const onA = await consoleAt(browser, a.url, operator);
    const onB = await consoleAt(browser, b.url, operator);

    const callId = `two-${uid()}`;
    await postEvents(a.url, token, waitingCall(callId, 20_000));
    for (const page of [onA, onB]) {
      await expect(page.getByTestId('queue-row')).toHaveCount(1);
      await expect(page.getByTestId('queue-row').first()).toHaveAttribute('data-call-id', callId);
    }

    await onB.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await onA.keyboard.press('s');
    await expect(onA.getByTestId('answered')).toBeVisible();
    await expect(onB.getByTestId('queue-empty')).toBeVisible();
    await expect(onB.getByTestId('level-waiting')).toContainText('0');
    // By push: the page on B was not reloaded.
    expect(await onB.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  });
});
