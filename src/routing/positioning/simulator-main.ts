/**
 * CLI command `nodmeld positioning-sim`: runs one simulated operator location service (RT-3) in
 * its own process until SIGINT/SIGTERM.
 *
 *   nodmeld positioning-sim --operator telenor --port 7101 [--host 127.0.0.1] [--latency 20]
 *     [--jitter 10] [--failure-rate 0.01] [--unknown-rate 0.005] [--seed 1]
 *     [--municipalities data/reference/kommuner_2024.csv]
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readMunicipalitiesCsv } from './municipalities-csv.ts';
import { DEFAULT_SUBSCRIBER_SHARE, startLocationSimulator } from './simulator.ts';

/** Where the municipality weights are looked for when `--municipalities` is not given. */
export const DEFAULT_MUNICIPALITY_FILES = [
  fileURLToPath(new URL('../../../data/reference/kommuner_2024.csv', import.meta.url)),
];

const USAGE = `Usage: nodmeld positioning-sim --operator <${Object.keys(DEFAULT_SUBSCRIBER_SHARE).join('|')}> --port <port>
  [--host 127.0.0.1] [--latency 20] [--jitter 10] [--failure-rate 0.01] [--unknown-rate 0.005]
  [--seed 1] [--municipalities <kommuner_2024.csv>]`;

export interface SimCommandIo {
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** Stops the simulator like a signal would (tests). */
  stop?: AbortSignal;
}

class UsageError extends Error {}

function numberOption(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** Runs the command; resolves with the exit code (0 after a clean stop, 2 on bad usage, 1 on failure). */
export async function runPositioningSimCommand(argv: string[], io: SimCommandIo = {}): Promise<number> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  let settings;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        operator: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        latency: { type: 'string' },
        jitter: { type: 'string' },
        'failure-rate': { type: 'string' },
        'unknown-rate': { type: 'string' },
        seed: { type: 'string' },
        municipalities: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      out(USAGE);
      return 0;
    }
    if (!values.operator) throw new UsageError('--operator is required');
    if (values.port === undefined) throw new UsageError('--port is required');
    const municipalitiesFile = values.municipalities ?? DEFAULT_MUNICIPALITY_FILES.find((f) => existsSync(f));
    if (!municipalitiesFile)
      throw new UsageError(
        `no municipality file found (looked in ${DEFAULT_MUNICIPALITY_FILES.join(', ')}); pass --municipalities`,
      );
    settings = {
      operator: values.operator,
      port: numberOption('port', values.port, 0, 0, 65535),
      host: values.host ?? '127.0.0.1',
      latencyMs: {
        mean: numberOption('latency', values.latency, 20, 0, 60_000),
        jitter: numberOption('jitter', values.jitter, 10, 0, 60_000),
      },
      failureRate: numberOption('failure-rate', values['failure-rate'], 0.01, 0, 1),
      unknownRate: numberOption('unknown-rate', values['unknown-rate'], 0.005, 0, 1),
      seed: numberOption('seed', values.seed, 1, 0, 2 ** 32 - 1),
      municipalitiesFile,
    };
  } catch (e) {
    err(`positioning-sim: ${(e as Error).message}`);
    err(USAGE);
    return 2;
  }

  let simulator;
  try {
    const municipalities = await readMunicipalitiesCsv(settings.municipalitiesFile);
    simulator = await startLocationSimulator({ ...settings, municipalities });
    out(
      `positioning-sim: ${settings.operator} listening on ${simulator.url} ` +
        `(${municipalities.length} municipalities from ${settings.municipalitiesFile}, latency ${settings.latencyMs.mean}±${settings.latencyMs.jitter} ms, ` +
        `failure rate ${settings.failureRate}, unknown rate ${settings.unknownRate})`,
    );
  } catch (e) {
    err(`positioning-sim: ${(e as Error).message}`);
    return 1;
  }

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.stop?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (io.stop?.aborted) stop();
    else io.stop?.addEventListener('abort', stop, { once: true });
  });
  await simulator.close();
  out(`positioning-sim: ${settings.operator} stopped`);
  return 0;
}
