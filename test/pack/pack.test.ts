/**
 * Packaging as merchants get it: npm pack every package, install the tarballs into an empty folder,
 * run `npx live-shop-server --demo` from there and load the SDK bundle it ships.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { get, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startServer, type RunningServer } from '../helpers/server-process.js';

const root = path.resolve(import.meta.dirname, '../..');
let work: string;
let server: RunningServer;
let installWarnings = '';

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'live-shop-pack-'));
  const tarballs = path.join(work, 'tarballs');
  const app = path.join(work, 'merchant-app');
  await mkdir(tarballs);
  await mkdir(app);
  // The server and what it serves (the React wrapper and the examples are not part of it).
  const serverPackages = ['protocol', 'client', 'elements', 'server'].flatMap((p) => ['--workspace', `packages/${p}`]);
  execFileSync('npm', ['pack', ...serverPackages, '--pack-destination', tarballs, '--silent'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const files = (await readdir(tarballs)).filter((f) => f.endsWith('.tgz'));
  assert.equal(files.length, 4, `one tarball per package, got ${files.join(', ')}`);
  // Approves what the README says to approve: better-sqlite3's install script, nothing else.
  await writeFile(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'merchant-app', private: true, allowScripts: { 'better-sqlite3': true } }),
  );
  // All four at once so @live-shop/* resolve to these tarballs, never to the registry.
  const install = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', ...files.map((f) => path.join(tarballs, f))],
    {
      cwd: app,
      encoding: 'utf8',
    },
  );
  assert.equal(install.status, 0, install.stderr);
  installWarnings = install.stderr;
  server = await startServer({ command: ['npx', '--no-install', 'live-shop-server'], cwd: app, timeoutMs: 60_000 });
});

after(async () => {
  await server?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

test('npx live-shop-server --demo runs from the installed tarballs', async () => {
  const health = await fetch(`${server.origin}/health`);
  assert.equal(health.status, 200);
  assert.equal(((await health.json()) as { ok: boolean }).ok, true);
  const page = await (await fetch(server.storefrontUrl)).text();
  assert.match(page, /<live-shop-viewer/);
});

test('better-sqlite3 is the only install script a merchant has to approve', () => {
  assert.doesNotMatch(installWarnings, /install-scripts|allowScripts/, installWarnings);
});

test('the installed server sends its SDK precompressed', async () => {
  const plain = Buffer.from(
    await (
      await fetch(`${server.origin}/sdk/live-shop.js`, { headers: { 'accept-encoding': 'identity' } })
    ).arrayBuffer(),
  );
  for (const [coding, decode] of [
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
  ] as const) {
    const res = await new Promise<IncomingMessage>((resolve, reject) =>
      get(`${server.origin}/sdk/live-shop.js`, { headers: { 'accept-encoding': coding } }, resolve).on('error', reject),
    );
    const body: Buffer[] = [];
    for await (const chunk of res) body.push(chunk as Buffer);
    assert.equal(res.headers['content-encoding'], coding);
    assert.ok(decode(Buffer.concat(body)).equals(plain), `${coding} decodes to the bundle`);
    assert.ok(Buffer.concat(body).length < plain.length / 2);
  }
});

test('the installed server serves the SDK bundle it ships with, CORS-open for other origins', async () => {
  const sdk = await fetch(`${server.origin}/sdk/live-shop.js`);
  assert.equal(sdk.status, 200);
  assert.match(sdk.headers.get('content-type') ?? '', /javascript/);
  assert.equal(sdk.headers.get('access-control-allow-origin'), '*');
  const code = await sdk.text();
  assert.match(code, /live-shop-viewer/);
  assert.match(code, /live-shop-studio/);
});

test('the installed server serves the storefront service worker the elements package ships (Web Push reminders)', async () => {
  const res = await fetch(`${server.origin}/sdk/live-shop-sw.js`, { headers: { 'accept-encoding': 'identity' } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /javascript/);
  const shipped = execFileSync('node', ['-p', 'require.resolve("@live-shop/elements/live-shop-sw.js")'], {
    cwd: path.join(work, 'merchant-app'),
  })
    .toString()
    .trim();
  assert.equal(await res.text(), await readFile(shipped, 'utf8'));
});

test('the installed elements package declares its custom elements manifest and types', async () => {
  const pkg = JSON.parse(
    execFileSync('node', ['-p', 'JSON.stringify(require("@live-shop/elements/package.json"))'], {
      cwd: path.join(work, 'merchant-app'),
    }).toString(),
  ) as { customElements?: string; types?: string };
  assert.equal(pkg.customElements, 'custom-elements.json');
  const manifest = JSON.parse(
    execFileSync('node', ['-p', 'JSON.stringify(require("@live-shop/elements/custom-elements.json"))'], {
      cwd: path.join(work, 'merchant-app'),
    }).toString(),
  ) as { modules: { declarations?: { tagName?: string }[] }[] };
  const tags = manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .map((d) => d.tagName)
    .filter(Boolean);
  for (const tag of [
    'live-shop-viewer',
    'live-shop-studio',
    'live-shop-player',
    'live-shop-chat',
    'live-shop-product-card',
  ]) {
    assert.ok(tags.includes(tag), `${tag} in custom-elements.json`);
  }
});
