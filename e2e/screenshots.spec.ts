/**
 * Screenshots for the documentation (docs/img/*.png). Run on demand:
 *   NODMELD_SCREENSHOTS=1 npx playwright test e2e/screenshots.spec.ts
 * Without the variable the test only checks that the pages render (no files are written).
 */
import { adminToken, expect, signIn, test, unique } from './fixtures.ts';

const write = !!process.env.NODMELD_SCREENSHOTS;

test('organisation register renders with the seeded units', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  const token = await adminToken(baseURL!);
  const name = unique('Legevakt Skjerm');
  const res = await fetch(`${baseURL}/api/v1/readiness/organisations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'lv-sentral', name }),
  });
  expect(res.status).toBe(201);
  await signIn(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Organisasjonsregister' })).toBeVisible();
  await expect(page.getByTestId('units-table')).toContainText('Helse Bergen HF');
  if (write) await page.screenshot({ path: 'docs/img/organisation.png', fullPage: false });
});
