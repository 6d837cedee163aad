/**
 * Lydlogg (issue 12; LV-5, REC-1) in the browser, against the real server: a leader of Bergen
 * legevaktsentral finds a call's recordings in the search, states why before listening, plays
 * one with the keyboard (space, arrows ±5 s) over a waveform drawn from the server's peaks,
 * places and releases a legal hold with a case reference, and reviews the access log (who,
 * when, which, why) filtered by kind; exports a held case's recordings from the hold's link (a
 * reason required) as an archive that the recipient's check (`verify-export`) accepts with the
 * checksum the page shows. axe finds no serious or critical violation on each page, in bokmål and
 * in English.
 */
import type { Page } from '@playwright/test';
import { createReadStream } from 'node:fs';
import { verifyExport } from '../src/lydlogg/export/verify-export.ts';
import { adminToken, expect, noSeriousViolations, signInAs, test } from './fixtures.ts';
import { buildUser, openBergen, PASSWORD, postEvents, uid, waitingCall } from './control-room-helpers.ts';
import { uploadRecording } from './lydlogg-helpers.ts';

/** A 16-bit mono 8 kHz WAV of `seconds`: a tone whose loudness rises and falls (a visible waveform). */
function toneWav(seconds: number): Buffer {
  const rate = 8000;
  const frames = seconds * rate;
  const data = Buffer.alloc(frames * 2);
  for (let i = 0; i < frames; i++) {
    const envelope = 0.2 + 0.7 * Math.abs(Math.sin((Math.PI * i) / (rate * 4)));
    data.writeInt16LE(Math.round(envelope * 32000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** A WAV recording of `seconds` uploaded for `callId`; its id. */
const uploadWav = (baseURL: string, token: string, callId: string, seconds: number) =>
  uploadRecording(baseURL, token, callId, {
    bytes: toneWav(seconds),
    contentType: 'audio/wav',
    codec: 'pcm-s16le',
    durationMs: seconds * 1000,
  });

const currentTime = (page: Page) =>
  page
    .getByTestId('player')
    .locator('audio')
    .evaluate((a: HTMLAudioElement) => a.currentTime);

test.describe('lydlogg: recordings in the browser (issue 12)', () => {
  // axe on many pages in two languages: generous on a loaded 2-core machine.
  test.describe.configure({ timeout: 180_000 });
  test('a leader finds a call’s recordings, listens with a reason and the keyboard, holds one, and reviews the access log', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const leader = await buildUser(baseURL!, token, 'centre-leader');
    const callId = `call-${uid()}`;
    await uploadWav(baseURL!, token, callId, 20);
    await uploadWav(baseURL!, token, callId, 12);

    // The search: the call's two recordings, not held.
    await signInAs(page, leader, PASSWORD, '/recordings');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Søk i opptak');
    await page.getByLabel('Samtale-ID').fill(callId);
    await page.getByRole('button', { name: 'Søk', exact: true }).click();
    const table = page.getByTestId('recordings-table');
    await expect(page.getByText('2 opptak')).toBeVisible();
    await expect(table.getByText('Ikke sperret')).toHaveCount(2);
    await noSeriousViolations(page);
    await table.getByRole('link', { name: callId }).first().click();

    // The call's recordings: a reason before listening.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lydopptak av samtalen');
    const first = page.getByTestId('recording').first();
    await first.getByRole('button', { name: 'Åpne opptaket' }).click();
    await expect(first.getByText('Skriv hvorfor du lytter til opptaket.')).toBeVisible();
    await noSeriousViolations(page);
    await first.getByLabel('Hvorfor lytter du?').fill('Klage fra pårørende');
    await first.getByRole('button', { name: 'Åpne opptaket' }).click();
    const player = first.getByTestId('player');
    await expect(player).toBeVisible();
    await expect(player.getByTestId('waveform').locator('rect')).toHaveCount(300);
    await expect(player.getByTestId('position')).toHaveText('0:00 av 0:20');

    // The keyboard: the opened player has the focus, visibly; arrows jump 5 s, space plays and pauses.
    await expect(player).toBeFocused();
    const outline = await player.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => currentTime(page)).toBeCloseTo(10, 0);
    await expect(player.getByTestId('position')).toHaveText('0:10 av 0:20');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => currentTime(page)).toBeCloseTo(5, 0);
    await page.keyboard.press('Space');
    await expect(player).toHaveAttribute('data-playing', 'true');
    await page.keyboard.press('Space');
    await expect(player).toHaveAttribute('data-playing', 'false');
    await noSeriousViolations(page);

    // A legal hold with a case reference, visible as held; then released.
    await first.getByText('Legg inn sletteforbud').first().click();
    const form = first.getByRole('form', { name: 'Legg inn sletteforbud' });
    await form.getByLabel('Sakstype').selectOption({ label: 'Tilsynssak' });
    await form.getByLabel('Saksnummer').fill('HT-2026/41');
    await form.getByLabel('Begrunnelse').fill('Statsforvalteren ber om opptaket');
    await form.getByRole('button', { name: 'Legg inn sletteforbud' }).click();
    await expect(first.getByTestId('active-hold')).toContainText('Tilsynssak, sak HT-2026/41');
    await expect(first.locator('[data-held="true"]')).toHaveText('Sletteforbud');
    await noSeriousViolations(page);
    await first.getByRole('button', { name: 'Opphev' }).click();
    await first.getByLabel('Hvorfor oppheves sletteforbudet?').fill('Saken er avsluttet');
    await first.getByRole('button', { name: 'Opphev sletteforbudet' }).click();
    await expect(first.getByTestId('active-hold')).toHaveCount(0);
    await expect(first.locator('[data-held="false"]')).toHaveText('Ikke sperret');

    // The same page in English.
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Recordings of the call');
    await noSeriousViolations(page);
    await page.getByRole('button', { name: /[Nn]orsk/ }).click();

    // The access log: the playback with who and why, filtered to playbacks.
    await page.goto('/recordings/access-log');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tilgangslogg for lydopptak');
    await page.getByLabel('Hva').selectOption({ label: 'Avspilling' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    const log = page.getByTestId('access-log-table');
    await expect(log.getByRole('row').filter({ hasText: 'Klage fra pårørende' }).first()).toContainText(
      'Avspilling',
    );
    await expect(log.getByText('Lydbølge')).toHaveCount(0);
    await noSeriousViolations(page);
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Access log of recordings');
    await noSeriousViolations(page);
    await page.goto('/recordings');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search recordings');
    await noSeriousViolations(page);
  });

  test('a leader exports the recordings of a held case as an archive that verify-export accepts, and finds the export in the access log', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const leader = await buildUser(baseURL!, token, 'centre-leader');
    const callId = `call-${uid()}`;
    const recordingId = await uploadWav(baseURL!, token, callId, 6);
    const caseReference = `KL-${uid()}`;

    // A hold for the case, then the hold's link to its export.
    await signInAs(page, leader, PASSWORD, `/recordings/calls/${callId}`);
    const rec = page.getByTestId('recording');
    await rec.getByText('Legg inn sletteforbud').first().click();
    const form = rec.getByRole('form', { name: 'Legg inn sletteforbud' });
    await form.getByLabel('Sakstype').selectOption({ label: 'Klagesak' });
    await form.getByLabel('Saksnummer').fill(caseReference);
    await form.getByLabel('Begrunnelse').fill('Pasientklage');
    await form.getByRole('button', { name: 'Legg inn sletteforbud' }).click();
    await expect(rec.getByTestId('active-hold')).toContainText(caseReference);
    await rec.getByRole('link', { name: 'Eksporter saken' }).click();

    // The export page: the case filled in, a reason required, the recipient's check explained.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Eksporter opptakene i en sak');
    await expect(page.getByLabel('Saksnummer')).toHaveValue(caseReference);
    await expect(page.getByTestId('export-verify-command')).toContainText('nodmeld lydlogg verify-export');
    await noSeriousViolations(page);
    await page.getByRole('button', { name: 'Last ned arkivet' }).click();
    await expect(page.getByText('Må ha minst 1 tegn').first()).toBeVisible();
    await page.getByLabel('Hvorfor eksporteres opptakene?').fill('Oversendes Statsforvalteren');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Last ned arkivet' }).click(),
    ]);
    await expect(page.getByText(`Arkivet for sak ${caseReference} er lastet ned.`)).toBeVisible();
    const shown = (await page.getByTestId('export-manifest-sha256').textContent())!.trim();
    expect(shown).toMatch(/^[0-9a-f]{64}$/);
    await expect(page.getByTestId('export-verify-command')).toContainText(shown);
    await noSeriousViolations(page);

    // The archive passes the recipient's check with the checksum the page showed.
    const file = await download.path();
    const result = await verifyExport(createReadStream(file), { expectedManifestSha256: shown });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.manifest?.recordings.map((r) => r.recordingId)).toEqual([recordingId]);

    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Export the recordings of a case');
    await noSeriousViolations(page);
    await page.getByRole('button', { name: /[Nn]orsk/ }).click();

    // The export is in the access log, with the case and the reason.
    await page.goto('/recordings/access-log');
    await page.getByLabel('Hva').selectOption({ label: 'Eksport' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await expect(
      page
        .getByTestId('access-log-table')
        .getByRole('row')
        .filter({ hasText: 'Oversendes Statsforvalteren' }),
    ).toContainText(caseReference);
  });

  test('an operator goes from the answered call in the control room to its recordings, and listens without hold controls', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const operator = await buildUser(baseURL!, token, 'operator');
    await signInAs(page, operator, PASSWORD, '/calls/control-room');
    await openBergen(page);
    const callId = `lyd-${uid()}`;
    await postEvents(baseURL!, token, waitingCall(callId, 5_000));
    await expect(page.getByTestId('queue-row')).toHaveCount(1);
    await page.keyboard.press('s');
    const answered = page.getByTestId('answered');
    const link = answered.getByRole('link', { name: /Lydopptak av samtalen/ });
    await expect(link).toHaveAttribute('href', `/recordings/calls/${callId}`);
    await noSeriousViolations(page);
    await uploadWav(baseURL!, token, callId, 8);
    const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await expect(tab.getByRole('heading', { level: 1 })).toHaveText('Lydopptak av samtalen');
    const rec = tab.getByTestId('recording');
    await expect(rec).toHaveCount(1);
    await expect(
      rec.getByText('Ingen aktive sletteforbud. Opptaket slettes etter treårsregelen.'),
    ).toBeVisible();
    await expect(rec.getByText('Legg inn sletteforbud')).toHaveCount(0);
    await rec.getByLabel('Hvorfor lytter du?').fill('Oppfølging av samtalen');
    await rec.getByRole('button', { name: 'Åpne opptaket' }).click();
    await expect(rec.getByTestId('player')).toBeFocused();
    await expect(rec.getByTestId('position')).toHaveText('0:00 av 0:08');
    await noSeriousViolations(tab);
    await tab.close();
  });
});
