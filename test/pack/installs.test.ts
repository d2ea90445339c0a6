/**
 * What a merchant installs and bundles: every tarball carries its README and LICENSE; installing
 * @live-shop/elements does not install Mux Player, a bundle of `define.js` holds none of it, and
 * `@live-shop/elements/mux` brings it as a lazy chunk. Built output: run `npm run build` first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup, type OutputChunk } from 'rollup';

const root = path.resolve(import.meta.dirname, '../..');
const PACKAGES = ['protocol', 'client', 'elements', 'server', 'react'];
let work: string;
let tarballs: Record<string, string>;
let app: string;

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'live-shop-installs-'));
  const dir = path.join(work, 'tarballs');
  app = path.join(work, 'storefront');
  await mkdir(dir);
  await mkdir(app);
  npm(['pack', '--workspaces', '--pack-destination', dir, '--silent'], root);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.tgz'));
  tarballs = Object.fromEntries(
    PACKAGES.map((p) => [
      p,
      path.join(
        dir,
        files.find((f) => f.startsWith(`live-shop-${p}-`))!,
      ),
    ]),
  );
  // A storefront's install: the browser packages only (no server, so nothing compiles).
  await writeFile(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'storefront', private: true, type: 'module' }),
  );
  npm(
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      tarballs.protocol!,
      tarballs.client!,
      tarballs.elements!,
    ],
    app,
  );
});

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Bundles `code` the way a merchant's build would (browser resolution, code splitting). */
async function bundle(code: string): Promise<OutputChunk[]> {
  const entry = path.join(app, `entry-${Date.now()}.js`);
  await writeFile(entry, code);
  const build = await rollup({ input: entry, plugins: [nodeResolve({ browser: true })], onwarn: () => {} });
  try {
    const { output } = await build.generate({ format: 'es', dir: path.join(work, 'out') });
    return output.filter((o): o is OutputChunk => o.type === 'chunk');
  } finally {
    await build.close();
  }
}
const muxModules = (chunk: OutputChunk) =>
  Object.keys(chunk.modules).filter((id) => id.includes(`${path.sep}@mux${path.sep}`));

test('every published package carries its README.md and LICENSE', async () => {
  const license = await readFile(path.join(root, 'LICENSE'), 'utf8');
  assert.match(license, /^MIT License/);
  for (const pkg of PACKAGES) {
    const files = execFileSync('tar', ['-tzf', tarballs[pkg]!], { encoding: 'utf8' }).split('\n');
    for (const file of ['package/README.md', 'package/LICENSE'])
      assert.ok(files.includes(file), `${file} in @live-shop/${pkg}`);
    const readme = execFileSync('tar', ['-xzOf', tarballs[pkg]!, 'package/README.md'], { encoding: 'utf8' });
    assert.match(readme, new RegExp(`^# @live-shop/${pkg}\\n`), `@live-shop/${pkg}'s own README`);
    assert.equal(execFileSync('tar', ['-xzOf', tarballs[pkg]!, 'package/LICENSE'], { encoding: 'utf8' }), license);
  }
});

test('installing @live-shop/elements does not install Mux Player (an optional peer dependency)', () => {
  assert.ok(existsSync(path.join(app, 'node_modules/@live-shop/elements/package.json')));
  assert.ok(existsSync(path.join(app, 'node_modules/hls.js')), 'the HLS engine is a dependency');
  assert.equal(existsSync(path.join(app, 'node_modules/@mux/mux-player')), false);
  assert.equal(existsSync(path.join(app, 'node_modules/media-chrome')), false);
});

test('a bundle of @live-shop/elements/define.js holds no Mux Player code', async () => {
  const chunks = await bundle(`import '@live-shop/elements/define.js';\n`);
  assert.ok(
    chunks.some((c) => Object.keys(c.modules).some((id) => id.includes('player-engine-hls'))),
    'the HLS engine is there, lazily',
  );
  assert.deepEqual(chunks.flatMap(muxModules), []);
  for (const chunk of chunks)
    assert.doesNotMatch(chunk.code, /customElements\.define\(["']mux-player["']/, chunk.fileName);
});

test('@live-shop/elements/mux brings Mux Player, as a lazy chunk', async () => {
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', `@mux/mux-player@${muxRange()}`], app);
  const chunks = await bundle(`import '@live-shop/elements/define.js';\nimport '@live-shop/elements/mux';\n`);
  const [entry] = chunks.filter((c) => c.isEntry);
  assert.deepEqual(muxModules(entry!), [], 'not in the first load');
  const mux = chunks.filter((c) => muxModules(c).some((id) => id.includes(`${path.sep}mux-player${path.sep}`)));
  assert.equal(mux.length > 0, true, 'a chunk holds @mux/mux-player');
  for (const chunk of mux)
    assert.ok(!chunk.isEntry && !entry!.imports.includes(chunk.fileName), `${chunk.fileName} is loaded on demand`);
});

/** The peer range the package declares: what a merchant would install. */
function muxRange(): string {
  const pkg = JSON.parse(
    execFileSync('tar', ['-xzOf', tarballs.elements!, 'package/package.json'], { encoding: 'utf8' }),
  ) as {
    peerDependencies: Record<string, string>;
    peerDependenciesMeta: Record<string, { optional?: boolean }>;
    dependencies: Record<string, string>;
  };
  assert.equal(pkg.dependencies['@mux/mux-player'], undefined);
  assert.equal(pkg.peerDependenciesMeta['@mux/mux-player']?.optional, true);
  return pkg.peerDependencies['@mux/mux-player']!;
}
