/** Shared test helpers: the server URL from global setup, sign-in, unique names. */
import { test as base, expect, type Page } from '@playwright/test';
import { E2E_ADMIN_PASSWORD, E2E_ADMIN_USERNAME } from './credentials.ts';

export const test = base.extend({
  baseURL: async ({}, use) => {
    const url = process.env.NODMELD_E2E_URL;
    if (!url) throw new Error('NODMELD_E2E_URL is not set: run through playwright.config.ts (global setup)');
    await use(url);
  },
});
export { expect };

/** A name no other test (or earlier run on the same server) uses. */
export const unique = (prefix: string) =>
  `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Signs in as the administrator through the login form (Norwegian UI by default). */
export async function signIn(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Brukernavn').fill(E2E_ADMIN_USERNAME);
  await page.getByLabel('Passord').fill(E2E_ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await expect(page.getByRole('navigation', { name: 'Hovedmeny' })).toBeVisible();
}

/** The administrator's API token (for seeding data the test then looks at in the UI). */
export async function adminToken(baseURL: string): Promise<string> {
  const res = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: E2E_ADMIN_USERNAME, password: E2E_ADMIN_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}
