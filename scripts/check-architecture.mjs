#!/usr/bin/env node
// The folder boundaries and the import-cycle check (docs/architecture.md, "Boundaries"), run by
// `npm test`. Reads every import of src/ and web/src/ with TypeScript's parser (no extra tool) and
// fails on:
//   1. a pure folder importing outside itself: every src/*/domain/** and the folders listed in
//      PURE_FOLDERS (src/readiness/competence/**, src/calls/statistics/**,
//      src/calls/reports/model/**, src/calls/reports/charts/**, src/calls/simulator/core/**,
//      src/nodnett/lip/**) may
//      import only their own
//      folder, the platform's pure modules (src/platform/time/, text/) and the pure folders their
//      entry names;
//   2. src/platform/** importing a context (anything in src/ outside platform/);
//   3. a context importing src/server/** or src/cli/** (the composition roots);
//   4. a cycle of runtime imports (type-only imports are erased and do not count), in src/ and
//      web/src/;
//   5. in the web app (web/src, docs/web.md): shared/ importing a feature (the text catalogue,
//      shared/i18n/catalogue.ts, alone composes the features' messages.* files) or the shell (the
//      files at web/src's root: main, app, layout, sections), and a feature importing the shell.
// Prints each violation as "file: imports target (rule)" and exits 1 when there is any.
import ts from 'typescript';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = process.cwd();
const SRC = path.join(ROOT, 'src');

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Relative imports of a file: [{ target (absolute), typeOnly }]. */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const found = [];
  const add = (spec, typeOnly) => {
    if (!spec.startsWith('.')) return;
    let target = path.resolve(path.dirname(file), spec);
    if (!existsSync(target) && existsSync(`${target}.ts`)) target = `${target}.ts`;
    found.push({ target, typeOnly });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const typeOnly =
        !!c &&
        (c.isTypeOnly ||
          (!c.name &&
            c.namedBindings &&
            ts.isNamedImports(c.namedBindings) &&
            c.namedBindings.elements.length > 0 &&
            c.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      // A dynamic import runs later, on use: it is a dependency but not a load-time cycle.
      add(node.arguments[0].text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const rel = (p) => path.relative(ROOT, p);
const within = (p, dir) => p === dir || p.startsWith(dir + path.sep);
const isTest = (p) =>
  /\.test\.tsx?$/.test(p) || p.includes(`${path.sep}testing${path.sep}`) || /testing(-app)?\.ts$/.test(p);

const WEB = path.join(ROOT, 'web', 'src');
const WEB_SHARED = path.join(WEB, 'shared');
const WEB_FEATURES = path.join(WEB, 'features');
const WEB_CATALOGUE = path.join(WEB_SHARED, 'i18n', 'catalogue.ts');
const webFiles = existsSync(WEB) ? walk(WEB) : [];
const files = [...walk(SRC), ...webFiles];
const graph = new Map();
const violations = [];

const PLATFORM = path.join(SRC, 'platform');
const PURE_PLATFORM = [path.join(SRC, 'platform', 'time'), path.join(SRC, 'platform', 'text')];
const ROOTS = [path.join(SRC, 'server'), path.join(SRC, 'cli')];

/**
 * Pure folders besides every `domain/` folder (which is pure by its name): each may import itself,
 * the pure platform modules and the pure folders in `mayImport` (paths under src/).
 */
const PURE_FOLDERS = [
  { dir: 'readiness/competence', mayImport: [] },
  { dir: 'calls/statistics', mayImport: ['calls/domain'] },
  { dir: 'calls/reports/model', mayImport: ['calls/domain', 'calls/statistics'] },
  { dir: 'calls/reports/charts', mayImport: ['calls/reports/model'] },
  { dir: 'calls/simulator/core', mayImport: ['calls/domain', 'routing/domain'] },
  { dir: 'nodnett/lip', mayImport: [] },
].map(({ dir, mayImport }) => ({
  dir: path.join(SRC, ...dir.split('/')),
  mayImport: mayImport.map((d) => path.join(SRC, ...d.split('/'))),
}));

/** The pure folder a file is in and the folders it may import besides itself, or null. */
function pureFolderOf(file) {
  const parts = path.relative(SRC, file).split(path.sep);
  const d = parts.indexOf('domain');
  if (d > 0) return { dir: path.join(SRC, ...parts.slice(0, d + 1)), mayImport: [] };
  return PURE_FOLDERS.find((f) => within(file, f.dir)) ?? null;
}

for (const file of files) {
  const imports = importsOf(file);
  graph.set(
    file,
    imports.filter((i) => !i.typeOnly).map((i) => i.target),
  );
  if (within(file, WEB)) {
    for (const { target } of imports) {
      const shell = path.dirname(target) === WEB;
      if (within(file, WEB_SHARED) && shell) {
        violations.push(
          `${rel(file)}: imports ${rel(target)} (web/src/shared/ imports nothing of the shell)`,
        );
      }
      if (
        within(file, WEB_SHARED) &&
        within(target, WEB_FEATURES) &&
        !(file === WEB_CATALOGUE && /^messages\.(nb|en)\.ts$/.test(path.basename(target)))
      ) {
        violations.push(
          `${rel(file)}: imports ${rel(target)} (web/src/shared/ imports no feature; only i18n/catalogue.ts composes their messages)`,
        );
      }
      if (within(file, WEB_FEATURES) && shell) {
        violations.push(`${rel(file)}: imports ${rel(target)} (a feature imports nothing of the shell)`);
      }
    }
    continue;
  }
  const pure = pureFolderOf(file);
  for (const { target } of imports) {
    if (!within(target, SRC)) continue;
    if (
      pure &&
      !isTest(file) &&
      !within(target, pure.dir) &&
      ![...PURE_PLATFORM, ...pure.mayImport].some((d) => within(target, d))
    ) {
      const also = pure.mayImport.map((d) => `${rel(d)}/, `).join('');
      violations.push(
        `${rel(file)}: imports ${rel(target)} (a pure folder imports only itself, ${also}src/platform/time/ or text/)`,
      );
    }
    if (within(file, PLATFORM) && !within(target, PLATFORM)) {
      violations.push(`${rel(file)}: imports ${rel(target)} (the platform imports no context)`);
    }
    const inRoot = ROOTS.some((r) => within(file, r));
    if (!inRoot && ROOTS.some((r) => within(target, r))) {
      violations.push(
        `${rel(file)}: imports ${rel(target)} (contexts and the platform import nothing from server/ or cli/)`,
      );
    }
  }
}

// Cycles of runtime imports (Tarjan's strongly connected components).
let index = 0;
const idx = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
function strong(v) {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
    if (!idx.has(w)) {
      strong(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const comp = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(comp);
  }
}
for (const f of graph.keys()) if (!idx.has(f)) strong(f);
for (const c of cycles) violations.push(`import cycle: ${c.map(rel).sort().join(' ↔ ')}`);

if (violations.length) {
  process.stderr.write(
    `Architecture check: ${violations.length} violation(s)\n${violations.map((v) => `  ${v}`).join('\n')}\n`,
  );
  process.exit(1);
}
process.stdout.write(`Architecture check: ${files.length} files, no boundary violation, no import cycle\n`);
