/**
 * Vite build of the web application. `npm run build:web` writes `web/dist`, which the server
 * serves at `/` (src/web/serve.ts). In development (`npx vite --config web/vite.config.ts`) API
 * calls are proxied to a running server (NODMELD_DEV_API, default http://127.0.0.1:8080).
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { precompress } from './precompress.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const devApi = process.env.NODMELD_DEV_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': devApi, '/healthz': devApi } },
});
