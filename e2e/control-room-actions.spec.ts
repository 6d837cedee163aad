/**
 * The answered call's actions in the control room (issue 11; LV-2, AMK-4, AMK-6, RT-12) in the
 * browser, against the real server: an operator of Bergen legevaktsentral answers a call, sets up
 * a three-way conference with the centre's own AMK, sets the hastegrad and ends the call (focus
 * back on the queue); on a second call the acute shortcut (Alt+A) marks it misrouted and hands it
 * to AMK as akutt in one action; on a third the misrouting form records the reason, the caller's
 * municipality and the right centre (pre-filled from who serves it), and the call is transferred
 * to that legevaktsentral. The server's record of each call is checked through the API; axe
 * finds no serious or critical violation with the panel (and the form) open.
 */
import type { Page } from '@playwright/test';
import type { CallDetail } from '../web/src/features/control-room/api.ts';
import { adminToken, apiCall, expect, signInAs, test } from './fixtures.ts';
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

/** Posts a call that rings at Bergen, waits for it in the queue and answers it with S. */
async function answerNew(page: Page, baseURL: string, token: string, callId: string): Promise<void> {
  await postEvents(baseURL, token, waitingCall(callId, 5_000));
  const row = page.locator(`[data-call-id="${callId}"]`);
  await expect(row).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('s');
  await expect(page.getByTestId('answered').getByRole('heading', { name: 'Besvart anrop' })).toBeFocused();
  await expect(row).toHaveCount(0);
}

const readCall = (baseURL: string, token: string, callId: string) =>
  apiCall<CallDetail>(baseURL, token, 'GET', `/api/v1/calls/${callId}`);

test.describe('control room: actions on the answered call (issue 11)', () => {
  test('conference with AMK, hastegrad, end; the acute shortcut; misrouting and transfer to the right centre', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const operator = await buildOperator(baseURL!, token, ['lv-bergen']);
    await signInAs(page, operator, PASSWORD, PATH);
    await openBergen(page);
    const panel = page.getByTestId('answered');
    const id = uid();

    // 1. Conference with the centre's own AMK (chosen already), hastegrad haster, end.
    const first = `cra-conf-${id}`;
    await answerNew(page, baseURL!, token, first);
    const transfer = panel.getByTestId('transfer');
    await expect(transfer.getByRole('radio', { name: 'AMK', exact: true })).toBeChecked();
    await expect(transfer.getByLabel('AMK-sentral')).toHaveValue('amk-bergen');
    await expect(transfer.getByLabel('AMK-sentral').locator('option:checked')).toHaveText(
      'AMK Bergen (egen AMK)',
    );
    await expect(transfer.getByLabel('Utfall')).toHaveValue('connected');
    await expect(panel.getByTestId('handovers')).toContainText('Ingen ennå.');
    // Hastegrad by keyboard: the radios are words in colour tags.
    const hastegrad = panel.getByRole('radiogroup', { name: 'Hastegrad' });
    await expect(hastegrad.getByRole('radio')).toHaveCount(3);
    await expect(hastegrad).toContainText('Akutt (rød)');
    await expect(hastegrad).toContainText('Haster (gul)');
    await expect(hastegrad).toContainText('Vanlig (grønn)');
    await hastegrad.getByRole('radio', { name: 'Haster (gul)' }).check();
    await expect(panel.getByTestId('end').locator('..')).toContainText(
      'Avsluttes med hastegrad: Haster (gul).',
    );
    await transfer.getByRole('button', { name: 'Konferanse (tre parter)' }).focus();
    await page.keyboard.press('Enter');
    await expect(panel.getByTestId('action-note')).toContainText('Konferanse til AMK Bergen: Koblet.');
    const rows = panel.getByTestId('handover');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-kind', 'conference');
    await expect(rows.first()).toContainText('AMK Bergen');
    await expect(rows.first()).toContainText('Koblet');
    await expect(rows.first()).toContainText('Haster (gul)');
    await noSeriousViolations(page);
    await panel.getByTestId('end').click();
    await expect(panel).toHaveCount(0);
    await expect(page.getByTestId('ended')).toContainText(
      'Samtalen er avsluttet med hastegrad Haster (gul).',
    );
    await expect(page.getByRole('heading', { name: 'Anrop som venter', level: 2 })).toBeFocused();
    const one = await readCall(baseURL!, token, first);
    expect(one.call).toMatchObject({
      state: 'ended',
      hastegrad: 'haster',
      transfers: [],
      conferences: [{ target: { kind: 'amk', id: 'amk-bergen' }, outcome: 'connected' }],
    });

    // 2. The acute shortcut: Alt+A, even from a field — misrouted and to AMK as akutt at once.
    const second = `cra-acute-${id}`;
    await answerNew(page, baseURL!, token, second);
    await expect(panel.getByTestId('acute')).toHaveText('Akutt – sett over til AMK');
    await expect(panel).toContainText('Alt+A');
    await transfer.getByRole('radio', { name: 'Vakthavende lege' }).check();
    await transfer.getByRole('textbox', { name: 'Telefonnummer' }).focus();
    await page.keyboard.press('Alt+A');
    await expect(panel.getByTestId('action-note')).toContainText('Satt over til AMK Bergen som akutt.');
    await expect(panel.getByTestId('end')).toBeFocused();
    await expect(hastegrad.getByRole('radio', { name: 'Akutt (rød)' })).toBeChecked();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('Satt over (direkte)');
    await expect(rows.first()).toContainText('AMK Bergen');
    await expect(rows.first()).toContainText('Akutt (rød)');
    await expect(panel).toContainText('FeilrutetInnringer var et annet sted');
    const two = await readCall(baseURL!, token, second);
    expect(two.call.misrouting).toMatchObject({ reason: 'caller-elsewhere' });
    expect(two.call.transfers).toMatchObject([
      { target: { kind: 'amk', id: 'amk-bergen' }, outcome: 'connected' },
    ]);
    expect(two.call.hastegrad).toBe('akutt');
    expect(two.events.find((e) => e.type === 'transferred')).toMatchObject({
      hastegrad: 'akutt',
      mode: 'blind',
    });
    await page.keyboard.press('Enter'); // the end button has the focus
    await expect(panel).toHaveCount(0);
    await expect(page.getByTestId('ended')).toContainText('Samtalen er avsluttet med hastegrad Akutt (rød).');

    // 3. The misrouting form: reason, the caller's municipality, the right centre (filled in), then
    //    the transfer to that legevaktsentral, chosen already.
    const third = `cra-form-${id}`;
    await answerNew(page, baseURL!, token, third);
    const open = panel.getByRole('button', { name: 'Feilrutet …' });
    await expect(open).toHaveAttribute('aria-expanded', 'false');
    await open.click();
    await expect(open).toHaveAttribute('aria-expanded', 'true');
    const form = panel.getByTestId('misrouting');
    await form.getByRole('button', { name: 'Registrer feilruting' }).click();
    await expect(form.getByText('Velg en årsak.')).toBeVisible();
    await expect(form.getByLabel('Årsak')).toBeFocused();
    await form.getByLabel('Årsak').selectOption({ label: 'Basestasjon over kommunegrensen' });
    await form.getByLabel('Kommunen innringer er i').selectOption({ label: 'Voss (4621)' });
    await expect(form.getByLabel('Riktig legevaktsentral')).toHaveValue('lv-voss');
    await form.getByLabel('Merknad').fill('Basestasjon på Stalheim');
    await noSeriousViolations(page);
    await form.getByRole('button', { name: 'Registrer feilruting' }).click();
    await expect(form).toHaveCount(0);
    await expect(panel.getByTestId('action-note')).toContainText('Feilruting registrert.');
    await expect(panel).toContainText(
      'FeilrutetBasestasjon over kommunegrensen; innringer i Voss; skulle til Voss legevaktsentral',
    );
    await expect(transfer.getByRole('heading', { name: 'Sett over eller konferanse' })).toBeFocused();
    await expect(transfer.getByRole('radio', { name: 'Annen legevaktsentral' })).toBeChecked();
    const centre = transfer.getByLabel('Legevaktsentral (intern telefonliste)');
    await expect(centre).toHaveValue('lv-voss');
    await expect(centre.locator('option:checked')).toHaveText('Voss legevaktsentral – internnr. 56520771');
    await transfer.getByRole('radio', { name: 'Direkte (blind)' }).check();
    await transfer.getByRole('button', { name: 'Overfør' }).click();
    await expect(panel.getByTestId('action-note')).toContainText(
      'Satt over til Voss legevaktsentral: Koblet.',
    );
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('Satt over (direkte)');
    await expect(rows.first()).toContainText('Voss legevaktsentral');
    const three = await readCall(baseURL!, token, third);
    expect(three.call.misrouting).toMatchObject({
      reason: 'base-station-across-border',
      correctMunicipality: '4621',
      correctCentreId: 'lv-voss',
      detail: 'Basestasjon på Stalheim',
    });
    expect(three.call.transfers).toMatchObject([
      { target: { kind: 'legevaktsentral', id: 'lv-voss', number: '56520771' }, outcome: 'connected' },
    ]);
    await panel.getByTestId('end').click();
    await expect(page.getByTestId('ended')).toContainText('Samtalen er avsluttet.');
    expect((await readCall(baseURL!, token, third)).call.state).toBe('ended');

    // An action on a call that has ended meanwhile: the server's refusal in words.
    const fourth = `cra-gone-${id}`;
    await answerNew(page, baseURL!, token, fourth);
    await postEvents(baseURL!, token, [
      {
        eventId: `${fourth}:ended`,
        callId: fourth,
        occurredAt: new Date().toISOString(),
        source: 'centre-telephony',
        type: 'ended',
        by: 'caller',
      },
    ]);
    await transfer.getByRole('button', { name: 'Overfør' }).click();
    await expect(panel).toContainText('Samtalen er ikke besvart lenger');
    await panel.getByRole('button', { name: 'Lukk' }).click();
    await expect(page.getByRole('heading', { name: 'Anrop som venter', level: 2 })).toBeFocused();
  });
});
