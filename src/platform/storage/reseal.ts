/**
 * Re-sealing the blob store (decision 0008, "Re-sealing"): every blob that is not sealed with the
 * current key is rewritten so that it is —
 *
 * - a blob written in the clear before a key was set is sealed (read from the inner store, its
 *   stored SHA-256 checked, put back through the encrypting store);
 * - a blob sealed with an earlier key (one of NODMELD_STORAGE_PREVIOUS_KEYS) is opened with it and
 *   sealed again with the current key, so that the earlier key can be retired once no blob names
 *   it (the report says which key ids are still in use).
 *
 * Safe to stop and run again at any point: each blob is replaced by one put of the store, which is
 * whole or nothing (the filesystem renames a finished temp file; S3 makes one PUT visible whole),
 * so a kill leaves every blob either as it was or re-sealed, each readable (the old form with the
 * old key configured). The put carries the plaintext's SHA-256 as the expected one: a blob whose
 * bytes do not match what was stored is not rewritten but reported. A second run finds nothing to
 * do (idempotent); `from` resumes after a key; `dryRun` only counts.
 */
import { BlobIntegrityError, readAll, type BlobInfo, type BlobStore } from './blob-store.ts';
import { FORMAT_MAGIC, type EncryptedBlobStore } from './encrypted-blob-store.ts';

export interface ResealReport {
  /** Blobs looked at. */
  seen: number;
  /** Already sealed with the current key. */
  current: number;
  /** Written in the clear: sealed now (or would be, in a dry run). */
  sealedFromClear: number;
  /** Sealed with an earlier key: re-sealed now (or would be), by that key's id. */
  resealedByKey: Record<string, number>;
  /** Blobs that could not be re-sealed (key not configured, damaged): key and why. */
  problems: { key: string; why: string }[];
  /** Key ids other than the current one that blobs still name after this run. */
  keysStillInUse: string[];
  dryRun: boolean;
  /** The last key handled (resume after it with `from`). */
  last: string | null;
}

/** What a blob is sealed with: null (clear), or the key id in its header. */
export async function sealOf(
  inner: BlobStore,
  outer: BlobInfo,
): Promise<{ clear: true } | { clear: false; keyId: string }> {
  if (outer.size < 18) return { clear: true };
  const head = await inner.get(outer.key, { range: { start: 0, end: 17 } });
  if (!head) throw new BlobIntegrityError(outer.key, 'gone while being re-sealed');
  const h = await readAll(head.stream);
  if (!h.subarray(0, 5).equals(FORMAT_MAGIC)) return { clear: true };
  return { clear: false, keyId: h.subarray(10, 18).toString('hex') };
}

export async function resealBlobs(
  store: EncryptedBlobStore,
  opts: {
    dryRun?: boolean;
    prefix?: string;
    /** Resume: only keys after this one. */
    from?: string;
    signal?: AbortSignal;
    /** Called after each blob is re-sealed (e.g. to update a row that names its key id). */
    onResealed?: (key: string, keyId: string) => Promise<void>;
    /**
     * Called (not in a dry run) for each blob already sealed with the current key: a run killed
     * between a blob's put and its `onResealed` left such a blob, and this lets the caller finish
     * what `onResealed` would have done (a row's key id). Errors count as problems.
     */
    onCurrent?: (key: string, keyId: string) => Promise<void>;
  } = {},
): Promise<ResealReport> {
  const inner = store.inner;
  const current = store.encryption.keyId;
  const dryRun = opts.dryRun ?? false;
  const report: ResealReport = {
    seen: 0,
    current: 0,
    sealedFromClear: 0,
    resealedByKey: {},
    problems: [],
    keysStillInUse: [],
    dryRun,
    last: null,
  };
  const stillInUse = new Set<string>();
  for await (const outer of inner.list(opts.prefix ?? '')) {
    if (opts.signal?.aborted) break;
    if (opts.from !== undefined && outer.key <= opts.from) continue;
    report.seen++;
    report.last = outer.key;
    let seal: Awaited<ReturnType<typeof sealOf>>;
    try {
      seal = await sealOf(inner, outer);
    } catch (e) {
      report.problems.push({ key: outer.key, why: (e as Error).message });
      continue;
    }
    if (!seal.clear && seal.keyId === current) {
      report.current++;
      if (!dryRun && opts.onCurrent) {
        try {
          await opts.onCurrent(outer.key, current);
        } catch (e) {
          report.problems.push({ key: outer.key, why: (e as Error).message });
        }
      }
      continue;
    }
    try {
      if (seal.clear) {
        if (!dryRun) {
          // The inner store checks its own SHA-256 on a whole read; the put must see the same bytes.
          const whole = await inner.get(outer.key);
          if (!whole) continue; // deleted meanwhile
          await store.put(outer.key, whole.stream, {
            ...(whole.info.contentType ? { contentType: whole.info.contentType } : {}),
            metadata: whole.info.metadata,
            expectedSha256: whole.info.sha256,
          });
          await opts.onResealed?.(outer.key, current);
        }
        report.sealedFromClear++;
      } else {
        if (!store.hasKey(seal.keyId)) {
          stillInUse.add(seal.keyId);
          report.problems.push({
            key: outer.key,
            why: `sealed with key id ${seal.keyId}, which is not configured (NODMELD_STORAGE_PREVIOUS_KEYS)`,
          });
          continue;
        }
        if (!dryRun) {
          const whole = await store.get(outer.key);
          if (!whole) continue;
          await store.put(outer.key, whole.stream, {
            ...(whole.info.contentType ? { contentType: whole.info.contentType } : {}),
            metadata: whole.info.metadata,
            expectedSha256: whole.info.sha256,
          });
          await opts.onResealed?.(outer.key, current);
        } else stillInUse.add(seal.keyId);
        report.resealedByKey[seal.keyId] = (report.resealedByKey[seal.keyId] ?? 0) + 1;
      }
    } catch (e) {
      if (!seal.clear) stillInUse.add(seal.keyId);
      report.problems.push({ key: outer.key, why: (e as Error).message });
    }
  }
  report.keysStillInUse = [...stillInUse].sort();
  return report;
}
