/**
 * The README stays true to the tree: its docs/ listing names exactly the files in docs/, and the
 * flags and variables of its npm quick start are the server's (its --help).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { HELP } from '../../packages/server/src/config.js';

const root = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

test("the README's docs/ listing matches docs/", () => {
  const line = /^docs\/\s+(.+)$/m.exec(readme);
  assert.ok(line, 'a docs/ line in the Repository listing');
  const listed = line[1]!
    .split(',')
    .map((s) => s.trim())
    .sort();
  const actual = readdirSync(path.join(root, 'docs'), { withFileTypes: true })
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort();
  assert.deepEqual(listed, actual);
});

test("the README's npm quick start uses the server's own flags and variables", () => {
  const start = readme.slice(readme.indexOf('### Running the server from npm'), readme.indexOf('## Embedding'));
  assert.ok(start.length > 0);
  // Flags on the server's command lines, and every LIVE_SHOP_* variable named.
  const flags = start
    .split('\n')
    .filter((l) => /(@live-shop\/server|live-shop-server)\b/.test(l) && !l.includes('npm install'));
  const names = new Set([
    ...flags.flatMap((l) => [...l.matchAll(/(?<=\s)--[a-z][a-z-]*/g)].map((m) => m[0])),
    ...[...start.matchAll(/\bLIVE_SHOP_[A-Z_]+/g)].map((m) => m[0]),
  ]);
  assert.ok(names.has('--data-dir') && names.has('LIVE_SHOP_ALLOWED_ORIGINS'), [...names].join(' '));
  for (const name of names) assert.ok(HELP.includes(name), `${name} is in live-shop-server --help`);
});
