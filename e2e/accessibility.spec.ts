/**
 * Accessibility: axe-core (WCAG 2.1 A and AA rules) over every page of the web app — the login
 * page, every route that a feature's `section.tsx` declares (under `web/src/features/`; a test
 * below fails when a route is added without being checked here), every tab of the training page and the states that render different
 * content (a unit opened, a person opened, a report shown, CSV row errors, a routing decision).
 * Each check asserts no serious or critical violation; all findings (any impact) are attached
 * to the test result as `axe.json`, and printed with NODMELD_AXE_LOG=1. The same visits check
 * that no requirement id (e.g. "RT-7", "CMP-6") shows as a word in the page's text.
 */
import { readdir, readFile } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
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
} from './fixtures.ts';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Requirement ids (RT-7, CMP-6, …) belong in tests and docs, not in what users read. */
const REQUIREMENT_CODE = /\b(?:RT|LV|AMK|REC|NN|ON|TR|CMP)-\d+\b/g;

/**
 * Checks the page as it is: axe finds no serious or critical violation, and no requirement id
 * shows as a word in the visible text.
 */
async function checkPage(page: Page, testInfo: TestInfo): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.length,
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
  await testInfo.attach('axe.json', {
    body: JSON.stringify(found, null, 2),
    contentType: 'application/json',
  });
  if (process.env.NODMELD_AXE_LOG && found.length) {
    process.stdout.write(`axe ${testInfo.title}: ${JSON.stringify(found)}\n`);
  }
  const blocking = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect.soft(blocking, `serious/critical axe violations on ${page.url()}`).toEqual([]);
  const text = await page.locator('body').innerText();
  expect.soft(text.match(REQUIREMENT_CODE) ?? [], `requirement ids in the text of ${page.url()}`).toEqual([]);
}

/** The page has its h1 and nothing is still loading. */
async function settled(page: Page, h1: string | RegExp): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(h1);
  await expect(page.getByText('Laster …')).toHaveCount(0);
}

/** A unit with equipment, a leader and some agreements (so its detail pages have content). */
async function buildCentre(baseURL: string, token: string): Promise<{ id: string; name: string }> {
  const name = unique('LV Axe');
  const id = slug(name);
  await apiCall(baseURL, token, 'POST', '/api/v1/readiness/organisations', {
    id,
    kind: 'lv-sentral',
    name,
    controlRoomSystem: 'ICCS',
  });
  await apiCall(baseURL, token, 'POST', `/api/v1/readiness/organisations/${id}/equipment`, {
    kind: 'radio-terminal',
    form: 'desk',
    label: 'Bordterminal 1',
    model: 'Sepura SCG22',
  });
  await apiCall(baseURL, token, 'POST', `/api/v1/readiness/organisations/${id}/leaders`, {
    role: 'local-project-leader',
    name: 'Kari Prosjektleder',
    email: 'kari@example.no',
  });
  await apiCall(baseURL, token, 'POST', `/api/v1/readiness/onboarding/units/${id}/agreements`, {
    type: 'communication-centre',
    status: 'signed',
    signedAt: isoDay(-30),
  });
  await apiCall(baseURL, token, 'POST', `/api/v1/readiness/onboarding/units/${id}/agreements`, {
    type: 'cooperation',
    counterparty: 'Vestby IKT AS',
    status: 'sent',
    sentAt: isoDay(-5),
  });
  await apiCall(baseURL, token, 'PUT', `/api/v1/readiness/onboarding/units/${id}/milestones`, {
    localProjectStart: isoDay(-250),
    plannedGoLive: isoDay(90),
  });
  return { id, name };
}

/** Route patterns checked below; compared with the routes the features' section.tsx files declare. */
const CHECKED_ROUTES = [
  '/readiness/organisation',
  '/readiness/onboarding',
  '/readiness/onboarding/:unitId',
  '/readiness/training',
  '/readiness/roster',
  '/readiness/report',
  '/readiness/import',
  '/routing/centres',
  '/routing/centres/:id',
  '/routing/municipalities',
  '/routing/reroutes',
  '/routing/decide',
  '/admin/users',
  '/calls/reports', // e2e/call-reports.spec.ts: axe on the form and a report, in bokmål and English
  '/calls/misrouted', // e2e/misrouting.spec.ts: axe on the register with a misrouted call, in both languages
  '/calls/control-room', // e2e/control-room.spec.ts: axe with calls waiting, one answered, a 409, in both languages
  '/calls/wallboard', // e2e/live-figures.spec.ts: axe live, stale (server away) and in English
  '/calls/map', // e2e/live-figures.spec.ts: axe with a re-routed and an unavailable centre marked, in both languages
  // e2e/emergency-plans.spec.ts: axe on the list (filtered), a municipality with a plan (both
  // languages), the plan form, and a plan with its documents and upload form
  '/emergency-plans',
  '/emergency-plans/municipalities/:number',
  '/emergency-plans/plans/:id',
  // e2e/lydlogg.spec.ts: axe on the search, a call's recordings (reason asked, player open, a
  // hold placed; also in English) and the access log filtered, in both languages
  '/recordings',
  '/recordings/access-log',
  '/recordings/calls/:callId',
  // e2e/lydlogg.spec.ts: axe on the export page before and after an export, in both languages
  '/recordings/export',
  // e2e/test-calls.spec.ts: axe on the alarms and runs, a run's results and sign-off, in both languages
  '/test-calls',
  '/test-calls/runs/:id',
  // e2e/amk-missions.spec.ts: axe on the missions list with the create form open, a mission with
  // units, suggestions, first responders and a triple alert, and the triple alerts, in both languages
  '/amk/missions',
  '/amk/missions/:id',
  '/amk/triple-alerts',
  // e2e/amk-picture.spec.ts: axe on the picture with units, a unit chosen, a safety alarm open
  // (bokmål and English), and on a unit's page
  '/amk',
  '/amk/resources/:id',
  // e2e/nodnett.spec.ts: axe on the fleet map with an incident group and its attach result, the
  // doctor on call found, a conference set up — in bokmål — and the conference and talk groups in English
  '/nodnett/talk-groups',
  '/nodnett/conference',
  '/nodnett/doctor-on-call',
];

test.describe('accessibility (axe, WCAG 2.1 A/AA)', () => {
  // axe walks the whole DOM several times per test: generous on a loaded 2-core machine.
  test.describe.configure({ timeout: 180_000 });

  test('every route of the app is checked here', async () => {
    const features = new URL('../web/src/features/', import.meta.url);
    const declared: string[] = [];
    for (const entry of await readdir(features, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const file = new URL(`${entry.name}/section.tsx`, features);
      const src = await readFile(file, 'utf8').catch(() => '');
      declared.push(...[...src.matchAll(/\bpath: '([^']+)'/g)].map((m) => m[1]!));
      // A feature with parts hands its section the pages of each part (`<part>/pages.tsx`).
      for (const part of await readdir(new URL(`${entry.name}/`, features), { withFileTypes: true })) {
        if (!part.isDirectory()) continue;
        const pages = await readFile(new URL(`${entry.name}/${part.name}/pages.tsx`, features), 'utf8').catch(
          () => '',
        );
        declared.push(...[...pages.matchAll(/\bpath: '([^']+)'/g)].map((m) => m[1]!));
      }
    }
    expect(declared.length).toBeGreaterThan(5);
    expect([...new Set(declared)].sort()).toEqual([...CHECKED_ROUTES].sort());
  });

  test('login page, and with a failed sign-in', async ({ page }, testInfo) => {
    await page.goto('/');
    await settled(page, 'Logg inn i nodmeld');
    await checkPage(page, testInfo);
    await page.getByLabel('Brukernavn').fill('admin');
    await page.getByLabel('Passord').fill('wrong-password-123');
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await expect(page.getByTestId('problem')).toBeVisible();
    await checkPage(page, testInfo);
  });

  test('page not found', async ({ page }, testInfo) => {
    await signIn(page, '/readiness/no-such-page');
    await settled(page, 'Fant ikke siden');
    await checkPage(page, testInfo);
  });

  test('organisation: the list, and a unit opened', async ({ page, baseURL }, testInfo) => {
    const token = await adminToken(baseURL!);
    const unit = await buildCentre(baseURL!, token);
    await signIn(page, '/readiness/organisation');
    await settled(page, /^Organisasjon/);
    await expect(page.getByTestId('units-table')).toBeVisible();
    await checkPage(page, testInfo);
    await page.getByRole('button', { name: 'Ny enhet' }).click();
    await expect(page.getByRole('form', { name: 'Ny enhet' })).toBeVisible();
    await checkPage(page, testInfo);
    await page.goto(`/readiness/organisation?unit=${unit.id}`);
    await expect(page.getByTestId('equipment-table')).toContainText('Bordterminal 1');
    await checkPage(page, testInfo);
  });

  test('onboarding: the overview, and one unit', async ({ page, baseURL }, testInfo) => {
    const token = await adminToken(baseURL!);
    const unit = await buildCentre(baseURL!, token);
    await signIn(page, '/readiness/onboarding');
    await settled(page, /^Innføring/);
    await expect(page.getByTestId('onboarding-overview')).toBeVisible();
    await checkPage(page, testInfo);
    await page.goto(`/readiness/onboarding/${unit.id}`);
    await settled(page, new RegExp(`${unit.name}$`));
    await expect(page.getByTestId('required-agreements')).toContainText('Sendt');
    await expect(page.getByTestId('timeline-warning').first()).toBeVisible();
    await checkPage(page, testInfo);
  });

  test('training, people: the list, the create form, and a person opened', async ({
    page,
    baseURL,
  }, testInfo) => {
    const token = await adminToken(baseURL!);
    const station = await buildStation(baseURL!, token, 'Stasjon Axe');
    const person = await apiCall<{ id: string }>(
      baseURL!,
      token,
      'POST',
      '/api/v1/readiness/training/people',
      {
        name: unique('Axel Axe'),
        employerUnitId: station.id,
      },
    );
    await signIn(page, '/readiness/training');
    await settled(page, 'Opplæring');
    await expect(page.getByTestId('people-table')).toBeVisible();
    await checkPage(page, testInfo);
    await page.getByRole('button', { name: 'Ny person' }).click();
    await expect(page.getByRole('form', { name: 'Ny person' })).toBeVisible();
    await checkPage(page, testInfo);
    await page.goto(`/readiness/training?tab=people&person=${person.id}`);
    await expect(page.getByRole('heading', { name: /^Opplæringsstatus: / })).toBeVisible();
    await checkPage(page, testInfo);
  });

  // The other tabs, each with its create form (behind a button on courses and instructors).
  for (const [tab, label, create] of [
    ['courses', 'Kurs', 'Nytt kurs'],
    ['completions', 'Gjennomføringer', null],
    ['instructors', 'Instruktører', 'Registrer instruktør'],
  ] as const) {
    test(`training, ${tab} tab`, async ({ page }, testInfo) => {
      await signIn(page, `/readiness/training?tab=${tab}`);
      await expect(page.getByRole('tab', { name: label })).toHaveAttribute('aria-selected', 'true');
      await settled(page, 'Opplæring');
      await checkPage(page, testInfo);
      if (create) {
        await page.getByRole('button', { name: create }).click();
        await expect(page.getByRole('form', { name: create })).toBeVisible();
        await checkPage(page, testInfo);
      }
    });
  }

  test('roster: the upload form, and a checked roster with violations', async ({
    page,
    baseURL,
  }, testInfo) => {
    const token = await adminToken(baseURL!);
    const station = await buildStation(baseURL!, token, 'Stasjon Axe Vakt');
    const number = `AX${Date.now().toString(36)}`;
    await apiCall(baseURL!, token, 'POST', '/api/v1/readiness/training/people', {
      name: unique('Per Axe'),
      employerUnitId: station.id,
      employeeNumber: number,
    });
    await signIn(page, '/readiness/roster');
    await settled(page, /^Vaktplan/);
    await checkPage(page, testInfo);
    const csv = [
      'unit_id,unit_kind,start,end,person_id,role',
      `A-12,ambulance-car,2025-03-03T08:00+01:00,2025-03-03T20:00+01:00,${number},driver`,
    ].join('\n');
    await uploadRoster(page, station.name, csv, '2025-03-03');
    await expect(page.getByTestId('violations-table')).toBeVisible();
    await checkPage(page, testInfo);
  });

  test('documentation report: the form, and a report shown', async ({ page }, testInfo) => {
    await signIn(page, '/readiness/report');
    await settled(page, /^Dokumentasjon/);
    await checkPage(page, testInfo);
    const form = page.getByRole('form', { name: 'Vis rapport' });
    await form.getByLabel('Velg kommune').selectOption({ label: 'Bergen (Kommune)' });
    await form.getByRole('button', { name: 'Vis rapport' }).click();
    await expect(page.getByTestId('documentation-report')).toBeVisible();
    await checkPage(page, testInfo);
  });

  test('imports: the forms, and a file with bad rows', async ({ page }, testInfo) => {
    await signIn(page, '/readiness/import');
    await settled(page, /import/i);
    await checkPage(page, testInfo);
    const form = page.getByRole('form', { name: 'Personer' });
    await form.getByLabel('CSV-fil').setInputFiles({
      name: 'personer.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name,hpr_number,employer_unit_id,email\n,12x,nowhere,\n'),
    });
    await form.getByRole('button', { name: 'Last opp og kontroller' }).click();
    await expect(form.getByTestId('csv-row-errors')).toBeVisible();
    await checkPage(page, testInfo);
  });

  test('routing: the centres, and one centre', async ({ page }, testInfo) => {
    await signIn(page, '/routing/centres');
    await settled(page, 'Legevaktsentraler');
    await expect(page.getByTestId('centres-table')).toBeVisible();
    await checkPage(page, testInfo);
    await page.goto('/routing/centres/lv-bergen');
    await settled(page, 'Bergen legevaktsentral');
    await expect(page.getByTestId('centre-municipalities')).toBeVisible();
    await checkPage(page, testInfo);
  });

  test('routing: municipalities', async ({ page }, testInfo) => {
    await signIn(page, '/routing/municipalities');
    await expect(page.getByTestId('municipalities-table')).toBeVisible();
    await settled(page, 'Kommuner');
    await checkPage(page, testInfo);
  });

  test('routing: re-routes, and the create form', async ({ page }, testInfo) => {
    await signIn(page, '/routing/reroutes');
    await settled(page, 'Omrutinger');
    await expect(page.getByTestId('reroutes-table').or(page.getByText('Ingen omrutinger.'))).toBeVisible();
    await checkPage(page, testInfo);
    await page.getByRole('button', { name: 'Ny omruting' }).click();
    await expect(page.getByRole('form', { name: 'Ny omruting' })).toBeVisible();
    await checkPage(page, testInfo);
  });

  test('routing: the decision tester, and a decision with its trace', async ({ page }, testInfo) => {
    await signIn(page, '/routing/decide');
    await settled(page, 'Test ruting');
    await checkPage(page, testInfo);
    const form = page.getByRole('form', { name: 'Prøv et anrop' });
    await form.getByLabel('Innringers nummer').fill('55728909');
    await form.getByRole('radio', { name: 'Fast' }).check();
    await form.getByRole('button', { name: 'Vis ruting' }).click();
    await expect(page.getByTestId('decision-trace')).toBeVisible();
    await checkPage(page, testInfo);
  });

  test('users: the list, and the roles form of a user', async ({ page }, testInfo) => {
    await signIn(page, '/admin/users');
    await settled(page, 'Brukere og tilganger');
    await checkPage(page, testInfo);
    await page.getByRole('button', { name: 'Endre roller for admin' }).click();
    await expect(page.getByRole('region', { name: 'Roller for admin' })).toBeVisible();
    await page.mouse.move(0, 0); // not the pointer's hover colour over a zebra row
    await checkPage(page, testInfo);
  });

  test('in English too (the language switch changes lang and labels)', async ({ page }, testInfo) => {
    await signIn(page, '/readiness/training?tab=completions');
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('form', { name: 'Record completion' })).toBeVisible();
    await checkPage(page, testInfo);
    await page.getByRole('button', { name: /Norsk/ }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'nb');
  });
});
