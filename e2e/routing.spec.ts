/**
 * Ruting section: decision tester with trace, re-routes (RT-7) with refusals, availability and
 * alternative site (RT-11), municipality lookup with part-day schedule (RT-10), CSV export (RT-8).
 * The routing state (re-routes, availability) is shared by the whole run: every test puts back
 * what it changed, through the API, even when it fails.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { adminToken, apiCall, expect, signIn, test, unique } from './fixtures.ts';

const BERGEN_NUMBER = '55728909'; // docs/data.md: bergenIncumbent → lv-bergen
const TRONDHEIM_NUMBER = '73458622'; // trondheimIncumbent → lv-trondheim

interface RerouteRow {
  id: string;
  fromCentreId: string;
}

/** Ends every open re-route from these centres and marks them available (clean-up). */
async function restore(baseURL: string, centres: string[]): Promise<void> {
  const token = await adminToken(baseURL);
  const open = await apiCall<{ items: RerouteRow[] }>(baseURL, token, 'GET', '/api/v1/routing/reroutes');
  for (const r of open.items.filter((x) => centres.includes(x.fromCentreId)))
    await apiCall(baseURL, token, 'POST', `/api/v1/routing/reroutes/${r.id}/end`, { reason: 'e2e clean-up' });
  for (const c of centres)
    await apiCall(baseURL, token, 'PUT', `/api/v1/routing/centres/${c}/availability`, {
      unavailable: false,
      reason: 'e2e clean-up',
    });
}

/** Opens the "Ny omruting" form with the button at the top of the page. */
async function openRerouteForm(page: Page) {
  await page.getByRole('button', { name: 'Ny omruting' }).click();
  return page.getByRole('form', { name: 'Ny omruting' });
}

/** Runs the decision tester for a fixed-network number and waits for the answer. */
async function decide(page: Page, number: string): Promise<void> {
  await page.goto('/routing/decide');
  const form = page.getByRole('form', { name: 'Prøv et anrop' });
  await form.getByLabel('Innringers nummer').fill(number);
  await form.getByRole('radio', { name: 'Fast' }).check();
  await form.getByRole('button', { name: 'Vis ruting' }).click();
  await expect(page.getByTestId('decision')).toBeVisible();
}

test.describe('routing (RT-*)', () => {
  test.afterEach(async ({ baseURL }) => {
    await restore(baseURL!, ['lv-bergen', 'lv-alver', 'lv-trondheim']);
  });

  test('decision tester: a Bergen number goes to Bergen, with its numbered trace', async ({ page }) => {
    await signIn(page, '/routing/decide');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Test ruting');
    await decide(page, BERGEN_NUMBER);
    await expect(page.getByTestId('decision-centre')).toHaveText('Bergen legevaktsentral');
    await expect(page.getByTestId('decision-method')).toHaveText('Nummerserie');
    await expect(page.getByTestId('decision-municipality')).toHaveText('Bergen (4601)');
    await expect(page.getByTestId('decision-version')).toHaveText('1');
    const trace = page.getByTestId('decision-trace');
    expect(await trace.evaluate((el) => el.tagName)).toBe('OL');
    // The trace reads in bokmål (issue 8): no English server text and no step codes on the screen.
    await expect(trace.getByRole('listitem').first()).toContainText(`Fasttelefon-anrop fra ${BERGEN_NUMBER}`);
    await expect(trace).toContainText('passer nummerserien');
    await expect(trace).toContainText('Kommune 4601 (Bergen) betjenes av Bergen legevaktsentral');
    await expect(trace).not.toContainText('series-match');
    await expect(trace).not.toContainText('is served by');
  });

  test('urgent re-route Bergen → Alver moves the calls; the reverse is refused as a cycle; ending it moves them back', async ({
    page,
  }) => {
    await signIn(page, '/routing/reroutes');
    const form = await openRerouteForm(page);
    await form.getByLabel('Fra sentral').selectOption({ label: 'Bergen legevaktsentral' });
    await form.getByLabel('Til sentral').selectOption({ label: 'Alver legevaktsentral' });
    await form.getByRole('radio', { name: /Akutt/ }).check();
    await form.getByLabel('Begrunnelse').fill('Strømbrudd i sentralen (e2e)');
    await form.getByRole('button', { name: 'Opprett omruting' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'er opprettet' })).toContainText(
      'Bergen legevaktsentral → Alver legevaktsentral',
    );
    const table = page.getByTestId('reroutes-table');
    const row = table.getByRole('row').filter({ hasText: 'Strømbrudd i sentralen (e2e)' });
    await expect(row).toContainText('Aktiv');
    await expect(row).toContainText('Til den avsluttes');

    await decide(page, BERGEN_NUMBER);
    await expect(page.getByTestId('decision-centre')).toHaveText('Alver legevaktsentral');
    await expect(page.getByTestId('decision-method')).toHaveText('Omruting');
    await expect(page.getByTestId('decision-trace')).toContainText(
      'flytter Bergen legevaktsentral til Alver',
    );

    // RT-7: Alver → Bergen would close a cycle: 409 naming it.
    await page.goto('/routing/reroutes');
    await openRerouteForm(page);
    await form.getByLabel('Fra sentral').selectOption({ label: 'Alver legevaktsentral' });
    await form.getByLabel('Til sentral').selectOption({ label: 'Bergen legevaktsentral' });
    await form.getByLabel('Begrunnelse').fill('Skulle gitt sløyfe');
    await form.getByRole('button', { name: 'Opprett omruting' }).click();
    await expect(form.getByTestId('problem')).toContainText('Avvist: omrutingen ville gitt en sløyfe');
    await expect(form.getByTestId('problem')).toContainText(
      'Omrutingen ville gitt en sløyfe: Alver legevaktsentral → Bergen legevaktsentral → Alver legevaktsentral',
    );
    await expect(form.getByTestId('problem')).not.toContainText('lv-alver');
    await expect(form.getByTestId('reroute-cycle')).toContainText(
      'Sløyfe: Alver legevaktsentral → Bergen legevaktsentral → Alver legevaktsentral',
    );

    // End the Bergen re-route with a reason.
    const openRow = page
      .getByTestId('reroutes-table')
      .getByRole('row')
      .filter({ hasText: 'Strømbrudd i sentralen (e2e)' });
    await openRow
      .getByRole('button', { name: 'Avslutt omruting Bergen legevaktsentral → Alver legevaktsentral' })
      .click();
    const end = page.getByRole('form', {
      name: 'Avslutt omruting Bergen legevaktsentral → Alver legevaktsentral',
    });
    await end.getByLabel('Hvorfor avsluttes den?').fill('Strømmen er tilbake');
    await end.getByRole('button', { name: 'Avslutt omrutingen' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Omrutingen er avsluttet.' })).toBeVisible();
    await expect(page.getByTestId('reroutes-table').getByText('Strømbrudd i sentralen (e2e)')).toHaveCount(0);
    await page.getByRole('checkbox', { name: 'Vis også avsluttede' }).check();
    await expect(
      page
        .getByTestId('reroutes-table')
        .getByRole('row')
        .filter({ hasText: 'Strømbrudd i sentralen (e2e)' })
        .first(),
    ).toContainText('Avsluttet');

    await decide(page, BERGEN_NUMBER);
    await expect(page.getByTestId('decision-centre')).toHaveText('Bergen legevaktsentral');
  });

  test('a planned re-route on a weekend day is refused with the rule (RT-7)', async ({ page }) => {
    await signIn(page, '/routing/reroutes');
    const form = await openRerouteForm(page);
    await form.getByLabel('Fra sentral').selectOption({ label: 'Bergen legevaktsentral' });
    await form.getByLabel('Til sentral').selectOption({ label: 'Alver legevaktsentral' });
    await form.getByRole('radio', { name: /Planlagt/ }).check();
    await form.getByLabel('Begrunnelse').fill('Planlagt vedlikehold');
    const start = form.getByRole('group', { name: 'Start' });
    await start.getByLabel('Dato').fill('05.01.2030'); // a Saturday
    await start.getByLabel('Klokkeslett').fill('10:00');
    const endAt = form.getByRole('group', { name: 'Slutt' });
    await endAt.getByLabel('Dato').fill('05.01.2030');
    await endAt.getByLabel('Klokkeslett').fill('14:00');
    await form.getByRole('button', { name: 'Opprett omruting' }).click();
    await expect(form.getByTestId('problem')).toContainText(
      'Planlagte omrutinger starter på virkedager; 05.01.2030 er en lørdag.',
    );
    await expect(form.getByTestId('problem')).not.toContainText('Planned re-routes');
  });

  test('marking a centre unavailable sends its calls to the alternative site (RT-11)', async ({ page }) => {
    await signIn(page, '/routing/centres');
    await page.getByRole('searchbox', { name: /Søk i navn/ }).fill('Trondheim');
    const table = page.getByTestId('centres-table');
    await table.getByRole('link', { name: 'Trondheim legevaktsentral' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trondheim legevaktsentral');
    await expect(page.getByTestId('centre-municipalities')).toContainText('5001');

    const form = page.getByRole('form', { name: 'Tilgjengelighet' });
    await expect(form.getByTestId('availability-tag')).toHaveText('Tilgjengelig');
    await form.getByLabel('Begrunnelse').fill('Brann i bygget (e2e)');
    await form.getByRole('button', { name: 'Merk som utilgjengelig' }).click();
    await expect(form.getByTestId('availability-tag')).toHaveText('Utilgjengelig');
    const note = form.getByTestId('alternative-site-note');
    await expect(note).toContainText('reservemottak');
    const altNumber = /på (\d{8})/.exec((await note.textContent()) ?? '')?.[1];
    expect(altNumber).toMatch(/^\d{8}$/);

    await decide(page, TRONDHEIM_NUMBER);
    await expect(page.getByTestId('decision-method')).toHaveText('Reservemottak');
    await expect(page.getByTestId('decision-number')).toHaveText(altNumber!);

    await page.goto('/routing/centres');
    await page
      .getByTestId('centres-summary')
      .getByRole('button', { name: /^Utilgjengelig \(\d+\)$/ })
      .click();
    await expect(
      page.getByTestId('centres-table').getByRole('row').filter({ hasText: 'Trondheim' }),
    ).toContainText('Utilgjengelig');

    await page.goto('/routing/centres/lv-trondheim');
    await form.getByLabel('Begrunnelse').fill('Tilbake i drift');
    await form.getByRole('button', { name: 'Merk som tilgjengelig' }).click();
    await expect(form.getByTestId('availability-tag')).toHaveText('Tilgjengelig');
  });

  test('a centre leader of another centre is refused (403) and sees the problem', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const username = unique('leder').replace(/\s/g, '-').toLowerCase();
    const password = 'centre-leader-password-1';
    await apiCall(baseURL!, token, 'POST', '/api/v1/users', {
      username,
      displayName: 'Leder Oslo',
      password,
      role: 'centre-leader',
      centreId: 'lv-oslo',
    });
    await page.goto('/routing/centres/lv-bergen');
    await page.getByLabel('Brukernavn').fill(username);
    await page.getByLabel('Passord').fill(password);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    const form = page.getByRole('form', { name: 'Tilgjengelighet' });
    await expect(form).toContainText('Bare operasjonssentralen');
    await form.getByLabel('Begrunnelse').fill('Prøver likevel');
    await form.getByRole('button', { name: 'Merk som utilgjengelig' }).click();
    await expect(form.getByTestId('problem')).toContainText('Du har ikke tilgang');
    await expect(form.getByTestId('availability-tag')).toHaveText('Tilgjengelig');
  });

  test('municipality lookup: serving centre now, and at a time outside a part-day schedule (RT-10)', async ({
    page,
  }) => {
    await signIn(page, '/routing/municipalities');
    await page.getByRole('searchbox', { name: 'Kommunenavn eller kommunenummer' }).fill('4601');
    const table = page.getByTestId('municipalities-table');
    const bergen = table.getByRole('row').filter({ hasText: '4601' });
    await expect(bergen).toContainText('Bergen legevaktsentral');
    await expect(bergen).toContainText('Egen sentral');

    await page.getByRole('searchbox', { name: 'Kommunenavn eller kommunenummer' }).fill('Engerdal');
    const at = page.getByRole('form', { name: 'Velg tidspunkt' });
    await at.getByLabel('Dato').fill('02.03.2025'); // a Sunday
    await at.getByLabel('Klokkeslett').fill('20:00');
    await at.getByRole('button', { name: 'Vis på tidspunktet' }).click();
    await expect(page.getByTestId('municipalities-at')).toContainText('02.03.2025, 20:00');
    const engerdal = table.getByRole('row').filter({ hasText: '3425' });
    await expect(engerdal).toContainText('Trysil legevaktsentral');
    await expect(engerdal).toContainText('Deltidsplan');

    await at.getByLabel('Klokkeslett').fill('12:00');
    await at.getByRole('button', { name: 'Vis på tidspunktet' }).click();
    await expect(engerdal).toContainText('Engerdal legevaktsentral');
  });

  test('issue 9: a re-route made elsewhere (through the API) appears in the open list live, and leaves it when ended', async ({
    page,
    baseURL,
  }) => {
    await signIn(page, '/routing/reroutes');
    // Loaded (no open re-route yet) before the change is made elsewhere.
    await expect(page.getByText('Ingen omrutinger.')).toBeVisible();
    const table = page.getByTestId('reroutes-table');
    const token = await adminToken(baseURL!);
    const created = await apiCall<{ id: string }>(baseURL!, token, 'POST', '/api/v1/routing/reroutes', {
      fromCentreId: 'lv-trondheim',
      toCentreId: 'lv-bergen',
      kind: 'urgent',
      reason: 'Made elsewhere (e2e live)',
    });
    // No reload, no click: the event stream brings it.
    const row = table.getByRole('row').filter({ hasText: 'Made elsewhere (e2e live)' });
    await expect(row).toContainText('Aktiv');
    await apiCall(baseURL!, token, 'POST', `/api/v1/routing/reroutes/${created.id}/end`, {
      reason: 'e2e live end',
    });
    await expect(row).toHaveCount(0);
  });

  test('the routing table downloads as CSV (RT-8)', async ({ page }) => {
    await signIn(page, '/routing/centres');
    await expect(page.getByTestId('centres-table')).toContainText('Bergen legevaktsentral');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Last ned rutingtabell (CSV)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^routing-table-v\d+\.csv$/);
    const text = (await readFile(await file.path())).toString('utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split('\n');
    expect(lines[0]).toContain('municipalityNumber');
    expect(lines.find((l) => l.startsWith('4601,'))).toContain('lv-bergen');
  });
});
