/**
 * custom-elements.json (what editors, Storybook and JSX type generators read) says everything the
 * element sources do: every `part="…"` in their templates and every name they export with
 * `exportparts`, every `--live-shop-*` property their styles (and the elements they render) read,
 * every `<slot>`, and every event they fire through `emit()` with its detail type. Reads the
 * manifest `npm run build` writes (run it first) and the sources next to it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const pkg = path.resolve(import.meta.dirname, '../../packages/elements');

interface Named {
  name: string;
  type?: { text: string };
  description?: string;
}
interface Declaration {
  name: string;
  tagName?: string;
  customElement?: boolean;
  description?: string;
  events?: Named[];
  slots?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
}
interface Manifest {
  modules: { path: string; declarations?: Declaration[] }[];
}

const manifest = JSON.parse(readFileSync(path.join(pkg, 'custom-elements.json'), 'utf8')) as Manifest;
const elements = new Map<string, { path: string; decl: Declaration }>();
for (const mod of manifest.modules) {
  for (const decl of mod.declarations ?? [])
    if (decl.customElement && decl.tagName) elements.set(decl.tagName, { path: mod.path, decl });
}
const elementPaths = new Set([...elements.values()].map((e) => e.path));

const read = (file: string) => readFileSync(path.join(pkg, file), 'utf8');
/** Source without comments, so prose mentioning `<live-shop-player>` or a part is not taken for code. */
const code = (file: string) =>
  read(file)
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');

/** The element's module and every local module it imports (statically or lazily), up to other elements' modules. */
function closure(start: string): string[] {
  const seen = new Set([start]);
  for (const file of seen) {
    const imports = [
      ...code(file).matchAll(
        /(?:^import(?!\s+type\b)[^;]*?from\s*|^export[^;]*?from\s*|\bimport\()\s*'(\.{1,2}\/[^']+)\.js'/gm,
      ),
    ];
    for (const [, spec] of imports) {
      const next = path.posix.join(path.posix.dirname(file), `${spec}.ts`);
      if (!elementPaths.has(next) && existsSync(path.join(pkg, next))) seen.add(next);
    }
  }
  return [...seen];
}

/** `inner:outer` pairs of every `exportparts` in `files`, by the tag carrying it (literal or a constant). */
function exportParts(files: string[]): Map<string, [string, string][]> {
  const text = files.map(code).join('\n');
  const byTag = new Map<string, [string, string][]>();
  for (const [, tag, literal, constant] of text.matchAll(
    /<(live-shop-[a-z-]+)\b[^<]*?\bexportparts=(?:"([^"]*)"|\$\{(\w+)\})/g,
  )) {
    const value = literal ?? new RegExp(`\\b${constant} = ([\`'])([\\s\\S]*?)\\1`).exec(text)?.[2];
    assert.ok(
      value !== undefined,
      `exportparts=\${${constant}}: no string constant ${constant} in ${files.join(', ')}`,
    );
    const pairs = value
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean)
      .map((m) => m.split(':').map((s) => s.trim()) as [string, string?]);
    byTag.set(tag!, [
      ...(byTag.get(tag!) ?? []),
      ...pairs.map(([inner, outer]): [string, string] => [inner, outer ?? inner]),
    ]);
  }
  return byTag;
}

/** What the sources of one element use. */
function used(tag: string): {
  parts: Set<string>;
  props: Set<string>;
  allowedProps: Set<string>;
  slots: Set<string>;
  emits: Set<string>;
  children: Set<string>;
} {
  const files = closure(elements.get(tag)!.path);
  const text = files.map(code).join('\n');
  const children = new Set(
    [...text.matchAll(/<(live-shop-[a-z-]+)[\s>]/g)].map((m) => m[1]!).filter((t) => t !== tag && elements.has(t)),
  );
  const parts = new Set([...text.matchAll(/\bpart="([^"$]+)"/g)].flatMap((m) => m[1]!.split(/\s+/)));
  for (const pairs of exportParts(files).values()) for (const [, outer] of pairs) parts.add(outer);
  // A theme token (`--_x: var(--live-shop-x, …)` in shared/styles.ts) counts where the element's own
  // styles read `var(--_x)`; the shared rules (buttons, badges) may read any token, so any is allowed.
  const shared = files
    .filter((f) => f.startsWith('src/shared/'))
    .map(code)
    .join('\n');
  const own = files
    .filter((f) => !f.startsWith('src/shared/'))
    .map(code)
    .join('\n');
  const tokens = new Map(
    [...shared.matchAll(/(--_[a-z0-9-]+):\s*var\((--live-shop-[a-z0-9-]+)/g)].map((m) => [m[1]!, m[2]!]),
  );
  const props = new Set([...own.matchAll(/var\(\s*(--live-shop-[a-z0-9-]+)/g)].map((m) => m[1]!));
  for (const [alias, prop] of tokens) if (new RegExp(`var\\(${alias}(?![a-z0-9-])`).test(own)) props.add(prop);
  for (const host of ['--_font', '--_text']) if (tokens.has(host)) props.add(tokens.get(host)!); // the :host rule
  const allowedProps = new Set([...props, ...tokens.values()]);
  // Custom properties inherit through shadow roots: the ones the rendered elements read work on this one too.
  for (const child of children) {
    const theirs = used(child);
    for (const prop of theirs.props) props.add(prop);
    for (const prop of theirs.allowedProps) allowedProps.add(prop);
  }
  const slots = new Set([...text.matchAll(/<slot\b(?:[^>]*?\bname="([^"]+)")?/g)].map((m) => m[1] ?? ''));
  const emits = new Set([...text.matchAll(/\bemit\(\s*[\w.]+\s*,\s*LiveShopEvent\.(\w+)/g)].map((m) => m[1]!));
  return { parts, props, allowedProps, slots, emits, children };
}

/** events.ts: constant → name, name → `CustomEvent<Detail>`, and the deprecated names fired along with new ones. */
function eventTable() {
  const events = code('src/events.ts');
  const block = (start: string) => events.slice(events.indexOf(start), events.indexOf('}', events.indexOf(start)));
  const names = new Map(
    [...block('export const LiveShopEvent').matchAll(/(\w+): '(live-shop-[a-z-]+)'/g)].map((m) => [m[1]!, m[2]!]),
  );
  const aliases = new Map(
    [...block('DEPRECATED_ALIASES').matchAll(/\[LiveShopEvent\.(\w+)\]: LiveShopEvent\.(\w+)/g)].map((m) => [
      m[1]!,
      m[2]!,
    ]),
  );
  const typeOf = new Map(
    [...events.matchAll(/export type (LiveShop\w+Event) = (CustomEvent<.+?>);/g)].map((m) => [m[1]!, m[2]!]),
  );
  const types = new Map(
    [...block('export interface LiveShopEventMap').matchAll(/\[LiveShopEvent\.(\w+)\]: (\w+);/g)].map((m) => [
      names.get(m[1]!)!,
      typeOf.get(m[2]!)!,
    ]),
  );
  return { names, aliases, types };
}

const names = (list: Named[] | undefined) => new Set((list ?? []).map((n) => n.name));
const missing = (want: Iterable<string>, have: Set<string>) => [...want].filter((n) => !have.has(n)).sort();

test('the manifest lists the eight elements', () => {
  assert.deepEqual([...elements.keys()].sort(), [
    'live-shop-chat',
    'live-shop-overlays',
    'live-shop-player',
    'live-shop-pre-live',
    'live-shop-product-card',
    'live-shop-reactions',
    'live-shop-studio',
    'live-shop-viewer',
  ]);
});

for (const [tag, { path: file, decl }] of elements) {
  test(`${tag}: class JSDoc has its prose before the tags (the analyzer drops or glues prose after them)`, () => {
    const source = read(file);
    const doc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export class/.exec(source)?.[1] ?? '';
    const lines = doc.split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
    const firstTag = lines.findIndex((l) => l.startsWith('@'));
    const stray = lines.slice(firstTag).filter((l) => l.trim() && !l.startsWith('@') && !/^\s/.test(l));
    assert.deepEqual(stray, [], `prose after the first @tag in ${file}`);
    assert.ok(decl.description && decl.description.length > 20, 'has a description');
  });

  test(`${tag}: every part in its templates (and every exported one) is a @csspart`, () => {
    const { parts } = used(tag);
    assert.ok(parts.has('base'), 'the root is part="base"');
    assert.deepEqual(missing(parts, names(decl.cssParts)), []);
    assert.deepEqual(missing(names(decl.cssParts), parts), [], 'documented parts that no template has');
  });

  test(`${tag}: the elements it renders export all their parts, under names that exist`, () => {
    const { children } = used(tag);
    const exported = exportParts(closure(file));
    for (const child of children) {
      const childParts = names(elements.get(child)!.decl.cssParts);
      const pairs = exported.get(child) ?? [];
      assert.deepEqual(
        missing(childParts, new Set(pairs.map(([inner]) => inner))),
        [],
        `${child} parts not exported by ${tag}`,
      );
      assert.deepEqual(
        missing(
          pairs.map(([inner]) => inner),
          childParts,
        ),
        [],
        `${tag} exports parts ${child} does not have`,
      );
    }
  });

  test(`${tag}: every --live-shop-* property its styles read (its children's included) is a @cssprop`, () => {
    const { props, allowedProps } = used(tag);
    assert.ok(props.size > 0);
    assert.deepEqual(missing(props, names(decl.cssProperties)), []);
    assert.deepEqual(missing(names(decl.cssProperties), allowedProps), [], 'documented properties nothing reads');
    for (const p of decl.cssProperties ?? []) assert.ok(p.description, `${p.name} has a description`);
  });

  test(`${tag}: every <slot> is a @slot`, () => {
    const { slots } = used(tag);
    assert.deepEqual(missing(slots, names(decl.slots)), []);
  });

  test(`${tag}: every event it emits (and its deprecated alias) is a @fires with its detail type`, () => {
    const { names: constants, aliases, types } = eventTable();
    const fired = new Set<string>();
    for (const constant of used(tag).emits) {
      fired.add(constants.get(constant)!);
      if (aliases.has(constant)) fired.add(constants.get(aliases.get(constant)!)!);
    }
    const documented = new Map((decl.events ?? []).map((e) => [e.name, e]));
    assert.deepEqual(missing(fired, new Set(documented.keys())), []);
    for (const [name, event] of documented) {
      assert.ok(types.has(name), `${name} is not an event in events.ts`);
      assert.equal(event.type?.text, types.get(name), `${name}: @fires {type}`);
      assert.ok(event.description, `${name} has a description`);
    }
  });
}
