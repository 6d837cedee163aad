/**
 * AMK-bilde (issue 14; NN-4, NN-5) in the browser, against the real server: units registered and
 * positions posted through the API show on an AMK Bergen operator's map and list — one moving with
 * its track, one at its station without a position, one whose position is old, a neighbouring
 * AMK's available unit ringed — and move by push without a reload. A safety alarm raised by the
 * Nødnett gateway's integration token (`POST /api/v1/amk/alarms`) appears at once at the top of the
 * page and in the assertive live region, with unit, crew, position, track and escalation; the
 * operator acknowledges it and it is listed as acknowledged by them. A unit's status is changed
 * through the transition table on its page. axe finds no serious or critical violation, in
 * bokmål and English.
 */
import { adminToken, apiCall, expect, noSeriousViolations, signInAs, test } from './fixtures.ts';
import { buildUser, PASSWORD, uid } from './control-room-helpers.ts';

interface Registered {
  id: string;
  callSign: string;
  issi: string;
}

const issi = () => String(7_000_000 + Math.floor(Math.random() * 2_000_000));
const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

async function register(
  baseURL: string,
  token: string,
  callSign: string,
  overrides: Record<string, unknown> = {},
): Promise<Registered> {
  return apiCall<Registered>(baseURL, token, 'POST', '/api/v1/amk/resources', {
    callSign,
    kind: 'ambulance-car',
    amkId: 'amk-bergen',
    station: { name: 'Bergen ambulansestasjon', lat: 60.38, lon: 5.33 },
    issi: issi(),
    ...overrides,
  });
}

const position = (unit: Registered, secondsAgo: number, lat: number, lon: number) => ({
  issi: unit.issi,
  observedAt: ago(secondsAgo),
  lat,
  lon,
  errorMetres: 12,
  speedKmh: 70,
  headingDeg: 45,
  source: 'json',
});

test.describe('AMK picture (issue 14)', () => {
  test.describe.configure({ timeout: 120_000 });

  test('units and positions live on the map and list; a safety alarm appears at once and is acknowledged', async ({
    page,
    baseURL,
  }) => {
    const admin = await adminToken(baseURL!);
    // The Nødnett gateway's token: positions and alarms in (amk.report, national integration).
    const gateway = (
      await apiCall<{ token: string }>(baseURL!, admin, 'POST', '/api/v1/tokens', {
        name: `nodnett-gateway-${uid()}`,
        role: 'integration',
      })
    ).token;
    const id = uid().toUpperCase().slice(-5);
    const moving = await register(baseURL!, admin, `BG-A ${id}`);
    const atStation = await register(baseURL!, admin, `BG-S ${id}`);
    const old = await register(baseURL!, admin, `BG-O ${id}`);
    const boat = await register(baseURL!, admin, `BG-B ${id}`, {
      kind: 'ambulance-boat',
      station: { name: 'Bergen båthamn', lat: 60.4, lon: 5.31 },
    });
    // AMK Førde's: one near the border (in the map's margin round AMK Bergen's area), one far away.
    const neighbour = await register(baseURL!, admin, `FD-N ${id}`, {
      amkId: 'amk-forde',
      station: { name: 'Hyllestad ambulansestasjon', lat: 61.2, lon: 5.6 },
    });
    const farNeighbour = await register(baseURL!, admin, `FD-F ${id}`, {
      amkId: 'amk-forde',
      station: { name: 'Førde ambulansestasjon', lat: 61.45, lon: 5.86 },
    });
    await apiCall(baseURL!, admin, 'POST', `/api/v1/amk/resources/${boat.id}/status`, {
      status: 'out-of-service',
    });
    await apiCall(baseURL!, gateway, 'POST', '/api/v1/amk/positions', {
      positions: [
        position(moving, 60, 60.37, 5.33),
        position(moving, 40, 60.38, 5.34),
        position(moving, 20, 60.39, 5.35),
        position(old, 900, 60.35, 5.3),
      ],
    });

    const operator = await buildUser(baseURL!, admin, 'amk-operator');
    await signInAs(page, operator, PASSWORD, '/amk');
    const nav = page.getByRole('navigation', { name: 'Hovedmeny' });
    await expect(nav.getByRole('link', { name: 'AMK-bilde' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('AMK-bilde');
    await expect(page.getByTestId('amk-live-status')).toContainText('Oppdateres fortløpende');
    await expect(page.getByTestId('amk-live-status')).toContainText('Naboer:');
    await expect(page.getByTestId('alarms-none')).toBeVisible();

    // The map: the area's municipalities, the units placed, with what sets each apart.
    const map = page.getByTestId('amk-map');
    await expect(map.locator('[data-municipality="4601"]')).toHaveCount(1); // Bergen
    await expect(map.locator('[data-municipality="5501"]')).toHaveCount(0); // Tromsø: far outside
    const marker = (u: Registered) => map.locator(`[data-unit="${u.id}"]`);
    await expect(marker(moving)).toHaveAttribute('data-place', 'position');
    await expect(marker(moving).locator('polyline')).toHaveCount(1); // its track
    await expect(marker(atStation)).toHaveAttribute('data-place', 'station');
    await expect(marker(old)).toHaveAttribute('data-stale', 'true');
    await expect(marker(boat)).toHaveAttribute('data-status', 'out-of-service');
    await expect(marker(neighbour)).toHaveClass(/nm-amk-neighbour-unit/);
    await expect(marker(farNeighbour)).toHaveCount(0);
    await expect(page.getByTestId('amk-map-outside')).toContainText(farNeighbour.callSign);

    // The list: counts per status, and the filters.
    const list = page.getByTestId('amk-resources');
    const counts = page.getByTestId('amk-status-counts');
    await expect(counts.getByRole('button', { name: /^Ute av drift \(\d+\)$/ })).toBeVisible();
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Ambulansebåt' });
    await expect(list.getByRole('row')).toHaveCount(2); // header + the boat
    await expect(list).toContainText(boat.callSign);
    await expect(list).toContainText('Ute av drift');
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Alle typer' });
    await page.getByLabel('Vis', { exact: true }).selectOption('neighbours');
    await expect(list).toContainText(neighbour.callSign);
    await expect(list).toContainText('Nabo: AMK Førde');
    await page.getByLabel('Vis', { exact: true }).selectOption('own');
    await expect(list).not.toContainText(neighbour.callSign);

    // Live: a position for the unit at its station moves it onto the map without a reload.
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await apiCall(baseURL!, gateway, 'POST', '/api/v1/amk/positions', {
      positions: [position(atStation, 1, 60.36, 5.36)],
    });
    await expect(marker(atStation)).toHaveAttribute('data-place', 'position');

    // Live: the neighbour takes its unit out of service — it leaves this AMK's map (a neighbour
    // sees available units only), and comes back when it is available again, without a reload.
    await apiCall(baseURL!, admin, 'POST', `/api/v1/amk/resources/${neighbour.id}/status`, {
      status: 'out-of-service',
    });
    await expect(marker(neighbour)).toHaveCount(0, { timeout: 10_000 });
    await apiCall(baseURL!, admin, 'POST', `/api/v1/amk/resources/${neighbour.id}/status`, {
      status: 'available',
    });
    await expect(marker(neighbour)).toHaveClass(/nm-amk-neighbour-unit/, { timeout: 10_000 });

    // Keyboard: a unit chosen from the list is marked on the map.
    await page.getByRole('button', { name: `Vis ${moving.callSign} på kartet` }).press('Enter');
    await expect(marker(moving)).toHaveClass(/nm-amk-selected/);
    await expect(page.getByTestId('amk-selected')).toContainText(`Åpne ${moving.callSign}`);
    await noSeriousViolations(page);

    // A safety alarm from the moving unit's terminal: at once, at the top, and said aloud.
    const raised = await fetch(`${baseURL}/api/v1/amk/alarms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway}`, 'content-type': 'application/json' },
      body: JSON.stringify({ issi: moving.issi, observedAt: ago(0), source: 'json' }),
    });
    expect(raised.status).toBe(201);
    const alarm = (await raised.json()) as { id: string };
    const open = page.getByTestId('open-alarms');
    const card = open.locator(`[data-alarm="${alarm.id}"]`);
    await expect(card.getByRole('heading', { name: `Nødalarm: ${moving.callSign}` })).toBeVisible();
    await expect(page.getByTestId('alarm-announcer')).toHaveText(`Nødalarm fra ${moving.callSign}. Kvitter.`);
    await expect(page.getByTestId('alarm-announcer')).toHaveAttribute('aria-live', 'assertive');
    await expect(card).toContainText(moving.issi);
    await expect(card).toContainText('60.39000, 5.35000');
    await expect(card).toContainText(/\d+ posisjoner siden/);
    await expect(card.getByTestId('alarm-level')).toHaveText(
      /AMK-en som har enheten|Alle operatører i AMK-en/,
    );
    await expect(card.getByTestId('alarm-since')).toHaveText(/^\d+:\d\d$/);
    await expect(marker(moving)).toHaveAttribute('data-alarm', 'true'); // ringed red on the map
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    await noSeriousViolations(page);

    // Acknowledged by the operator: gone from the top, listed with who.
    await card.getByRole('button', { name: `Kvitter nødalarm fra ${moving.callSign}` }).click();
    await expect(open.locator(`[data-alarm="${alarm.id}"]`)).toHaveCount(0);
    await expect(marker(moving)).not.toHaveAttribute('data-alarm', 'true');
    const acknowledged = page.getByTestId('acknowledged-alarms').locator(`[data-alarm="${alarm.id}"]`);
    await expect(acknowledged).toContainText(moving.callSign);
    await expect(acknowledged).toContainText(operator);
    const stored = await apiCall<{ acknowledgedBy: string | null }>(
      baseURL!,
      admin,
      'GET',
      `/api/v1/amk/alarms/${alarm.id}`,
    );
    expect(stored.acknowledgedBy).toBe(operator);

    // In English too.
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('AMK picture');
    await noSeriousViolations(page);
    await page.getByRole('button', { name: /Norsk/ }).click();
  });

  test('a unit’s page: crew, status log and track; a status change through the transition table', async ({
    page,
    baseURL,
  }) => {
    const admin = await adminToken(baseURL!);
    const id = uid().toUpperCase().slice(-5);
    const unit = await register(baseURL!, admin, `BG-D ${id}`);
    const operator = await buildUser(baseURL!, admin, 'amk-operator');
    await signInAs(page, operator, PASSWORD, `/amk/resources/${unit.id}`);
    const nav = page.getByRole('navigation', { name: 'Hovedmeny' });
    await expect(nav.getByRole('link', { name: 'AMK-bilde' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(unit.callSign);
    await expect(page.getByTestId('amk-resource-status')).toHaveText('Ledig');
    // Only the allowed moves: from available, out of service (dispatch comes from a mission).
    const change = page.getByTestId('amk-status-change');
    await expect(change.getByRole('button')).toHaveText(['Sett til «Ute av drift»']);
    await noSeriousViolations(page);
    await change.getByRole('button', { name: 'Sett til «Ute av drift»' }).click();
    await expect(change.getByRole('status')).toHaveText('Status er nå «Ute av drift».');
    await expect(page.getByTestId('amk-resource-status')).toHaveText('Ute av drift');
    await expect(page.getByTestId('amk-timeline')).toContainText(operator);
    await expect(change.getByRole('button')).toHaveText(['Sett til «Ledig»']);
    await expect(page.getByTestId('amk-crew')).toContainText('ikke knyttet til en vaktplan');
    await page.getByRole('link', { name: 'Tilbake til AMK-bildet' }).click();
    await expect(page.getByTestId('amk-map').locator(`[data-unit="${unit.id}"]`)).toHaveAttribute(
      'data-status',
      'out-of-service',
    );
  });
});
