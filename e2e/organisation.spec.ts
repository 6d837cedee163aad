import type { Page } from '@playwright/test';
import { adminToken, apiCall, expect, signIn, test, unique } from './fixtures.ts';

/** Opens the create form with the button at the top of the page. */
async function openCreateForm(page: Page) {
  await page.getByRole('button', { name: 'Ny enhet' }).click();
  return page.getByRole('form', { name: 'Ny enhet' });
}

test.describe('organisation register (ON-1)', () => {
  test('create a unit, then add a radio terminal and a local project leader', async ({ page }) => {
    const name = unique('LV-sentral Testby');
    await signIn(page, '/readiness/organisation');
    const form = await openCreateForm(page);
    await form.getByLabel('Type enhet').selectOption('lv-sentral');
    await form.getByLabel('Navn', { exact: true }).fill(name);
    await form.getByLabel('Kontrollromsystem').fill('ICCS Frequentis');
    await form.getByRole('button', { name: 'Opprett' }).click();

    const detail = page.locator('#unit-detail');
    await expect(detail.getByRole('heading', { level: 2, name })).toBeVisible();
    await expect(page).toHaveURL(/\?unit=lv-sentral-/);

    const eq = detail.getByRole('form', { name: 'Legg til utstyr' });
    await eq.getByLabel('Type utstyr').selectOption('radio-terminal');
    await eq.getByLabel('Terminaltype (form)').selectOption('handheld');
    await eq.getByLabel('Betegnelse').fill('Håndholdt 1');
    await eq.getByLabel('Modell').fill('Sepura STP9000');
    await eq.getByRole('button', { name: 'Legg til utstyr' }).click();
    await expect(detail.getByTestId('equipment-table')).toContainText('Håndholdt 1');
    await expect(detail.getByTestId('equipment-table')).toContainText('Sepura STP9000');

    const leader = detail.getByRole('form', { name: 'Legg til leder' });
    await leader.getByLabel('Navn').fill('Kari Prosjektleder');
    await leader.getByLabel('E-post').fill('kari@example.no');
    await leader.getByRole('button', { name: 'Legg til leder' }).click();
    await expect(detail.getByRole('table', { name: 'Områdeledere og lokale prosjektledere' })).toContainText(
      'Lokal prosjektleder',
    );

    // The list filter finds the new unit.
    await page.getByLabel('Søk i navn eller id').fill(name);
    await expect(page.getByTestId('units-table')).toContainText(name);
  });

  test('a field error is shown next to its field', async ({ page }) => {
    await signIn(page, '/readiness/organisation');
    const form = await openCreateForm(page);
    await form.getByLabel('Type enhet').selectOption('lv-sentral');
    await form.getByLabel('Navn', { exact: true }).fill(unique('Feil'));
    await form.getByLabel('Kommunenummer', { exact: true }).fill('12');
    await form.getByRole('button', { name: 'Opprett' }).click();
    await expect(form.getByLabel('Kommunenummer', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(form).toContainText('4 sifre');
  });

  test('keyboard: "Ny enhet" is a few Tab presses from the top and opens the form with the cursor in it', async ({
    page,
  }) => {
    await signIn(page, '/readiness/organisation');
    await expect(page.getByTestId('units-table')).toBeVisible();
    await page.reload(); // focus starts at the top of the document
    await expect(page.getByTestId('units-table')).toBeVisible();
    const createButton = page.getByRole('button', { name: 'Ny enhet' });
    const focusedButton = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return el instanceof HTMLButtonElement ? el.innerText.trim() : '';
      });
    // The header and menu come first on every page (the skip link jumps past them): "Ny enhet"
    // must be the next stop after them. Today that is 15 presses (1 skip link, 3 header, 10 menu).
    const beforeMain = await page.evaluate(
      () =>
        [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea')].filter(
          (el) => !el.closest('main') && !el.matches(':disabled') && el.getClientRects().length > 0,
        ).length,
    );
    let presses = 1;
    for (; presses <= beforeMain + 1; presses++) {
      await page.keyboard.press('Tab');
      if ((await focusedButton()) === 'Ny enhet') break;
    }
    test.info().annotations.push({ type: 'tab-presses', description: String(presses) });
    expect(presses, 'Tab presses from the top of the page to "Ny enhet"').toBe(beforeMain + 1);
    await expect(createButton).toBeFocused();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Ny enhet' });
    await expect(form.getByLabel('Type enhet')).toBeFocused();

    // With the skip link it is the first stop in the main region: Tab, Enter, Tab.
    await page.reload();
    await expect(page.getByTestId('units-table')).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Hopp til hovedinnhold' })).toBeFocused();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect(createButton).toBeFocused();
  });

  test('the list starts with units per kind and shows one page of rows at a time', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const units = await apiCall<{ items: { kind: string }[] }>(
      baseURL!,
      token,
      'GET',
      '/api/v1/readiness/organisations?limit=1000',
    );
    const total = units.items.length;
    const municipalities = units.items.filter((u) => u.kind === 'municipality').length;
    expect(municipalities).toBeGreaterThan(25); // the seeded register: more than one page

    await signIn(page, '/readiness/organisation');
    const summary = page.getByTestId('units-summary');
    await expect(summary.getByRole('button', { name: `Alle (${total})` })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(summary.getByRole('button', { name: `Kommune (${municipalities})` })).toBeVisible();
    const table = page.getByTestId('units-table');
    await expect(table.locator('tbody tr')).toHaveCount(25);
    const range = page.getByTestId('table-range');
    await expect(range).toHaveText(`Viser 1–25 av ${total}`);
    await page.getByRole('button', { name: 'Neste' }).click();
    await expect(range).toHaveText(`Viser 26–50 av ${total}`);

    // A count is also a filter, and filtering starts again on the first page.
    await summary.getByRole('button', { name: `Kommune (${municipalities})` }).click();
    await expect(range).toHaveText(`Viser 1–25 av ${municipalities}`);
    // The first data cell is the kind (the name is the row header).
    expect(new Set(await table.locator('tbody tr > td:first-of-type').allTextContents())).toEqual(
      new Set(['Kommune']),
    );
  });
});
