import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ChatMessage, CreatedShow } from '@live-shop/protocol';
import pg from 'pg';
import { record, request, startHarness, type Harness } from './testing/harness.js';
import { TEST_DATABASE_URL } from './testing/test-database.js';
import { makeWebm, publish } from './testing/media.js';

/** Host presses Go live and publishes a second of real WebM through the ingest: the show is live. */
async function goLiveWithMedia(h: Harness, show: CreatedShow) {
  const host = await h.connect({ show: show.id, token: show.hostToken });
  const statuses = record<{ status: string }>(host.socket, 'show:status');
  await request(host.socket, 'show:start', {});
  const studio = publish(h.url, {
    show: show.id,
    token: show.hostToken,
    mimeType: 'video/webm',
    capturedAt: Date.now(),
  });
  await studio.next('ready');
  await studio.stream(await makeWebm({ seconds: 1 }), { chunks: 10 });
  await statuses.until((s) => s.some((p) => p.status === 'live'), 'live');
  return host;
}

describe('createLiveShopServer', () => {
  it(`stores in ${TEST_DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'the SQLite file of the data dir'}`, async () => {
    const h = await startHarness();
    try {
      const show = await h.createShow({ title: 'Where is it stored?' });
      const sqliteFile = await stat(path.join(h.dataDir, 'live-shop.db')).then(
        () => true,
        () => false,
      );
      assert.equal(sqliteFile, !TEST_DATABASE_URL);
      if (TEST_DATABASE_URL) {
        const client = new pg.Client({ connectionString: h.server.config.databaseUrl });
        await client.connect();
        const { rows } = await client.query('SELECT title FROM shows WHERE id = $1', [show.id]);
        await client.end();
        assert.deepEqual(rows, [{ title: 'Where is it stored?' }]);
      }
    } finally {
      await h.close();
    }
  });

  it('keeps shows, products, pins, status, chat and video across a restart on the same data dir', async () => {
    const first = await startHarness();
    const show = await first.createShow();
    const host = await goLiveWithMedia(first, show);
    await request(host.socket, 'product:pin', { productId: show.products[1]!.id });
    const playlist = (await first.api('GET', `/hls/${show.id}/live.m3u8`, { admin: false })).text;
    const sent = await request(host.socket, 'chat:send', { text: 'before restart' });
    const deleted = await request(host.socket, 'chat:send', { text: 'deleted before restart' });
    await request(host.socket, 'chat:delete', { id: deleted.message.id });
    const before = (await first.connect({ show: show.id })).snapshot;
    await first.close(false);

    const second = await startHarness({ dataDir: first.dataDir });
    try {
      const { snapshot: after, socket } = await second.connect({ show: show.id, token: show.hostToken });
      assert.equal(after.role, 'host', 'host tokens survive a restart (the secret is persisted)');
      // No media can be flowing right after a start: the live show waits for its presenter.
      assert.deepEqual({ ...after.show, status: 'live', statusAt: 0 }, { ...before.show, statusAt: 0 });
      assert.equal(after.show.status, 'reconnecting');
      assert.deepEqual(after.show.pins.productIds, [show.products[1]!.id]);
      assert.deepEqual(after.chat, [sent.message]);
      const served = await second.api('GET', `/hls/${show.id}/live.m3u8`, { admin: false });
      assert.equal(served.status, 200, 'the HLS index is rebuilt from the data dir');
      assert.ok(served.text.includes(playlist.split('\n').filter((l) => l.endsWith('.ts'))[0]!));
      assert.equal((await request(socket, 'show:end', {})).status, 'ended');
      assert.match((await second.api('GET', `/hls/${show.id}/live.m3u8`, { admin: false })).text, /#EXT-X-ENDLIST\n$/);
    } finally {
      await second.close();
    }
  });

  it('ends a show whose presenter never comes back after a restart (grace timer restored)', async () => {
    const first = await startHarness();
    const show = await first.createShow();
    await goLiveWithMedia(first, show);
    await first.close(false);

    const second = await startHarness({ dataDir: first.dataDir, reconnectGraceMs: 300 });
    try {
      const viewer = await second.connect({ show: show.id });
      const after = record<{ status: string }>(viewer.socket, 'show:status');
      assert.ok(['reconnecting', 'ended'].includes(viewer.snapshot.show.status));
      if (viewer.snapshot.show.status !== 'ended')
        await after.until((s) => s.at(-1)?.status === 'ended', 'ended after the grace');
      assert.match((await second.api('GET', `/hls/${show.id}/live.m3u8`, { admin: false })).text, /#EXT-X-ENDLIST\n$/);
    } finally {
      await second.close();
    }
  });

  it(`generates the admin key once, stores it ${TEST_DATABASE_URL ? 'in the shared database' : '0600 in the data dir'}, and reuses it`, async () => {
    const first = await startHarness({ adminKey: undefined });
    const key = first.server.adminKey;
    assert.equal(first.server.adminKeySource, 'generated');
    assert.match(key, /^[\w-]{43}$/);
    if (TEST_DATABASE_URL) {
      // Every node of a cluster reads the same secrets: none of them on a node's own disk.
      assert.equal(await first.server.store.getMeta('secret:admin-key'), key);
      assert.ok(await first.server.store.getMeta('secret:secret'));
      assert.equal(
        await stat(path.join(first.dataDir, 'admin-key')).then(
          () => true,
          () => false,
        ),
        false,
      );
    } else {
      const file = path.join(first.dataDir, 'admin-key');
      assert.equal((await readFile(file, 'utf8')).trim(), key);
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      assert.equal((await stat(path.join(first.dataDir, 'secret'))).mode & 0o777, 0o600);
    }
    assert.equal((await first.api('GET', '/api/shows', { admin: key })).status, 200);
    await first.close(false);
    const second = await startHarness({ dataDir: first.dataDir, adminKey: undefined });
    assert.equal(second.server.adminKey, key);
    assert.equal(second.server.adminKeySource, 'file');
    await second.close();
  });

  it('seeds one demo show idempotently and serves the storefront at /', async () => {
    const first = await startHarness({ demo: true });
    const demo = first.server.demo!;
    const page = await first.api('GET', '/', { admin: false });
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`<live-shop-viewer show="${demo.showId}">`));
    assert.equal(page.text.match(/<script type="module" src="\/sdk\/live-shop\.js"><\/script>/g)?.length, 1);
    assert.doesNotMatch(page.text, /preventDefault\(\)\s*;/, 'the storefront only logs live-shop-buy');
    const shown = await first.api('GET', `/api/shows/${demo.showId}`, { admin: false });
    assert.equal(shown.json.products.length, 4);
    for (const product of shown.json.products) {
      assert.match(product.imageUrl, /^\/demo\/\w+\.svg$/);
      assert.equal((await first.api('GET', product.imageUrl, { admin: false })).status, 200);
      const checkout = await first.api('POST', `/api/shows/${demo.showId}/checkout`, {
        admin: false,
        body: { productId: product.id, quantity: 1 },
      });
      // No fixed links: every demo product goes through the local test checkout.
      assert.match(checkout.json.url, /^\/checkout\/cs_local_/);
      const page = await first.api('GET', checkout.json.url, { admin: false });
      assert.match(page.text, /Test checkout/);
    }
    await first.close(false);
    const second = await startHarness({ dataDir: first.dataDir, demo: true });
    assert.equal(second.server.demo!.showId, demo.showId);
    assert.equal((await second.api('GET', '/api/shows')).json.shows.length, 1);
    await second.close();
  });

  it('close() is idempotent and delivers pending chat batches before closing sockets', async () => {
    const h = await startHarness();
    const show = await h.createShow();
    const { socket } = await h.connect({ show: show.id });
    const batches = record<ChatMessage[]>(socket, 'chat:messages');
    await h.server.service.sendChat(show.id, { name: 'A', text: 'pending', role: 'viewer' });
    await Promise.all([h.server.close(), h.server.close()]);
    await batches.until((s) => s.flat().some((m) => m.text === 'pending'));
    await h.close(false);
    const again = await startHarness({ dataDir: h.dataDir });
    assert.equal((await again.connect({ show: show.id })).snapshot.chat[0]?.text, 'pending');
    await again.close();
  });
});
