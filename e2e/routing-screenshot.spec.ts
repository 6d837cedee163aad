/**
 * Screenshot of the routing decision tester for the documentation (docs/img/routing.png). Run:
 *   NODMELD_SCREENSHOTS=1 npx playwright test e2e/routing-screenshot.spec.ts
 * Without the variable the test only checks that the page renders (no file is written).
 */
import { expect, signIn, test } from './fixtures.ts';

const write = !!process.env.NODMELD_SCREENSHOTS;

test.use({ viewport: { width: 1400, height: 1000 } });

test('decision tester with a decision and its trace (screenshot)', async ({ page }) => {
  await signIn(page, '/routing/decide');
  const form = page.getByRole('form', { name: 'Prøv et anrop' });
  await form.getByLabel('Innringers nummer').fill('55728909');
  await form.getByRole('button', { name: 'Vis ruting' }).click();
  await expect(page.getByTestId('decision-centre')).toHaveText('Bergen legevaktsentral');
  if (write) await page.screenshot({ path: 'docs/img/routing.png', fullPage: true });
});
