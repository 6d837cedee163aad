/**
 * Testanrop (RT-8) in the browser, against the real server: a test run over Bergen
 * legevaktsentral — its 8-digit number answered by the simulated centre, the 116117 calls failing
 * (no redirect server answers in this setup) — raises an alarm; Bergen's centre leader sees it,
 * acknowledges it with a comment, opens the run's results (who answered, the SIP answers) and
 * signs the run off; Bergen kommune's reader sees only its own callers' result and signs off for
 * the municipality. axe finds no serious or critical violation, in bokmål and in English.
 */
import type { RunDetail } from '../web/src/features/test-calls/api.ts';
import { adminToken, apiCall, expect, noSeriousViolations, signInAs, test } from './fixtures.ts';
import { PASSWORD, uid } from './control-room-helpers.ts';

async function buildUser(baseURL: string, token: string, role: string, scope: object): Promise<string> {
  const username = `tc-${role}-${uid()}`;
  await apiCall(baseURL, token, 'POST', '/api/v1/users', {
    username,
    displayName: role === 'centre-leader' ? 'Lise Leder' : 'Kari Kommune',
    password: PASSWORD,
    role,
    memberships: [{ role, scope }],
  });
  return username;
}

test.describe('test calls (RT-8)', () => {
  test('an alarm from a failed run is acknowledged; the centre and the municipality sign off', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const { runId } = await apiCall<{ runId: string }>(baseURL!, token, 'POST', '/api/v1/test-calls/runs', {
      centreIds: ['lv-bergen'],
    });
    await expect
      .poll(
        async () =>
          (await apiCall<RunDetail>(baseURL!, token, 'GET', `/api/v1/test-calls/runs/${runId}`)).run.status,
        {
          timeout: 30_000,
        },
      )
      .toBe('completed');
    const leader = await buildUser(baseURL!, token, 'centre-leader', { level: 'centre', id: 'lv-bergen' });
    const kommune = await buildUser(baseURL!, token, 'municipality-reader', {
      level: 'unit',
      id: 'kommune-4601',
    });

    // The leader: the open alarm for Bergen, acknowledged with a comment.
    await signInAs(page, leader, PASSWORD, '/test-calls');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Testanrop');
    const alarms = page.getByTestId('alarms-table');
    const alarm = alarms
      .getByRole('row')
      .filter({ hasText: 'Bergen legevaktsentral' })
      .filter({
        has: page.locator(`a[href="/test-calls/runs/${runId}"]`),
      });
    await expect(alarm).toHaveCount(1);
    await noSeriousViolations(page);
    await alarm.getByRole('textbox').fill('Feilmeldt til driften');
    await alarm.getByRole('button', { name: 'Kvitter ut' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Alarmen er kvittert.' })).toBeVisible();
    await expect(alarms.locator(`a[href="/test-calls/runs/${runId}"]`)).toHaveCount(0);

    // The run: the direct number answered by Bergen, the 116117 calls without contact.
    await page.goto(`/test-calls/runs/${runId}`);
    const results = page.getByTestId('results-table');
    const direct = results.getByRole('row').filter({ hasText: 'Direktenummer' });
    await expect(direct).toContainText('Besvart');
    await expect(direct).toContainText('180 200');
    const bergen = results.getByRole('row').filter({ hasText: '116117 fra Bergen (4601)' });
    await expect(bergen).toContainText('Ingen kontakt');
    await noSeriousViolations(page);
    const form = page.getByRole('form', { name: 'Kvitter ut resultatene' });
    await form.getByLabel('Kvitter for').selectOption({ label: 'Sentralen Bergen legevaktsentral' });
    await form.getByLabel('Kommentar').fill('Kontrollert, 116117 feilmeldt');
    await form.getByRole('button', { name: 'Kvitter ut' }).click();
    await expect(page.getByTestId('signoffs')).toContainText('Sentralen Bergen legevaktsentral kvittert av');
    await expect(page.getByTestId('signoffs')).toContainText('Kontrollert, 116117 feilmeldt');
    await page.mouse.move(0, 0);
    await noSeriousViolations(page);
    // The same page in English.
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByTestId('results-table')).toContainText('116117 from Bergen (4601)');
    await expect(page.getByTestId('results-table')).toContainText('No contact');
    await noSeriousViolations(page);
    await page.getByRole('button', { name: /Norsk/ }).click();
    await page.getByRole('button', { name: /Logg ut/ }).click();

    // Bergen kommune: its own callers' result and Bergen's direct number only; signs for the municipality.
    await signInAs(page, kommune, PASSWORD, `/test-calls/runs/${runId}`);
    await expect(
      page.getByTestId('results-table').getByRole('row').filter({ hasText: '116117 fra' }),
    ).toHaveCount(1);
    const kform = page.getByRole('form', { name: 'Kvitter ut resultatene' });
    await expect(kform.getByLabel('Kvitter for')).toHaveValue('0');
    await expect(kform.getByLabel('Kvitter for').locator('option')).toHaveText(['Kommunen Bergen']);
    await kform.getByRole('button', { name: 'Kvitter ut' }).click();
    await expect(page.getByTestId('signoffs')).toContainText('Kommunen Bergen kvittert av');
    await noSeriousViolations(page);
  });
});
