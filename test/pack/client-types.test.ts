/**
 * The headless client as a merchant's TypeScript sees it: fixtures/client-ws.ts compiles under
 * `tsc --strict` against the built @live-shop/client types (run `npm run build` first), in a project
 * of its own that has `ws` 8 and its `@types/ws`, as the docs' Node setup installs them.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertStrictCompile } from '../helpers/strict-tsc.js';

const root = path.resolve(import.meta.dirname, '../..');
/** Where a package is installed, as seen from `from` (the workspace has no top-level ws 8 or @types/ws 8). */
function installed(name: string, from: string): string {
  const dirs = createRequire(path.join(from, 'x.js')).resolve.paths(name) ?? [];
  const found = dirs.map((dir) => path.join(dir, name)).find((dir) => existsSync(path.join(dir, 'package.json')));
  assert.ok(found, `${name} is installed (from ${from})`);
  return found;
}

let work = '';
after(() => work && rm(work, { recursive: true, force: true }));

test('new LiveShopClient({socketOptions: {WebSocket}}) with `ws` compiles under tsc --strict, as do the exported helpers', async () => {
  work = await mkdtemp(path.join(tmpdir(), 'live-shop-client-types-'));
  const ws = installed('ws', path.join(root, 'packages/client'));
  // engine.io (the server's) depends on @types/ws 8: the types a merchant installs next to ws 8.
  const wsTypes = installed('@types/ws', installed('engine.io', path.join(root, 'packages/server')));
  const links: Record<string, string> = {
    '@live-shop/client': path.join(root, 'packages/client'),
    '@live-shop/protocol': path.join(root, 'packages/protocol'),
    ws,
    '@types/ws': wsTypes,
    '@types/node': installed('@types/node', root),
  };
  for (const [name, target] of Object.entries(links)) {
    await mkdir(path.dirname(path.join(work, 'node_modules', name)), { recursive: true });
    await symlink(target, path.join(work, 'node_modules', name), 'dir');
  }
  for (const dir of [ws, wsTypes]) {
    const { version } = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { version: string };
    assert.match(version, /^8\./, `${dir} is version 8`);
  }
  const file = path.join(work, 'client-ws.ts');
  await copyFile(path.join(import.meta.dirname, 'fixtures/client-ws.ts'), file);
  assertStrictCompile(file, { cwd: work, types: ['node'] });
});
