#!/usr/bin/env node
// Entry point for the `nodmeld` command: runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
register();
await import(fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)));
