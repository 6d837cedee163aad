/**
 * Verifies a case export (docs/lydlogg.md, "Case export") as the recipient runs it:
 * `nodmeld lydlogg verify-export FILE [--manifest-sha256 HEX]`. It reads the archive once, as it
 * streams, and reports every problem it finds:
 *
 * - the archive is a whole tar (every header's checksum, every file as long as its header says,
 *   the end blocks present: a cut archive fails);
 * - manifest.json comes first and is an export manifest; manifest.json.sha256 names its SHA-256;
 *   with `--manifest-sha256` (the hash the sender states out of band, also in their audit trail)
 *   that too must match — without it, a recipient learns only that the archive is consistent;
 * - every file the manifest lists is there once, with its size and SHA-256; no other file is.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { EXPORT_FORMAT, type ExportManifest } from './case-export.ts';
import { readTar, TarError } from './tar.ts';

export interface ExportVerification {
  ok: boolean;
  problems: string[];
  manifest: ExportManifest | null;
  manifestSha256: string | null;
  /** Files checked against the manifest. */
  verified: number;
}

const MAX_MANIFEST = 16 * 1024 * 1024;

export async function verifyExport(
  source: Readable | AsyncIterable<Uint8Array>,
  opts: { expectedManifestSha256?: string } = {},
): Promise<ExportVerification> {
  const problems: string[] = [];
  let manifest: ExportManifest | null = null;
  let manifestSha256: string | null = null;
  let stated: string | null = null;
  let index = 0;
  let verified = 0;
  const seen = new Set<string>();
  try {
    await readTar(source, async (entry, content) => {
      const i = index++;
      if (i === 0) {
        if (entry.name !== 'manifest.json') {
          problems.push(`The archive does not begin with manifest.json (it begins with ${entry.name})`);
          return;
        }
        if (entry.size > MAX_MANIFEST) {
          problems.push('manifest.json is too large to be a manifest');
          return;
        }
        const parts: Buffer[] = [];
        for await (const p of content) parts.push(p);
        const bytes = Buffer.concat(parts);
        manifestSha256 = createHash('sha256').update(bytes).digest('hex');
        try {
          const m = JSON.parse(bytes.toString('utf8')) as ExportManifest;
          if (m.format !== EXPORT_FORMAT || !Array.isArray(m.recordings)) {
            problems.push(`manifest.json is not a ${EXPORT_FORMAT} manifest`);
          } else manifest = m;
        } catch {
          problems.push('manifest.json is not JSON');
        }
        return;
      }
      if (i === 1 && entry.name === 'manifest.json.sha256') {
        const parts: Buffer[] = [];
        for await (const p of content) parts.push(p);
        stated = /^([0-9a-f]{64})\b/.exec(Buffer.concat(parts).toString('utf8').trim())?.[1] ?? null;
        return;
      }
      const listed = manifest?.recordings.find((r) => r.file === entry.name);
      if (!listed) {
        problems.push(`${entry.name} is not in the manifest`);
        return;
      }
      if (seen.has(entry.name)) {
        problems.push(`${entry.name} is in the archive twice`);
        return;
      }
      seen.add(entry.name);
      const hash = createHash('sha256');
      let size = 0;
      for await (const p of content) {
        hash.update(p);
        size += p.length;
      }
      const sha = hash.digest('hex');
      if (size !== listed.size)
        problems.push(`${entry.name} has ${size} bytes, the manifest says ${listed.size}`);
      else if (sha !== listed.sha256)
        problems.push(`${entry.name} has SHA-256 ${sha}, the manifest says ${listed.sha256}`);
      else verified++;
    });
  } catch (e) {
    if (e instanceof TarError) problems.push(e.message);
    else throw e;
  }
  if (index === 0) problems.push('The archive is empty');
  if (manifestSha256 !== null) {
    if (stated === null) problems.push('manifest.json.sha256 is missing or unreadable');
    else if (stated !== manifestSha256)
      problems.push(`manifest.json has SHA-256 ${manifestSha256}, manifest.json.sha256 says ${stated}`);
    const expected = opts.expectedManifestSha256?.toLowerCase();
    if (expected && expected !== manifestSha256)
      problems.push(`manifest.json has SHA-256 ${manifestSha256}, not the ${expected} the sender stated`);
  }
  for (const r of (manifest as ExportManifest | null)?.recordings ?? []) {
    if (!seen.has(r.file)) problems.push(`${r.file} is in the manifest but not in the archive`);
  }
  return { ok: problems.length === 0, problems, manifest, manifestSha256, verified };
}
