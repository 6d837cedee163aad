/**
 * A person answers a simulated call (issue 11; LV-1): a server of its own with the background
 * traffic on and Bergen legevaktsentral's calls left to people at the console
 * (NODMELD_SIMULATE_PEOPLE, docs/simulator.md). The simulator decides each call through the live
 * routing and reports it through the calls module like a centre's telephone system; the model's
 * operators answer the other centres' calls, never Bergen's. An operator of Bergen sees a
 * simulated call come in by push, answers it (it leaves the queue and the live figure counts it),
 * writes and signs the contact record, and transfers the call to AMK.
 */
import { buildOperator, PASSWORD, PATH } from './control-room-helpers.ts';
import { adminToken, expect, signInAs, test } from './fixtures.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

test.describe('simulated calls ring for people at the console (issue 11; LV-1)', () => {
  let server: ServerProcess | undefined;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    server = await startServerProcess({
      NODMELD_SIMULATE: 'on',
      NODMELD_SIMULATE_PEOPLE: 'lv-bergen',
      // About one a second at Bergen: a call rings within a minute of the start.
      NODMELD_SIMULATE_PEOPLE_PER_HOUR: '3600',
    });
  });
  test.afterAll(async () => server?.stop());

  test('an operator of Bergen answers a simulated call, signs its record and transfers it to AMK; the figure counts it', async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const url = server!.url;
    const operator = await buildOperator(url, await adminToken(url), ['lv-bergen']);
    const context = await browser.newContext({ baseURL: url, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    const page = await context.newPage();
    await signInAs(page, operator, PASSWORD, PATH);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sentralbord');
    await page.getByLabel('Sentral', { exact: true }).selectOption({ label: 'Bergen legevaktsentral' });
    await page.getByRole('textbox', { name: 'Operatørplass' }).fill('Posisjon 1');
    await expect(page.getByTestId('live-status')).toHaveText('Oppdateres fortløpende');
    await page.locator('h1').click(); // the keys are the queue's

    // Calls come in by push: first in the voice menu, then ringing at the operators.
    const ringing = page.getByTestId('queue-row').filter({ hasText: 'Ringer' });
    await expect(ringing.first()).toBeVisible({ timeout: 120_000 });
    const callId = await ringing.first().getAttribute('data-call-id');
    expect(callId).toMatch(/^people-/);
    // The live figure before: "A av N anrop" answered within 2 minutes in the last hour. Nobody
    // but a person answers Bergen's calls, so A grows by exactly the call answered here.
    const lastHour = page.getByTestId('level-lastHour');
    const answeredInTile = async () =>
      Number(/(\d+) av \d+ anrop/.exec((await lastHour.textContent()) ?? '')?.[1]);
    await expect.poll(answeredInTile).toBeGreaterThanOrEqual(0);
    const before = await answeredInTile();
    // Its answer button (the keys J/K and S are the control room's own test): one click answers it.
    await ringing.first().getByRole('button', { name: /^Svar/ }).click();
    const answered = page.getByTestId('answered');
    await expect(answered.getByRole('heading', { name: 'Besvart anrop' })).toBeFocused();
    await expect(answered).toContainText('OperatørplassPosisjon 1');
    await expect(page.locator(`[data-testid="queue-row"][data-call-id="${callId}"]`)).toHaveCount(0);
    await expect.poll(answeredInTile).toBe(before + 1);

    // The contact record, written and signed (LV-3, LV-6).
    const record = page.getByTestId('contact-record');
    await expect(record.getByRole('heading', { name: 'Kontaktjournal' })).toBeVisible();
    await record.getByLabel('Innringers navn').fill('Kari Nordmann');
    await record.getByLabel('Innringer er').selectOption({ label: 'Pårørende' });
    await record.getByRole('radio', { name: 'Kjent (fødselsnummer eller D-nummer)' }).check();
    await record.getByRole('textbox', { name: 'Fødselsnummer eller D-nummer' }).fill('13097248022');
    await record.getByLabel('Adresse eller stedsbeskrivelse').fill('Strandkaien 1');
    await answered
      .getByRole('radiogroup', { name: 'Hastegrad' })
      .getByRole('radio', { name: 'Akutt (rød)' })
      .check();
    await record.getByLabel('Begrunnelse for hastegraden').fill('Brystsmerter og kortpustet');
    await record.getByLabel('Råd gitt eller tiltak gjort').fill('Satt over til AMK');
    await expect(record.getByTestId('record-status')).toHaveText(/^Utkast lagret \d{2}:\d{2}$/);
    await record.getByRole('button', { name: 'Signer' }).click();
    await expect(record.getByTestId('record-status')).toContainText('Journalen er signert.');

    // Transferred to the centre's own AMK (LV-2, AMK-4).
    const transfer = answered.getByTestId('transfer');
    await expect(transfer.getByRole('radio', { name: 'AMK', exact: true })).toBeChecked();
    await expect(transfer.getByLabel('AMK-sentral')).toHaveValue('amk-bergen');
    await transfer.getByRole('button', { name: 'Overfør' }).click();
    await expect(answered.getByTestId('action-note')).toContainText('AMK Bergen: Koblet.');
    await expect(answered.getByTestId('handover').first()).toContainText('AMK Bergen');
    await context.close();
  });
});
