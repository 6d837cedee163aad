/**
 * The `nodmeld` command-line program: `start`, `migrate`, `help` and the commands of every module
 * in `server/modules.ts` (routing: route, export, data; telephony: sip; …). Thin: parses
 * arguments, hands each command its module's validated configuration. Exit codes: 0 ok,
 * 1 failure, 2 usage or configuration error.
 */
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, sliceOf, type SystemConfig } from '../server/config.ts';
import { MODULES } from '../server/modules.ts';
import { startSystem } from '../server/start.ts';
import { openDatabase, migrate, type Db } from '../platform/db/index.ts';
import { databaseOptionsFromSettings } from '../platform/db/settings.ts';
import { createLogger } from '../platform/logger.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { ListenError, type AnyModule, type CliCommand, type CliContext } from '../platform/module.ts';
import { findRunningServer } from '../platform/cli/server-client.ts';
import { withLocalToken } from '../platform/auth/local-token.ts';
import { jobsCommand } from '../platform/jobs/cli.ts';
import type { PlatformConfig } from '../platform/config.ts';
import { BACKUP_URL } from '../platform/db/backup-routes.ts';
import { restorePglite } from '../platform/db/pglite.ts';
import { recordAudit } from '../platform/audit.ts';
import { readFile, writeFile } from 'node:fs/promises';

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const io: Io = {
  out: (s) => void process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  err: (s) => void process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
};

/** A command-line mistake: printed with the usage hint, exit code 2. */
class UsageError extends Error {}

const isUsageError = (err: unknown) =>
  err instanceof UsageError ||
  (err as Error)?.name === 'UsageError' ||
  (err as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS') === true;

/** The platform's own commands, through the same command contract (their configuration is the platform's). */
const PLATFORM_COMMANDS: Readonly<Record<string, CliCommand<PlatformConfig>>> = { jobs: jobsCommand };

/** Every command, by name, with the module that owns it (null: the platform). */
function moduleCommands(
  modules: readonly AnyModule[],
): Map<string, { module: AnyModule | null; command: CliCommand }> {
  const commands = new Map<string, { module: AnyModule | null; command: CliCommand }>();
  for (const [name, command] of Object.entries(PLATFORM_COMMANDS))
    commands.set(name, { module: null, command });
  for (const module of modules) {
    for (const [name, command] of Object.entries(module.cli ?? {})) {
      if (commands.has(name)) throw new Error(`The command "${name}" is defined by two modules`);
      commands.set(name, { module, command: command as CliCommand });
    }
  }
  return commands;
}

function usage(modules: readonly AnyModule[]): string {
  const lines = [...moduleCommands(modules).values()].map(({ command }) => `  nodmeld ${command.usage}`);
  return `nodmeld — routing, call handling and registers for Norway's medical emergency communication service

Usage:
  nodmeld start                          start HTTP (and SIP) on the configured database
  nodmeld migrate                        apply database migrations
  nodmeld backup FILE                    copy the embedded database to FILE (.tar.gz), asking the
                                         running server when it holds the database
  nodmeld restore FILE                   restore FILE into the (absent) embedded database folder
${lines.join('\n')}
  nodmeld help

Configuration is read from the environment (see docs/operations.md): PORT, HOST, DATABASE_URL,
NODMELD_DATA_DIR, NODMELD_ADMIN_PASSWORD, NODMELD_API_TOKEN, …
Commands that read or change the live system ask the running server at HOST:PORT (with
NODMELD_API_TOKEN) when one answers.`;
}

/** The person running the CLI, for the audit trail (NODMELD_OPERATOR, else the login name). */
function cliActor(env: Record<string, string | undefined>): Actor {
  let login = env.NODMELD_OPERATOR;
  if (!login) {
    try {
      login = os.userInfo().username;
    } catch {
      login = 'unknown';
    }
  }
  return { type: 'system', id: null, name: `cli:${login}`, role: 'admin', centreId: null };
}

async function openConfiguredDb(config: SystemConfig): Promise<Db> {
  const { platform } = config;
  const dataDir =
    platform.NODMELD_DATA_DIR === 'memory' ? undefined : path.resolve(platform.NODMELD_DATA_DIR);
  const db = await openDatabase({
    databaseUrl: platform.DATABASE_URL,
    dataDir,
    postgres: databaseOptionsFromSettings(platform),
  });
  await migrate(db);
  return db;
}

function serverUrl(config: SystemConfig): string {
  const { HOST, PORT } = config.platform;
  return `http://${HOST.includes(':') ? `[${HOST}]` : HOST}:${PORT}`;
}

/** `backup FILE`: from the running server (online) when it holds the folder, else directly. */
async function cmdBackup(argv: string[], config: SystemConfig, actor: Actor): Promise<number> {
  const [file] = argv;
  if (!file || argv.length !== 1) throw new UsageError('backup FILE (a .tar.gz to write)');
  if (config.platform.DATABASE_URL) {
    throw new UsageError(
      'backup is for the embedded database: back PostgreSQL up with pg_dump (docs/operations.md)',
    );
  }
  let archive: Uint8Array;
  const server = await findRunningServer(
    serverUrl(config),
    withLocalToken(config.platform, false).NODMELD_API_TOKEN,
  );
  if (server) {
    const r = await server.download(BACKUP_URL);
    if (r.status !== 200) {
      throw new Error(
        `The running server refused the backup (${r.status}): an administrator's token is needed in NODMELD_API_TOKEN, or stop the server and run the backup again`,
      );
    }
    archive = r.bytes;
    io.err(`Backup taken by the running server at ${server.url}`);
  } else {
    const db = await openConfiguredDb(config);
    try {
      archive = await db.backup!();
      await recordAudit(db, actor, {
        action: 'database.backup',
        entityType: 'database',
        entityId: db.kind,
        details: { bytes: archive.length, file: path.resolve(file) },
      });
    } finally {
      await db.close();
    }
  }
  await writeFile(file, archive);
  io.out(`Wrote ${archive.length} bytes to ${file}`);
  return 0;
}

/** `restore FILE`: into the configured embedded folder, which must not exist (server stopped). */
async function cmdRestore(argv: string[], config: SystemConfig): Promise<number> {
  const [file] = argv;
  if (!file || argv.length !== 1) throw new UsageError('restore FILE (a backup .tar.gz)');
  const dir = config.platform.NODMELD_DATA_DIR;
  if (config.platform.DATABASE_URL || dir === 'memory') {
    throw new UsageError('restore is for the embedded database folder (NODMELD_DATA_DIR)');
  }
  await restorePglite(dir, new Uint8Array(await readFile(file)));
  io.out(`Restored ${file} into ${path.resolve(dir)}: start the server with \`nodmeld start\``);
  return 0;
}

async function cmdStart(env: Record<string, string | undefined>): Promise<number> {
  const running = await startSystem(env);
  io.out(`nodmeld is listening on ${running.url} (database: ${running.db.kind})`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.stop();
  return 0;
}

export async function main(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  modules: readonly AnyModule[] = MODULES,
): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'start':
        return await cmdStart(env);
      case 'migrate': {
        const db = await openConfiguredDb(loadConfig(env, modules));
        await db.close();
        io.out('Migrations applied');
        return 0;
      }
      case 'backup':
        return await cmdBackup(rest, loadConfig(env, modules), cliActor(env));
      case 'restore':
        return await cmdRestore(rest, loadConfig(env, modules));
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(usage(modules));
        return cmd === undefined ? 2 : 0;
      default: {
        // A command named with two words (`simulate nodnett`) is found before the one-word one.
        const commands = moduleCommands(modules);
        const sub = rest[0] === undefined ? undefined : commands.get(`${cmd} ${rest[0]}`);
        const found = sub ?? commands.get(cmd);
        if (!found) throw new UsageError(`Unknown command "${cmd}"`);
        const args = sub ? rest.slice(1) : rest;
        const config = loadConfig(env, modules);
        const { platform } = config;
        const ctx: CliContext<unknown> = {
          out: io.out,
          err: io.err,
          config: found.module ? sliceOf(config, found.module) : platform,
          configOf: <C>(m: AnyModule) => sliceOf<C>(config, m),
          platform,
          logger: createLogger(platform.NODMELD_LOG_LEVEL === 'info' ? 'warn' : platform.NODMELD_LOG_LEVEL),
          openDb: () => openConfiguredDb(config),
          actor: cliActor(env),
          server: () =>
            findRunningServer(serverUrl(config), withLocalToken(platform, false).NODMELD_API_TOKEN),
        };
        return await found.command.run(args, ctx);
      }
    }
  } catch (err) {
    if (isUsageError(err)) {
      io.err(`nodmeld: ${(err as Error).message}\nRun "nodmeld help" for usage.`);
      return 2;
    }
    if (err instanceof ConfigError) {
      io.err(err.message);
      return 2;
    }
    if (err instanceof ListenError) {
      io.err(`nodmeld: ${err.message}. Nothing was started.`);
      return 1;
    }
    io.err(`nodmeld: ${(err as Error).message}`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Piped into `head` and the like: a closed stdout ends the program quietly, not with EPIPE.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
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
