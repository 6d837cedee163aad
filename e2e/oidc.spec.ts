/**
 * Issue 11 "Sign-in and roles": signing in with HelseID in the browser. A real OpenID provider
 * (oidc-provider, set up as HelseID requires: private_key_jwt, PKCE, PAR) runs in this worker on a
 * free port, and a second nodmeld server is started for it (server-process.ts). An administrator
 * links the person's identity on the users page; the person clicks «Logg inn med HelseID», signs
 * in on the provider's page and lands signed in with the roles of the linked user. A person nobody
 * linked is sent back to the login page with the refusal in bokmål.
 */
import type { Page } from '@playwright/test';
import { adminToken, apiCall, expect, noSeriousViolations, signInAs, test } from './fixtures.ts';
import { E2E_ADMIN_PASSWORD, E2E_ADMIN_USERNAME } from './credentials.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import {
  freePort,
  PID_CLAIM,
  PID_SCOPE,
  startTestProvider,
  type TestProvider,
} from '../src/platform/auth/oidc/testing/test-provider.ts';

let provider: TestProvider;
let server: ServerProcess;
let base: string;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  provider = await startTestProvider({ redirectUrl: `${base}/api/v1/auth/oidc/callback` });
  server = await startServerProcess({
    NODMELD_E2E_PORT: String(port),
    NODMELD_OIDC_ISSUER: provider.issuer,
    NODMELD_OIDC_CLIENT_ID: provider.clientId,
    NODMELD_OIDC_CLIENT_KEY_FILE: provider.keyFile,
    NODMELD_OIDC_REDIRECT_URL: `${base}/api/v1/auth/oidc/callback`,
    NODMELD_OIDC_SCOPES: `openid profile ${PID_SCOPE}`,
    NODMELD_OIDC_MATCH_CLAIM: PID_CLAIM,
    NODMELD_OIDC_ALLOW_HTTP: 'true',
  });
});
test.afterAll(async () => {
  await server?.stop();
  await provider?.stop();
});

/** On the provider's own login page: any password. */
async function signInAtProvider(page: Page, sub: string): Promise<void> {
  await page.getByRole('button', { name: 'Logg inn med HelseID' }).click();
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/`));
  await page.locator('input[name="login"]').fill(sub);
  await page.locator('input[name="password"]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

test('an administrator links a HelseID identity on the users page; the person signs in with HelseID and has the user’s roles', async ({
  page,
  browser,
}) => {
  const token = await adminToken(base);
  const username = `kari-${Date.now().toString(36)}`;
  await apiCall(base, token, 'POST', '/api/v1/users', {
    username,
    displayName: 'Kari Nordmann',
    password: 'a-long-enough-password',
    role: 'operator',
    centreId: 'lv-bergen',
  });
  const sub = `helseid-${Date.now().toString(36)}`;
  provider.addAccount(sub, { name: 'Kari Nordmann', [PID_CLAIM]: '01017012345' });

  // The login page offers HelseID beside the password form.
  await page.goto(`${base}/admin/users`);
  await expect(page.getByRole('button', { name: 'Logg inn med HelseID' })).toBeVisible();
  await noSeriousViolations(page);
  await signInAs(page, E2E_ADMIN_USERNAME, E2E_ADMIN_PASSWORD, `${base}/admin/users`);
  const row = page.getByTestId('users').getByRole('row').filter({ hasText: username });
  await row.getByRole('button', { name: `Endre roller for ${username}` }).click();
  const panel = page.getByRole('region', { name: `Innlogging med HelseID for ${username}` });
  await panel.getByLabel('Kobles på').selectOption({ label: 'Identitet hos leverandøren (sub)' });
  await panel.getByLabel('Verdi').fill(sub);
  await panel.getByRole('button', { name: 'Koble til' }).click();
  await expect(panel.getByText('Identiteten er koblet til.')).toBeVisible();
  await expect(panel.getByTestId('identities')).toContainText(sub);
  await noSeriousViolations(page);

  // The person, in a browser of their own, opens a page and signs in with HelseID.
  const context = await browser.newContext();
  const person = await context.newPage();
  try {
    await person.goto(`${base}/calls/reports`);
    await signInAtProvider(person, sub);
    await expect(person.getByRole('navigation', { name: 'Hovedmeny' })).toBeVisible();
    await expect(person).toHaveURL(`${base}/calls/reports`);
    const me = await person.evaluate(async () => (await fetch('/api/v1/auth/me')).json());
    expect(me).toMatchObject({
      name: username,
      memberships: [{ role: 'operator', scope: { level: 'centre', id: 'lv-bergen' } }],
    });
    // The administrator sees that the link was used.
    await page.reload();
    await page
      .getByTestId('users')
      .getByRole('row')
      .filter({ hasText: username })
      .getByRole('button', { name: `Endre roller for ${username}` })
      .click();
    await expect(page.getByTestId('identities')).not.toContainText('aldri');
  } finally {
    await context.close();
  }
});

test('a person nobody linked is sent back to the login page with the refusal in bokmål', async ({ page }) => {
  const sub = `ukjent-${Date.now().toString(36)}`;
  provider.addAccount(sub, { name: 'Ola Ukjent' });
  await page.goto(`${base}/`);
  await signInAtProvider(page, sub);
  await expect(page).toHaveURL(`${base}/login`);
  const alert = page.getByTestId('problem');
  await expect(alert).toContainText('Innloggingen mislyktes');
  await expect(alert).toContainText('ingen bruker i nodmeld er koblet til deg');
  await expect(page.getByRole('button', { name: 'Logg inn med HelseID' })).toBeVisible();
  await noSeriousViolations(page);
});
