/**
 * AMK missions in the browser (issue 14; AMK-2, AMK-3, NN-6), against the real server: an AMK
 * Bergen operator answers a 113 call in the control room, creates a mission from it ("Opprett
 * oppdrag"), sees the suggested units with the estimate's limit and dispatches one — the missions
 * list open on another tab shows the mission and its unit by push. A triple alert raised from a
 * mission that a neighbour's unit serves collects its acknowledgements: the missing ones are shown
 * until the raising operator records the police's, the fire service's and the rescue coordination
 * centre's, and AMK Førde's own operator acknowledges for AMK Førde. First responders near the
 * mission are alerted and an operator records a group's answer. axe on every page, in both languages.
 */
import type { Page } from '@playwright/test';
import { scriptCallEvents } from '../src/calls/testing/call-events.ts';
import { adminToken, apiCall, expect, signInAs, test } from './fixtures.ts';
import { PASSWORD, noSeriousViolations, postEvents, uid } from './control-room-helpers.ts';

const BERGEN = { lat: 60.3913, lon: 5.3221 };

/** An AMK operator of one AMK centre. */
async function buildAmkOperator(
  baseURL: string,
  token: string,
  amkId: string,
  name: string,
): Promise<string> {
  const username = `amk-${uid()}`;
  await apiCall(baseURL, token, 'POST', '/api/v1/users', {
    username,
    displayName: name,
    password: PASSWORD,
    role: 'amk-operator',
    memberships: [{ role: 'amk-operator', scope: { level: 'centre', id: amkId } }],
  });
  return username;
}

async function tokenOf(baseURL: string, username: string): Promise<string> {
  const res = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.ok).toBe(true);
  return ((await res.json()) as { token: string }).token;
}

interface Resource {
  id: string;
  callSign: string;
}

/** A resource of `amkId` stationed `dLat` degrees north of central Bergen. */
async function buildResource(
  baseURL: string,
  token: string,
  o: { prefix: string; kind: string; amkId: string; dLat: number; agency?: string },
): Promise<Resource> {
  const callSign = `${o.prefix}-${uid()}`.toUpperCase().slice(0, 40);
  return apiCall<Resource>(baseURL, token, 'POST', '/api/v1/amk/resources', {
    callSign,
    kind: o.kind,
    ...(o.agency && { agency: o.agency }),
    amkId: o.amkId,
    station: { name: `Stasjon ${callSign}`, lat: BERGEN.lat + o.dLat, lon: BERGEN.lon },
  });
}

async function settled(page: Page, h1: string | RegExp): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(h1);
  await expect(page.getByTestId('live-status').first()).toHaveText('Oppdateres fortløpende');
}

test.describe('AMK missions (issue 14)', () => {
  test('a mission is created from a 113 call and a unit dispatched; the list follows by push (AMK-2)', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const admin = await adminToken(baseURL!);
    const operator = await buildAmkOperator(baseURL!, admin, 'amk-bergen', 'Anne AMK');
    const near = await buildResource(baseURL!, admin, {
      prefix: 'BG',
      kind: 'ambulance-car',
      amkId: 'amk-bergen',
      dLat: 0.01,
    });
    const context = await browser.newContext({ baseURL, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    const page = await context.newPage();
    await signInAs(page, operator, PASSWORD, '/amk/missions');
    await settled(page, 'Oppdrag');
    const listTab = await context.newPage();
    await listTab.goto('/amk/missions');
    await settled(listTab, 'Oppdrag');

    // The control room at AMK Bergen: a 113 call rings and is answered.
    await page.goto('/calls/control-room');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sentralbord');
    await page.getByLabel('Sentral', { exact: true }).selectOption({ label: 'AMK Bergen' });
    await page.getByRole('textbox', { name: 'Operatørplass' }).fill('AMK 1');
    await expect(page.getByTestId('live-status')).toHaveText('Oppdateres fortløpende');
    const callId = `amk-113-${uid()}`;
    await postEvents(
      baseURL!,
      admin,
      scriptCallEvents({
        callId,
        calledNumber: '113',
        centreId: 'amk-bergen',
        offeredAt: Date.now() - 2_000,
      }),
    );
    const row = page.locator(`[data-testid="queue-row"][data-call-id="${callId}"]`);
    await row.getByRole('button', { name: /^Svar/ }).click();
    const answered = page.getByTestId('answered');
    await expect(answered.getByRole('heading', { name: 'Besvart anrop' })).toBeFocused();
    await answered
      .getByRole('radiogroup', { name: 'Hastegrad' })
      .getByRole('radio', { name: /^Akutt/ })
      .check();

    // "Opprett oppdrag": the form opens with the call and its hastegrad.
    await answered.getByRole('link', { name: 'Opprett oppdrag' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Oppdrag');
    const form = page.getByRole('form', { name: 'Nytt oppdrag' });
    await expect(form.getByLabel('Fra 113-samtale')).toHaveValue(callId);
    await expect(form.getByRole('radio', { name: 'Akutt' })).toBeChecked();
    await noSeriousViolations(page);
    // A wrong coordinate is named at its field; nothing is sent.
    await form.getByLabel('Breddegrad').fill('96');
    await form.getByLabel('Lengdegrad').fill('5,3221');
    await form.getByRole('button', { name: 'Opprett oppdrag' }).click();
    await expect(form).toContainText('Skriv en breddegrad mellom -90 og 90.');
    // A place in another AMK's area: the server's refusal, in words.
    await form.getByLabel('Breddegrad').fill('59,9139');
    await form.getByLabel('Lengdegrad').fill('10,7522');
    await form.getByRole('button', { name: 'Opprett oppdrag' }).click();
    await expect(form.getByTestId('problem')).toContainText('Stedet ligger utenfor AMK-området ditt.');
    await form.getByLabel('Breddegrad').fill('60,3913');
    await form.getByLabel('Lengdegrad').fill('5,3221');
    await form.getByRole('button', { name: 'Opprett oppdrag' }).click();

    // The mission: from the call, in Bergen, owned by AMK Bergen.
    await expect(page).toHaveURL(/\/amk\/missions\/[0-9a-f-]{36}$/);
    await settled(page, /^Oppdrag Bergen \d{2}:\d{2}$/);
    const facts = page.getByTestId('mission-facts');
    await expect(facts).toContainText(`113-samtale${callId}`);
    await expect(facts).toContainText('Eies avAMK Bergen');
    await expect(facts).toContainText('HastegradAkutt');
    await expect(page.getByTestId('mission-units')).toHaveCount(0);
    await expect(page.getByText('Ingen enheter er sendt ut ennå.')).toBeVisible();

    // The suggestions, with the method's limit; the near unit from its station.
    await expect(page.getByTestId('suggest-limit')).toContainText('det er ikke en ankomsttid');
    const suggestion = page.getByTestId('suggestions').getByRole('row', { name: new RegExp(near.callSign) });
    await expect(suggestion).toContainText('Stasjon (ingen fersk posisjon)');
    await expect(suggestion).toContainText(/ca\. \d+ min/);
    await noSeriousViolations(page);
    // Dispatched from the keyboard.
    await suggestion.getByRole('button', { name: `Send ut ${near.callSign}` }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByText(`${near.callSign} er sendt ut.`)).toBeVisible();
    const units = page.getByTestId('mission-units');
    await expect(units.getByRole('row', { name: new RegExp(near.callSign) })).toContainText('Utalarmert');
    await expect(page.getByTestId('timeline')).toContainText(`Sendt ut${near.callSign}`);
    await expect(
      page.getByTestId('suggestions').getByRole('row', { name: new RegExp(near.callSign) }),
    ).toHaveCount(0);

    // The list, never reloaded, has the mission with its unit.
    const missionId = page.url().split('/').pop()!;
    const listed = listTab
      .getByTestId('missions-table')
      .getByRole('row')
      .filter({
        has: listTab.locator(`[data-mission-id="${missionId}"]`),
      });
    await expect(listed).toContainText(`${near.callSign} (Utalarmert)`);
    await expect(listed).toContainText('Akutt');
    await expect(listed).toContainText('Bergen');
    await noSeriousViolations(listTab);

    // The unit drives on (its status by the API, as its crew's terminal would); the page follows.
    const token = await tokenOf(baseURL!, operator);
    for (const status of ['en-route', 'at-scene', 'transporting'])
      await apiCall(baseURL!, token, 'POST', `/api/v1/amk/resources/${near.id}/status`, { status });
    await expect(units.getByRole('row', { name: new RegExp(near.callSign) })).toContainText('Transporterer');
    await expect(page.getByRole('button', { name: 'Avslutt oppdraget' })).toBeDisabled();
    const handover = page.getByRole('form', { name: 'Overlevering på sykehus' });
    await handover.getByLabel('Sykehus').fill('Haukeland universitetssjukehus');
    await handover.getByRole('button', { name: 'Registrer overlevering' }).click();
    await expect(page.getByTestId('timeline')).toContainText('Overlevert på Haukeland universitetssjukehus');
    await page.getByRole('button', { name: 'Avslutt oppdraget' }).click();
    await expect(facts).toContainText('TilstandAvsluttet');
    await expect(units.getByRole('row', { name: new RegExp(near.callSign) })).toContainText(
      'Har forlatt oppdraget',
    );

    // In English.
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Mission Bergen/);
    await noSeriousViolations(page);
    await context.close();
  });

  test('a triple alert collects its acknowledgements, the missing ones shown until they come (AMK-3); first responders answer (NN-6)', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const admin = await adminToken(baseURL!);
    const bergen = await buildAmkOperator(baseURL!, admin, 'amk-bergen', 'Berit Bergen');
    const forde = await buildAmkOperator(baseURL!, admin, 'amk-forde', 'Frode Førde');
    // A unit of the neighbour serves the mission: AMK Førde is affected and follows it.
    const neighbour = await buildResource(baseURL!, admin, {
      prefix: 'FD',
      kind: 'ambulance-car',
      amkId: 'amk-forde',
      dLat: 0.02,
    });
    const group = await buildResource(baseURL!, admin, {
      prefix: 'BRANN',
      kind: 'first-responder',
      agency: 'fire',
      amkId: 'amk-bergen',
      dLat: 0.03,
    });
    const bergenToken = await tokenOf(baseURL!, bergen);
    const mission = await apiCall<{ id: string }>(baseURL!, bergenToken, 'POST', '/api/v1/amk/missions', {
      urgency: 'haster',
      ...BERGEN,
    });
    await apiCall(baseURL!, bergenToken, 'POST', `/api/v1/amk/missions/${mission.id}/dispatch`, {
      resourceId: neighbour.id,
    });

    const bContext = await browser.newContext({ baseURL, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    const page = await bContext.newPage();
    await signInAs(page, bergen, PASSWORD, '/amk/missions');
    await settled(page, 'Oppdrag');
    // Keyboard: "Nytt oppdrag" opens the form with the cursor in its first field.
    await page.getByRole('button', { name: 'Nytt oppdrag' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('Fra 113-samtale')).toBeFocused();
    // The mission crosses the AMK border (a Førde unit serves it): its filter finds it.
    await page
      .getByTestId('mission-filter')
      .getByRole('button', { name: /^Over AMK-grenser/ })
      .click();
    const crossing = page
      .getByTestId('missions-table')
      .getByRole('row')
      .filter({
        has: page.locator(`[data-mission-id="${mission.id}"]`),
      });
    await expect(crossing).toContainText('Over AMK-grense: AMK Førde');
    await expect(crossing).toContainText('Haster');
    await crossing.getByRole('link').click();
    await settled(page, /^Oppdrag Bergen/);
    await expect(page.getByTestId('mission-facts')).toContainText('Følges avAMK Bergen, AMK Førde');

    // First responders within 10 km: the fire group is alerted; the operator records its answers.
    await page.getByLabel('Radius (km)').fill('10');
    await page.getByRole('button', { name: 'Varsle akutthjelpere' }).click();
    const groups = page.getByTestId('first-responders');
    const groupRow = groups.getByRole('row', { name: new RegExp(group.callSign) });
    await expect(groupRow).toContainText('Venter på svar');
    // The group has no Nødnett terminal: the operator is told to telephone (NN-6).
    await expect(groupRow).toContainText(
      'Ikke levert: ingen Nødnett-terminal registrert – varsle på telefon',
    );
    await expect(groupRow).toContainText('Brann');
    await groupRow.getByRole('button', { name: `Takket ja (${group.callSign})` }).click();
    await expect(groupRow.getByTestId('fr-answer')).toHaveText('Takket ja');
    await expect(
      page.getByTestId('mission-units').getByRole('row', { name: new RegExp(group.callSign) }),
    ).toContainText('Utalarmert');
    await groupRow.getByRole('button', { name: `Fremme (${group.callSign})` }).click();
    await expect(groupRow.getByTestId('fr-answer')).toHaveText('Fremme');
    await expect(page.getByTestId('fr-counts')).toContainText('takket ja 1');

    // The triple alert, with the rescue coordination centre.
    await page.getByRole('checkbox', { name: 'Varsle også hovedredningssentralen' }).check();
    await page.getByRole('button', { name: 'Trippelvarsle' }).click();
    const card = page.getByTestId('triple-alert');
    await expect(card).toHaveCount(1);
    await expect(card.getByTestId('triple-alert-missing')).toContainText(
      'Mangler kvittering fra 4: Politiets operasjonssentral, Brannvesenets operasjonssentral, AMK Førde, Hovedredningssentralen',
    );
    // Police, fire and rescue coordination get it over Nødnett; the AMK on its console.
    await expect(card.locator('[data-recipient="police"]')).toContainText(
      /Levert \d{2}:\d{2} til .+ politidistrikt operasjonssentral/,
    );
    await expect(card.locator('[data-recipient="fire"]')).toContainText(/Levert \d{2}:\d{2} til 110 /);
    await expect(card.locator('[data-recipient="rescue-coordination"]')).toContainText(
      /Levert \d{2}:\d{2} til Hovedredningssentralen /,
    );
    await expect(card.locator('[data-recipient="amk:amk-forde"]')).toContainText('På AMK-skjermen');
    await noSeriousViolations(page);

    // The raising AMK records the police's and the fire service's confirmations as they come.
    await card.getByRole('button', { name: 'Registrer kvittering fra Politiets operasjonssentral' }).click();
    await expect(card.locator('[data-recipient="police"]')).toContainText(
      new RegExp(`Kvittert \\d{2}:\\d{2} av ${bergen}`),
    );
    await card
      .getByRole('button', { name: 'Registrer kvittering fra Brannvesenets operasjonssentral' })
      .click();
    await card.getByRole('button', { name: 'Registrer kvittering fra Hovedredningssentralen' }).click();
    await expect(card.getByTestId('triple-alert-missing')).toContainText(
      'Mangler kvittering fra 1: AMK Førde',
    );
    // AMK Førde acknowledges for itself: Bergen has no button for it.
    await expect(card.locator('[data-recipient="amk:amk-forde"]')).toContainText('Mangler kvittering');
    await expect(card.locator('[data-recipient="amk:amk-forde"]').getByRole('button')).toHaveCount(0);

    const fContext = await browser.newContext({ baseURL, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    const fPage = await fContext.newPage();
    await signInAs(fPage, forde, PASSWORD, '/amk/triple-alerts');
    await settled(fPage, 'Trippelvarsling');
    const received = fPage
      .getByTestId('triple-alert')
      .filter({ has: fPage.getByRole('link', { name: 'Se oppdraget' }) });
    const fordeCard = fPage.locator(`[data-testid="triple-alert"]`).filter({
      has: fPage.locator('[data-recipient="amk:amk-forde"][data-missing="true"]'),
    });
    await expect(received.first()).toBeVisible();
    await expect(fordeCard).toHaveCount(1);
    await expect(fordeCard.getByTestId('triple-alert-missing')).toContainText(
      'Mangler kvittering fra 1: AMK Førde',
    );
    await noSeriousViolations(fPage);
    await fordeCard.getByRole('button', { name: 'Kvitter for AMK Førde' }).click();
    await expect(fPage.getByText('Kvittering fra AMK Førde er registrert.')).toBeVisible();

    // Bergen's page, never reloaded, has every acknowledgement.
    await expect(card.getByTestId('triple-alert-complete')).toContainText('Alle har kvittert');
    await expect(card.locator('[data-recipient="amk:amk-forde"]')).toContainText(
      new RegExp(`Kvittert \\d{2}:\\d{2} av ${forde}`),
    );
    await fPage.getByRole('button', { name: /English/ }).click();
    await expect(fPage.getByRole('heading', { level: 1 })).toHaveText('Triple alert');
    await noSeriousViolations(fPage);
    await bContext.close();
    await fContext.close();
  });
});
