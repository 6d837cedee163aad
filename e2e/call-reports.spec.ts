/**
 * Call reports (RT-13) in the browser: a centre's week (the calls of e2e/call-events.ts) with the
 * official figures, the three charts, the lists and the PDF and CSV downloads — the PDF draws
 * every label the page's charts show (one geometry, two renderers) — in bokmål and English, for a
 * municipality and the whole country; axe finds no serious or critical violation.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { pdfTexts } from '../src/platform/testing/pdf-text.ts';
import { expect, noSeriousViolations, signIn, test } from './fixtures.ts';

async function showWeek(page: Page, choose: (form: ReturnType<Page['getByRole']>) => Promise<unknown>) {
  const form = page.getByRole('form', { name: 'Vis anropsrapport' });
  await choose(form);
  await form.getByLabel('Første dag').fill('02.03.2026');
  await form.getByLabel('Siste dag').fill('08.03.2026');
  await form.getByRole('button', { name: 'Vis rapport' }).click();
  return form;
}

test.describe('call reports (RT-13)', () => {
  test('a centre’s week: figures, charts, lists, PDF and CSV', async ({ page }) => {
    await signIn(page, '/calls/reports');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anropsrapport');
    await noSeriousViolations(page);
    const form = await showWeek(page, (f) =>
      f.getByLabel('Velg sentral').selectOption({ label: 'Bergen legevaktsentral' }),
    );
    const report = page.getByTestId('call-report');
    await expect(report.getByRole('heading', { level: 2 }).first()).toHaveText(
      'Anrop og svartid – Bergen legevaktsentral',
    );
    await expect(report).toContainText('Periode: 02.03.2026–08.03.2026');
    // 44 calls, 29 answered within 2 minutes (hand-counted from e2e/call-events.ts).
    await expect(page.getByTestId('call-report-figures')).toContainText('Anrop44');
    await expect(page.getByTestId('figure-within-2-minutes')).toContainText('65,9 %');
    await expect(page.getByTestId('target-verdict')).toHaveText('Kravet er ikke nådd');

    // The three charts, named for screen readers, drawn from the geometry model.
    const charts = page.locator('svg[data-chart]');
    await expect(charts).toHaveCount(3);
    await expect(page.getByRole('img', { name: 'Andel besvart innen 2 minutter' })).toBeVisible();
    await expect(page.getByRole('img', { name: 'Fordeling av svartider' })).toBeVisible();
    const heat = page.getByRole('img', { name: 'Anrop per time i uka' });
    await expect(heat.locator('rect title')).toHaveCount(168);
    await expect(page.locator('svg[data-chart="share-over-time"] rect')).toHaveCount(7);
    await expect(page.locator('svg[data-chart="share-over-time"]')).toContainText('Krav 80 %');

    const series = page.getByTestId('report-series');
    await expect(series.getByRole('row')).toHaveCount(8); // header + the seven days
    await expect(series.getByRole('row', { name: /^02\.03\.2026/ })).toContainText('66,7 %'); // 4 of 6 within 2 minutes
    await expect(page.getByTestId('longest-waits')).toContainText('e2e-7-4');
    await expect(page.getByTestId('misrouted-calls')).toContainText('Basestasjon over kommunegrensen');
    await expect(page.getByTestId('misrouted-calls')).toContainText('Bærum legevaktsentral');
    await expect(page.getByTestId('amk-handovers')).toContainText('e2e-misrouted');
    await expect(page.getByTestId('amk-handovers')).toContainText('AMK Bergen');
    await expect(report).not.toContainText('41234567'); // call ids, never calling numbers
    await noSeriousViolations(page);

    const chartTexts = await charts.locator('text').allTextContents();
    const pdfDownload = page.waitForEvent('download');
    await form.getByRole('button', { name: 'Last ned PDF' }).click();
    const pdf = await pdfDownload;
    expect(pdf.suggestedFilename()).toBe('anropsrapport-lv-bergen-2026-03-02-2026-03-08.pdf');
    const raw = await readFile(await pdf.path());
    expect(raw.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The PDF draws every label the page's charts show: one geometry, two renderers.
    const drawn = new Set(pdfTexts(raw));
    expect(chartTexts.filter((text) => !drawn.has(text))).toEqual([]);

    const csvDownload = page.waitForEvent('download');
    await form.getByRole('button', { name: 'Last ned CSV' }).click();
    const csv = (await readFile(await (await csvDownload).path())).toString('utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFdel;punkt;anrop;andel_prosent;sekunder;detaljer');
    expect(csv).toContain('Nøkkeltall;Besvart innen 2 minutter;29;65,9;;');
  });

  test('a county’s callers and an AMK area’s calls, each with its own service', async ({ page }) => {
    await signIn(page, '/calls/reports');
    const form = await showWeek(page, async (f) => {
      await f.getByRole('radio', { name: 'Fylke' }).check();
      await f.getByLabel('Velg fylke').selectOption({ label: 'Vestland (46)' });
    });
    const report = page.getByTestId('call-report');
    await expect(report.getByRole('heading', { level: 2 }).first()).toHaveText(
      'Anrop og svartid – innringere fra Vestland',
    );
    // Every call of the week is a Bergen call from a Vestland municipality.
    await expect(page.getByTestId('call-report-figures')).toContainText('Anrop44');

    await form.getByRole('radio', { name: 'AMK-område' }).check();
    await form.getByLabel('Velg AMK-område').selectOption({ label: 'AMK Bergen' });
    await expect(form.getByLabel('Tjeneste')).toHaveValue('amk');
    await form.getByLabel('Tjeneste').selectOption('legevakt');
    await form.getByRole('button', { name: 'Vis rapport' }).click();
    await expect(report.getByRole('heading', { level: 2 }).first()).toHaveText(
      'Anrop og svartid – AMK-området til AMK Bergen',
    );
    await expect(page.getByTestId('call-report-figures')).toContainText('Anrop44');
    await noSeriousViolations(page);
  });

  test('in English, for a municipality, and for the whole country', async ({ page }) => {
    await signIn(page, '/calls/reports');
    await page.getByRole('button', { name: /English/ }).click();
    const form = page.getByRole('form', { name: 'Show call report' });
    await form.getByRole('radio', { name: 'Municipality' }).check();
    await form.getByLabel('Choose municipality').selectOption({ label: 'Askøy (4627)' });
    await form.getByLabel('First day').fill('02.03.2026');
    await form.getByLabel('Last day').fill('08.03.2026');
    await form.getByRole('button', { name: 'Show report' }).click();
    const report = page.getByTestId('call-report');
    await expect(report.getByRole('heading', { level: 2 }).first()).toHaveText(
      'Calls and answer times – callers from Askøy',
    );
    await expect(page.getByTestId('call-report-figures')).toContainText('Calls14');
    await expect(page.getByRole('img', { name: 'Calls per hour of the week' })).toBeVisible();
    await noSeriousViolations(page);

    await form.getByRole('radio', { name: 'Whole country' }).check();
    await form.getByLabel('Division over time').selectOption({ label: 'Per day' });
    await form.getByRole('button', { name: 'Show report' }).click();
    await expect(report.getByRole('heading', { level: 2 }).first()).toHaveText(
      'Calls and answer times – the whole country',
    );
    await expect(page.getByTestId('call-report-figures')).toContainText('Calls44');
    await page.getByRole('button', { name: /Norsk/ }).click();
  });
});
