import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// A module graph without cycles (type-only imports included) keeps the build order of the server's
// pieces explicit: what is built first never imports what is built from it.

const packages = fileURLToPath(new URL('../../', import.meta.url));
const ROOTS = ['protocol/src', 'client/src', 'server/src'].map((dir) => path.join(packages, dir));
/** `import … from './x.js'`, `export … from`, `import './x.js'`, `import('./x.js')`: relative specifiers only. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(SPECIFIER)].map((m) => path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')));
}

/** Every cycle found by a depth-first walk, each as the files along it. */
function findCycles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((file) => [file, importsOf(file).filter((to) => files.includes(to))]));
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  const visit = (file: string, trail: string[]) => {
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...trail.slice(trail.indexOf(next)), next]);
      else if (!state.has(next)) visit(next, [...trail, next]);
    }
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file, [file]);
  return cycles;
}

test('no import cycles in the protocol, client and server sources (type-only imports count)', () => {
  const files = ROOTS.flatMap(sources);
  assert.ok(files.length > 100, `found only ${files.length} source files: wrong folders?`);
  const cycles = findCycles(files).map((cycle) => cycle.map((file) => path.relative(packages, file)).join(' → '));
  assert.deepEqual(cycles, []);
});
