/**
 * Sentralbord (issue 11; LV-1, LV-4) in the browser, against the real server: an operator of Bergen
 * legevaktsentral sees calls arrive by push (no reload), with waits that tick and turn to a
 * warning and danger look, answers the chosen call with one key (S, then J and Enter), sees the
 * caller's number only once answered, and the live service level counts the call once it has
 * ended; a call someone else answered first gives a calm message; an operator of another centre
 * neither gets Bergen in the picker nor reads its queue through the API. axe finds no serious or
 * critical violation on the page.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { CallEvent, RoutingSnapshot } from '../src/calls/domain/call-event.ts';
import { scriptCallEvents } from '../src/calls/testing/call-events.ts';
import { adminToken, apiCall, expect, signInAs, test } from './fixtures.ts';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PASSWORD = 'a-long-enough-password';
const PATH = '/calls/control-room';

async function noSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const blocking = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  expect(blocking).toEqual([]);
  expect((await page.locator('body').innerText()).match(/\b(?:RT|LV|AMK|CMP)-\d+\b/g) ?? []).toEqual([]);
}

const uid = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** An operator with the operator role at each of `centres`. */
async function buildOperator(baseURL: string, token: string, centres: string[]): Promise<string> {
  const username = `op-${uid()}`;
  await apiCall(baseURL, token, 'POST', '/api/v1/users', {
    username,
    displayName: 'Ola Operatør',
    password: PASSWORD,
    role: 'operator',
    memberships: centres.map((id) => ({ role: 'operator', scope: { level: 'centre', id } })),
  });
  return username;
}

/**
 * A 116117 call at Bergen legevaktsentral that has been ringing for `ringingForMs` now (routed,
 * offered, 5 s in the voice menu, ringing), its routing decision adjusted by `routing`.
 */
function waitingCall(
  callId: string,
  ringingForMs: number,
  routing: Partial<RoutingSnapshot> = {},
): CallEvent[] {
  const ringingAt = Date.now() - ringingForMs;
  return scriptCallEvents({
    callId,
    centreId: 'lv-bergen',
    municipality: '4601',
    offeredAt: ringingAt - 5_000,
    menuMs: 5_000,
  }).map((e) => (e.type === 'routed' ? { ...e, decision: { ...e.decision, ...routing } } : e));
}

const at = () => new Date().toISOString();
const ended = (callId: string): CallEvent => ({
  eventId: `${callId}:ended`,
  callId,
  occurredAt: at(),
  source: 'centre-telephony',
  type: 'ended',
  by: 'caller',
});
const abandoned = (callId: string): CallEvent => ({
  eventId: `${callId}:abandoned`,
  callId,
  occurredAt: at(),
  source: 'centre-telephony',
  type: 'abandoned',
});

async function postEvents(baseURL: string, token: string, events: CallEvent[]): Promise<void> {
  const r = await apiCall<{ refused: number }>(baseURL, token, 'POST', '/api/v1/calls/events', { events });
  expect(r.refused).toBe(0);
}

interface LastHour {
  lastHour: { figures: { calls: number; answeredWithin2Minutes: number } };
}

/** `answered av calls anrop` and the share as the tiles show them. */
const tileText = (answered: number, calls: number) => ({
  count: `${answered} av ${calls} anrop`,
  share: `${((answered / calls) * 100).toFixed(1).replace('.', ',')} %`,
});

/** Opens the control room at Bergen with position "Posisjon 1", its push connected and its queue empty. */
async function openBergen(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sentralbord');
  await page.getByLabel('Sentral', { exact: true }).selectOption({ label: 'Bergen legevaktsentral' });
  await page.getByRole('textbox', { name: 'Operatørplass' }).fill('Posisjon 1');
  await expect(page.getByTestId('live-status')).toHaveText('Oppdateres fortløpende');
  await expect(page.getByTestId('queue-empty')).toBeVisible();
  await page.locator('h1').click(); // focus out of the field: the keys are the queue's
}

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
