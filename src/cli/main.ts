/**
 * The `nodmeld` command-line program. Thin: parses arguments, calls the same use cases as the
 * HTTP API, prints results. Exit codes: 0 ok, 1 failure, 2 usage error.
 */
import { parseArgs } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { ConfigError, loadConfig } from '../server/config.ts';
import { openDatabase, migrate, type Db } from '../platform/db/index.ts';
import { createLogger } from '../platform/logger.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import type { CallInput, Network, RoutingDataSet, RoutingDecision } from '../routing/domain/types.ts';
import { compileRoutingData } from '../routing/domain/compile.ts';
import { route, RoutingInputError } from '../routing/domain/engine.ts';
import { DEFAULT_DATA_DIR } from '../routing/data/load.ts';
import { phoneListRows, routingTableRows, toCsv } from '../routing/data/exports.ts';
import {
  dataActivateCommand,
  dataImportCommand,
  dataValidateCommand,
  type Output,
} from '../routing/data/cli.ts';
import { RoutingRuntime } from '../routing/runtime.ts';
import { routingPolicyFromConfig } from '../routing/context.ts';
import { loadDataSetOrThrow, startSystem } from '../server/start.ts';
import { runCliExtension } from './extensions.ts';
import path from 'node:path';

const USAGE = `nodmeld — routing and registers for Norway's medical emergency communication service

Usage:
  nodmeld start                          start HTTP (and SIP) on the configured database
  nodmeld route --caller N --network fixed|mobile|ip [--position KOMMUNENR] [--presented N]
                [--at ISO] [--json] [--source db|files] [--data DIR]
                                         decide where a 116117 call goes, with the trace
  nodmeld export routing-table|phone-list [--format csv|json] [--out FILE] [--source db|files]
  nodmeld data validate <dir>            validate a routing data set directory
  nodmeld data import <dir> [--no-activate]
                                         import it as a new data version and switch to it
  nodmeld data activate <version>        switch routing to a stored data version
  nodmeld migrate                        apply database migrations
  nodmeld sip                            run the SIP redirect server on its own
  nodmeld positioning-sim --operator NAME --port N [...]
                                         run a simulated mobile operator location service
  nodmeld help

Configuration is read from the environment (see docs/operations.md): PORT, HOST, DATABASE_URL,
NODMELD_DATA_DIR, NODMELD_ADMIN_PASSWORD, NODMELD_API_TOKEN, …
--source db reads the active data version and re-routes from the database (the default when
DATABASE_URL is set); --source files reads a data directory (default: the national default set).`;

class UsageError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const io: Io = {
  out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
};

async function openConfiguredDb(): Promise<Db> {
  const config = loadConfig();
  const dataDir = config.NODMELD_DATA_DIR === 'memory' ? undefined : path.resolve(config.NODMELD_DATA_DIR);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir });
  await migrate(db);
  return db;
}

/** Data (and a decision function) from the database's active version or from a directory. */
async function withRoutingSource<T>(
  values: { source?: string; data?: string },
  fn: (data: RoutingDataSet, decide: (call: CallInput, at: Date) => RoutingDecision) => Promise<T> | T,
): Promise<T> {
  const config = loadConfig();
  const source = values.source ?? (config.DATABASE_URL ? 'db' : 'files');
  if (source !== 'db' && source !== 'files') throw new UsageError('--source is db or files');
  const policy = routingPolicyFromConfig(config);
  if (source === 'files') {
    const data = await loadDataSetOrThrow(
      values.data ?? config.NODMELD_REFERENCE_DATA_DIR ?? DEFAULT_DATA_DIR,
    );
    const compiled = compileRoutingData(data, 0);
    return fn(data, (call, at) =>
      route(call, compiled, { reroutes: [], unavailableCentreIds: [] }, at, policy),
    );
  }
  const db = await openConfiguredDb();
  try {
    const runtime = new RoutingRuntime({ db, logger: createLogger('silent'), policy });
    await runtime.start();
    if (!runtime.hasData())
      throw new Error('The database has no active routing data version: run `nodmeld data import <dir>`');
    return await fn(runtime.current().data, (call, at) => runtime.decideNow(call, at));
  } finally {
    await db.close();
  }
}

function printDecision(d: RoutingDecision): void {
  if (d.outcome === 'connect') {
    io.out(`Centre:     ${d.centreName} (${d.centreId})`);
    io.out(`Connect to: ${d.connectTo}`);
    io.out(
      `Method:     ${d.method}${d.locatedBy && d.locatedBy !== d.method ? ` (located by ${d.locatedBy})` : ''}`,
    );
  } else {
    io.out(`Outcome:    fallback menu — ${d.reason}`);
  }
  if (d.municipality) io.out(`Municipality: ${d.municipality}`);
  if (d.county) io.out(`County:     ${d.county}`);
  io.out(
    d.dataVersion === 0
      ? 'Data: read from the data set files (no stored version)'
      : `Data version: ${d.dataVersion}`,
  );
  io.out('Trace:');
  d.trace.forEach((t, i) => io.out(`  ${String(i + 1).padStart(2)}. [${t.step}] ${t.detail}`));
}

async function cmdRoute(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      caller: { type: 'string' },
      network: { type: 'string' },
      position: { type: 'string' },
      presented: { type: 'string' },
      at: { type: 'string' },
      json: { type: 'boolean', default: false },
      source: { type: 'string' },
      data: { type: 'string' },
    },
    strict: true,
  });
  if (values.caller === undefined) throw new UsageError('--caller is required (the calling number)');
  const network = values.network as Network | undefined;
  if (network !== 'fixed' && network !== 'mobile' && network !== 'ip') {
    throw new UsageError('--network must be fixed, mobile or ip');
  }
  if (values.position !== undefined && !/^\d{4}$/.test(values.position)) {
    throw new UsageError('--position must be a four-digit municipality number (kommunenummer)');
  }
  const at = values.at ? new Date(values.at) : new Date();
  if (Number.isNaN(at.getTime())) throw new UsageError(`--at "${values.at}" is not an ISO 8601 time`);
  const call: CallInput = {
    calledNumber: '116117',
    callingNumber: values.caller,
    network,
    presentedNumber: values.presented,
    position: values.position ? { municipality: values.position } : undefined,
  };
  return withRoutingSource(values, (_data, decide) => {
    try {
      const d = decide(call, at);
      if (values.json) io.out(JSON.stringify(d, null, 2));
      else printDecision(d);
      return 0;
    } catch (err) {
      if (err instanceof RoutingInputError) throw new UsageError(err.message);
      throw err;
    }
  });
}

async function cmdExport(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      source: { type: 'string' },
      data: { type: 'string' },
    },
  });
  const what = positionals[0];
  if (what !== 'routing-table' && what !== 'phone-list')
    throw new UsageError('export routing-table or phone-list');
  if (values.format !== 'csv' && values.format !== 'json') throw new UsageError('--format is csv or json');
  return withRoutingSource(values, async (data) => {
    const rows = what === 'routing-table' ? routingTableRows(data) : phoneListRows(data);
    const text =
      values.format === 'csv'
        ? what === 'routing-table'
          ? toCsv(routingTableRows(data))
          : toCsv(phoneListRows(data))
        : `${JSON.stringify(rows, null, 2)}\n`;
    if (values.out) {
      await writeFile(values.out, text);
      io.err(`Wrote ${rows.length} rows to ${values.out}`);
    } else process.stdout.write(text);
    return 0;
  });
}

async function cmdData(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'no-activate': { type: 'boolean', default: false } },
  });
  const [sub, dir] = positionals;
  const out: Output = { write: (s: string) => process.stdout.write(s) };
  if (!dir || (sub !== 'validate' && sub !== 'import' && sub !== 'activate')) {
    throw new UsageError('data validate|import <dir>, or data activate <version>');
  }
  if (sub === 'validate') return dataValidateCommand(dir, out);
  if (sub === 'activate' && !/^\d+$/.test(dir)) throw new UsageError('data activate <version number>');
  const db = await openConfiguredDb();
  try {
    if (sub === 'activate') return await dataActivateCommand(db, Number(dir), out, SYSTEM_ACTOR);
    return await dataImportCommand(db, dir, out, SYSTEM_ACTOR, { activate: !values['no-activate'] });
  } finally {
    await db.close();
  }
}

async function cmdStart(): Promise<number> {
  const system = await startSystem();
  io.out(`nodmeld is listening on ${system.url} (database: ${system.db.kind})`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await system.stop();
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'start':
        return await cmdStart();
      case 'route':
        return await cmdRoute(rest);
      case 'export':
        return await cmdExport(rest);
      case 'data':
        return await cmdData(rest);
      case 'migrate': {
        const db = await openConfiguredDb();
        await db.close();
        io.out('Migrations applied');
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return cmd === undefined ? 2 : 0;
      default: {
        const code = await runCliExtension(cmd, rest);
        if (code !== null) return code;
        throw new UsageError(`Unknown command "${cmd}"`);
      }
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`nodmeld: ${(err as Error).message}\nRun "nodmeld help" for usage.`);
      return 2;
    }
    if (err instanceof ConfigError) {
      io.err(err.message);
      return 2;
    }
    io.err(`nodmeld: ${(err as Error).message}`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`nodmeld: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
