// Prints the SDK bundle's first-load size (live-shop.js + chunks it statically imports), what a viewer
// loads before it draws its stage (+ its parts and stage layout chunks), and the lazy chunks: raw,
// gzip and brotli, as the server sends them (the build's precompressed .gz / .br copies). Exits 1 when
// the first load exceeds the budget (gzip, what every browser accepts).
// Then what @live-shop/react adds to an app's bundle, apart from React and the elements.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';

// The viewer's parts (player, chat, product card) are a chunk it loads as it connects (issue 14).
const BUDGET = 22 * 1024;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sdk = join(root, 'packages/server/sdk');
const entry = join(sdk, 'live-shop.js');
if (!existsSync(entry)) {
  console.error(`size: ${relative(root, entry)} not found; run \`npm run build\` first`);
  process.exit(2);
}

/** Static imports only: `import ... from './x.js'`, `import './x.js'`, `export ... from './x.js'`. */
function staticImports(file) {
  const code = readFileSync(file, 'utf8');
  const specs = new Set();
  for (const m of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+)["']/g))
    specs.add(m[1]);
  return [...specs].filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s));
}

const firstLoad = [];
const queue = [entry];
while (queue.length) {
  const file = queue.shift();
  if (firstLoad.includes(file)) continue;
  firstLoad.push(file);
  queue.push(...staticImports(file));
}

/** Bytes on the wire per coding: the precompressed copy the server sends, computed when it is missing. */
const measure = (file) => {
  const buf = readFileSync(file);
  const copy = (ext, compress) => (existsSync(file + ext) ? readFileSync(file + ext).length : compress(buf).length);
  return {
    file: relative(sdk, file),
    raw: buf.length,
    gzip: copy('.gz', (b) => gzipSync(b, { level: 9 })),
    br: copy('.br', (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })),
  };
};
const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const table = (title, rows) => {
  console.log(`\n${title}`);
  const w = Math.max(4, ...rows.map((r) => r.file.length));
  console.log(`  ${'file'.padEnd(w)}  ${'raw'.padStart(10)}  ${'gzip'.padStart(10)}  ${'br'.padStart(10)}`);
  for (const r of rows)
    console.log(
      `  ${r.file.padEnd(w)}  ${kb(r.raw).padStart(10)}  ${kb(r.gzip).padStart(10)}  ${kb(r.br).padStart(10)}`,
    );
};

const first = firstLoad.map(measure);
table('First load (live-shop.js + static imports)', first);
const sum = (rows) =>
  rows.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip, br: a.br + r.br }), { raw: 0, gzip: 0, br: 0 });
const total = sum(first);
console.log(`  total: ${kb(total.raw)} raw, ${kb(total.gzip)} gzip (budget ${kb(BUDGET)}), ${kb(total.br)} br`);

const chunkDir = join(sdk, 'chunks');
// The viewer requests its parts and its stage's layout as it connects (during the socket handshake),
// before it draws the stage: what a viewer page loads in all, the video engine apart.
const startFiles = existsSync(chunkDir)
  ? readdirSync(chunkDir).filter((f) => /^(viewer-parts|stage-layout)-.*\.js$/.test(f))
  : [];
if (startFiles.length) {
  const start = sum([...first, ...startFiles.map((f) => measure(join(chunkDir, f)))]);
  console.log(
    `  a viewer's start (+ ${startFiles.join(' + ')}): ${kb(start.raw)} raw, ${kb(start.gzip)} gzip, ${kb(start.br)} br`,
  );
}

const chunks = existsSync(chunkDir)
  ? readdirSync(chunkDir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => join(chunkDir, f))
      .filter((f) => !firstLoad.includes(f))
      .map(measure)
  : [];
const isCatalog = (r) => r.file.startsWith('chunks/i18n-');
const lazy = chunks.filter((r) => !isCatalog(r));
table('Lazy chunks (loaded on demand)', lazy.length ? lazy : [{ file: '(none)', raw: 0, gzip: 0, br: 0 }]);
// English is inline; a page in another language loads its locale's viewer catalog (the studio adds `.studio`).
const catalogs = chunks.filter(isCatalog);
table(
  'Message catalogs (one per locale, loaded on demand)',
  catalogs.length ? catalogs : [{ file: '(none)', raw: 0, gzip: 0, br: 0 }],
);

/** An entry of the built wrapper, bundled and minified as an app's build would, React and the elements left out. */
async function wrapper(entry) {
  const build = await rollup({
    input: join(root, 'packages/react/dist', entry),
    external: (id) => /^(react|react-dom|@live-shop\/elements)(\/|$)/.test(id),
    plugins: [nodeResolve({ browser: true }), terser()],
    onwarn: () => {},
  });
  const { output } = await build.generate({ format: 'es' });
  await build.close();
  const code = Buffer.from(output.map((chunk) => chunk.code ?? '').join(''));
  return {
    file: `@live-shop/react${entry === 'index.js' ? '' : `/${entry.replace(/\.js$/, '')}`}`,
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    br: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
if (existsSync(join(root, 'packages/react/dist/index.js')))
  table('React wrapper (with @lit/react; without React and the elements)', [
    await wrapper('index.js'),
    await wrapper('studio.js'),
  ]);

if (total.gzip > BUDGET) {
  console.error(`\nFirst load is ${kb(total.gzip)} gzip, over the ${kb(BUDGET)} budget.`);
  process.exit(1);
}
