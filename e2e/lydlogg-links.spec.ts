/**
 * Lydlogg (issue 12; REC-1, RT-12) from the calls register: the week of e2e calls has a call to
 * Bergen legevaktsentral marked misrouted. Its row in the misrouting register links to the call's
 * recordings' page for Bergen's leader, who may listen there; an auditor, who reads the register
 * nationally but may not listen, sees the call without the link. axe finds nothing serious.
 */
import type { Page } from '@playwright/test';
import { adminToken, apiCall, expect, noSeriousViolations, signInAs, test } from './fixtures.ts';
import { buildUser, PASSWORD, uid } from './control-room-helpers.ts';

const showWeek = async (page: Page) => {
  const form = page.getByRole('form', { name: 'Søk i feilrutede anrop' });
  await form.getByLabel('Fra og med').fill('02.03.2026');
  await form.getByLabel('Til og med').fill('08.03.2026');
  await form.getByRole('button', { name: 'Vis' }).click();
  return page
    .getByTestId('misrouted-calls')
    .getByRole('row')
    .filter({ hasText: 'Basestasjon over kommunegrensen' });
};

test.describe('lydlogg: links from the calls register (issue 12)', () => {
  test.describe.configure({ timeout: 180_000 });

  test('the misrouting register links a call to its recordings only for those who may listen', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const leader = await buildUser(baseURL!, token, 'centre-leader');
    await signInAs(page, leader, PASSWORD, '/calls/misrouted');
    const row = await showWeek(page);
    await expect(row).toHaveCount(1);
    const link = row.getByTestId('call-recordings-link');
    await expect(link).toHaveText('Opptak');
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/recordings\/calls\/[^/]+$/);
    await noSeriousViolations(page);
    await link.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lydopptak av samtalen');
    await expect(page).toHaveURL(new RegExp(`${href!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));

    // An auditor reads the register but may not listen: no link.
    const auditor = `revisor-${uid()}`;
    await apiCall(baseURL!, token, 'POST', '/api/v1/users', {
      username: auditor,
      displayName: 'Rita Revisor',
      password: PASSWORD,
      role: 'auditor',
      memberships: [{ role: 'auditor', scope: { level: 'national' } }],
    });
    await page.context().clearCookies();
    await signInAs(page, auditor, PASSWORD, '/calls/misrouted');
    const seen = await showWeek(page);
    await expect(seen).toHaveCount(1);
    await expect(seen.getByTestId('call-recordings-link')).toHaveCount(0);
  });
});
