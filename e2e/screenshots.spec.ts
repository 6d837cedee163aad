/**
 * Screenshots for the documentation (docs/img/*.png). Run on demand:
 *   NODMELD_SCREENSHOTS=1 npx playwright test e2e/screenshots.spec.ts
 * Without the variable the tests only check that the pages render (no files are written).
 */
import {
  adminToken,
  apiCall,
  buildStation,
  expect,
  isoDay,
  signIn,
  slug,
  test,
  unique,
  uploadRoster,
  signInAs,
} from './fixtures.ts';
import {
  abandoned,
  buildOperator,
  ended,
  openBergen,
  PASSWORD,
  PATH,
  postEvents,
  uid,
  waitingCall,
} from './control-room-helpers.ts';
import { scriptCallEvents } from '../src/calls/testing/call-events.ts';

const write = !!process.env.NODMELD_SCREENSHOTS;

test.use({ viewport: { width: 1400, height: 1000 } });

test('onboarding page of a unit half-way through (screenshot)', async ({ page, baseURL }) => {
  const token = await adminToken(baseURL!);
  const name = unique('Legevaktsentralen i Vestby');
  const id = slug(name);
  await apiCall(baseURL!, token, 'POST', '/api/v1/readiness/organisations', {
    id,
    kind: 'lv-sentral',
    name: 'Legevaktsentralen i Vestby',
    controlRoomSystem: 'ICCS',
  });
  await apiCall(baseURL!, token, 'POST', `/api/v1/readiness/organisations/${id}/equipment`, {
    kind: 'radio-terminal',
    form: 'desk',
    label: 'Bordterminal 1',
    model: 'Sepura SCG22',
  });
  for (const type of ['communication-centre', 'service-level', 'data-processing'])
    await apiCall(baseURL!, token, 'POST', `/api/v1/readiness/onboarding/units/${id}/agreements`, {
      type,
      status: 'signed',
      signedAt: isoDay(-150),
    });
  await apiCall(baseURL!, token, 'POST', `/api/v1/readiness/onboarding/units/${id}/agreements`, {
    type: 'cooperation',
    counterparty: 'Vestby IKT AS',
    status: 'sent',
    sentAt: isoDay(-20),
  });
  await apiCall(baseURL!, token, 'PUT', `/api/v1/readiness/onboarding/units/${id}/milestones`, {
    localProjectStart: isoDay(-250),
    plannedGoLive: isoDay(90),
  });
  await signIn(page, `/readiness/onboarding/${id}`);
  await expect(page.getByTestId('ready-tag')).toHaveText('Blokkert');
  await expect(page.getByTestId('required-agreements')).toContainText('Sendt');
  if (write) await page.screenshot({ path: 'docs/img/onboarding.png', fullPage: true });
});

test('roster check with violations (screenshot)', async ({ page, baseURL }) => {
  const token = await adminToken(baseURL!);
  const station = await buildStation(baseURL!, token, 'Ambulansestasjon Vestby');
  const numbers = [`S${Date.now().toString(36)}a`, `S${Date.now().toString(36)}b`];
  await apiCall(baseURL!, token, 'POST', '/api/v1/readiness/training/people', {
    name: 'Per Sjåfør',
    employerUnitId: station.id,
    employeeNumber: numbers[0],
  });
  await apiCall(baseURL!, token, 'POST', '/api/v1/readiness/training/people', {
    name: 'Siri Sykepleier',
    employerUnitId: station.id,
    employeeNumber: numbers[1],
  });
  const csv = [
    'unit_id,unit_kind,start,end,person_id,role',
    `A-12,ambulance-car,2025-03-03T08:00+01:00,2025-03-03T20:00+01:00,${numbers[0]},driver`,
    `A-12,ambulance-car,2025-03-03T08:00+01:00,2025-03-03T20:00+01:00,${numbers[1]},crew`,
    `A-14,ambulance-car,2025-03-04T20:00+01:00,2025-03-05T08:00+01:00,${numbers[0]},driver`,
  ].join('\n');
  await signIn(page, '/readiness/roster');
  await uploadRoster(page, station.name, csv, '2025-03-03');
  await expect(page.getByTestId('violations-table')).toContainText('§11');
  if (write) {
    await page.getByTestId('roster-result').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'docs/img/roster-check.png', fullPage: true });
  }
});

test('the control room with calls waiting and one answered (screenshot)', async ({ page, baseURL }) => {
  const token = await adminToken(baseURL!);
  const username = await buildOperator(baseURL!, token, ['lv-bergen']);
  await signInAs(page, username, PASSWORD, PATH);
  await openBergen(page);
  const id = uid();
  await postEvents(baseURL!, token, [
    ...waitingCall(`shot-${id}-1`, 131_000),
    ...waitingCall(`shot-${id}-2`, 97_000, { rerouteId: 'omruting-1' }),
    ...waitingCall(`shot-${id}-3`, 41_000, { alternativeSite: true }),
    ...waitingCall(`shot-${id}-4`, 12_000),
  ]);
  await expect(page.getByTestId('queue').locator('tbody tr')).toHaveCount(4);
  await page.keyboard.press('s');
  await expect(page.getByTestId('answered')).toContainText('41234567');
  if (write) await page.screenshot({ path: 'docs/img/control-room.png', fullPage: true });
  // Leave the queue empty for the other tests at Bergen.
  await postEvents(baseURL!, token, [
    ended(`shot-${id}-1`),
    abandoned(`shot-${id}-2`),
    abandoned(`shot-${id}-3`),
    abandoned(`shot-${id}-4`),
  ]);
});

/**
 * Calls in the last 20 minutes at every legevaktsentral and at AMK Bergen, with shares from under
 * to over the requirement (70–100 %), so the map shows every colour; Voss re-routed to Bergen and
 * Røros unavailable.
 */
async function liveFiguresScene(baseURL: string, token: string): Promise<() => Promise<void>> {
  const centres = await apiCall<{ items: { id: string; municipalities: string[] }[] }>(
    baseURL,
    token,
    'GET',
    '/api/v1/routing/centres?limit=200',
  );
  const call = (centreId: string, municipality: string | undefined, k: number, answerMs: number) =>
    scriptCallEvents({
      callId: `shot-map-${uid()}-${k}`,
      ...(municipality ? { centreId, municipality } : { centreId, calledNumber: '113' }),
      offeredAt: Date.now() - 20 * 60_000 + k * 30_000,
      menuMs: 5_000,
      answerMs,
      talkMs: 60_000,
    });
  const events = [
    // 20 calls each; 14 to 20 of them answered within 2 minutes by the centre's place in the list.
    ...centres.items.flatMap((c, i) =>
      Array.from({ length: 20 }, (_, k) =>
        call(c.id, c.municipalities[0], k, k < 14 + (i % 7) ? 30_000 : 180_000),
      ).flat(),
    ),
    ...Array.from({ length: 20 }, (_, k) => call('amk-bergen', undefined, k, k < 19 ? 6_000 : 14_000)).flat(),
  ];
  for (let i = 0; i < events.length; i += 1000) await postEvents(baseURL, token, events.slice(i, i + 1000));
  await apiCall(baseURL, token, 'POST', '/api/v1/routing/reroutes', {
    fromCentreId: 'lv-voss',
    toCentreId: 'lv-bergen',
    kind: 'urgent',
    reason: 'Brann i bygget',
  });
  await apiCall(baseURL, token, 'PUT', '/api/v1/routing/centres/lv-roros/availability', {
    unavailable: true,
    reason: 'Evakuert',
  });
  return async () => {
    const open = await apiCall<{ items: { id: string; fromCentreId: string }[] }>(
      baseURL,
      token,
      'GET',
      '/api/v1/routing/reroutes',
    );
    for (const r of open.items.filter((x) => x.fromCentreId === 'lv-voss'))
      await apiCall(baseURL, token, 'POST', `/api/v1/routing/reroutes/${r.id}/end`, { reason: 'Ferdig' });
    await apiCall(baseURL, token, 'PUT', '/api/v1/routing/centres/lv-roros/availability', {
      unavailable: false,
      reason: 'Tilbake',
    });
  };
}

test('the national map and the wall-board (screenshots)', async ({ page, baseURL }) => {
  const token = await adminToken(baseURL!);
  const restore = await liveFiguresScene(baseURL!, token);
  try {
    await page.setViewportSize({ width: 1400, height: 1150 });
    await signIn(page, '/calls/map');
    const map = page.getByTestId('national-map');
    await expect(map.locator('[data-municipality]')).toHaveCount(357);
    await expect(map.locator('[data-centre="lv-voss"]')).toHaveAttribute('data-status', 'rerouted');
    await map.locator('[data-municipality="4601"]').dispatchEvent('mouseover');
    await expect(page.getByTestId('map-details')).toContainText('Bergen legevaktsentral');
    await page.mouse.move(0, 0);
    if (write) await page.screenshot({ path: 'docs/img/national-map.png' });

    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto('/calls/wallboard?centre=lv-bergen,lv-alver,lv-voss,lv-kinn,amk-bergen');
    await expect(page.getByTestId('board-tile')).toHaveCount(5);
    await expect(page.locator('[data-centre="lv-voss"]').getByTestId('board-routing')).toBeVisible();
    if (write) await page.screenshot({ path: 'docs/img/wallboard.png', fullPage: true });
  } finally {
    await restore();
  }
});
