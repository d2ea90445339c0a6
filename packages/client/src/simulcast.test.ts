import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from '@live-shop/server/testing';
import { clientFactory } from './testing/clients.js';
import { until } from './testing/until.js';

// RTMP in's key and simulcast destinations through LiveShopClient, against the real reference server.
describe('LiveShopClient: RTMP stream key and simulcast destinations', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ rtmp: { port: 0, host: '127.0.0.1' } });
  });
  after(() => h.close(true));
  const client = clientFactory(() => ({ server: h.url }));

  it('the host reads and renews the stream key, and manages destinations (keys masked); a moderator may not', async () => {
    const show = await h.createShow({ title: 'Client' });
    const host = client({ show: show.id, token: show.hostToken });
    host.connect();
    await until(host, (s) => s.ready);

    const ingest = await host.ingestInfo();
    assert.match(ingest!.rtmpsUrl, /^rtmp:\/\/127\.0\.0\.1:\d+\/live$/);
    assert.equal(ingest!.canRotate, true);
    const renewed = await host.rotateIngestKey();
    assert.notEqual(renewed!.streamKey, ingest!.streamKey);
    assert.equal((await host.ingestInfo())!.streamKey, renewed!.streamKey);

    const added = await host.addSimulcastDestination({
      name: 'Twitch',
      url: 'rtmp://live.twitch.example/app',
      streamKey: 'live_0123456789',
    });
    assert.deepEqual(
      added.map((d) => [d.name, d.streamKeyMasked, d.enabled, d.status.state]),
      [['Twitch', '••••6789', true, 'idle']],
    );
    const id = added[0]!.id;
    assert.equal((await host.enableSimulcastDestination(id, false))[0]!.enabled, false);
    assert.deepEqual(await host.simulcastDestinations(), await host.enableSimulcastDestination(id, false));

    // Moderators see statuses (server test) but may not manage destinations.
    const moderatorToken = (await h.api('POST', `/api/shows/${show.id}/tokens`, { body: { role: 'moderator' } })).json
      .token as string;
    const moderator = client({ show: show.id, token: moderatorToken });
    moderator.connect();
    await until(moderator, (s) => s.ready);
    await assert.rejects(moderator.simulcastDestinations(), { code: 'forbidden' });
    assert.deepEqual(await host.removeSimulcastDestination(id), []);
    await assert.rejects(host.removeSimulcastDestination(id), { code: 'not_found' });
  });
});
