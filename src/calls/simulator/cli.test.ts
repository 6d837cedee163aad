import { describe, expect, it } from 'vitest';
import { parseSimulateArgs, simulateCommand, UsageError } from './cli.ts';
import type { CliContext } from '../../platform/module.ts';
import type { SimulatorConfig } from './config.ts';
import { simulatorConfigSchema } from './config.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const fails = (argv: string[]) => {
  try {
    parseSimulateArgs(argv);
  } catch (err) {
    return err as Error;
  }
  throw new Error(`accepted ${argv.join(' ')}`);
};

describe('nodmeld simulate: arguments', () => {
  it('what-if defaults: 2023, scale 1, the year as seed', () => {
    expect(parseSimulateArgs(['--what-if'])).toMatchObject({
      mode: 'what-if',
      year: 2023,
      scale: 1,
      seed: 2023,
    });
    expect(
      parseSimulateArgs(['--what-if', '--year', '2024', '--scale', '0.1', '--seed', '7', '--json']),
    ).toMatchObject({ year: 2024, scale: 0.1, seed: 7, json: true });
  });

  it('real time: --server URL with a speed (default 60)', () => {
    expect(parseSimulateArgs(['--server', 'http://127.0.0.1:8080/'])).toMatchObject({
      mode: 'server',
      server: 'http://127.0.0.1:8080',
      speed: 60,
    });
    expect(parseSimulateArgs(['--server', 'http://h:1', '--speed', '3600', '--hours', '2'])).toMatchObject({
      speed: 3600,
      hours: 2,
    });
  });

  it.each([
    [[], 'give either --what-if (a year in process) or --server URL (real time)'],
    [['--what-if', '--server', 'http://h'], 'give either --what-if'],
    [['--what-if', '--year', '23'], '--year must be a year 2000–2099 (got "23")'],
    [['--what-if', '--year', 'next'], '--year must be a year 2000–2099 (got "next")'],
    [['--what-if', '--scale', '0'], '--scale must be a number above 0 and at most 10 (got "0")'],
    [['--what-if', '--seed', '1.5'], '--seed must be a whole number 0–4294967295 (got "1.5")'],
    [['--what-if', '--speed', '60'], '--speed and --hours belong to --server'],
    [['--server', 'h:80'], '--server must be an http(s) URL (got "h:80")'],
    [['--server', 'http://h', '--speed', 'fast'], '--speed must be a number above 0'],
    [['--server', 'http://h', '--year', '2023'], '--year, --workers and --json belong to --what-if'],
    [['--what-if', '--workers', '0'], '--workers must be a whole number 1–16 (got "0")'],
    [['--what-if', 'extra'], 'unexpected argument "extra"'],
  ])('refuses %j with a clear message', (argv, message) => {
    const err = fails(argv);
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain(message);
  });

  it('an unknown option is a usage error of node:util (exit code 2 in main)', () => {
    expect((fails(['--what-if', '--yaer', '2023']) as { code?: string }).code).toBe(
      'ERR_PARSE_ARGS_UNKNOWN_OPTION',
    );
  });

  it('a staffing file that is not one is refused as a usage error naming the file and the problem', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'staffing-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ default: { beta: 'high', minOperators: 1 } }));
    const ctx = { out: () => {}, err: () => {} } as unknown as CliContext<SimulatorConfig>;
    await expect(simulateCommand.run(['--what-if', '--staffing', file], ctx)).rejects.toThrow(
      /--staffing .*bad\.json: not a staffing file \(default\.beta: /,
    );
    await expect(
      simulateCommand.run(['--what-if', '--staffing', path.join(dir, 'none.json')], ctx),
    ).rejects.toThrow(/none\.json: cannot be read \(ENOENT\)/);
  });
});

describe('simulator configuration: background traffic', () => {
  const parse = (env: Record<string, string>) => simulatorConfigSchema.parse(env).backgroundTraffic;
  it('auto: on for the embedded database on disk only; off in memory, on PostgreSQL and under the test runner', () => {
    expect(parse({})).toBe(true);
    expect(parse({ NODMELD_DATA_DIR: 'memory' })).toBe(false);
    expect(parse({ DATABASE_URL: 'postgres://x@h/db' })).toBe(false);
    expect(parse({ VITEST: 'true' })).toBe(false);
  });
  it('NODMELD_SIMULATE=off turns it off, on forces it; anything else is refused', () => {
    expect(parse({ NODMELD_SIMULATE: 'off' })).toBe(false);
    expect(parse({ NODMELD_SIMULATE: 'on', DATABASE_URL: 'postgres://x@h/db' })).toBe(true);
    expect(simulatorConfigSchema.safeParse({ NODMELD_SIMULATE: 'yes' }).success).toBe(false);
  });
});
