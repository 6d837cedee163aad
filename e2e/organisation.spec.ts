import { expect, signIn, test, unique } from './fixtures.ts';

test.describe('organisation register (ON-1)', () => {
  test('create a unit, then add a radio terminal and a local project leader', async ({ page }) => {
    const name = unique('LV-sentral Testby');
    await signIn(page, '/readiness/organisation');
    const form = page.getByRole('form', { name: 'Ny enhet' });
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
    const form = page.getByRole('form', { name: 'Ny enhet' });
    await form.getByLabel('Type enhet').selectOption('lv-sentral');
    await form.getByLabel('Navn', { exact: true }).fill(unique('Feil'));
    await form.getByLabel('Kommunenummer', { exact: true }).fill('12');
    await form.getByRole('button', { name: 'Opprett' }).click();
    await expect(form.getByLabel('Kommunenummer', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(form).toContainText('4 digits');
  });
});
