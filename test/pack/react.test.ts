/**
 * @live-shop/react as an app gets it (built output: run `npm run build` first): its types under
 * `tsc --strict` (wrappers and JSX tags, loose props rejected), the example storefront's types, an
 * `on…` prop for every event each element's manifest entry lists, and server rendering in Node.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { assertStrictCompile } from '../helpers/strict-tsc.js';

const root = path.resolve(import.meta.dirname, '../..');
const JSX = ['--jsx', 'react-jsx', '--lib', 'es2022,dom,dom.iterable'];

test('the wrappers and the JSX tags type-check under tsc --strict, and wrong props or handlers do not', () => {
  assertStrictCompile(path.join(import.meta.dirname, 'fixtures/react.tsx'), { flags: JSX });
});

test('the pages the React end-to-end test builds type-check as they are run', () => {
  for (const page of ['main.tsx', 'studio.tsx'])
    assertStrictCompile(path.join(root, 'test/e2e/fixtures/react-tags', page), { flags: JSX });
});

test('examples/react-storefront type-checks', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'examples/react-storefront/tsconfig.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`);
});

interface Declaration {
  tagName?: string;
  events?: { name: string; description?: string }[];
  attributes?: { name: string }[];
}
const manifest = JSON.parse(readFileSync(path.join(root, 'packages/elements/custom-elements.json'), 'utf8')) as {
  modules: { declarations?: Declaration[] }[];
};
/** The viewer's own insides (it renders them; pages style them through its parts): no wrappers of their own. */
const INTERNAL = new Set(['live-shop-overlays', 'live-shop-pre-live']);
const elements = new Map(
  manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .flatMap((d) => (d.tagName && !INTERNAL.has(d.tagName) ? [[d.tagName, d] as const] : [])),
);

/** Runs `script` (an ES module) in a fresh Node with its default conditions, as an app's server would; returns its stdout. */
function inNode(script: string): string {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

test('every element of the manifest has a wrapper with an on… prop for each event it fires (deprecated ones aside)', () => {
  const { wrappers, propNames } = JSON.parse(
    inNode(`const react = await import('@live-shop/react');
      const { studioEvents } = await import('@live-shop/react/studio');
      const names = ${JSON.stringify([...elements.values()].flatMap((d) => (d.events ?? []).map((e) => e.name)))};
      console.log(JSON.stringify({
        wrappers: {
          'live-shop-viewer': react.viewerEvents,
          'live-shop-product-card': react.productCardEvents,
          'live-shop-chat': react.chatEvents,
          'live-shop-player': react.playerEvents,
          'live-shop-reactions': react.reactionsEvents,
          'live-shop-studio': studioEvents,
        },
        propNames: Object.fromEntries(names.map((name) => [name, react.eventPropName(name)])),
      }));`),
  ) as { wrappers: Record<string, Record<string, string>>; propNames: Record<string, string> };
  assert.deepEqual([...elements.keys()].sort(), Object.keys(wrappers).sort(), 'one wrapper per element');
  for (const [tag, declaration] of elements) {
    const fired = (declaration.events ?? []).filter((e) => !/^Deprecated\b/.test(e.description ?? ''));
    const expected = Object.fromEntries(fired.map((e) => [propNames[e.name], e.name]));
    assert.deepEqual(wrappers[tag], expected, `${tag}: its @fires and its wrapper's events`);
  }
  assert.equal(propNames['live-shop-chat-name-change'], 'onChatNameChange');
});

test('the JSX types name every attribute of the manifest', async (t) => {
  // A generated fixture indexes each tag's JSX props with each manifest attribute: a missing one fails to compile.
  const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
  const dir = await mkdtemp(path.join(root, 'test/pack/fixtures/.jsx-attributes-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const lines = [...elements].flatMap(([tag, d]) =>
    (d.attributes ?? []).map((a) => `type _${alias(tag, a.name)} = Tags['${tag}']['${a.name}'];`),
  );
  const file = path.join(dir, 'attributes.ts');
  await writeFile(
    file,
    `import type { LiveShopIntrinsicElements as Tags } from '@live-shop/react/jsx';\n${lines.join('\n')}\nexport {};\n`,
  );
  assertStrictCompile(file, { flags: ['--noUnusedLocals', 'false'] });
});

function alias(tag: string, attribute: string): string {
  return `${tag}_${attribute}`.replace(/-/g, '_');
}

test('a wrapper renders on the server (Node, no DOM) as its tag', () => {
  const html = inNode(`if (typeof document !== 'undefined') throw new Error('a DOM is present');
    const { createElement } = await import('react');
    const { renderToString } = await import('react-dom/server');
    const { LiveShopViewer } = await import('@live-shop/react');
    const { LiveShopStudio } = await import('@live-shop/react/studio');
    const page = createElement('div', null, createElement(LiveShopViewer, { show: 'abc', className: 'v' }), createElement(LiveShopStudio));
    console.log(renderToString(page));`);
  assert.equal(html, '<div><live-shop-viewer class="v"></live-shop-viewer><live-shop-studio></live-shop-studio></div>');
});
