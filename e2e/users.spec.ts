/** Issue 9 part 3: the administrator disables a user and edits their roles on the users page. */
import { adminToken, apiCall, expect, signIn, test } from './fixtures.ts';

test.describe('users and access', () => {
  test('the administrator disables a user and gives them roles at two centres', async ({ page, baseURL }) => {
    const token = await adminToken(baseURL!);
    const username = `e2e-${Date.now().toString(36)}`;
    await apiCall(baseURL!, token, 'POST', '/api/v1/users', {
      username,
      displayName: 'Kari Operatør',
      password: 'a-long-enough-password',
      role: 'operator',
      centreId: 'lv-bergen',
    });
    await signIn(page, '/admin/users');
    await expect(page.getByRole('link', { name: 'Brukere' })).toBeVisible();
    const row = page.getByTestId('users').getByRole('row').filter({ hasText: username });
    await expect(row).toContainText('operatør (sentral lv-bergen)');
    await row.getByRole('button', { name: `Deaktiver ${username}` }).click();
    await expect(row).toContainText('deaktivert');

    await row.getByRole('button', { name: `Endre roller for ${username}` }).click();
    const form = page.getByRole('region', { name: `Roller for ${username}` });
    await form.getByRole('button', { name: 'Legg til rolle' }).click();
    await form.getByLabel('Id (sentral, AMK eller enhet)').nth(1).fill('lv-kinn');
    await form.getByRole('button', { name: 'Lagre' }).click();
    await expect(form.getByText('Lagret.')).toBeVisible();
    await expect(row).toContainText('operatør (sentral lv-kinn)');
  });
});
