/**
 * The misrouting register in the browser (issue 11, RT-12): the week of e2e calls has one call to
 * Bergen legevaktsentral marked misrouted (the caller was in Bærum; base station across the
 * municipal border). It is found by period, by reason and by the centre that should have had it,
 * and not under another reason; axe finds nothing serious, in bokmål and English.
 */
import { expect, noSeriousViolations, signIn, test } from './fixtures.ts';

test.describe('misrouting register (RT-12)', () => {
  test('finds the week’s misrouted call by period, reason and the right centre', async ({ page }) => {
    await signIn(page, '/calls/misrouted');
    await expect(page.getByRole('heading', { name: 'Feilrutede anrop', level: 1 })).toBeVisible();
    const form = page.getByRole('form', { name: 'Søk i feilrutede anrop' });
    await form.getByLabel('Fra og med').fill('02.03.2026');
    await form.getByLabel('Til og med').fill('08.03.2026');
    await form.getByRole('button', { name: 'Vis' }).click();
    const table = page.getByTestId('misrouted-calls');
    const row = table.getByRole('row').filter({ hasText: 'Basestasjon over kommunegrensen' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Bergen legevaktsentral');
    await expect(row).toContainText('Bærum legevaktsentral');
    await expect(row).toContainText('Bærum');
    await noSeriousViolations(page);

    await form.getByLabel('Sentral som skulle hatt det').selectOption({ label: 'Bærum legevaktsentral' });
    await form.getByRole('button', { name: 'Vis' }).click();
    await expect(table.getByRole('row').filter({ hasText: 'Basestasjon over kommunegrensen' })).toHaveCount(
      1,
    );

    await form.getByLabel('Årsak').selectOption({ label: 'Annet' });
    await form.getByRole('button', { name: 'Vis' }).click();
    await expect(page.getByText('Ingen feilrutede anrop i perioden.')).toBeVisible();

    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByRole('heading', { name: 'Misrouted calls', level: 1 })).toBeVisible();
    await noSeriousViolations(page);
  });
});
