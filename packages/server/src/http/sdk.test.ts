import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http, { type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
// The build's own compression step (rollup.config.mjs runs it on the real bundle).
import { precompress } from '../../../../scripts/precompress.mjs';
import { startHarness, type Harness } from '../testing/harness.js';
import { sdkDir } from './paths.js';

// The bundle is the other half of the build; these tests provide a stand-in only when it is absent.
describe('GET /sdk/*', () => {
  let h: Harness;
  let created = false;
  before(async () => {
    h = await startHarness();
    if (!existsSync(path.join(sdkDir, 'live-shop.js'))) {
      created = true;
      await mkdir(path.join(sdkDir, 'chunks'), { recursive: true });
      await writeFile(path.join(sdkDir, 'live-shop.js'), 'export {};\n');
      await writeFile(path.join(sdkDir, 'chunks', 'player-test.js'), 'export {};\n');
    }
  });
  after(async () => {
    await h.close();
    if (created) await rm(sdkDir, { recursive: true, force: true });
  });

  it('answers 503 JSON while the bundle is not built', async () => {
    const bare = await startHarness({ sdkDir: path.join(h.dataDir, 'no-sdk-here') });
    try {
      const res = await bare.api('GET', '/sdk/live-shop.js', { admin: false });
      assert.equal(res.status, 503);
      assert.deepEqual(res.json, { error: { code: 'internal', message: 'SDK bundle not built: run npm run build' } });
    } finally {
      await bare.close();
    }
  });

  it('serves the entry with CORS, JS type and no-cache', async () => {
    const res = await h.api('GET', '/sdk/live-shop.js', { admin: false });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
  });

  it('serves chunks as immutable and 404s what is missing or outside', async () => {
    const { readdir } = await import('node:fs/promises');
    const chunk = (await readdir(path.join(sdkDir, 'chunks'))).find((f) => f.endsWith('.js'));
    if (chunk) {
      const res = await h.api('GET', `/sdk/chunks/${chunk}`, { admin: false });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('cache-control') ?? '', /immutable/);
    }
    const missing = await h.api('GET', '/sdk/chunks/nope.js', { admin: false });
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error.code, 'not_found');
    const escape = await h.api('GET', '/sdk/..%2fpackage.json', { admin: false });
    assert.notEqual(escape.status, 200);
  });
});

/** A raw GET: node:http leaves Content-Encoding alone (fetch would decode it). */
function rawGet(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${url} timed out`)));
  });
}

describe('GET /sdk/* precompressed', () => {
  let h: Harness;
  let dir: string;
  // Compressible, like the real bundle; written and compressed by the build's own step.
  const entry = Buffer.from(
    Array.from({ length: 400 }, (_, i) => `export const part${i} = customElements.get('live-shop-${i % 7}');\n`).join(
      '',
    ),
  );
  const chunk = Buffer.from(`export function engine(){return ${JSON.stringify('hls '.repeat(500))}}\n`);
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'live-shop-sdk-'));
    await mkdir(path.join(dir, 'chunks'));
    await writeFile(path.join(dir, 'live-shop.js'), entry);
    await writeFile(path.join(dir, 'chunks', 'player-a1b2c3.js'), chunk);
    await writeFile(path.join(dir, 'chunks', 'plain-d4e5f6.js'), chunk);
    await precompress(dir);
    await rm(path.join(dir, 'chunks', 'plain-d4e5f6.js.br'));
    await rm(path.join(dir, 'chunks', 'plain-d4e5f6.js.gz'));
    h = await startHarness({ sdkDir: dir });
  });
  after(async () => {
    await h.close(true);
    await rm(dir, { recursive: true, force: true });
  });

  const decode: Record<string, (b: Buffer) => Buffer> = {
    br: brotliDecompressSync,
    gzip: gunzipSync,
    identity: (b) => b,
  };
  for (const [accept, expected] of [
    ['gzip, deflate, br, zstd', 'br'], // Chrome's header
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['*', 'br'],
    ['', 'identity'],
    ['identity', 'identity'],
    ['deflate', 'identity'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['gzip;q=0, br;q=0', 'identity'],
    ['gzip;q=0', 'identity'],
    ['*;q=0, identity', 'identity'],
    ['identity;q=1, gzip;q=0.5', 'identity'],
    ['BR;Q=1', 'br'],
  ] as const) {
    it(`Accept-Encoding ${JSON.stringify(accept)} → ${expected}, decoding to the original bytes`, async () => {
      const res = await rawGet(`${h.url}/sdk/live-shop.js`, accept ? { 'accept-encoding': accept } : {});
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-encoding'], expected === 'identity' ? undefined : expected);
      assert.match(res.headers.vary ?? '', /Accept-Encoding/i);
      assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.equal(Number(res.headers['content-length']), res.body.length);
      if (expected !== 'identity')
        assert.ok(res.body.length < entry.length / 2, `${res.body.length} bytes on the wire`);
      assert.ok(decode[expected]!(res.body).equals(entry));
    });
  }

  it('keeps hashed chunks immutable in every coding, and sends a chunk without copies as it is', async () => {
    for (const accept of ['br', 'gzip', 'identity']) {
      const res = await rawGet(`${h.url}/sdk/chunks/player-a1b2c3.js`, { 'accept-encoding': accept });
      assert.equal(res.status, 200);
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
      assert.ok(decode[accept]!(res.body).equals(chunk));
    }
    const plain = await rawGet(`${h.url}/sdk/chunks/plain-d4e5f6.js`, { 'accept-encoding': 'br, gzip' });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.ok(plain.body.equals(chunk));
  });

  it('revalidates the entry per coding: an ETag of one coding is not a match for another', async () => {
    const br = await rawGet(`${h.url}/sdk/live-shop.js`, { 'accept-encoding': 'br' });
    const plain = await rawGet(`${h.url}/sdk/live-shop.js`, { 'accept-encoding': 'identity' });
    assert.ok(br.headers.etag && plain.headers.etag);
    assert.notEqual(br.headers.etag, plain.headers.etag);
    const same = await rawGet(`${h.url}/sdk/live-shop.js`, {
      'accept-encoding': 'br',
      'if-none-match': br.headers.etag,
    });
    assert.equal(same.status, 304);
    assert.match(same.headers.vary ?? '', /Accept-Encoding/i);
    const other = await rawGet(`${h.url}/sdk/live-shop.js`, {
      'accept-encoding': 'gzip',
      'if-none-match': br.headers.etag,
    });
    assert.equal(other.status, 200);
    assert.equal(other.headers['content-encoding'], 'gzip');
  });

  it('never serves the compressed copies by name, nor outside the folder', async () => {
    for (const route of ['/sdk/live-shop.js.br', '/sdk/live-shop.js.gz', '/sdk/chunks/player-a1b2c3.js.br']) {
      const res = await rawGet(`${h.url}${route}`, { 'accept-encoding': 'br' });
      assert.equal(res.status, 404, route);
    }
    for (const route of ['/sdk/..%2f..%2fetc%2fpasswd.js', '/sdk/%E0%A4%A.js', '/sdk/chunks/..%2f..%2flive-shop.js']) {
      const res = await rawGet(`${h.url}${route}`, { 'accept-encoding': 'br' });
      assert.notEqual(res.status, 200, route);
    }
  });
});
