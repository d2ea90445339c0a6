/**
 * The README's `document.addEventListener('live-shop-buy', (e) => e.detail…)` compiles under
 * `tsc --strict` against the built @live-shop/elements types (run `npm run build` first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const fixture = path.join(import.meta.dirname, 'fixtures/typed-events.ts');

test('live-shop-* listeners get typed details under tsc --strict', () => {
  const flags = [
    '--strict',
    '--noEmit',
    '--skipLibCheck',
    '--target',
    'es2022',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--lib',
    'es2022,dom',
  ];
  const result = spawnSync(process.execPath, [tsc, ...flags, fixture], { encoding: 'utf8' });
  assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`);
});
