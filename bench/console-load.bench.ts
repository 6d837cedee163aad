/**
 * `npm run bench:console-load` — the control room's first load with 200 calls waiting (issue 11:
 * under 1 s to interactive). Starts the real server (embedded database in memory, the built web
 * app: run `npm run build:web` first), records 200 ringing calls at Bergen legevaktsentral, signs
 * in an operator in Debian's Chromium, then loads `/calls/control-room` BENCH_LOADS times (default
 * 10) with the centre and position remembered, and times each load from navigation start to
 * interactive: all 200 rows shown and the first row's answer button enabled — what an operator
 * needs to act. Also the browser's own figures (DOMContentLoaded, load). Prints the median and max.
 */
import os from 'node:os';
import { chromium } from '@playwright/test';
import { startSystem } from '../src/server/start.ts';
import { callsModule } from '../src/calls/module.ts';
import { scriptCallEvents } from '../src/calls/testing/call-events.ts';

const LOADS = Number(process.env.BENCH_LOADS ?? 10);
const WAITING = Number(process.env.BENCH_WAITING ?? 200);
const PASSWORD = 'bench-console-password';

async function main(): Promise<void> {
  process.stdout.write(
    `# bench:console-load — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ` +
      `Node ${process.version}; ${WAITING} calls waiting, ${LOADS} loads\n`,
  );
  const running = await startSystem({
    PORT: '0',
    HOST: '127.0.0.1',
    NODMELD_DATA_DIR: 'memory',
    NODMELD_ADMIN_PASSWORD: PASSWORD,
    NODMELD_LOG_LEVEL: 'warn',
    NODMELD_SIP_ENABLED: 'false',
    NODMELD_SIMULATE: 'off',
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    await running.system.auth.createUser(
      { type: 'system', id: null, name: 'bench', role: 'admin', centreId: null },
      {
        username: 'bench.operator',
        displayName: 'Bench operator',
        password: PASSWORD,
        role: 'operator',
        memberships: [{ role: 'operator', scope: { level: 'centre', id: 'lv-bergen' } }],
      },
    );
    const now = Date.now();
    const events = Array.from({ length: WAITING }, (_, i) =>
      scriptCallEvents({
        callId: `load-${i}`,
        centreId: 'lv-bergen',
        municipality: '4601',
        offeredAt: now - 600_000 + i * 2_000,
        menuMs: 5_000,
      }),
    ).flat();
    const results = await running.system.api(callsModule).record(events);
    if (results.some((r) => r.outcome === 'refused')) throw new Error('a waiting call was refused');

    const context = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    const page = await context.newPage();
    await page.goto(running.url);
    await page.getByLabel('Brukernavn').fill('bench.operator');
    await page.getByLabel('Passord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('navigation', { name: 'Hovedmeny' }).waitFor({ timeout: 30_000 });
    await page.evaluate(() => {
      localStorage.setItem('nodmeld.controlRoom.centre', 'lv-bergen');
      localStorage.setItem('nodmeld.controlRoom.position', 'Posisjon 1');
    });

    const interactive: number[] = [];
    const domReady: number[] = [];
    // Where the time goes: when each resource's answer finished, from navigation start.
    const phases = new Map<string, number[]>();
    for (let i = 0; i < LOADS; i++) {
      const started = Date.now();
      await page.goto(`${running.url}/calls/control-room`);
      const rows = page.getByTestId('queue').locator('tbody tr');
      await rows
        .nth(WAITING - 1)
        .waitFor({ state: 'visible', timeout: 30_000 })
        .catch(async (err: unknown) => {
          await page.screenshot({ path: '/tmp/console-load-failure.png', fullPage: false });
          process.stderr.write(
            `rows shown: ${await rows.count()} (screenshot /tmp/console-load-failure.png)\n`,
          );
          throw err;
        });
      await rows.nth(0).getByRole('button').and(page.locator(':enabled')).waitFor({ timeout: 30_000 });
      interactive.push(Date.now() - started);
      domReady.push(
        await page.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          return nav.domContentLoadedEventEnd;
        }),
      );
      const entries = await page.evaluate(() =>
        (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => ({
          name: new URL(e.name).pathname,
          start: e.startTime,
          end: e.responseEnd,
        })),
      );
      for (const e of entries) {
        const key = e.name.startsWith('/assets/') ? e.name.replace(/-[\w-]+\./, '.') : e.name;
        phases.set(key, [...(phases.get(key) ?? []), e.start, e.end]);
      }
      const shown = await rows.count();
      if (shown !== WAITING) throw new Error(`${shown} rows shown, not ${WAITING}`);
    }
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
    process.stdout.write(
      `first load to interactive (${WAITING} rows, answer button enabled): median ${median(interactive)} ms, ` +
        `max ${Math.max(...interactive)} ms (target < 1,000 ms); DOMContentLoaded median ${median(domReady).toFixed(0)} ms; ` +
        `all: ${interactive.join(', ')} ms\n`,
    );
    for (const [name, times] of phases) {
      const starts = times.filter((_, i) => i % 2 === 0);
      const ends = times.filter((_, i) => i % 2 === 1);
      process.stdout.write(
        `  ${name}: started median ${median(starts).toFixed(0)} ms, done median ${median(ends).toFixed(0)} ms\n`,
      );
    }
  } finally {
    await browser.close();
    await running.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
