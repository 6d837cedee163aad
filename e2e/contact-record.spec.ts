/**
 * Kontaktjournal in the control room (issue 11; LV-3, LV-6) in the browser, against the real
 * server: an operator of Bergen legevaktsentral answers a call and documents it — the callback
 * number and municipality filled in from the call, an invalid fødselsnummer refused at once, then
 * a valid one; the draft saves by itself ("Utkast lagret"); a reload reopens the call (`?call=`)
 * with the draft; signing without the advice marks the field and focuses it; signed, the record
 * is read-only and is corrected with a reason; the versions are listed, and the server's record
 * (read with the operator's token) holds them. axe finds no serious or critical violation.
 */
import { adminToken, apiCall, expect, signInAs, test } from './fixtures.ts';
import type { ContactRecord } from '../web/src/features/control-room/api.ts';
import {
  PASSWORD,
  PATH,
  buildOperator,
  noSeriousViolations,
  openBergen,
  postEvents,
  uid,
  waitingCall,
} from './control-room-helpers.ts';

const VALID_FNR = '13097248022';

async function tokenOf(baseURL: string, username: string): Promise<string> {
  const res = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.ok).toBe(true);
  return ((await res.json()) as { token: string }).token;
}

test.describe('control room: the contact record of the answered call (issue 11)', () => {
  test('fill, draft saved, reload, sign with a missing field then complete, amend with a reason, history (LV-3, LV-6)', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const operator = await buildOperator(baseURL!, token, ['lv-bergen']);
    await signInAs(page, operator, PASSWORD, PATH);
    await openBergen(page);
    const callId = `rec-${uid()}`;
    await postEvents(baseURL!, token, waitingCall(callId, 5_000));
    await expect(page.locator(`[data-call-id="${callId}"]`)).toHaveAttribute('aria-current', 'true');
    await page.keyboard.press('s');
    const panel = page.getByTestId('answered');
    await expect(panel.getByRole('heading', { name: 'Besvart anrop' })).toBeFocused();
    await expect(page).toHaveURL(new RegExp(`\\?call=${callId}$`));

    // The record: the callback number and municipality from the call.
    const record = page.getByTestId('contact-record');
    await expect(record.getByRole('heading', { name: 'Kontaktjournal' })).toBeVisible();
    await expect(record.getByLabel('Nummer å ringe tilbake på')).toHaveValue('41234567');
    await expect(record.getByLabel('Kommunenummer')).toHaveValue('4601');
    await expect(record.getByTestId('record-status')).toHaveText('Ikke lagret ennå.');

    await record.getByLabel('Innringers navn').fill('Kari Nordmann');
    await record.getByLabel('Innringer er').selectOption({ label: 'Pårørende' });
    await record.getByRole('radio', { name: 'Kjent (fødselsnummer eller D-nummer)' }).check();
    // An invalid fødselsnummer: refused at once, nothing saved while it stands.
    const nationalId = record.getByRole('textbox', { name: 'Fødselsnummer eller D-nummer' });
    await nationalId.fill('13097248023');
    await expect(record).toContainText('Ikke et gyldig fødselsnummer eller D-nummer.');
    await expect(record.getByTestId('record-status')).toHaveText('Ikke lagret: rett feilene som er markert.');
    await nationalId.fill(VALID_FNR);
    await expect(record).not.toContainText('Ikke et gyldig fødselsnummer');
    await record.getByLabel('Pasientens navn').fill('Ola Nordmann');
    await record.getByLabel('Adresse eller stedsbeskrivelse').fill('Strandkaien 1');
    // The hastegrad is the panel's: one choice for the call and its record.
    await panel
      .getByRole('radiogroup', { name: 'Hastegrad' })
      .getByRole('radio', { name: 'Haster (gul)' })
      .check();
    await expect(record.getByTestId('record-hastegrad')).toHaveText(
      'Hastegrad: Haster (gul) (velges i samtalepanelet over).',
    );
    await record.getByLabel('Begrunnelse for hastegraden').fill('Høy feber i tre dager');
    await expect(record.getByTestId('record-status')).toHaveText(/^Utkast lagret \d{2}:\d{2}$/);
    await noSeriousViolations(page);

    // A reload gets the call and its draft back.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sentralbord');
    await expect(panel.getByRole('heading', { name: 'Besvart anrop' })).toBeVisible();
    await expect(record.getByTestId('record-status')).toHaveText(/^Utkast lagret \d{2}:\d{2}$/);
    await expect(record.getByLabel('Innringers navn')).toHaveValue('Kari Nordmann');
    await expect(nationalId).toHaveValue(VALID_FNR);
    await expect(record.getByLabel('Pasientens navn')).toHaveValue('Ola Nordmann');
    await expect(record.getByLabel('Begrunnelse for hastegraden')).toHaveValue('Høy feber i tre dager');
    await expect(
      panel.getByRole('radiogroup', { name: 'Hastegrad' }).getByRole('radio', { name: 'Haster (gul)' }),
    ).toBeChecked();

    // Signing without the advice: the field is marked and focused.
    await record.getByRole('button', { name: 'Signer' }).click();
    await expect(record.getByTestId('record-missing')).toContainText('Journalen kan ikke signeres ennå.');
    const advice = record.getByLabel('Råd gitt eller tiltak gjort');
    await expect(advice).toBeFocused();
    await expect(record).toContainText('Må fylles ut før journalen signeres');
    await advice.fill('Paracet og drikke godt; ring igjen ved forverring');
    await record.getByRole('checkbox', { name: 'Fastlege' }).check();
    await record.getByLabel('Merknad til Fastlege').fill('Time i morgen');
    await record.getByRole('button', { name: 'Signer' }).focus();
    await page.keyboard.press('Enter');
    await expect(record.getByTestId('record-status')).toContainText(`Signert av`);
    await expect(record.getByTestId('record-status')).toContainText('Journalen er signert.');
    await expect(record.getByTestId('record-form')).toHaveCount(0);
    await expect(record.getByTestId('record-view')).toContainText('Paracet og drikke godt');
    await expect(record.getByTestId('record-view')).toContainText('Fastlege (Time i morgen)');

    // A correction needs its reason.
    await record.getByRole('button', { name: 'Endre (tilføy rettelse)' }).click();
    const reason = record.getByLabel('Begrunnelse for rettelsen');
    await expect(reason).toBeFocused();
    await record.getByLabel('Adresse eller stedsbeskrivelse').fill('Strandkaien 3');
    await record.getByRole('button', { name: 'Lagre rettelse' }).click();
    await expect(record).toContainText('Skriv hvorfor journalen rettes.');
    await expect(reason).toBeFocused();
    await reason.fill('Feil husnummer');
    await record.getByRole('button', { name: 'Lagre rettelse' }).click();
    await expect(record.getByTestId('record-status')).toContainText('Rettelsen er lagret som versjon');
    await expect(record.getByTestId('record-view')).toContainText('Strandkaien 3');

    const versions = record.getByTestId('record-version');
    await expect(versions.first()).toHaveAttribute('data-change', 'amended');
    await expect(versions.first()).toContainText('Rettet');
    await expect(versions.first()).toContainText('Feil husnummer');
    await expect(versions.nth(1)).toHaveAttribute('data-change', 'signed');
    await expect(record.locator('[data-change="saved"]').first()).toContainText('Utkast lagret');
    await noSeriousViolations(page);

    // The server's record, read with the operator's own token.
    const opToken = await tokenOf(baseURL!, operator);
    const { record: stored } = await apiCall<{ record: ContactRecord | null }>(
      baseURL!,
      opToken,
      'GET',
      `/api/v1/calls/${callId}/contact-record`,
    );
    expect(stored?.status).toBe('signed');
    expect(stored?.content.patient).toEqual({
      kind: 'identified',
      nationalId: VALID_FNR,
      name: 'Ola Nordmann',
    });
    expect(stored?.content.hastegrad).toBe('haster');
    expect(stored?.content.location).toEqual({ address: 'Strandkaien 3', municipality: '4601' });
    expect(stored?.content.caller).toEqual({
      name: 'Kari Nordmann',
      callbackNumber: '41234567',
      relation: 'relative',
    });
    const changes = stored!.versions.map((v) => v.change);
    expect(changes[0]).toBe('amended');
    expect(changes[1]).toBe('signed');
    expect(changes.slice(2).every((c) => c === 'saved')).toBe(true);
    expect(changes.length).toBeGreaterThanOrEqual(3);
    expect(stored!.versions[0]!.reason).toBe('Feil husnummer');
    expect(stored!.versions.map((v) => v.version)).toEqual(
      [...Array(stored!.version).keys()].map((i) => stored!.version - i),
    );

    // Closing the record takes the call out of the address.
    await record.getByRole('button', { name: 'Lukk journalen' }).click();
    await expect(record).toHaveCount(0);
    await expect(page).not.toHaveURL(/\?call=/);
  });
  test('a change made elsewhere meanwhile: said calmly, the typing merged onto the newest version, nothing overwritten', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const operator = await buildOperator(baseURL!, token, ['lv-bergen']);
    await signInAs(page, operator, PASSWORD, PATH);
    await openBergen(page);
    const callId = `rec-conflict-${uid()}`;
    await postEvents(baseURL!, token, waitingCall(callId, 5_000));
    await expect(page.locator(`[data-call-id="${callId}"]`)).toHaveAttribute('aria-current', 'true');
    await page.keyboard.press('s');
    const record = page.getByTestId('contact-record');
    await record.getByLabel('Innringers navn').fill('Kari');
    await record.getByLabel('Fritekst').fill('Første notat');
    await expect(record.getByTestId('record-status')).toHaveText(/^Utkast lagret/);

    // Another change through the API (as if from another desk), on the stored version.
    const opToken = await tokenOf(baseURL!, operator);
    const path = `/api/v1/calls/${callId}/contact-record`;
    const elsewhere = async (change: Partial<ContactRecord['content']>) => {
      const { record: now } = await apiCall<{ record: ContactRecord | null }>(baseURL!, opToken, 'GET', path);
      await apiCall(baseURL!, opToken, 'PUT', path, {
        content: { ...now!.content, ...change },
        version: now!.version,
      });
      return now!.version + 1;
    };
    const theirs = await elsewhere({ advice: 'Råd fra en annen plass' });

    // A field only this operator changed: kept, merged onto the newest version and saved on it.
    await record.getByLabel('Innringers navn').fill('Kari Nordmann');
    await expect(record.getByTestId('record-conflict')).toContainText(
      'Journalen ble endret et annet sted i mellomtiden. Den nyeste versjonen er hentet, og det du skrev er lagt inn i den',
    );
    await expect(record.getByLabel('Råd gitt eller tiltak gjort')).toHaveValue('Råd fra en annen plass');
    await expect(record.getByLabel('Innringers navn')).toHaveValue('Kari Nordmann');
    await expect(record.getByTestId('record-conflicts')).toHaveCount(0);
    await expect
      .poll(async () => (await apiCall<{ record: ContactRecord }>(baseURL!, opToken, 'GET', path)).record)
      .toMatchObject({
        version: theirs + 1,
        content: { advice: 'Råd fra en annen plass', caller: { name: 'Kari Nordmann' } },
      });

    // A field both changed: the stored text stays, the operator's is listed to take instead.
    await elsewhere({ freeText: 'Notat fra den andre plassen' });
    await record.getByLabel('Fritekst').fill('Mitt notat');
    await expect(record.getByTestId('record-conflict')).toContainText('unntatt feltene under');
    const item = record.getByTestId('record-conflict-item');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('Fritekst');
    await expect(item).toContainText('Lagret nå: Notat fra den andre plassen');
    await expect(item).toContainText('Du skrev: Mitt notat');
    await expect(record.getByLabel('Fritekst')).toHaveValue('Notat fra den andre plassen');
    await noSeriousViolations(page);
    await item.getByRole('button', { name: /Bruk det du skrev/ }).click();
    await expect(record.getByLabel('Fritekst')).toHaveValue('Mitt notat');
    await expect(record.getByTestId('record-conflicts')).toHaveCount(0);
    await expect
      .poll(
        async () => (await apiCall<{ record: ContactRecord }>(baseURL!, opToken, 'GET', path)).record.content,
      )
      .toMatchObject({
        freeText: 'Mitt notat',
        advice: 'Råd fra en annen plass',
        caller: { name: 'Kari Nordmann' },
      });
  });
});
