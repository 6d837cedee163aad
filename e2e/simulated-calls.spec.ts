/**
 * A person answers a simulated call (issue 11; LV-1): a server of its own with the background
 * traffic on and Bergen legevaktsentral's calls left to people at the console
 * (NODMELD_SIMULATE_PEOPLE, docs/simulator.md). The simulator decides each call through the live
 * routing and reports it through the calls module like a centre's telephone system; the model's
 * operators answer the other centres' calls, never Bergen's. An operator of Bergen sees a
 * simulated call come in by push, answers it and it leaves the queue.
 */
import { buildOperator, PASSWORD, PATH } from './control-room-helpers.ts';
import { adminToken, expect, signInAs, test } from './fixtures.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

test.describe('simulated calls ring for people at the console (issue 11; LV-1)', () => {
  let server: ServerProcess | undefined;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    server = await startServerProcess({
      NODMELD_SIMULATE: 'on',
      NODMELD_SIMULATE_PEOPLE: 'lv-bergen',
      // About one a second at Bergen: a call rings within a minute of the start.
      NODMELD_SIMULATE_PEOPLE_PER_HOUR: '3600',
    });
  });
  test.afterAll(async () => server?.stop());

  test('an operator of Bergen answers a simulated call', async ({ browser }) => {
    test.setTimeout(180_000);
    const url = server!.url;
    const operator = await buildOperator(url, await adminToken(url), ['lv-bergen']);
    const context = await browser.newContext({ baseURL: url, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    const page = await context.newPage();
    await signInAs(page, operator, PASSWORD, PATH);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sentralbord');
    await page.getByLabel('Sentral', { exact: true }).selectOption({ label: 'Bergen legevaktsentral' });
    await page.getByRole('textbox', { name: 'Operatørplass' }).fill('Posisjon 1');
    await expect(page.getByTestId('live-status')).toHaveText('Oppdateres fortløpende');
    await page.locator('h1').click(); // the keys are the queue's

    // Calls come in by push: first in the voice menu, then ringing at the operators.
    const ringing = page.getByTestId('queue-row').filter({ hasText: 'Ringer' });
    await expect(ringing.first()).toBeVisible({ timeout: 120_000 });
    const callId = await ringing.first().getAttribute('data-call-id');
    expect(callId).toMatch(/^people-/);
    // Its answer button (the keys J/K and S are the control room's own test): one click answers it.
    await ringing.first().getByRole('button', { name: /^Svar/ }).click();
    const answered = page.getByTestId('answered');
    await expect(answered.getByRole('heading', { name: 'Besvart anrop' })).toBeFocused();
    await expect(answered).toContainText('OperatørplassPosisjon 1');
    await expect(page.locator(`[data-testid="queue-row"][data-call-id="${callId}"]`)).toHaveCount(0);
    await context.close();
  });
});
