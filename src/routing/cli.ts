/**
 * The routing module's commands: `route`, `export` and `data`.
 *
 * `route` and `export` answer from the live system by default — the running server when one
 * answers (it has the live re-routes and availability in memory), else the database's active data
 * version and operational state — so the CLI decides exactly as the API and SIP do. `--what-if`
 * (with `--data DIR`) decides on data files alone, without re-routes or availability, and says so.
 */
import { traceDetail } from './domain/trace-text.ts';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createLogger } from '../platform/logger.ts';
import type { CliCommand, CliContext } from '../platform/module.ts';
import { compileRoutingData } from './domain/compile.ts';
import { RoutingInputError } from './domain/engine.ts';
import type { CallInput, Network, RoutingDataSet, RoutingDecision } from './domain/types.ts';
import { DEFAULT_DATA_DIR } from './data/load.ts';
import { phoneListRows, routingTableRows, toCsv } from './data/exports.ts';
import { dataActivateCommand, dataImportCommand, dataValidateCommand, type Output } from './data/cli.ts';
import { RoutingRuntime } from './runtime.ts';
import { createCallDecider, runtimeDecider, type DecidedCall } from './decide-call.ts';
import { loadDataSetOrThrow, routingPolicyFromConfig, type RoutingConfig } from './config.ts';

/** A command-line mistake: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Ctx = CliContext<RoutingConfig>;

/** Where the answer came from, printed with it. */
type Source = { kind: 'server'; url: string } | { kind: 'database' } | { kind: 'files'; dir: string };

function describeSource(s: Source): string {
  switch (s.kind) {
    case 'server':
      return `the running server at ${s.url} (live data version, re-routes and availability)`;
    case 'database':
      return 'the database (no server answered): active data version, re-routes and availability as stored';
    case 'files':
      return `WHAT-IF on the data files in ${s.dir}: no stored version, re-routes or availability applied`;
  }
}

function printDecision(
  d: RoutingDecision & { municipalityName?: string },
  source: Source,
  out: (s: string) => void,
): void {
  if (d.outcome === 'connect') {
    out(`Centre:     ${d.centreName} (${d.centreId})`);
    out(`Connect to: ${d.connectTo}`);
    out(
      `Method:     ${d.method}${d.locatedBy && d.locatedBy !== d.method ? ` (located by ${d.locatedBy})` : ''}`,
    );
  } else {
    out(`Outcome:    fallback menu — ${d.reason}`);
  }
  if (d.municipality)
    out(`Municipality: ${d.municipality}${d.municipalityName ? ` ${d.municipalityName}` : ''}`);
  if (d.county) out(`County:     ${d.county}`);
  out(
    d.dataVersion === 0 ? 'Data: the data set files (no stored version)' : `Data version: ${d.dataVersion}`,
  );
  out(`Decided by: ${describeSource(source)}`);
  out('Trace:');
  d.trace.forEach((t, i) => out(`  ${String(i + 1).padStart(2)}. [${t.step}] ${traceDetail(t)}`));
}

/** Runs `fn` on the database's live routing state (a short-lived runtime), closing everything after. */
async function withDatabaseRuntime<T>(ctx: Ctx, fn: (runtime: RoutingRuntime) => Promise<T> | T): Promise<T> {
  const db = await ctx.openDb();
  try {
    const runtime = new RoutingRuntime({
      db,
      logger: createLogger('silent'),
      policy: routingPolicyFromConfig(ctx.config),
    });
    await runtime.start();
    try {
      if (!runtime.hasData()) {
        throw new Error(
          'No server answered and the database has no active routing data version: start the server (`nodmeld start` loads the national data on first start), run `nodmeld data import <dir>`, or decide on data files with --what-if',
        );
      }
      return await fn(runtime);
    } finally {
      runtime.stop();
    }
  } finally {
    await db.close();
  }
}

function serverProblem(status: number, body: unknown, text: string): Error {
  const p = body as { detail?: string; title?: string };
  if (status === 401)
    return new Error('The server refused the CLI: set NODMELD_API_TOKEN to a token it accepts');
  return new Error(`The server answered ${status}: ${p?.detail ?? p?.title ?? text.slice(0, 200)}`);
}

const routeCommand: CliCommand<RoutingConfig> = {
  usage: `route --caller N --network fixed|mobile|ip [--position KOMMUNENR] [--presented N] [--at ISO] [--json]
        [--what-if [--data DIR]]
                                         decide where a 116117 call goes, with the trace: by the running
                                         server (or the database); --what-if on data files only`,
  async run(argv, ctx) {
    const { values } = parseArgs({
      args: argv,
      options: {
        caller: { type: 'string' },
        network: { type: 'string' },
        position: { type: 'string' },
        presented: { type: 'string' },
        at: { type: 'string' },
        json: { type: 'boolean', default: false },
        'what-if': { type: 'boolean', default: false },
        data: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) {
      ctx.out(`Usage: nodmeld ${routeCommand.usage}`);
      return 0;
    }
    if (values.caller === undefined) throw new UsageError('--caller is required (the calling number)');
    const network = values.network as Network | undefined;
    if (network !== 'fixed' && network !== 'mobile' && network !== 'ip') {
      throw new UsageError('--network must be fixed, mobile or ip');
    }
    if (values.position !== undefined && !/^\d{4}$/.test(values.position)) {
      throw new UsageError('--position must be a four-digit municipality number (kommunenummer)');
    }
    if (values.data !== undefined && !values['what-if']) {
      throw new UsageError('--data decides on files only: add --what-if to say so');
    }
    const at = values.at ? new Date(values.at) : undefined;
    if (at && Number.isNaN(at.getTime())) throw new UsageError(`--at "${values.at}" is not an ISO 8601 time`);
    const call: CallInput = {
      calledNumber: '116117',
      callingNumber: values.caller,
      network,
      presentedNumber: values.presented,
      position: values.position ? { municipality: values.position } : undefined,
    };
    const show = (d: RoutingDecision, source: Source) => {
      if (values.json) ctx.out(JSON.stringify({ ...d, decidedBy: source }, null, 2));
      else printDecision(d, source, ctx.out);
      return 0;
    };
    const decideLocally = async (decide: () => DecidedCall | Promise<DecidedCall>, source: Source) => {
      try {
        return show((await decide()).decision, source);
      } catch (err) {
        if (err instanceof RoutingInputError) throw new UsageError(err.message);
        throw err;
      }
    };

    if (values['what-if']) {
      const dir = values.data ?? ctx.config.NODMELD_REFERENCE_DATA_DIR ?? DEFAULT_DATA_DIR;
      const compiled = compileRoutingData(await loadDataSetOrThrow(dir), 0);
      const decider = createCallDecider({
        getData: () => compiled,
        getState: () => ({ reroutes: [], unavailableCentreIds: [] }),
        policy: routingPolicyFromConfig(ctx.config),
        deadlineMs: ctx.config.NODMELD_POSITIONING_DEADLINE_MS,
      });
      return decideLocally(() => decider.decide(call, 'cli', { at }), { kind: 'files', dir });
    }
    const server = await ctx.server();
    if (server) {
      const r = await server.request<RoutingDecision>('POST', '/api/v1/routing/decisions', {
        calledNumber: call.calledNumber,
        callingNumber: call.callingNumber,
        network: call.network,
        ...(call.presentedNumber ? { presentedNumber: call.presentedNumber } : {}),
        ...(call.position ? { position: call.position } : {}),
        ...(at ? { at: at.toISOString() } : {}),
      });
      if (r.status === 422 || r.status === 400)
        throw new UsageError((r.body as { detail?: string }).detail ?? r.text);
      if (r.status !== 200) throw serverProblem(r.status, r.body, r.text);
      return show(r.body, { kind: 'server', url: server.url });
    }
    return withDatabaseRuntime(ctx, (runtime) =>
      decideLocally(
        () =>
          runtimeDecider(runtime, { deadlineMs: ctx.config.NODMELD_POSITIONING_DEADLINE_MS }).decide(
            call,
            'cli',
            { at },
          ),
        { kind: 'database' },
      ),
    );
  },
};

const exportCommand: CliCommand<RoutingConfig> = {
  usage: `export routing-table|phone-list [--format csv|json] [--out FILE] [--what-if [--data DIR]]
                                         the routing table (RT-8) or the internal phone list (RT-9)`,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'csv' },
        out: { type: 'string' },
        'what-if': { type: 'boolean', default: false },
        data: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      ctx.out(`Usage: nodmeld ${exportCommand.usage}`);
      return 0;
    }
    const what = positionals[0];
    if (what !== 'routing-table' && what !== 'phone-list')
      throw new UsageError('export routing-table or phone-list');
    if (values.format !== 'csv' && values.format !== 'json') throw new UsageError('--format is csv or json');
    if (values.data !== undefined && !values['what-if']) {
      throw new UsageError('--data exports from files only: add --what-if to say so');
    }
    const render = (data: RoutingDataSet) => {
      const rows = what === 'routing-table' ? routingTableRows(data) : phoneListRows(data);
      const csv = () =>
        what === 'routing-table' ? toCsv(routingTableRows(data)) : toCsv(phoneListRows(data));
      return {
        rows: rows.length,
        text: values.format === 'csv' ? csv() : `${JSON.stringify(rows, null, 2)}\n`,
      };
    };
    let result: { rows: number; text: string };
    if (values['what-if']) {
      result = render(
        await loadDataSetOrThrow(values.data ?? ctx.config.NODMELD_REFERENCE_DATA_DIR ?? DEFAULT_DATA_DIR),
      );
    } else {
      const server = await ctx.server();
      if (server) {
        const r = await server.request<string | { items: unknown[] }>(
          'GET',
          `/api/v1/routing/exports/${what}?format=${values.format}`,
        );
        if (r.status !== 200) throw serverProblem(r.status, r.body, r.text);
        result =
          values.format === 'csv'
            ? { rows: Math.max(0, r.text.trimEnd().split('\n').length - 1), text: r.text }
            : {
                rows: (r.body as { items: unknown[] }).items.length,
                text: `${JSON.stringify((r.body as { items: unknown[] }).items, null, 2)}\n`,
              };
      } else {
        result = await withDatabaseRuntime(ctx, (runtime) => render(runtime.current().data));
      }
    }
    if (values.out) {
      await writeFile(values.out, result.text);
      ctx.err(`Wrote ${result.rows} rows to ${values.out}`);
    } else ctx.out(result.text.replace(/\n$/, ''));
    return 0;
  },
};

const dataCommand: CliCommand<RoutingConfig> = {
  usage: `data validate <dir>                    validate a routing data set directory
  data import <dir> [--no-activate]      import it as a new data version and switch to it
  data activate <version>                switch routing to a stored data version`,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'no-activate': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      ctx.out(`Usage: nodmeld ${dataCommand.usage}`);
      return 0;
    }
    const [sub, dir] = positionals;
    const out: Output = { write: (s: string) => ctx.out(s.replace(/\n$/, '')) };
    if (!dir || (sub !== 'validate' && sub !== 'import' && sub !== 'activate')) {
      throw new UsageError('data validate|import <dir>, or data activate <version>');
    }
    if (sub === 'validate') return dataValidateCommand(dir, out);
    if (sub === 'activate' && !/^\d+$/.test(dir)) throw new UsageError('data activate <version number>');
    const db = await ctx.openDb();
    try {
      if (sub === 'activate') return await dataActivateCommand(db, Number(dir), out, ctx.actor);
      return await dataImportCommand(db, dir, out, ctx.actor, { activate: !values['no-activate'] });
    } finally {
      await db.close();
    }
  },
};

const positioningSimCommand: CliCommand<RoutingConfig> = {
  usage: `positioning-sim --operator NAME --port N [...]
                                         run a simulated mobile operator location service (RT-3)`,
  async run(argv, ctx) {
    // Loaded on use: the simulator is a separate process's whole program.
    const { runPositioningSimCommand } = await import('./positioning/simulator-main.ts');
    return runPositioningSimCommand(argv, { out: ctx.out, err: ctx.err });
  },
};

export const routingCommands: Record<string, CliCommand<RoutingConfig>> = {
  route: routeCommand,
  export: exportCommand,
  data: dataCommand,
  'positioning-sim': positioningSimCommand,
};
