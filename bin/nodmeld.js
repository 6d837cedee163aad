#!/usr/bin/env node
// Entry point of the `nodmeld` command: loads the TypeScript CLI through tsx and runs it.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
