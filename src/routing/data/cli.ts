/**
 * CLI commands for routing data: `data validate DIR` and `data import DIR [--activate]`.
 * They return an exit code and print to `out`; the main CLI wires them up.
 */
import path from 'node:path';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/types.ts';
import type { DataError } from './csv.ts';
import { loadDataSetDir } from './load.ts';
import { activateDataVersion, importDataSet } from './store.ts';

export interface Output {
  write(chunk: string): unknown;
}

/** At most this many error lines are printed; the rest are counted. */
export const MAX_PRINTED_ERRORS = 200;

/** `file:line: message` (no line for whole-file or whole-set problems). */
export function formatDataError(dir: string, e: DataError): string {
  const file = path.join(dir, e.file);
  return e.line > 0 ? `${file}:${e.line}: ${e.message}` : `${file}: ${e.message}`;
}

function printErrors(dir: string, errors: DataError[], out: Output): void {
  for (const e of errors.slice(0, MAX_PRINTED_ERRORS)) out.write(formatDataError(dir, e) + '\n');
  if (errors.length > MAX_PRINTED_ERRORS) out.write(`… and ${errors.length - MAX_PRINTED_ERRORS} more errors\n`);
  out.write(`${errors.length} error(s): nothing was imported.\n`);
}

function formatStats(stats: Record<string, number>): string {
  return Object.entries(stats)
    .map(([k, v]) => `  ${k}: ${v}`)
    .join('\n');
}

/** Validates a data set directory. Exit code 0 when valid, 1 when not. */
export async function dataValidateCommand(dir: string, out: Output): Promise<number> {
  const result = await loadDataSetDir(dir);
  if (!result.ok) {
    printErrors(dir, result.errors, out);
    return 1;
  }
  out.write(`${dir}: valid routing data set "${result.manifest.name}"\n${formatStats(result.stats)}\n`);
  return 0;
}

/**
 * Validates and imports a data set directory as a new data version (audited as `data.import`),
 * optionally activating it in the same transaction. Invalid data imports nothing (exit code 1).
 */
export async function dataImportCommand(
  db: Db,
  dir: string,
  out: Output,
  actor: Actor,
  opts: { activate?: boolean; source?: string } = {},
): Promise<number> {
  const result = await loadDataSetDir(dir);
  if (!result.ok) {
    printErrors(dir, result.errors, out);
    return 1;
  }
  try {
    const source = opts.source ?? `${result.manifest.name} (${path.resolve(dir)})`;
    const { version, checksum } = await importDataSet(db, result.data, {
      source,
      actor,
      activate: opts.activate ?? false,
    });
    out.write(`Imported data version ${version} (sha256 ${checksum.slice(0, 12)}…)\n${formatStats(result.stats)}\n`);
    if (opts.activate) out.write(`Data version ${version} is now active.\n`);
    else out.write(`Activate it with: data activate ${version}\n`);
    return 0;
  } catch (e) {
    out.write(`Import failed, nothing was imported: ${(e as Error).message}\n`);
    return 1;
  }
}

/** Activates a stored data version. Exit code 1 when it does not exist. */
export async function dataActivateCommand(db: Db, version: number, out: Output, actor: Actor): Promise<number> {
  try {
    const { previous } = await activateDataVersion(db, version, actor);
    out.write(`Data version ${version} is now active${previous !== null && previous !== version ? ` (was ${previous})` : ''}.\n`);
    return 0;
  } catch (e) {
    out.write(`Activation failed: ${(e as Error).message}\n`);
    return 1;
  }
}
