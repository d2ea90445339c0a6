/**
 * The README's `document.addEventListener('live-shop-buy', (e) => e.detail…)` compiles under
 * `tsc --strict` against the built @live-shop/elements types (run `npm run build` first).
 */
import { test } from 'node:test';
import path from 'node:path';
import { assertStrictCompile } from '../helpers/strict-tsc.js';
const fixture = path.join(import.meta.dirname, 'fixtures/typed-events.ts');

test('live-shop-* listeners get typed details under tsc --strict', () => {
  assertStrictCompile(fixture);
});
