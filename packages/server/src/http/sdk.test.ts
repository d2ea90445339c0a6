import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
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
