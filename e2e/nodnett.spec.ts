/**
 * Nødnett in the browser (issue 14; NN-1, NN-2, NN-3, NN-7), against the real server and its
 * simulated network, as an AMK operator of AMK Oslo: the fleet map shows Oslo's groups; an incident
 * talk group is created, a unit (terminal) and the police's group attached, each outcome shown;
 * the doctor on call for Oslo (0301) is found from a roster with how to reach them; the COPD
 * conference (crew terminal, doctor by phone, specialist by phone) is set up, listed as open (from
 * the server, live) and ended.
 * axe finds no serious or critical violation, in bokmål and in English.
 */
import {
  adminToken,
  apiCall,
  expect,
  noSeriousViolations,
  signInAs,
  test,
  unique,
  slug,
} from './fixtures.ts';
import { PASSWORD, uid } from './control-room-helpers.ts';

/** `YYYY-MM-DDTHH:MM+00:00` (what a roster CSV takes) of an instant. */
const csvTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}+00:00`;

/** The Monday (Oslo date) of the week holding `ms`, and that Monday's 00:00 Oslo as an instant. */
function osloWeek(ms: number): { monday: string; startMs: number } {
  const day = (t: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date(t));
  const weekday = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', weekday: 'short' }).format(
    new Date(ms),
  );
  const back = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(weekday);
  const monday = day(ms - back * 86_400_000);
  // Oslo is UTC+1 or +2: the later of the two bounds is inside the week either way.
  return { monday, startMs: Date.parse(`${monday}T00:00:00+01:00`) };
}

test.describe('Nødnett: talk groups, the doctor on call, the conference (NN-1, NN-2, NN-3, NN-7)', () => {
  test('an AMK operator creates an incident group, attaches a unit and the police, finds the doctor on call and sets up the COPD conference', async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const token = await adminToken(baseURL!);
    const username = `amk-${uid()}`;
    await apiCall(baseURL!, token, 'POST', '/api/v1/users', {
      username,
      displayName: 'Anne AMK',
      password: PASSWORD,
      role: 'amk-operator',
      memberships: [{ role: 'amk-operator', scope: { level: 'area', id: 'amk-oslo' } }],
    });
    // A legevakt under Oslo kommune with a doctor on call now (the readiness roster).
    const legevaktName = unique('Oslo legevakt');
    const legevakt = slug(legevaktName);
    await apiCall(baseURL!, token, 'POST', '/api/v1/readiness/organisations', {
      id: legevakt,
      kind: 'legevakt',
      name: legevaktName,
      parentId: 'kommune-0301',
    });
    const doctor = unique('Lege Vakt');
    const employeeNumber = `D${uid()}`;
    await apiCall(baseURL!, token, 'POST', '/api/v1/readiness/training/people', {
      name: doctor,
      employerUnitId: legevakt,
      employeeNumber,
      email: 'legevakt@example.no',
    });
    const now = Date.now();
    const week = osloWeek(now);
    const csv = [
      'unit_id,unit_kind,start,end,person_id,role',
      `${legevakt},legevakt,${csvTime(Math.max(week.startMs, now - 2 * 3_600_000))},${csvTime(now + 2 * 3_600_000)},${employeeNumber},doctor-on-call`,
    ].join('\n');
    await apiCall(
      baseURL!,
      token,
      'POST',
      `/api/v1/readiness/roster/rosters/import?unitId=${legevakt}&weekStart=${week.monday}`,
      { csv },
    );

    // NN-1, NN-2: the fleet map; an incident group with a unit and the police attached.
    await signInAs(page, username, PASSWORD, '/nodnett/talk-groups');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Talegrupper');
    const oslo = page.getByTestId('area-amk-oslo');
    await expect(oslo.getByText('Politi Oslo')).toBeVisible();
    await expect(page.getByTestId('area-amk-bergen')).toHaveCount(0);
    await noSeriousViolations(page);
    const incident = unique('Trafikkulykke E18');
    await oslo.getByLabel('Navn på hendelsen').fill(incident);
    await oslo.getByRole('button', { name: 'Opprett hendelsesgruppe' }).click();
    await expect(page.getByRole('status').filter({ hasText: `«${incident}» er opprettet` })).toBeVisible();
    const group = oslo.getByRole('article', { name: incident });
    await expect(group).toContainText('Etater: Helse, Politi, Brann');
    await group.getByLabel('Enheter (terminalnummer, ISSI)').fill('abc');
    await group.getByRole('button', { name: 'Koble til' }).click();
    await expect(group.getByText('«abc» er ikke et terminalnummer')).toBeVisible();
    await group.getByLabel('Enheter (terminalnummer, ISSI)').fill('7000001');
    await group.getByRole('checkbox', { name: 'Politi Oslo' }).check();
    await group.getByRole('button', { name: 'Koble til' }).click();
    await expect(group.getByText('Terminal 7000001: Koblet til')).toBeVisible();
    await expect(group.getByText('Politi Oslo: Koblet til')).toBeVisible();
    await expect(group.getByText('Tilkoblede grupper: Politi Oslo')).toBeVisible();
    await expect(group.getByText('Tilkoblede terminaler: 7000001')).toBeVisible();
    await noSeriousViolations(page);

    // NN-7: the doctor on call for Oslo now, with how to reach them and what the registers lack.
    await page.getByRole('link', { name: 'Legevaktlege nå' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Legevaktlege nå');
    await page.getByLabel('Kommunenummer').fill('Oslo');
    await page.getByRole('button', { name: 'Finn legevaktlegen' }).click();
    await expect(page.getByText('Skriv et kommunenummer med fire sifre.')).toBeVisible();
    await page.getByLabel('Kommunenummer').fill('0301');
    await page.getByRole('button', { name: 'Finn legevaktlegen' }).click();
    const row = page.getByTestId('doctors-table').getByRole('row').filter({ hasText: doctor });
    await expect(row).toContainText('Legevaktlege');
    await expect(row.getByRole('link', { name: 'legevakt@example.no' })).toBeVisible();
    await expect(page.getByText('Registrene har ikke telefonnummer til personer')).toBeVisible();
    await noSeriousViolations(page);

    // NN-3: the COPD conference — crew terminal, the doctor by phone, the specialist by phone.
    await page.getByRole('link', { name: 'Konferanse' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Konferanse');
    await page.getByRole('button', { name: 'Sett opp konferansen' }).click();
    await expect(page.getByText('Må fylles ut').first()).toBeVisible();
    await page.getByLabel('Ambulansemannskap (terminalnummer, ISSI)').fill('7000001');
    await page.getByRole('radio', { name: 'Telefon' }).check();
    await page.getByLabel('Legevaktlegens telefonnummer').fill('+47 22 00 00 00');
    await page.getByLabel('Spesialist på sykehuset (telefonnummer, valgfritt)').fill('55975000');
    await page.getByRole('button', { name: 'Sett opp konferansen' }).click();
    const conference = page.getByTestId('conference').filter({ hasText: 'telefon +4722000000' });
    await expect(conference).toContainText('Oppe');
    const parties = conference.getByRole('table');
    await expect(parties.getByRole('row', { name: /Ambulansemannskap/ })).toContainText('Med i samtalen');
    await expect(parties.getByRole('row', { name: /Legevaktlege/ })).toContainText('telefon +4722000000');
    await expect(parties.getByRole('row', { name: /Spesialist/ })).toContainText('Med i samtalen');
    await noSeriousViolations(page);
    await conference.getByRole('button', { name: /Avslutt konferansen/ }).click();
    await expect(page.getByText('Konferansen er avsluttet.')).toBeVisible();
    await expect(conference).toHaveCount(0);

    // The same pages in English.
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Conference');
    await noSeriousViolations(page);
    await page.getByRole('link', { name: 'Talk groups' }).click();
    await expect(page.getByTestId('area-amk-oslo').getByRole('article', { name: incident })).toContainText(
      'Agencies: Health, Police, Fire',
    );
    await noSeriousViolations(page);
  });
});
