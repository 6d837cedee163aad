/**
 * Browser tests (e2e/*.spec.ts) with Playwright on Debian's Chromium (never a downloaded
 * browser). `e2e/global-setup.ts` starts the real server on a free port with an in-memory
 * database; run `npm run test:e2e` (builds the web app first).
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  // The machine is small and shared: one worker, tests own their data (unique names).
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  outputDir: 'test-results/playwright',
  use: {
    browserName: 'chromium',
    headless: true,
    locale: 'nb-NO',
    timezoneId: 'Europe/Oslo',
    acceptDownloads: true,
    // No traces: test-results/ is shared with other tools, and a screenshot on failure is enough.
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
