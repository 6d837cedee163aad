import { expect, signIn, test } from './fixtures.ts';

test.describe('shell', () => {
  test('sign in shows the readiness menu, wrong password shows the problem', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Logg inn i nodmeld' })).toBeVisible();
    await page.getByLabel('Brukernavn').fill('admin');
    await page.getByLabel('Passord').fill('wrong-password-123');
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await expect(page.getByTestId('problem')).toContainText('Innloggingen mislyktes');

    await signIn(page);
    const nav = page.getByRole('navigation', { name: 'Hovedmeny' });
    await expect(nav.getByRole('heading', { name: 'Beredskap', exact: true })).toBeVisible();
    for (const label of ['Organisasjon', 'Innføring', 'Opplæring', 'Vaktplan', 'Dokumentasjon']) {
      await expect(nav.getByRole('link', { name: label })).toBeVisible();
    }
    await expect(page).toHaveURL(/\/readiness\/organisation$/);
  });

  test('language switch to English is remembered after reload', async ({ page }) => {
    await signIn(page);
    await page.getByRole('button', { name: /English/ }).click();
    const nav = page.getByRole('navigation', { name: 'Main menu' });
    await expect(nav.getByRole('link', { name: 'Training' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Main menu' })).toBeVisible();
    await page.getByRole('button', { name: /Norsk/ }).click();
    await expect(page.getByRole('navigation', { name: 'Hovedmeny' })).toBeVisible();
  });

  test('client routes load on a direct visit and sign out returns to login', async ({ page }) => {
    await signIn(page);
    await page.goto('/readiness/training');
    await expect(page.getByRole('link', { name: 'Opplæring' })).toHaveAttribute('aria-current', 'page');
    await page.getByRole('button', { name: 'Logg ut' }).click();
    await expect(page.getByRole('heading', { name: 'Logg inn i nodmeld' })).toBeVisible();
  });

  test('the favicon answers as an image (/favicon.ico and the SVG the page links)', async ({
    page,
    request,
  }) => {
    const ico = await request.get('/favicon.ico');
    expect(ico.status()).toBe(200);
    expect(ico.headers()['content-type']).toMatch(/^image\//);
    const bytes = await ico.body();
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // ICO header: reserved 0, type 1 (icon)

    await page.goto('/');
    const href = await page.locator('link[rel="icon"][type="image/svg+xml"]').getAttribute('href');
    expect(href).toBe('/favicon.svg');
    const svg = await request.get(href!);
    expect(svg.status()).toBe(200);
    expect(svg.headers()['content-type']).toMatch(/^image\/svg\+xml/);
  });
});
