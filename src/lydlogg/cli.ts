/**
 * `nodmeld lydlogg verify-export FILE [--manifest-sha256 HEX]`: the recipient's check of a case
 * export (docs/lydlogg.md, "Case export"). Needs no database and no key: exit 0 when the archive
 * is whole and every file matches the manifest (and the manifest the stated hash), else 1 with
 * every problem found.
 *
 * `nodmeld lydlogg reseal [--dry-run] [--from KEY] [--prefix P]`: seals the blobs written in the
 * clear before a key was set and re-seals those of earlier keys with NODMELD_STORAGE_KEY
 * (platform/storage/reseal.ts, decision 0008); each recording's row gets the new key id, and on a
 * store with object lock its retention and legal hold are set on the new version. A row a killed
 * run left naming the earlier key (killed between the put and the row) is brought up to date by
 * the next run, its locks set again. Exit 0 when nothing is left unsealed or under an earlier
 * key, else 1.
 */
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand, CliContext } from '../platform/module.ts';
import { EncryptedBlobStore } from '../platform/storage/encrypted-blob-store.ts';
import { createBlobStore } from '../platform/storage/index.ts';
import { resealBlobs } from '../platform/storage/reseal.ts';
import { recordingLocks } from './object-lock.ts';
import { dateOf } from './recordings.ts';
import type { LydloggConfig } from './config.ts';
import { verifyExport } from './export/verify-export.ts';

export const lydloggCommand: CliCommand<LydloggConfig> = {
  usage: `lydlogg verify-export FILE [--manifest-sha256 HEX]
                                         verify a case export of recordings (a .tar): every file
                                         against its manifest, and the manifest against the hash
                                         the sender stated
lydlogg reseal [--dry-run] [--from KEY] [--prefix P]
                                         seal blobs stored in the clear and re-seal those of earlier
                                         keys with NODMELD_STORAGE_KEY (resumable; safe to stop)`,
  async run(argv, ctx) {
    if (argv[0] === 'reseal') return reseal(argv.slice(1), ctx);
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'manifest-sha256': { type: 'string' } },
    });
    const [sub, file, ...extra] = positionals;
    if (sub !== 'verify-export' || !file || extra.length) {
      throw Object.assign(new Error('lydlogg verify-export FILE [--manifest-sha256 HEX]'), {
        name: 'UsageError',
      });
    }
    const expected = values['manifest-sha256'];
    if (expected !== undefined && !/^[0-9a-fA-F]{64}$/.test(expected)) {
      throw Object.assign(new Error('--manifest-sha256 is 64 hex digits'), { name: 'UsageError' });
    }
    const r = await verifyExport(
      createReadStream(file),
      expected ? { expectedManifestSha256: expected } : {},
    );
    const m = r.manifest;
    if (m) {
      ctx.out(
        `Case ${m.caseReference}: ${m.recordings.length} recording(s), exported ${m.exportedAt} by ${m.exportedBy}`,
      );
      ctx.out(`Reason: ${m.reason}`);
    }
    if (r.manifestSha256) ctx.out(`manifest.json SHA-256: ${r.manifestSha256}`);
    if (r.ok) {
      ctx.out(
        `OK: ${r.verified} file(s) match the manifest${expected ? ', and the manifest matches the stated hash' : ' (compare the manifest hash with the one the sender states)'}`,
      );
      return 0;
    }
    for (const p of r.problems) ctx.err(`FAILED: ${p}`);
    return 1;
  },
};

const usage = (message: string) => Object.assign(new Error(message), { name: 'UsageError' });

async function reseal(argv: string[], ctx: CliContext<LydloggConfig>): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'dry-run': { type: 'boolean', default: false },
      from: { type: 'string' },
      prefix: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length) throw usage('lydlogg reseal [--dry-run] [--from KEY] [--prefix P]');
  const store = createBlobStore(ctx.platform);
  if (!(store instanceof EncryptedBlobStore)) {
    throw usage('lydlogg reseal needs NODMELD_STORAGE_KEY: the key to seal with (decision 0008)');
  }
  const db = await ctx.openDb();
  try {
    const locks = recordingLocks(store, ctx.logger);
    /** The recording's row names the key (all rows, or only one still naming another key). */
    const keyOfRow = async (key: string, keyId: string, onlyStale: boolean) => {
      if (!key.startsWith('recordings/')) return;
      const r = await db.query<{ deletable_from: string; active_holds: number }>(
        `UPDATE recordings SET key_id = $2, chunk_size = $3
         WHERE blob_key = $1${onlyStale ? ' AND (key_id IS DISTINCT FROM $2 OR chunk_size IS DISTINCT FROM $3)' : ''}
         RETURNING deletable_from::text AS deletable_from, active_holds`,
        [key, keyId, store.encryption.chunkSize],
      );
      const row = r.rows[0];
      // A new object version: the store's locks are set on it as on an upload.
      if (row && locks) {
        await locks.retain(key, dateOf(row.deletable_from));
        if (row.active_holds > 0) await locks.legalHold([key], true);
      }
    };
    const report = await resealBlobs(store, {
      dryRun: values['dry-run'],
      ...(values.from !== undefined ? { from: values.from } : {}),
      ...(values.prefix !== undefined ? { prefix: values.prefix } : {}),
      onResealed: (key, keyId) => keyOfRow(key, keyId, false),
      // Re-sealed by a run killed before its row was updated: the row (and locks) now.
      onCurrent: (key, keyId) => keyOfRow(key, keyId, true),
    });
    const verb = report.dryRun ? 'would be' : 'were';
    ctx.out(
      `${report.seen} blob(s) looked at; ${report.current} already sealed with the current key (${store.encryption.keyId})`,
    );
    ctx.out(`${report.sealedFromClear} stored in the clear ${verb} sealed`);
    for (const [keyId, n] of Object.entries(report.resealedByKey))
      ctx.out(`${n} sealed with the earlier key ${keyId} ${verb} re-sealed`);
    for (const p of report.problems) ctx.err(`NOT RE-SEALED: ${p.key}: ${p.why}`);
    if (report.keysStillInUse.length)
      ctx.out(`Earlier keys still needed: ${report.keysStillInUse.join(', ')}`);
    else if (!report.dryRun)
      ctx.out(
        'No blob needs an earlier key: NODMELD_STORAGE_PREVIOUS_KEYS can be emptied once every instance runs with the current key',
      );
    if (report.last) ctx.out(`Last key handled: ${report.last} (resume after it with --from)`);
    const left =
      report.problems.length +
      (report.dryRun
        ? report.sealedFromClear + Object.values(report.resealedByKey).reduce((a, b) => a + b, 0)
        : 0);
    return left === 0 ? 0 : 1;
  } finally {
    await db.close();
  }
}
