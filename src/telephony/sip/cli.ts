/**
 * `nodmeld sip`: the SIP redirect server on its own, routing with the engine on a data directory
 * (the national default set unless --data is given) and the configured positioning service.
 * The main start command runs the same server next to HTTP on the database's active data version.
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { loadDataSetDir, DEFAULT_DATA_DIR } from '../../routing/data/load.ts';
import { compileRoutingData } from '../../routing/domain/compile.ts';
import type { OperationalState } from '../../routing/domain/types.ts';
import type { PositioningPort } from '../../routing/positioning/port.ts';
import { createPositioningService } from '../../routing/positioning/positioning-service.ts';
import {
  positioningOptionsFromSettings,
  positioningSettingsSchema,
} from '../../routing/positioning/settings.ts';
import type { CallRouter } from './call-router.ts';
import { parseSipConfig, SipConfigError, sipConfigFromEnv, type SipConfig } from './config.ts';
import { createEngineCallRouter } from './engine-call-router.ts';
import { startSipServer } from './server.ts';

const USAGE = `nodmeld sip [--host H] [--port N] [--data DIR] [--metrics-port N]

Runs the SIP redirect server for 116117 on UDP and TCP. Settings (environment):
  NODMELD_SIP_HOST, NODMELD_SIP_PORT            listen address (default 127.0.0.1:5060)
  NODMELD_SIP_TRUNKS                            JSON trunk list (source addresses → network)
  NODMELD_SIP_NETWORK_HEADER                    header naming the network (default X-Nodmeld-Network)
  NODMELD_SIP_DEFAULT_NETWORK                   fixed | mobile | ip | reject (default fixed)
  NODMELD_SIP_GATEWAYS, NODMELD_SIP_DEFAULT_GATEWAY   Contact host per centre / default
  NODMELD_SIP_MENU_URI                          fallback menu target with {sessionId}
  NODMELD_SIP_TCP_*, NODMELD_SIP_MAX_TRANSACTION*   bounds against hostile peers
  NODMELD_POSITIONING_OPERATORS, NODMELD_POSITIONING_DEADLINE_MS   mobile positioning
See docs/sip.md.`;

export interface SipCommandDeps {
  env?: Record<string, string | undefined>;
  /** The validated SIP configuration (from the kernel); without it the settings are read from `env`. */
  config?: SipConfig;
  /** Metrics served on --metrics-port beside the SIP server's own (e.g. routing's). */
  metrics?: { render(): string };
  /** A router to use instead of the engine on a data directory (e.g. the database runtime). */
  router?: CallRouter;
  out?: (s: string) => void;
  err?: (s: string) => void;
  /** Stops the server (tests); SIGINT/SIGTERM stop it otherwise. */
  signal?: AbortSignal;
  /** Told the bound ports once listening (tests). */
  onListening?: (ports: { udpPort: number; tcpPort: number; metricsPort?: number }) => void;
}

/** Positioning that never answers: mobile calls take the unlocated path (RT-5/RT-6). */
const NO_POSITIONING: PositioningPort = {
  locate: async () => ({ status: 'failed', reason: 'no-answer', elapsedMs: 0 }),
};

/** Runs `nodmeld sip`; resolves with the exit code (0 ok, 1 failure, 2 usage or configuration error). */
export async function runSipCommand(argv: string[], deps: SipCommandDeps = {}): Promise<number> {
  // The platform configuration module owns the process environment; this default keeps the command usable alone.
  const env = deps.env ?? process.env;
  const out = deps.out ?? ((s: string) => void process.stdout.write(`${s}\n`));
  const err = deps.err ?? ((s: string) => void process.stderr.write(`${s}\n`));
  let values: { host?: string; port?: string; data?: string; 'metrics-port'?: string; help?: boolean };
  try {
    values = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        data: { type: 'string' },
        'metrics-port': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (e) {
    err(`nodmeld sip: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out(USAGE);
    return 0;
  }
  let config;
  try {
    if (deps.config) {
      const port = values.port === undefined ? deps.config.port : Number(values.port);
      if (!Number.isInteger(port))
        throw new SipConfigError([`--port: "${values.port}" is not a port number`]);
      config = parseSipConfig({
        ...deps.config,
        ...(values.host !== undefined ? { host: values.host } : {}),
        port,
      });
    } else {
      config = sipConfigFromEnv({
        ...env,
        ...(values.host !== undefined ? { NODMELD_SIP_HOST: values.host } : {}),
        ...(values.port !== undefined ? { NODMELD_SIP_PORT: values.port } : {}),
      });
    }
  } catch (e) {
    if (e instanceof SipConfigError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
  const metricsPort = values['metrics-port'] === undefined ? undefined : Number(values['metrics-port']);
  if (
    metricsPort !== undefined &&
    !(Number.isInteger(metricsPort) && metricsPort >= 0 && metricsPort <= 65535)
  ) {
    err('nodmeld sip: --metrics-port must be a port number');
    return 2;
  }

  let router = deps.router;
  if (!router) {
    const dir = values.data ?? env.NODMELD_REFERENCE_DATA_DIR ?? DEFAULT_DATA_DIR;
    const loaded = await loadDataSetDir(dir);
    if (!loaded.ok) {
      for (const e of loaded.errors.slice(0, 20)) err(`${e.file}:${e.line}: ${e.message}`);
      return 1;
    }
    const settings = positioningSettingsSchema.safeParse(
      Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('NODMELD_POSITIONING_') && v)),
    );
    if (!settings.success) {
      for (const i of settings.error.issues) err(`${i.path.join('.')}: ${i.message}`);
      return 2;
    }
    const options = positioningOptionsFromSettings(settings.data);
    const data = compileRoutingData(loaded.data, 0);
    const state: OperationalState = { reroutes: [], unavailableCentreIds: [] };
    router = createEngineCallRouter({
      getData: () => data,
      getState: () => state,
      positioning: options ? createPositioningService(options) : NO_POSITIONING,
      deadlineMs: settings.data.NODMELD_POSITIONING_DEADLINE_MS,
    });
    out(
      `routing data: ${dir}${options ? '' : ' (no positioning operators configured: mobile calls are unlocated)'}`,
    );
  }

  const server = await startSipServer({
    config,
    router,
    logger: {
      info: () => {},
      warn: (o, m) => err(`${m ?? 'warning'}: ${errorText(o)}`),
      error: (o, m) => err(`${m ?? 'error'}: ${errorText(o)}`),
    },
  });
  let metricsServer: http.Server | undefined;
  if (metricsPort !== undefined) {
    metricsServer = http.createServer((req, res) => {
      if (req.url === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(server.metrics() + (deps.metrics?.render() ?? ''));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => metricsServer!.listen(metricsPort, config.host, resolve));
  }
  const boundMetrics = metricsServer ? (metricsServer.address() as { port: number }).port : undefined;
  out(
    `SIP redirect server on ${config.host} udp/${server.udpPort} tcp/${server.tcpPort}${boundMetrics !== undefined ? `, metrics on :${boundMetrics}/metrics` : ''}`,
  );
  deps.onListening?.({
    udpPort: server.udpPort,
    tcpPort: server.tcpPort,
    ...(boundMetrics !== undefined ? { metricsPort: boundMetrics } : {}),
  });

  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    if (deps.signal) {
      if (deps.signal.aborted) resolve();
      else deps.signal.addEventListener('abort', stop, { once: true });
    } else {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
  });
  await server.close();
  if (metricsServer) await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
  return 0;
}

function errorText(o: object): string {
  const e = (o as { err?: unknown }).err;
  return e instanceof Error ? e.message : JSON.stringify(o);
}
