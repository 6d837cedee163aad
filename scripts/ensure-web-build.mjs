#!/usr/bin/env node
// Builds the web app (web/dist) when it is missing or older than its sources, so that
// `npm start` on a fresh clone serves the UI. Quiet when the build is current.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const dist = 'web/dist/index.html';
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const sourceTime = Math.max(
  newest('web/src'),
  statSync('web/index.html').mtimeMs,
  statSync('web/vite.config.ts').mtimeMs,
);
if (existsSync(dist) && statSync(dist).mtimeMs >= sourceTime) process.exit(0);
console.log('Building the web app (web/dist) …');
const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
