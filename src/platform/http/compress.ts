/**
 * Compression of large API answers (`GET /api/v1/calls/service-level/national`, reports, call
 * lists, the OpenAPI document): a body of `MIN_BYTES` or more whose type compresses well is sent
 * Brotli- or gzip-encoded when the client accepts it — a wall-board that reads every centre's
 * figures twice a minute, on a county's network, then fetches a fifth of the bytes. The work runs on
 * libuv's thread pool (zlib's asynchronous calls), not on the event loop that routes calls; small
 * answers (the routing decision, the queue) are never touched, so the hot paths pay one length
 * check. Answers that set their own encoding (the municipality map, made once) are left alone, as
 * are streams (the web app's files, which have copies made at build time) and the event stream.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

/**
 * Answers whose body is being compressed: sent, though not yet written. An async route handler that
 * called `reply.send` must then return the reply, not a value, or Fastify sends a second answer
 * (route.ts asks `isBeingSent`).
 */
const compressing = new WeakSet<object>();

/** Whether `reply.send` was called and the answer is on its way through the compression. */
export function isBeingSent(reply: object): boolean {
  return compressing.has(reply);
}

/** Below this a body goes as it is: compressing it saves too little to pay for the work. */
export const MIN_BYTES = 8 * 1024;

const COMPRESSIBLE = /^(application\/(json|problem\+json|[a-z.+-]*\+json)|text\/(csv|plain))\b/i;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The encoding to send for an `Accept-Encoding` header (RFC 9110 §12.5.3): Brotli when accepted,
 * else gzip; `q=0` refuses one; `*` accepts both. Null: send the body as it is.
 */
export function chooseEncoding(header: string | undefined): 'br' | 'gzip' | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [rawName, ...params] = part.toLowerCase().split(';');
    const name = rawName?.trim();
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const [key, value] = p.split('=').map((x) => x.trim());
      // A weight that is not a number refuses the coding rather than guessing.
      if (key === 'q') weight = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value ?? '') ? Number(value) : 0;
    }
    q.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (name: string) => q.get(name) ?? q.get('*') ?? 0;
  const br = weightOf('br');
  const gz = weightOf('gzip');
  if (br <= 0 && gz <= 0) return null;
  return br >= gz && br > 0 ? 'br' : 'gzip';
}

/**
 * Adds the hook to an app (platform/http/server.ts). A callback hook, not an async one: the answers
 * left alone (nearly all, and every hot one) cost a type and a length check, no promise.
 */
export function compressLargeAnswers(app: FastifyInstance): void {
  app.addHook('onSend', (req, reply, payload, done) => {
    const text = typeof payload === 'string';
    if (!text && !Buffer.isBuffer(payload)) return done(null, payload);
    // A string of n UTF-16 units is at most 3n bytes: the common small answer needs no count.
    if ((text ? payload.length * 3 : payload.length) < MIN_BYTES) return done(null, payload);
    const size = text ? Buffer.byteLength(payload) : payload.length;
    if (size < MIN_BYTES || req.method === 'HEAD' || reply.hasHeader('content-encoding'))
      return done(null, payload);
    if (reply.statusCode === 204 || reply.statusCode === 304) return done(null, payload);
    if (!COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))) return done(null, payload);
    const vary = String(reply.getHeader('vary') ?? '');
    if (!/\baccept-encoding\b/i.test(vary))
      reply.header('vary', vary ? `${vary}, accept-encoding` : 'accept-encoding');
    const encoding = chooseEncoding(req.headers['accept-encoding']);
    if (!encoding) return done(null, payload);
    compressing.add(reply);
    const compressed =
      encoding === 'br'
        ? brotli(payload, {
            params: {
              // Quality 4: about gzip's speed with a better ratio (the answers change every read).
              [constants.BROTLI_PARAM_QUALITY]: 4,
              [constants.BROTLI_PARAM_SIZE_HINT]: size,
            },
          })
        : gzipAsync(payload, { level: 6 });
    const finish = (body: string | Buffer, encoded: boolean) => {
      compressing.delete(reply);
      // Never a second answer: if one went out meanwhile (it must not), this one is dropped.
      if (reply.raw.headersSent) return;
      if (encoded) {
        reply.header('content-encoding', encoding);
        reply.removeHeader('content-length');
      }
      done(null, body);
    };
    compressed.then(
      (body) => finish(body, true),
      // zlib failing is not the client's problem: the answer goes as it is.
      () => finish(payload, false),
    );
  });
}
