import { readFile } from 'node:fs/promises';
import { expect, isoDay, nbDate, signIn, test } from './fixtures.ts';

test.describe('documentation report (CMP-6)', () => {
  test('choose a municipality and a date, see the report, download PDF and CSV', async ({ page }) => {
    await signIn(page, '/readiness/report');
    const form = page.getByRole('form', { name: 'Vis rapport' });
    await form.getByLabel('Velg kommune').selectOption({ label: 'Bergen (Kommune)' });
    const date = isoDay(-1);
    await form.getByLabel('Dato').fill(date);
    await form.getByRole('button', { name: 'Vis rapport' }).click();

    const report = page.getByTestId('documentation-report');
    await expect(report.getByRole('heading', { level: 2 }).first()).toHaveText(`Bergen per ${nbDate(date)}`);
    await expect(report).toContainText('Klare enheter');

    const pdfDownload = page.waitForEvent('download');
    await form.getByRole('button', { name: 'Last ned PDF' }).click();
    const pdf = await pdfDownload;
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    expect((await readFile(await pdf.path())).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const csvDownload = page.waitForEvent('download');
    await form.getByRole('button', { name: 'Last ned CSV' }).click();
    const csv = await csvDownload;
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const text = (await readFile(await csv.path())).toString('utf8').replace(/^\uFEFF/, '');
    // The Norwegian page downloads the bokmål CSV, separated by ; for a Norwegian spreadsheet (issue 8).
    expect(text.split('\n')[0]).toContain('omfang;dato;enhet_id;enhet');
  });

  test('the health-trust report works the same way', async ({ page }) => {
    await signIn(page, '/readiness/report');
    const form = page.getByRole('form', { name: 'Vis rapport' });
    await form.getByRole('radio', { name: 'Helseforetak' }).check();
    await form.getByLabel('Velg helseforetak').selectOption({ label: 'Helse Bergen HF (Helseforetak)' });
    await form.getByRole('button', { name: 'Vis rapport' }).click();
    await expect(
      page.getByTestId('documentation-report').getByRole('heading', { level: 2 }).first(),
    ).toContainText('Helse Bergen HF per');
  });
});
