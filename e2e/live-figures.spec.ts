/**
 * Statustavle and Landskart (issue 11; LV-4, RT-7, RT-11) in the browser, against the real server:
 * an operator's wall-board shows their centre, and a call answered at it changes its figures by
 * push with no reload; when the server cannot answer, the last figures stay with a "not updated
 * since" note, which goes once it answers again. The national map draws all 357 municipalities
 * and marks a re-routed and an unavailable centre at once, in the map, the list and the table;
 * focusing a centre shows its figures. axe finds nothing serious on either page, in both languages.
 */
import type { Page } from '@playwright/test';
import { adminToken, apiCall, expect, signIn, signInAs, test } from './fixtures.ts';
import { PASSWORD, buildOperator, noSeriousViolations, postEvents, uid } from './control-room-helpers.ts';
import { scriptCallEvents } from '../src/calls/testing/call-events.ts';

const WALLBOARD = '/calls/wallboard';
const MAP = '/calls/map';

interface National {
  centres: { centreId: string; lastHour: { calls: number; withinLimit: number } }[];
}

/** A call at `centreId` answered `answerMs` after it rang, ended 10 s ago. */
const answeredCall = (centreId: string, municipality: string, answerMs: number) =>
  scriptCallEvents({
    callId: `live-${uid()}`,
    centreId,
    municipality,
    offeredAt: Date.now() - answerMs - 25_000,
    menuMs: 5_000,
    answerMs,
    talkMs: 10_000,
  });

async function lastHour(baseURL: string, token: string, centreId: string) {
  const n = await apiCall<National>(baseURL, token, 'GET', '/api/v1/calls/service-level/national');
  return n.centres.find((c) => c.centreId === centreId)!.lastHour;
}

/** Ends the test's re-routes and availability marks (the routing state is shared by the run). */
async function restoreRouting(baseURL: string, token: string, centres: string[]) {
  const open = await apiCall<{ items: { id: string; fromCentreId: string }[] }>(
    baseURL,
    token,
    'GET',
    '/api/v1/routing/reroutes',
  );
  for (const r of open.items.filter((x) => centres.includes(x.fromCentreId)))
    await apiCall(baseURL, token, 'POST', `/api/v1/routing/reroutes/${r.id}/end`, { reason: 'e2e clean-up' });
  for (const c of centres)
    await apiCall(baseURL, token, 'PUT', `/api/v1/routing/centres/${c}/availability`, {
      unavailable: false,
      reason: 'e2e clean-up',
    });
}

const tile = (page: Page, centreId: string) =>
  page.locator(`[data-testid="board-tile"][data-centre="${centreId}"]`);

test.describe('wall-board and national map (issue 11)', () => {
  test('an operator’s wall-board: their centre, live by push; stale with a note while the server cannot answer', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const operator = await buildOperator(baseURL!, token, ['lv-bergen']);
    await signInAs(page, operator, PASSWORD, WALLBOARD);
    const nav = page.getByRole('navigation', { name: 'Hovedmeny' });
    await expect(nav.getByRole('link', { name: 'Statustavle' })).toHaveAttribute('aria-current', 'page');
    await expect(nav.getByRole('link', { name: 'Landskart' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Statustavle');
    await expect(page.getByTestId('live-status')).toHaveText('Oppdateres fortløpende');
    await expect(page.getByTestId('board-tile')).toHaveCount(1);
    const bergen = tile(page, 'lv-bergen');
    await expect(bergen.getByRole('heading')).toHaveText('Bergen legevaktsentral');
    await expect(bergen).toContainText('besvart innen 2 minutter siste time');
    await expect(bergen).toContainText('krav 80 %');

    // A call answered within 2 minutes: the tile counts it with no reload.
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    const before = await lastHour(baseURL!, token, 'lv-bergen');
    await expect(bergen.getByTestId('board-count')).toContainText(
      `${before.withinLimit} av ${before.calls} anrop`,
    );
    await postEvents(baseURL!, token, answeredCall('lv-bergen', '4601', 20_000));
    await expect(bergen.getByTestId('board-count')).toContainText(
      `${before.withinLimit + 1} av ${before.calls + 1} anrop`,
    );
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    // Met, near or not met: in words, not only colour.
    await expect(bergen.getByTestId('board-level')).toHaveText(/Kravet er nådd|Nær kravet|Under kravet/);
    await noSeriousViolations(page);

    // The server cannot answer (a database outage): the last figures stay, with when they are from.
    const shown = await bergen.getByTestId('board-count').textContent();
    await page.route('**/api/v1/calls/service-level/national', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Unavailable', status: 503, code: 'unavailable' }),
      }),
    );
    await postEvents(baseURL!, token, answeredCall('lv-bergen', '4601', 200_000));
    await expect(page.getByTestId('stale')).toContainText(/Ikke oppdatert siden \d{2}:\d{2}:\d{2}/);
    await expect(bergen.getByTestId('board-count')).toHaveText(shown!);
    await noSeriousViolations(page);
    // Back: the next push brings the figures, with the call answered meanwhile (after 2 minutes).
    await page.unroute('**/api/v1/calls/service-level/national');
    await postEvents(baseURL!, token, answeredCall('lv-bergen', '4601', 30_000));
    await expect(page.getByTestId('stale')).toHaveCount(0);
    await expect(bergen.getByTestId('board-count')).toContainText(
      `${before.withinLimit + 2} av ${before.calls + 3} anrop`,
    );

    // In English too.
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wall-board');
    await expect(bergen).toContainText('answered within 2 minutes, last hour');
    await noSeriousViolations(page);
    await page.getByRole('button', { name: /Norsk/ }).click();
  });

  test('the national map: 357 municipalities, a re-routed and an unavailable centre marked live, figures on focus', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    try {
      await signIn(page, MAP);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Landskart');
      const map = page.getByTestId('national-map');
      await expect(map.locator('[data-municipality]')).toHaveCount(357);
      await expect(page.getByTestId('map-attribution')).toContainText('Kartverket');
      await expect(page.getByTestId('map-attribution').getByRole('link')).toHaveText('CC BY 4.0');
      await expect(page.getByTestId('live-status')).toHaveText('Oppdateres fortløpende');
      const voss = map.locator('[data-centre="lv-voss"]');
      await expect(voss).toHaveAttribute('data-status', 'normal');

      // Voss re-routed to Bergen, Røros unavailable: marked at once, with no reload.
      await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
      await apiCall(baseURL!, token, 'POST', '/api/v1/routing/reroutes', {
        fromCentreId: 'lv-voss',
        toCentreId: 'lv-bergen',
        kind: 'urgent',
        reason: 'Brann i bygget (e2e)',
      });
      await apiCall(baseURL!, token, 'PUT', '/api/v1/routing/centres/lv-roros/availability', {
        unavailable: true,
        reason: 'Evakuert (e2e)',
      });
      await expect(voss).toHaveAttribute('data-status', 'rerouted');
      await expect(voss.locator('.nm-map-mark-rerouted').first()).toBeAttached();
      await expect(map.locator('[data-centre="lv-roros"]')).toHaveAttribute('data-status', 'unavailable');
      const marked = page.getByTestId('map-marked');
      await expect(marked.locator('[data-centre="lv-voss"]')).toHaveText(
        'Voss legevaktsentral: Omrutet til Bergen legevaktsentral',
      );
      await expect(marked.locator('[data-centre="lv-roros"]')).toContainText('Utilgjengelig');
      await expect(page.getByTestId('map-table').locator('[data-centre="lv-voss"]')).toContainText(
        'Omrutet til Bergen legevaktsentral',
      );
      expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

      // The centre is a link a screen reader reads with its figures; focus shows them beside the map.
      await expect(voss).toHaveAttribute(
        'aria-label',
        /^Voss legevaktsentral: .* Omrutet til Bergen legevaktsentral\./,
      );
      // Before the map, a link past its 95 centres to the figures beside it.
      const skip = page.getByRole('link', { name: 'Hopp over kartet' });
      await expect(skip).toHaveAttribute('href', '#map-side');
      await voss.focus();
      const details = page.getByTestId('map-details');
      await expect(details).toContainText('Voss legevaktsentral');
      await expect(details).toContainText('Omrutet til Bergen legevaktsentral');
      await map.locator('[data-municipality="4601"]').dispatchEvent('mouseover');
      await expect(details).toContainText('Bergen legevaktsentral');
      await expect(details).toContainText('KommuneBergen');
      await noSeriousViolations(page);

      // Its wall-board says the same.
      await voss.locator('[data-municipality]').first().click();
      await expect(page).toHaveURL(/\/calls\/wallboard\?centre=lv-voss$/);
      await expect(tile(page, 'lv-voss').getByTestId('board-routing')).toHaveText(
        'Omrutet til Bergen legevaktsentral',
      );

      // In English.
      await page.goto(MAP);
      await page.getByRole('button', { name: /English/ }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('National map');
      await expect(page.getByTestId('map-marked').locator('[data-centre="lv-voss"]')).toHaveText(
        'Voss legevaktsentral: Re-routed to Bergen legevaktsentral',
      );
      await noSeriousViolations(page);
      await page.getByRole('button', { name: /Norsk/ }).click();
    } finally {
      await restoreRouting(baseURL!, token, ['lv-voss', 'lv-roros']);
    }
    await expect(page.getByTestId('national-map').locator('[data-centre="lv-voss"]')).toHaveAttribute(
      'data-status',
      'normal',
    );
  });

  test('an auditor has neither page in the menu, nor the figures from the API', async ({ page, baseURL }) => {
    const token = await adminToken(baseURL!);
    const username = `aud-${uid()}`;
    await apiCall(baseURL!, token, 'POST', '/api/v1/users', {
      username,
      displayName: 'Revisor',
      password: PASSWORD,
      role: 'auditor',
      memberships: [{ role: 'auditor', scope: { level: 'national' } }],
    });
    await signInAs(page, username, PASSWORD, '/');
    const nav = page.getByRole('navigation', { name: 'Hovedmeny' });
    await expect(nav.getByRole('link', { name: 'Statustavle' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Landskart' })).toHaveCount(0);
    expect((await page.request.get('/api/v1/calls/service-level/national')).status()).toBe(403);
  });
});
