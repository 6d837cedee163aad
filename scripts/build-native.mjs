#!/usr/bin/env node
// Builds the SIP UDP batch I/O addon (native/sip-udp, docs/decisions/0003) with the machine's C
// compiler against the running Node's headers, when the .node file is missing or older than its
// source. Without a compiler the SIP server falls back to node:dgram, so this only warns — unless
// --required is given (the test suite: native tests must not pass by being skipped).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

const required = process.argv.includes('--required');
const source = 'native/sip-udp/udp_batch.c';
const output = 'native/sip-udp/build/udp_batch.node';
if (existsSync(output) && statSync(output).mtimeMs >= statSync(source).mtimeMs) process.exit(0);

function fail(message) {
  console[required ? 'error' : 'warn'](
    `native SIP UDP addon not built: ${message}${required ? '' : ' (the SIP server uses node:dgram)'}`,
  );
  process.exit(required ? 1 : 0);
}
if (process.platform !== 'linux') fail(`recvmmsg/sendmmsg need Linux, this is ${process.platform}`);
const candidates = [
  process.env.NODMELD_NODE_INCLUDE,
  path.resolve(path.dirname(process.execPath), '..', 'include', 'node'),
  '/usr/include/node',
  '/usr/local/include/node',
].filter(Boolean);
const include = candidates.find(
  (d) => existsSync(path.join(d, 'node_api.h')) && existsSync(path.join(d, 'uv.h')),
);
if (!include)
  fail(`no Node headers (node_api.h, uv.h) in ${candidates.join(', ')}; set NODMELD_NODE_INCLUDE`);
const cc = process.env.CC || 'cc';
mkdirSync(path.dirname(output), { recursive: true });
const args = [
  '-O2',
  '-std=gnu11',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-Wno-unused-parameter',
  '-fPIC',
  '-shared',
  '-DNODE_GYP_MODULE_NAME=udp_batch',
  `-I${include}`,
  source,
  '-o',
  output,
];
const r = spawnSync(cc, args, { stdio: 'inherit' });
if (r.error) fail(`${cc}: ${r.error.message}`);
if (r.status !== 0) fail(`${cc} exited with ${r.status}`);
console.log(`Built ${output}`);
