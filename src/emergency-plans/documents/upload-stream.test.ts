/** The upload is checked while it streams (LV-7): size, first bytes, UTF-8 text, empty. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { checkedUpload } from './upload-stream.ts';

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p, 'latin1') : p;
}

async function drain(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of source) out.push(Buffer.from(c));
  return Buffer.concat(out);
}

const problemOf = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  const problem = (err as AppError).toProblem();
  return { status: problem.status, detailCode: problem.detailCode };
};

describe('checked upload stream (LV-7)', () => {
  it('passes the bytes through unchanged, the signature split over chunks', async () => {
    const out = await drain(
      checkedUpload(chunks('%P', 'DF-1.', '4\nbody', 'more'), {
        mediaType: 'application/pdf',
        maxBytes: 100,
      }),
    );
    expect(out.toString('latin1')).toBe('%PDF-1.4\nbodymore');
  });

  it('refuses a file over the limit (413) and content that is not its declared type (415)', async () => {
    expect(
      await problemOf(
        drain(
          checkedUpload(chunks('%PDF-1.4', 'x'.repeat(100)), { mediaType: 'application/pdf', maxBytes: 50 }),
        ),
      ),
    ).toEqual({ status: 413, detailCode: 'plan.document-too-large' });
    expect(
      await problemOf(
        drain(checkedUpload(chunks('<html><body>'), { mediaType: 'application/pdf', maxBytes: 50 })),
      ),
    ).toEqual({ status: 415, detailCode: 'plan.document-content-mismatch' });
    // A file shorter than the signature.
    expect(
      await problemOf(drain(checkedUpload(chunks('%PD'), { mediaType: 'application/pdf', maxBytes: 50 }))),
    ).toEqual({ status: 415, detailCode: 'plan.document-content-mismatch' });
  });

  it('takes UTF-8 text (a character split over chunks) and refuses Latin-1 and NUL', async () => {
    const ø = Buffer.from('ø', 'utf8');
    const ok = await drain(
      checkedUpload(chunks('Varsle beredskapsleder, ', ø.subarray(0, 1), ø.subarray(1)), {
        mediaType: 'text/plain',
        maxBytes: 100,
      }),
    );
    expect(ok.toString('utf8')).toBe('Varsle beredskapsleder, ø');
    expect(
      await problemOf(
        drain(
          checkedUpload(chunks(Buffer.from('bl\xe5 lys', 'latin1')), {
            mediaType: 'text/plain',
            maxBytes: 100,
          }),
        ),
      ),
    ).toEqual({ status: 400, detailCode: 'plan.document-not-utf8' });
    expect(
      await problemOf(drain(checkedUpload(chunks('a\u0000b'), { mediaType: 'text/plain', maxBytes: 100 }))),
    ).toEqual({ status: 400, detailCode: 'plan.document-not-utf8' });
    // A text ending in the middle of a character.
    expect(
      await problemOf(
        drain(checkedUpload(chunks(ø.subarray(0, 1)), { mediaType: 'text/plain', maxBytes: 100 })),
      ),
    ).toEqual({ status: 400, detailCode: 'plan.document-not-utf8' });
  });

  it('refuses an empty file', async () => {
    expect(await problemOf(drain(checkedUpload(chunks(), { mediaType: 'image/png', maxBytes: 10 })))).toEqual(
      {
        status: 400,
        detailCode: 'plan.document-empty',
      },
    );
  });
});
