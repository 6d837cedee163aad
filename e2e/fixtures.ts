/** Shared test helpers: the server URL from global setup, sign-in, unique names. */
import { AxeBuilder } from '@axe-core/playwright';
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
  await signInAs(page, E2E_ADMIN_USERNAME, E2E_ADMIN_PASSWORD, path);
}

/** Signs in as a user through the login form and stays at `path`. */
export async function signInAs(page: Page, username: string, password: string, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Brukernavn').fill(username);
  await page.getByLabel('Passord').fill(password);
  await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
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

/** Calls the API as the administrator (to seed what a test only looks at). */
export async function apiCall<T>(
  baseURL: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${baseURL}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** `YYYY-MM-DD` of today plus `days` (browser and server share the machine clock; Oslo date). */
export function isoDay(days = 0): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(d);
}

/** `dd.mm.yyyy` as the UI shows dates. */
export const nbDate = (iso: string) => iso.split('-').reverse().join('.');

/** A slug for ids: letters, digits and -. */
export const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Factory: an ambulance station under Helse Bergen HF with a unique name. */
export async function buildStation(
  baseURL: string,
  token: string,
  prefix: string,
): Promise<{ id: string; name: string }> {
  const name = unique(prefix);
  const id = slug(name);
  await apiCall(baseURL, token, 'POST', '/api/v1/readiness/organisations', {
    id,
    kind: 'ambulance-station',
    name,
    parentId: 'hf-helse-bergen-hf',
  });
  return { id, name };
}

/** Fills and submits the roster upload form on /readiness/roster. */
export async function uploadRoster(
  page: Page,
  stationName: string,
  csv: string,
  weekStart?: string,
): Promise<void> {
  const form = page.getByRole('form', { name: 'Last opp vaktplan (CSV)' });
  await form.getByLabel('Vaktplanen gjelder').selectOption({ label: `${stationName} (Ambulansestasjon)` });
  if (weekStart) await form.getByLabel('Uke som starter mandag').fill(weekStart);
  await form
    .getByLabel('CSV-fil')
    .setInputFiles({ name: 'vaktplan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await form.getByRole('button', { name: 'Last opp og kontroller' }).click();
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe (WCAG 2.1 A/AA) finds nothing serious or critical, and no requirement id shows as a word. */
export async function noSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const blocking = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  expect(blocking).toEqual([]);
  expect((await page.locator('body').innerText()).match(/\b(?:RT|LV|AMK|CMP)-\d+\b/g) ?? []).toEqual([]);
}
