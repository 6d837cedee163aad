/**
 * Sentralbord (issue 11; LV-1, LV-4) in the browser, against the real server: an operator of Bergen
 * legevaktsentral sees calls arrive by push (no reload), with waits that tick and turn to a
 * warning and danger look, answers the chosen call with one key (S, then J and Enter), sees the
 * caller's number only once answered, and the live service level counts the call once it has
 * ended; a call someone else answered first gives a calm message; an operator of another centre
 * neither gets Bergen in the picker nor reads its queue through the API. axe finds no serious or
 * critical violation on the page.
 */
import { adminToken, apiCall, expect, signInAs, test } from './fixtures.ts';
import {
  PASSWORD,
  PATH,
  abandoned,
  at,
  buildOperator,
  ended,
  noSeriousViolations,
  openBergen,
  postEvents,
  uid,
  waitingCall,
} from './control-room-helpers.ts';

interface LastHour {
  lastHour: { figures: { calls: number; answeredWithin2Minutes: number } };
}

/** `answered av calls anrop` and the share as the tiles show them. */
const tileText = (answered: number, calls: number) => ({
  count: `${answered} av ${calls} anrop`,
  share: `${((answered / calls) * 100).toFixed(1).replace('.', ',')} %`,
});

test.describe('control room (issue 11)', () => {
  test('an operator sees calls arrive, answers with one key, and the service level counts them', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const operator = await buildOperator(baseURL!, token, ['lv-bergen', 'lv-kinn']);
    await signInAs(page, operator, PASSWORD, PATH);
    const nav = page.getByRole('navigation', { name: 'Hovedmeny' });
    await expect(nav.getByRole('link', { name: 'Anrop som venter' })).toHaveAttribute('aria-current', 'page');

    // The picker offers the operator's two centres, and remembers the choice and the position.
    const picker = page.getByLabel('Sentral', { exact: true });
    await expect(picker.locator('option')).toHaveText(['Bergen legevaktsentral', 'Kinn legevaktsentral']);
    await picker.selectOption({ label: 'Kinn legevaktsentral' });
    await page.getByRole('textbox', { name: 'Operatørplass' }).fill('Posisjon 1');
    await page.reload();
    await expect(picker).toHaveValue('lv-kinn');
    await expect(page.getByRole('textbox', { name: 'Operatørplass' })).toHaveValue('Posisjon 1');
    await openBergen(page);
    await expect(page.getByTestId('shortcuts')).toContainText('Enter eller S svar på valgt anrop');
    const before = await apiCall<LastHour>(
      baseURL!,
      token,
      'GET',
      '/api/v1/calls/service-level?centre=lv-bergen',
    );
    const { calls: n, answeredWithin2Minutes: within } = before.lastHour.figures;

    // Three calls: past 2 minutes, close to it (re-routed), and just arrived at the alternative site
    // after positioning failed. They come by push: the page is not reloaded.
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    const id = uid();
    const [late, close, fresh] = [`cr-late-${id}`, `cr-close-${id}`, `cr-fresh-${id}`];
    await postEvents(baseURL!, token, [
      ...waitingCall(late, 130_000),
      ...waitingCall(close, 95_000, {
        method: 'reroute',
        locatedBy: 'number-series',
        rerouteId: 'e2e-reroute',
        municipality: '4627',
        county: '46',
      }),
      ...waitingCall(fresh, 2_000, {
        method: 'menu-postcode',
        positioning: { status: 'failed', reason: 'timeout' },
        alternativeSite: true,
      }),
    ]);
    const rows = page.getByTestId('queue-row');
    await expect(rows).toHaveCount(3);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    await expect(rows.nth(0)).toHaveAttribute('data-call-id', late);
    await expect(rows.nth(0)).toHaveAttribute('aria-current', 'true'); // the oldest is chosen
    await expect(rows.nth(0)).toContainText('valgt');
    await expect(rows.nth(0)).toContainText('2 min nådd');
    await expect(rows.nth(0)).toContainText('Ringer');
    await expect(rows.nth(0)).toContainText('Bergen');
    await expect(rows.nth(0)).toContainText('Nummerserie');
    await expect(rows.nth(1)).toContainText('Nær 2 min');
    await expect(rows.nth(1)).toContainText('Askøy');
    await expect(rows.nth(1)).toContainText('Omrutet');
    await expect(rows.nth(2)).toContainText('Posisjon ikke funnet (tidsavbrudd)');
    await expect(rows.nth(2)).toContainText('Reservemottak');
    await expect(rows.nth(2)).toContainText('Meny: postnummer');
    await expect(rows.nth(0).getByRole('button')).toHaveText(/^Svar \(S\)/);
    await expect(page.getByTestId('queue')).not.toContainText('41234567'); // no calling numbers in the queue
    await expect(page.getByTestId('level-waiting')).toContainText('3');

    // The waits tick on their own.
    const wait = rows.nth(2).getByTestId('wait');
    const first = await wait.textContent();
    await expect.poll(() => wait.textContent(), { timeout: 5_000 }).not.toBe(first);

    // S answers the chosen call: its panel shows the caller's number, and it leaves the queue.
    await page.keyboard.press('s');
    const answered = page.getByTestId('answered');
    await expect(answered.getByRole('heading', { name: 'Besvart anrop' })).toBeFocused();
    await expect(answered).toContainText('Innringers nummer41234567');
    await expect(answered).toContainText('KommuneBergen');
    await expect(answered).toContainText('RutingNummerserie');
    await expect(answered).toContainText(/Besvart\d{2}:\d{2}:\d{2}/);
    await expect(answered).toContainText('OperatørplassPosisjon 1');
    await expect(page.locator(`[data-call-id="${late}"]`)).toHaveCount(0);
    await expect(rows).toHaveCount(2);
    await noSeriousViolations(page);

    // Answered, it counts at once (after more than 2 minutes: not within); its end changes nothing.
    const lastHour = page.getByTestId('level-lastHour');
    await expect(lastHour).toContainText(tileText(within, n + 1).count);
    await postEvents(baseURL!, token, [ended(late)]);
    await expect(lastHour).toContainText(tileText(within, n + 1).count);
    await expect(lastHour).toContainText(tileText(within, n + 1).share);
    await expect(lastHour).toContainText('krav 80 %');

    // J moves to the next call, Enter answers it.
    await expect(rows.nth(0)).toHaveAttribute('data-call-id', close);
    await page.keyboard.press('j');
    await expect(rows.nth(1)).toHaveAttribute('aria-current', 'true');
    await page.keyboard.press('Enter');
    await expect(answered).toContainText('RutingMeny: postnummer');
    await expect(page.locator(`[data-call-id="${fresh}"]`)).toHaveCount(0);

    // The caller of the other one hangs up: unanswered, it counts too, and no call waits.
    await postEvents(baseURL!, token, [ended(fresh), abandoned(close)]);
    await expect(page.getByTestId('queue-empty')).toBeVisible();
    await expect(lastHour).toContainText(tileText(within + 1, n + 3).count);
    await expect(lastHour).toContainText(tileText(within + 1, n + 3).share);
    await expect(page.getByTestId('level-waiting')).toContainText('0');
    await expect(page.getByTestId('level-longest')).toContainText('–');

    // In English too.
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Control room');
    await expect(page.getByTestId('queue-empty')).toHaveText('No calls are waiting.');
    await expect(lastHour).toContainText('Answered within 2 minutes, last hour');
    await noSeriousViolations(page);
    await page.getByRole('button', { name: /Norsk/ }).click();
  });

  test('a call someone else answered first: a calm message, and the queue moves on', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const operator = await buildOperator(baseURL!, token, ['lv-bergen']);
    await signInAs(page, operator, PASSWORD, PATH);
    await openBergen(page);
    const callId = `cr-taken-${uid()}`;
    const shown = page.waitForResponse(
      async (r) => r.url().includes('/api/v1/calls/queue') && (await r.text()).includes(callId),
    );
    await postEvents(baseURL!, token, waitingCall(callId, 10_000));
    const stale = await (await shown).json();
    await expect(page.getByTestId('queue-row')).toHaveCount(1);

    // Without a position there is no answering: the field says so and takes the focus.
    const position = page.getByRole('textbox', { name: 'Operatørplass' });
    await position.fill('');
    await page.locator('h1').click();
    await page.keyboard.press('S');
    await expect(page.getByText('Skriv inn operatørplassen før du svarer.')).toBeVisible();
    await expect(position).toBeFocused();
    await position.fill('Posisjon 2');
    await page.locator('h1').click();

    // Another operator answers it; this page has not heard yet (its re-reads still see the call).
    await page.route('**/api/v1/calls/queue?**', (route) => route.fulfill({ json: stale }));
    await postEvents(baseURL!, token, [
      {
        eventId: `${callId}:answered`,
        callId,
        occurredAt: at(),
        source: 'operator',
        type: 'answered',
        positionId: 'Posisjon 7',
      },
    ]);
    await page.keyboard.press('S');
    await expect(page.getByTestId('taken')).toContainText('Samtalen er allerede besvart');
    await expect(page.getByTestId('answered')).toHaveCount(0);
    await noSeriousViolations(page);

    await page.unroute('**/api/v1/calls/queue?**');
    await postEvents(baseURL!, token, [ended(callId)]);
    await expect(page.getByTestId('queue-empty')).toBeVisible();
  });

  test('an operator of another centre neither sees nor reads Bergen’s queue', async ({ page, baseURL }) => {
    const token = await adminToken(baseURL!);
    const operator = await buildOperator(baseURL!, token, ['lv-kinn']);
    const callId = `cr-other-${uid()}`;
    await postEvents(baseURL!, token, waitingCall(callId, 5_000));
    try {
      await signInAs(page, operator, PASSWORD, PATH);
      await expect(page.getByLabel('Sentral', { exact: true }).locator('option')).toHaveText([
        'Kinn legevaktsentral',
      ]);
      await expect(page.getByTestId('live-status')).toHaveText('Oppdateres fortløpende');
      await expect(page.getByTestId('queue-empty')).toBeVisible();
      await expect(page.locator(`[data-call-id="${callId}"]`)).toHaveCount(0);

      // Nor through the API with the same session.
      for (const path of ['/api/v1/calls/queue', '/api/v1/calls/service-level']) {
        const res = await page.request.get(`${path}?centre=lv-bergen`);
        expect([403, 404]).toContain(res.status());
        expect(await res.text()).not.toContain(callId);
      }
      const csrf = (await page.context().cookies()).find((c) => c.name === 'nodmeld_csrf')?.value ?? '';
      const answer = await page.request.post(`/api/v1/calls/${callId}/answer`, {
        headers: { 'x-csrf-token': csrf },
        data: { positionId: 'Posisjon 1' },
      });
      expect(answer.status()).toBe(404);
      await noSeriousViolations(page);
    } finally {
      await postEvents(baseURL!, token, [abandoned(callId)]);
    }
  });
});
