/**
 * Every entry point of @live-shop/elements, @live-shop/client and @live-shop/react imports in plain Node, with no DOM
 * (Next.js, Astro and other SSR frameworks evaluate imports on the server). Built output: run `npm run build` first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

function entryPoints(pkg: string): string[] {
  const { name, exports } = JSON.parse(readFileSync(path.join(root, 'packages', pkg, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, unknown>;
  };
  // Types-only entries (`@live-shop/react/jsx`) have nothing to import.
  return Object.entries(exports)
    .filter(
      ([key, target]) =>
        !key.endsWith('.json') &&
        // The service worker is a classic script for a worker's importScripts, not a module to import.
        key !== './live-shop-sw.js' &&
        (typeof target === 'string' || 'default' in (target as object)),
    )
    .map(([key]) => path.posix.join(name, key));
}

for (const specifier of [...entryPoints('elements'), ...entryPoints('client'), ...entryPoints('react')]) {
  test(`import('${specifier}') works in Node without a DOM`, () => {
    // A fresh process with Node's default conditions: what a server bundle resolves to.
    const script = `if (typeof document !== 'undefined') throw new Error('a DOM is present');
      const m = await import(${JSON.stringify(specifier)});
      console.log(Object.keys(m).length);`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, `import failed:\n${result.stderr}`);
    assert.ok(Number(result.stdout.trim()) > 0, `${specifier} exports something`);
  });
}
