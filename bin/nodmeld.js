#!/usr/bin/env -S node --max-semi-space-size=64
// Entry point of the `nodmeld` command: loads the TypeScript CLI through tsx and runs it. The
// server runs with a young generation of 2 × 64 MB (docs/operations.md, "Memory"): the default
// 2 × 16 MB was collected so often under load that routing spent several per cent more per call.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
