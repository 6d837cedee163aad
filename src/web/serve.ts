/**
 * Serves the built web application (`web/dist`, made by `npm run build:web`) at `/`.
 *
 * - Files that exist in the build are sent as they are — or their Brotli/gzip copy made at build
 *   time (web/precompress.ts) when the browser accepts it; hashed files under `/assets/` are cached
 *   for a year, `index.html` is never cached (so a new deployment is picked up at once).
 * - Any other GET path is a client-side route: it gets `index.html`, and the app's router shows
 *   the page — but never for `/api/*`, `/healthz`, `/readyz` or `/metrics`, which keep their
 *   problem+json 404 so API clients are not handed HTML.
 * - If the app has not been built, `/` (and every client route) answers a problem+json 503 that
 *   says how to build it, instead of a bare 404.
 */
import fastifyStatic from '@fastify/static';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors.ts';

/** `web/dist` of this checkout. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Paths the server owns: they never fall back to the web app's index.html. */
const SERVER_PATHS = /^\/(api(\/|$)|healthz$|readyz$|metrics$)/;

/** Content-Security-Policy for the app: everything from this origin, no inline scripts. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Aksel components set inline style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  // The recording player plays an Opus recording from the bytes it read once (an object URL).
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const isFile = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

export interface WebAppOptions {
  /** Directory with the built app (default: `web/dist`). */
  distDir?: string;
}

/** Mounts the app of a build directory (tests point it at a fixture). */
export async function webAppRoutes(app: FastifyInstance, opts: WebAppOptions = {}): Promise<void> {
  const root = resolve(opts.distDir ?? DEFAULT_WEB_DIST);
  const indexFile = join(root, 'index.html');
  {
    await app.register(fastifyStatic, {
      root,
      serve: false,
      // The build may be made after the server starts: no warning, checked per request.
      suppressWarning: true,
      index: false,
      dotfiles: 'deny',
      // Brotli or gzip copies made at build time (web/precompress.ts), for browsers that take them.
      preCompressed: true,
    });

    const sendIndex = (reply: FastifyReply) =>
      reply
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .sendFile('index.html', root, { cacheControl: false });

    const handler = async (req: FastifyRequest, reply: FastifyReply) => {
      let path: string;
      try {
        path = decodeURIComponent((req.url.split('?')[0] ?? '/').replace(/\/+$/, '') || '/');
      } catch {
        throw new AppError('bad-request', 'The path is not valid URL encoding');
      }
      if (SERVER_PATHS.test(path)) {
        throw new AppError('not-found', `No route for ${req.method} ${path}`);
      }
      if (!existsSync(indexFile)) {
        throw new AppError(
          'unavailable',
          `The web application is not built: run \`npm run build:web\` (writes ${root}) and reload. The API under /api/v1 works without it.`,
          { docs: '/docs/web.md' },
        );
      }
      const rel = path.replace(/^\/+/, '');
      if (rel && !rel.split('/').some((s) => s === '..' || s.startsWith('.'))) {
        const file = join(root, rel);
        if (file.startsWith(root + '/') && isFile(file) && rel !== 'index.html') {
          const hashed = rel.startsWith('assets/');
          return reply
            .header('x-content-type-options', 'nosniff')
            .sendFile(rel, root, hashed ? { maxAge: '365d', immutable: true } : { cacheControl: false });
        }
        // A missing file with an extension (a stale asset link) is a real 404, not a page.
        if (/\.[a-z0-9]{1,8}$/i.test(rel)) throw new AppError('not-found', `No file ${path}`);
      }
      return sendIndex(reply);
    };

    app.get('/', handler);
    app.get('/*', handler);
  }
}
