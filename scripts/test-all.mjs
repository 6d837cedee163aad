#!/usr/bin/env node
// The whole test suite: the native SIP UDP addon's build, typecheck (server and web), lint, the
// formatting check, the architecture check
// (folder boundaries, import cycles), unit + integration tests (vitest: PGlite
// always, PostgreSQL too when TEST_DATABASE_URL is set), then the web app build and browser
// tests (Playwright in Debian's Chromium). Ends with one plain line "N passed, N failed, N skipped"
// summed over every suite, and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdirSync } from 'node:fs';

const results = [];
const totals = { passed: 0, failed: 0, skipped: 0 };

function run(name, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(name, cmd, args) {
  const ok = run(name, cmd, args);
  totals[ok ? 'passed' : 'failed']++;
  results.push(`${name}: ${ok ? 'ok' : 'FAILED'}`);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });

// The SIP server's native UDP addon (docs/decisions/0003): its tests must run, not fall back.
check('native addon build', 'node', ['scripts/build-native.mjs', '--required']);
check('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
check('typecheck web', 'npx', ['tsc', '--noEmit', '-p', 'web/tsconfig.json']);
check('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);
// One formatting for the whole tree (.prettierrc.json); `npm run format` fixes what this finds.
check('format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']);
// Folder boundaries and import cycles (docs/architecture.md, "Boundaries").
check('architecture', 'node', ['scripts/check-architecture.mjs']);

// Unit and integration tests.
{
  const ok = run('vitest', 'npx', ['vitest', 'run']);
  const report = readJson('test-results/vitest.json');
  if (report) {
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    // A suite that failed to load has no tests counted: count it as a failure.
    const broken = (report.testResults ?? []).filter(
      (t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0,
    ).length;
    totals.failed += broken;
    results.push(`vitest: ${report.numPassedTests} passed, ${report.numFailedTests + broken} failed`);
    if (!ok && report.numFailedTests + broken === 0) {
      totals.failed++;
      results.push('vitest: exited non-zero without a failed test (see output above)');
    }
  } else {
    totals.failed++;
    results.push('vitest: no report written (crashed?)');
  }
}

// Browser tests, when the web app and its tests exist.
if (existsSync('playwright.config.ts') && existsSync('web/index.html')) {
  const built = run('web build', 'npm', ['run', 'build:web']);
  if (!built) {
    totals.failed++;
    results.push('web build: FAILED');
  } else {
    const ok = run('playwright', 'npx', ['playwright', 'test']);
    const report = readJson('test-results/playwright.json');
    if (report?.stats) {
      const s = report.stats;
      totals.passed += s.expected + (s.flaky ?? 0);
      totals.failed += s.unexpected;
      totals.skipped += s.skipped;
      results.push(`playwright: ${s.expected} passed, ${s.unexpected} failed, ${s.skipped} skipped`);
      if (!ok && s.unexpected === 0) {
        totals.failed++;
        results.push('playwright: exited non-zero without a failed test');
      }
    } else {
      totals.failed++;
      results.push('playwright: no report written');
    }
  }
}

process.stdout.write(`\n=== Summary\n${results.map((r) => `  ${r}`).join('\n')}\n\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(totals.failed > 0 ? 1 : 0);
