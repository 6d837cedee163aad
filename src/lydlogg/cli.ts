/**
 * `nodmeld lydlogg verify-export FILE [--manifest-sha256 HEX]`: the recipient's check of a case
 * export (docs/lydlogg.md, "Case export"). Needs no database and no key: exit 0 when the archive
 * is whole and every file matches the manifest (and the manifest the stated hash), else 1 with
 * every problem found.
 */
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../platform/module.ts';
import type { LydloggConfig } from './config.ts';
import { verifyExport } from './export/verify-export.ts';

export const lydloggCommand: CliCommand<LydloggConfig> = {
  usage: `lydlogg verify-export FILE [--manifest-sha256 HEX]
                                         verify a case export of recordings (a .tar): every file
                                         against its manifest, and the manifest against the hash
                                         the sender stated`,
  async run(argv, ctx) {
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
