import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow } from '@live-shop/protocol';
import { request, startHarness, type Harness } from '../testing/harness.js';

/** Counts the regular expressions built whose source holds `marker` (the matcher of a list with that term). */
function countPatterns(marker: string) {
  const Original = globalThis.RegExp;
  const counter = { count: 0, restore: () => void (globalThis.RegExp = Original) };
  globalThis.RegExp = new Proxy(Original, {
    construct(target, args) {
      if (String(args[0]).includes(marker)) counter.count++;
      return Reflect.construct(target, args) as object;
    },
  });
  return counter;
}

describe('blocklist: built once per change, bounded', () => {
  let h: Harness;
  let show: CreatedShow;
  let host: Awaited<ReturnType<Harness['connect']>>;
  before(async () => {
    h = await startHarness();
    show = await h.createShow();
    host = await h.connect({ show: show.id, token: show.hostToken });
  });
  after(() => h.close());

  it('the matcher is built when the list changes, never again per message, rule change or re-read', async () => {
    const builds = countPatterns('zqmarker');
    try {
      const set = await request(host.socket, 'chat:blocklist', { terms: ['zqmarker', 'spam-shop.example'] });
      assert.equal(set.ok, true, JSON.stringify(set));
      assert.equal(builds.count, 1, 'built with the change, before its ack');

      const viewer = await h.connect({ show: show.id, name: 'Vic' });
      const troll = await h.connect({ show: show.id, name: 'Troll' });
      const other = await h.createShow({ title: 'Other show' });
      const otherHost = await h.connect({ show: other.id, token: other.hostToken });
      const elsewhere = await h.connect({ show: other.id, name: 'Eve' });
      const spam = await request(elsewhere.socket, 'chat:send', { text: 'spam' });
      const hello = await request(troll.socket, 'chat:send', { text: 'hello' });

      assert.equal((await request(viewer.socket, 'chat:send', { text: 'a zqmarker here' })).message.held, true);
      // A ban (every show's rules are re-read), a timeout and slow mode here, and a re-read as after a peer's change or the TTL.
      assert.equal((await request(otherHost.socket, 'viewer:ban', { messageId: spam.message.id })).ok, true);
      assert.equal(
        (await request(host.socket, 'viewer:timeout', { messageId: hello.message.id, seconds: 60 })).ok,
        true,
      );
      assert.equal((await request(host.socket, 'chat:slow-mode', { seconds: 0 })).ok, true);
      h.server.moderation.invalidate('*');
      for (const text of ['fine', 'zqmarker again', 'visit spam-shop.example']) {
        const sent = await request(viewer.socket, 'chat:send', { text });
        assert.equal(sent.ok, true, JSON.stringify(sent));
      }
      assert.equal((await request(viewer.socket, 'chat:send', { text: 'no zqmarkers' })).message.held, undefined);
      assert.equal(builds.count, 1, 'the same matcher served every message');

      await request(host.socket, 'chat:blocklist', { terms: ['zqmarker', 'other'] });
      assert.equal(builds.count, 2, 'a new list is a new matcher');
      await request(host.socket, 'chat:blocklist', { terms: [] });
    } finally {
      builds.restore();
    }
  });

  it('bounds: too many terms, or a term too long once normalized, is answered bad_request and changes nothing', async () => {
    await request(host.socket, 'chat:blocklist', { terms: ['keep'] });
    const many = await request(host.socket, 'chat:blocklist', {
      terms: Array.from({ length: 501 }, (_, i) => `t${i}`),
    });
    assert.equal(many.error?.code, 'bad_request');
    const expanding = await request(host.socket, 'chat:blocklist', { terms: ['\ufdfa'.repeat(10)] });
    assert.equal(expanding.error?.code, 'bad_request', JSON.stringify(expanding));
    const invisible = await request(host.socket, 'chat:blocklist', { terms: ['\u200b\u200b'] });
    assert.equal(invisible.error?.code, 'bad_request', JSON.stringify(invisible));
    const state = await h.server.moderation.state(show.id);
    assert.deepEqual(state.blocklist, ['keep']);
  });
});
