#!/usr/bin/env node
// Runs node:test over every *.test.ts below the given folders (Node 20's --test takes no globs).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const skip = new Set(['node_modules', 'dist', 'sdk']);
function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return skip.has(entry.name) ? [] : find(full);
    // *.browser.test.ts run in Chromium (web-test-runner.config.mjs).
    return entry.name.endsWith('.test.ts') && !entry.name.endsWith('.browser.test.ts') ? [full] : [];
  });
}

const files = process.argv.slice(2).flatMap(find).sort();
if (files.length === 0) {
  console.error(`no *.test.ts files under ${process.argv.slice(2).join(', ')}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--conditions=source', '--import', 'tsx', '--test', '--test-concurrency=1', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
