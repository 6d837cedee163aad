/**
 * A Vite plugin that writes a Brotli (`.br`) and a gzip (`.gz`) copy beside each compressible file
 * of the build (scripts, styles, HTML, SVG, JSON; 1 KiB or more), at the highest levels — once,
 * at build time. The server sends them to browsers that accept them (src/web/serve.ts,
 * `preCompressed`): the app's 660 KiB of JavaScript travel as about a quarter of that, with no
 * compression work per request. Source maps are left as they are (read only by developer tools).
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt)$/;
const MIN_BYTES = 1024;

export function precompress(): Plugin {
  return {
    name: 'nodmeld-precompress',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const [fileName, item] of Object.entries(bundle)) {
        if (!COMPRESSIBLE.test(fileName)) continue;
        const source = item.type === 'chunk' ? item.code : item.source;
        const bytes = typeof source === 'string' ? Buffer.from(source) : Buffer.from(source);
        if (bytes.length < MIN_BYTES) continue;
        const br = brotliCompressSync(bytes, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        });
        this.emitFile({ type: 'asset', fileName: `${fileName}.br`, source: br });
        this.emitFile({ type: 'asset', fileName: `${fileName}.gz`, source: gzipSync(bytes, { level: 9 }) });
      }
    },
  };
}
