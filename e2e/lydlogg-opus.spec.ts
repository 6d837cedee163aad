/**
 * Lydlogg (issue 12; LV-5): the waveform of an Opus recording, which the server does not decode,
 * made in the browser by WebAudio from the one read the player does (docs/lydlogg.md, "Waveform").
 * The recording is a real Ogg/Opus file from libopus (src/lydlogg/testing/fixtures/
 * silence-then-tone.opus: 1 s of silence, then 2 s of a tone at 0.7 of full scale): the bars
 * drawn must show that shape, the access log must show exactly one read (the playback, with the
 * reason), and playing and seeking read nothing more. Audio the browser cannot decode, or a
 * browser without WebAudio, gets a clear message in bokmål and English instead of a waveform, and
 * the audio still plays when the browser can play it.
 */
import type { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { oggOpus } from '../src/lydlogg/testing/audio.ts';
import { adminToken, expect, noSeriousViolations, signInAs, test } from './fixtures.ts';
import { buildUser, PASSWORD, uid } from './control-room-helpers.ts';
import { uploadRecording } from './lydlogg-helpers.ts';

const REAL_OPUS = readFileSync(
  new URL('../src/lydlogg/testing/fixtures/silence-then-tone.opus', import.meta.url),
);

/**
 * An Opus packet no decoder accepts (RFC 6716 §3.4, R5: a code 3 packet with a frame count of 0):
 * the Ogg pages around it are sound, so the server stores it, but the browser cannot decode it.
 */
const UNDECODABLE = oggOpus({ packets: 100, packet: Buffer.from([0x03, 0x00]) });

const FAILED_NB = 'Lydbølgen kunne ikke lages for dette opptaket. Lyden kan likevel spilles av.';
const FAILED_EN = 'The waveform could not be made for this recording. The audio can still be played.';

/**
 * A leader of Bergen opens a new call's Opus recording (`bytes`, `seconds` long) with `reason`;
 * `beforeLoad` runs in the page before the app does. The recording's row on the call's page.
 */
async function openOpus(
  page: Page,
  baseURL: string,
  opts: { bytes: Buffer; seconds: number; reason: string; beforeLoad?: () => void },
): Promise<Locator> {
  const token = await adminToken(baseURL);
  const leader = await buildUser(baseURL, token, 'centre-leader');
  const callId = `call-${uid()}`;
  await uploadRecording(baseURL, token, callId, {
    bytes: opts.bytes,
    contentType: 'audio/ogg',
    codec: 'opus',
    durationMs: opts.seconds * 1000,
    prefix: 'opus',
  });
  if (opts.beforeLoad) await page.addInitScript(opts.beforeLoad);
  await signInAs(page, leader, PASSWORD, `/recordings/calls/${callId}`);
  const rec = page.getByTestId('recording');
  await rec.getByLabel('Hvorfor lytter du?').fill(opts.reason);
  await rec.getByRole('button', { name: 'Åpne opptaket' }).click();
  await expect(rec.getByTestId('player')).toBeFocused();
  return rec;
}

/** The bars' heights as drawn (SVG user units: the peak × 96, at least 1). */
const barHeights = (waveform: Locator) =>
  waveform.locator('rect').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('height'))));

/** Space plays, space pauses, and nothing failed. */
async function playsAndPauses(page: Page, rec: Locator) {
  const player = rec.getByTestId('player');
  await page.keyboard.press('Space');
  await expect(player).toHaveAttribute('data-playing', 'true');
  await page.keyboard.press('Space');
  await expect(player).toHaveAttribute('data-playing', 'false');
  await expect(rec.getByRole('alert')).toHaveCount(0);
}

test.describe('lydlogg: the waveform of Opus recordings, decoded in the browser (issue 12)', () => {
  test.describe.configure({ timeout: 120_000 });

  test('a real Opus recording: the waveform drawn from the one logged read shows 1 s of silence, then the tone', async ({
    page,
    baseURL,
  }) => {
    const reason = `Opus-kontroll ${uid()}`;
    const rec = await openOpus(page, baseURL!, { bytes: REAL_OPUS, seconds: 3, reason });
    const player = rec.getByTestId('player');
    const waveform = player.getByTestId('waveform');
    await expect(waveform).toHaveAttribute('data-peaks-from', 'browser');
    await expect(waveform.locator('rect')).toHaveCount(300);
    await expect(player.getByTestId('waveform-failed')).toHaveCount(0);
    await expect(player.getByTestId('position')).toHaveText('0:00 av 0:03');

    // 300 bars over 3 s: bars 0–99 are the silent second, 100–299 the tone at 0.7 (0.7 × 96 high).
    const heights = await barHeights(waveform);
    const silent = heights.slice(0, 95);
    const tone = heights.slice(105);
    expect(Math.max(...silent)).toBeLessThan(5);
    expect(Math.min(...tone)).toBeGreaterThan(0.55 * 96);
    expect(Math.max(...tone)).toBeLessThan(0.85 * 96);
    await noSeriousViolations(page);

    // The audio plays from the bytes already read: seeking and playing read nothing more.
    await page.keyboard.press('ArrowRight');
    await expect(player.getByTestId('position')).toHaveText('0:03 av 0:03');
    await page.keyboard.press('Home');
    await playsAndPauses(page, rec);

    await page.getByRole('button', { name: /English/ }).click();
    await expect(waveform).toHaveAccessibleName('Waveform of the recording');
    await noSeriousViolations(page);
    await page.getByRole('button', { name: /[Nn]orsk/ }).click();

    // One read, logged as a playback with the reason; no separate read for the waveform.
    await page.goto('/recordings/access-log');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tilgangslogg for lydopptak');
    const rows = page.getByTestId('access-log-table').getByRole('row').filter({ hasText: reason });
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText('Avspilling');
  });

  test('audio the browser cannot decode: a clear message instead of the waveform, in bokmål and English', async ({
    page,
    baseURL,
  }) => {
    const rec = await openOpus(page, baseURL!, {
      bytes: UNDECODABLE,
      seconds: 2,
      reason: 'Oppfølging av klage',
    });
    const player = rec.getByTestId('player');
    await expect(player.getByTestId('waveform-failed')).toHaveText(FAILED_NB);
    await expect(player.getByTestId('waveform')).toHaveCount(0);
    await noSeriousViolations(page);
    await page.getByRole('button', { name: /English/ }).click();
    await expect(player.getByTestId('waveform-failed')).toHaveText(FAILED_EN);
  });

  test('a browser without WebAudio: the message instead of the waveform, and the recording still plays', async ({
    page,
    baseURL,
  }) => {
    // A browser without WebAudio (a policy, an older engine): the API is gone before the app loads.
    const rec = await openOpus(page, baseURL!, {
      bytes: REAL_OPUS,
      seconds: 3,
      reason: 'Gjennomgang av samtalen',
      beforeLoad: () => {
        delete (window as { OfflineAudioContext?: unknown }).OfflineAudioContext;
      },
    });
    const player = rec.getByTestId('player');
    await expect(player.getByTestId('waveform-failed')).toHaveText(FAILED_NB);
    await expect(player.getByTestId('waveform')).toHaveCount(0);
    await expect(player.getByTestId('position')).toHaveText('0:00 av 0:03');
    await playsAndPauses(page, rec);
  });
});
