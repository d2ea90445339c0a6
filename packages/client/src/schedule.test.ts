import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startHarness, type Harness } from '@live-shop/server/testing';
import { LiveShopClient, updateShow } from './index.js';
import { until } from './testing/until.js';

const START = Date.UTC(2031, 4, 17, 18, 30);

// The schedule through the client against the reference server: the host edits, a viewer's state follows.
describe('LiveShopClient schedule', () => {
  let h: Harness;
  const clients: LiveShopClient[] = [];
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    for (const c of clients) c.close();
    await h.close();
  });
  const client = (show: string, token?: string) => {
    const c = new LiveShopClient({ server: h.url, show, token, storage: null, socketOptions: { WebSocket } });
    clients.push(c);
    c.connect();
    return until(c, (s) => s.ready, 'ready').then(() => c);
  };

  it('the snapshot carries the schedule; updateShow (host) reaches a viewer; another show’s host may not edit', async () => {
    const trailer = { url: 'https://cdn.example/t.jpg', kind: 'image' as const };
    const show = await h.createShow({ startsAt: START, description: 'Soon', trailer });
    const viewer = await client(show.id);
    assert.deepEqual([viewer.state.startsAt, viewer.state.description, viewer.state.trailer], [START, 'Soon', trailer]);
    assert.equal(viewer.state.webPushKey, null);

    const host = { server: h.url, show: show.id, token: show.hostToken };
    const edited = await updateShow(host, { startsAt: START + 60_000, description: 'Later', trailer: null });
    assert.equal(edited.startsAt, START + 60_000);
    await until(
      viewer,
      (s) => s.startsAt === START + 60_000 && s.description === 'Later' && s.trailer === null,
      'show:info',
    );
    assert.equal(viewer.state.title, 'Test show', 'the title stays');

    await assert.rejects(updateShow(host, { trailer: { url: 'javascript:x', kind: 'image' } }), {
      code: 'bad_request',
    });
    const other = await h.createShow({ title: 'Other' });
    await assert.rejects(updateShow({ ...host, token: other.hostToken }, { title: 'x' }), { code: 'unauthorized' });
  });
});
