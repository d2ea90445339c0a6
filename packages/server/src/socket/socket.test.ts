import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  PROTOCOL_VERSION,
  type ChatMessage,
  type CreatedShow,
  type PinsPayload,
  type StatusPayload,
} from '@live-shop/protocol';
import { record, request, startHarness, type Harness } from '../testing/harness.js';
import { refuseChatText } from '../testing/test-database.js';
import type { SentChat } from '../show/service.js';

describe('socket: snapshot, chat, pins, roles', () => {
  let h: Harness;
  let show: CreatedShow;
  before(async () => {
    h = await startHarness();
    show = await h.createShow();
  });
  after(() => h.close());

  it('sends a full snapshot on join with role, products, pins, status and chat', async () => {
    const { snapshot: viewer } = await h.connect({ show: show.id, name: 'Ana' });
    assert.equal(viewer.protocolVersion, PROTOCOL_VERSION);
    assert.equal(viewer.role, 'viewer');
    assert.equal(viewer.show.id, show.id);
    assert.equal(viewer.show.status, 'scheduled');
    assert.deepEqual(
      viewer.show.products.map((p) => p.title),
      ['Kettle', 'Mug', 'Beans'],
    );
    assert.equal(viewer.show.products[0]!.price.currency, 'USD');
    assert.deepEqual(viewer.show.pins.productIds, []);
    assert.ok(Array.isArray(viewer.chat));
    assert.ok(viewer.viewers >= 1);
    assert.equal(typeof viewer.now, 'number');
    const { snapshot: host } = await h.connect({ show: show.id, token: show.hostToken });
    assert.equal(host.role, 'host');
    assert.doesNotMatch(JSON.stringify(host), /lsh2\./, 'snapshots never carry tokens');
  });

  it('round-trips chat: both viewers get one batched array, a late joiner gets history', async () => {
    const a = await h.connect({ show: show.id, name: 'Ana' });
    const b = await h.connect({ show: show.id, name: 'Ben' });
    const atA = record<ChatMessage[]>(a.socket, 'chat:messages');
    const atB = record<ChatMessage[]>(b.socket, 'chat:messages');
    const ack = await request(a.socket, 'chat:send', { text: '  hello there  ' });
    assert.equal(ack.ok, true);
    assert.equal(ack.message.text, 'hello there');
    assert.equal(ack.message.name, 'Ana');
    assert.equal(ack.message.role, 'viewer');
    for (const rec of [atA, atB]) {
      const batches = await rec.until((s) => s.flat().some((m) => m.id === ack.message.id));
      assert.ok(batches.every(Array.isArray), 'chat:messages is always an array');
      assert.deepEqual(
        batches.flat().find((m) => m.id === ack.message.id),
        ack.message,
      );
    }
    const late = await h.connect({ show: show.id });
    assert.deepEqual(late.snapshot.chat.at(-1), ack.message);
  });

  it('keeps only the last 50 messages in history, oldest first', async () => {
    const fresh = await h.createShow({ title: 'History' });
    const sent: SentChat[] = [];
    for (let i = 0; i < 55; i++) {
      sent.push(await h.server.service.sendChat(fresh.id, { name: 'Bot', text: `m${i}`, role: 'viewer' }));
    }
    await Promise.all(sent.map((s) => s.delivered));
    const { snapshot } = await h.connect({ show: fresh.id });
    assert.deepEqual(
      snapshot.chat.map((m) => m.text),
      sent.slice(5).map((s) => s.message.text),
    );
  });

  it('batches several messages sent together into fewer arrays', async () => {
    const fresh = await h.createShow({ title: 'Batching' });
    const a = await h.connect({ show: fresh.id, name: 'Ana' });
    const rec = record<ChatMessage[]>(a.socket, 'chat:messages');
    await Promise.all(['1', '2', '3'].map((text) => request(a.socket, 'chat:send', { text })));
    const batches = await rec.until((s) => s.flat().length >= 3);
    assert.deepEqual(
      batches
        .flat()
        .map((m) => m.text)
        .sort(),
      ['1', '2', '3'],
    );
    assert.ok(batches.length < 3, `expected batching, got ${batches.length} arrays`);
  });

  it('answers a message once its batch is stored and sent, without holding up the sender’s next event', async () => {
    const fresh = await h.createShow({ title: 'Ack order' });
    const host = await h.connect({ show: fresh.id, token: fresh.hostToken });
    const rec = record<ChatMessage[]>(host.socket, 'chat:messages');
    const order: string[] = [];
    const chat = request(host.socket, 'chat:send', { text: 'first' }).then((ack) => (order.push('chat'), ack));
    const pin = request(host.socket, 'product:pin', { productId: fresh.products[0]!.id }).then(
      (ack) => (order.push('pin'), ack),
    );
    const [chatAck, pinAck] = await Promise.all([chat, pin]);
    assert.equal(pinAck.ok, true, JSON.stringify(pinAck));
    // The pin came after the message and is answered first: it did not wait for the chat batch's write.
    assert.deepEqual(order, ['pin', 'chat']);
    assert.equal(chatAck.message.text, 'first');
    // By its answer, the message was sent to everyone and is in the history a newcomer reads.
    assert.deepEqual(
      rec.seen.flat().map((m) => m.text),
      ['first'],
    );
    const { snapshot } = await h.connect({ show: fresh.id });
    assert.equal(snapshot.chat.at(-1)?.id, chatAck.message.id);
  });

  it('a message the database refuses fails alone: the others of its batch go out', async () => {
    const fresh = await h.createShow({ title: 'One bad apple' });
    await refuseChatText(h.dataDir, 'refused by the database');
    const ana = await h.connect({ show: fresh.id, name: 'Ana' });
    const ben = await h.connect({ show: fresh.id, name: 'Ben' });
    const rec = record<ChatMessage[]>(ben.socket, 'chat:messages');
    const [odd, fine] = await Promise.all([
      request(ana.socket, 'chat:send', { text: 'refused by the database' }),
      request(ben.socket, 'chat:send', { text: 'fine' }),
    ]);
    assert.equal(fine.ok, true, JSON.stringify(fine));
    assert.deepEqual(odd, { ok: false, error: { code: 'internal', message: 'Internal error' } });
    const texts = (await rec.until((s) => s.flat().some((m) => m.text === 'fine'))).flat().map((m) => m.text);
    assert.deepEqual(texts, ['fine']);
    const { snapshot } = await h.connect({ show: fresh.id });
    assert.deepEqual(
      snapshot.chat.map((m) => m.text),
      ['fine'],
    );
  });

  it('refuses a NUL character as bad input on every store, in a message and in a handshake', async () => {
    const fresh = await h.createShow({ title: 'Nothing odd' });
    const { socket } = await h.connect({ show: fresh.id, name: 'Ana' });
    const rec = record<ChatMessage[]>(socket, 'chat:messages');
    const nul = await request(socket, 'chat:send', { text: 'nul\u0000here' });
    assert.deepEqual(nul.error, { code: 'bad_request', message: 'text: must not contain a NUL character' });
    const named = await h.connectError({ show: fresh.id, name: 'A\u0000' });
    assert.deepEqual(named.data, { code: 'bad_request', message: 'auth.name: must not contain a NUL character' });
    assert.equal((await request(socket, 'chat:send', { text: 'after' })).ok, true);
    const texts = (await rec.until((s) => s.flat().some((m) => m.text === 'after'))).flat().map((m) => m.text);
    assert.deepEqual(texts, ['after']);
  });

  it('requires a name, then remembers the one given with a message', async () => {
    const { socket } = await h.connect({ show: show.id });
    const denied = await request(socket, 'chat:send', { text: 'hi' });
    assert.deepEqual(denied.ok, false);
    assert.equal(denied.error.code, 'name_required');
    const named = await request(socket, 'chat:send', { text: 'hi', name: ' Cleo ' });
    assert.equal(named.message.name, 'Cleo');
    const again = await request(socket, 'chat:send', { text: 'hi again' });
    assert.equal(again.message.name, 'Cleo');
    const host = await h.connect({ show: show.id, token: show.hostToken });
    const fromHost = await request(host.socket, 'chat:send', { text: 'welcome' });
    assert.equal(fromHost.message.role, 'host');
    assert.equal(fromHost.message.name, 'Host');
  });

  it('rate limits the 6th message within the window', async () => {
    const { socket } = await h.connect({ show: show.id, name: 'Spammy' });
    for (let i = 0; i < 5; i++) assert.equal((await request(socket, 'chat:send', { text: `x${i}` })).ok, true);
    const sixth = await request(socket, 'chat:send', { text: 'x5' });
    assert.equal(sixth.ok, false);
    assert.equal(sixth.error.code, 'rate_limited');
    assert.match(sixth.error.message, /try again in \d+ s/);
  });

  it('handles one socket’s events in the order they were sent: pin, unpin, pin… fired without waiting all take effect', async () => {
    const fresh = await h.createShow({ title: 'Rapid pins' });
    const productId = fresh.products[1]!.id;
    const viewer = await h.connect({ show: fresh.id });
    const host = await h.connect({ show: fresh.id, token: fresh.hostToken });
    const seen = record<PinsPayload>(viewer.socket, 'product:pins');
    const acks = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        request(host.socket, i % 2 ? 'product:unpin' : 'product:pin', { productId }),
      ),
    );
    acks.forEach((ack, i) =>
      assert.deepEqual(ack.pins.productIds, i % 2 ? [] : [productId], `op ${i} applied in order`),
    );
    const broadcasts = await seen.until((all) => all.length === 30, '30 broadcasts');
    broadcasts.forEach((pins, i) => assert.deepEqual(pins.productIds, i % 2 ? [] : [productId]));
    for (let i = 1; i < broadcasts.length; i++) assert.ok(broadcasts[i]!.at >= broadcasts[i - 1]!.at);
  });

  it('broadcasts pins with a server epoch ms `at`, several at once, idempotently', async () => {
    const host = await h.connect({ show: show.id, token: show.hostToken });
    const viewer = await h.connect({ show: show.id });
    const pins = record<PinsPayload>(viewer.socket, 'product:pins');
    const [kettle, mug] = show.products;
    const before = Date.now();
    const first = await request(host.socket, 'product:pin', { productId: kettle!.id });
    assert.equal(first.ok, true);
    assert.deepEqual(first.pins.productIds, [kettle!.id]);
    assert.ok(Number.isInteger(first.pins.at) && first.pins.at >= before - 1000 && first.pins.at <= Date.now() + 1000);
    const second = await request(host.socket, 'product:pin', { productId: mug!.id });
    assert.deepEqual(second.pins.productIds, [kettle!.id, mug!.id]);
    const again = await request(host.socket, 'product:pin', { productId: mug!.id });
    assert.deepEqual(again.pins, second.pins, 'pinning twice changes nothing');
    await pins.until((s) => s.length >= 2);
    assert.deepEqual(pins.seen.at(-1), second.pins);

    const unpinned = await request(host.socket, 'product:unpin', { productId: kettle!.id });
    assert.deepEqual(unpinned.pins.productIds, [mug!.id]);
    await pins.until((s) => s.at(-1)?.productIds.length === 1);
    const missing = await request(host.socket, 'product:pin', { productId: 'nope' });
    assert.equal(missing.error.code, 'not_found');
    const late = await h.connect({ show: show.id });
    assert.deepEqual(late.snapshot.show.pins, unpinned.pins);
  });

  it('rejects a product of another show', async () => {
    const other = await h.createShow({ title: 'Other' });
    const host = await h.connect({ show: show.id, token: show.hostToken });
    const res = await request(host.socket, 'product:pin', { productId: other.products[0]!.id });
    assert.equal(res.error.code, 'not_found');
  });

  it('answers viewer attempts at host-only events with forbidden and changes nothing', async () => {
    const fresh = await h.createShow({ title: 'Forbidden' });
    const host = await h.connect({ show: fresh.id, token: fresh.hostToken });
    const posted = await request(host.socket, 'chat:send', { text: 'keep me' });
    const viewer = await h.connect({ show: fresh.id, name: 'Eve' });
    const productId = fresh.products[0]!.id;
    for (const [event, payload] of [
      ['product:pin', { productId }],
      ['product:unpin', { productId }],
      ['chat:delete', { id: posted.message.id }],
      ['show:start', {}],
      ['show:end', {}],
    ] as const) {
      const res = await request(viewer.socket, event, payload);
      assert.equal(res.ok, false, event);
      assert.equal(res.error.code, 'forbidden', event);
    }
    const { snapshot } = await h.connect({ show: fresh.id });
    assert.equal(snapshot.show.status, 'scheduled');
    assert.deepEqual(snapshot.show.pins.productIds, []);
    assert.ok(snapshot.chat.some((m) => m.id === posted.message.id));
  });

  it('host delete broadcasts chat:deleted and the message is gone from later snapshots', async () => {
    const fresh = await h.createShow({ title: 'Delete' });
    const host = await h.connect({ show: fresh.id, token: fresh.hostToken });
    const viewer = await h.connect({ show: fresh.id, name: 'Troll' });
    const deleted = record<{ ids: string[] }>(viewer.socket, 'chat:deleted');
    const bad = await request(viewer.socket, 'chat:send', { text: 'spam spam' });
    const good = await request(viewer.socket, 'chat:send', { text: 'nice mug' });
    const res = await request(host.socket, 'chat:delete', { id: bad.message.id });
    assert.deepEqual(res, { ok: true });
    await deleted.until((s) => s.some((p) => p.ids.includes(bad.message.id)));
    const { snapshot } = await h.connect({ show: fresh.id });
    assert.deepEqual(
      snapshot.chat.map((m) => m.id),
      [good.message.id],
    );
    assert.equal((await request(host.socket, 'chat:delete', { id: 'missing' })).error.code, 'not_found');
  });

  it('runs the show lifecycle: start → starting (live comes with media); end → ended; twice → invalid_state', async () => {
    const fresh = await h.createShow({ title: 'Lifecycle' });
    const host = await h.connect({ show: fresh.id, token: fresh.hostToken });
    const viewer = await h.connect({ show: fresh.id, name: 'Vi' });
    const statuses = record<StatusPayload>(viewer.socket, 'show:status');
    const started = await request(host.socket, 'show:start', {});
    assert.equal(started.ok, true);
    assert.equal(started.status, 'starting', 'live only once the video provider reports media (video/local.test.ts)');
    assert.equal(typeof started.at, 'number');
    assert.equal(
      (await request(host.socket, 'show:start')).error.code,
      'invalid_state',
      'start without payload, when starting',
    );
    const ended = await request(host.socket, 'show:end', {});
    assert.equal(ended.status, 'ended');
    assert.equal((await request(host.socket, 'show:end', {})).error.code, 'invalid_state');
    await statuses.until((s) => s.length >= 2);
    assert.deepEqual(
      statuses.seen.map((s) => s.status),
      ['starting', 'ended'],
    );
    assert.ok(statuses.seen.every((s) => Number.isInteger(s.at)));
    const closed = await request(viewer.socket, 'chat:send', { text: 'still there?' });
    assert.equal(closed.error.code, 'invalid_state');
    const { snapshot } = await h.connect({ show: fresh.id });
    assert.equal(snapshot.show.status, 'ended');
  });
});

describe('socket: hostile input and connection errors', () => {
  let h: Harness;
  let show: CreatedShow;
  before(async () => {
    h = await startHarness();
    show = await h.createShow();
  });
  after(() => h.close());

  it('answers malformed payloads with typed errors and keeps serving', async () => {
    const { socket } = await h.connect({ show: show.id, name: 'Mal' });
    const host = await h.connect({ show: show.id, token: show.hostToken });
    const cases: [string, unknown[], string][] = [
      ['chat:send', [null], 'bad_request'],
      ['chat:send', ['just a string'], 'bad_request'],
      ['chat:send', [['an', 'array']], 'bad_request'],
      ['chat:send', [{}], 'bad_request'],
      ['chat:send', [{ text: 42 }], 'bad_request'],
      ['chat:send', [{ text: '   ' }], 'bad_request'],
      ['chat:send', [{ text: 'x'.repeat(10_000) }], 'bad_request'],
      ['chat:send', [{ text: 'ok', name: 'n'.repeat(41) }], 'bad_request'],
      ['chat:send', [Buffer.from('binary')], 'bad_request'],
      ['chat:send', [], 'bad_request'],
      ['no:such:event', [{}], 'unknown_event'],
    ];
    for (const [event, args, code] of cases) {
      const res = await request(socket, event, ...args);
      assert.equal(res.ok, false, `${event} ${JSON.stringify(args).slice(0, 40)}`);
      assert.equal(res.error.code, code, `${event} ${JSON.stringify(args).slice(0, 40)}`);
      assert.equal(typeof res.error.message, 'string');
    }
    for (const [event, payload] of [
      ['product:pin', { productId: 7 }],
      ['product:unpin', null],
      ['chat:delete', { id: '' }],
      ['show:start', { extra: true }],
    ] as const) {
      assert.equal((await request(host.socket, event, payload)).error.code, 'bad_request', event);
    }
    // Events without an ack must not crash anything either.
    (socket as any).emit('chat:send', null);
    (socket as any).emit('chat:send');
    (socket as any).emit('no:such:event', 1, 2, 3);
    const ok = await request(socket, 'chat:send', { text: 'still works' });
    assert.equal(ok.ok, true);
    assert.equal((await h.api('GET', '/health')).status, 200);
  });

  it('drops oversized socket messages without taking the server down', async () => {
    const { socket } = await h.connect({ show: show.id, name: 'Big' });
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    (socket as any).emit('chat:send', { text: 'x'.repeat(200_000) });
    await closed;
    const { snapshot } = await h.connect({ show: show.id });
    assert.equal(snapshot.show.id, show.id);
  });

  it('rejects bad handshakes with typed connect errors', async () => {
    const unknown = await h.connectError({ show: 'no-such-show' });
    assert.equal(unknown.data?.code, 'not_found');
    const missing = await h.connectError({});
    assert.equal(missing.data?.code, 'bad_request');
    const badToken = await h.connectError({ show: show.id, token: 'lsh2.x.host.forged' });
    assert.equal(badToken.data?.code, 'unauthorized');
    const forged = await h.connectError({ show: show.id, token: show.hostToken.slice(0, -2) + 'AA' });
    assert.equal(forged.data?.code, 'unauthorized');
  });

  it('does not let a host token for show A grant host on show B', async () => {
    const other = await h.createShow({ title: 'B' });
    const err = await h.connectError({ show: other.id, token: show.hostToken });
    assert.equal(err.data?.code, 'unauthorized');
    const { snapshot } = await h.connect({ show: other.id, token: other.hostToken });
    assert.equal(snapshot.role, 'host');
  });

  it('broadcasts viewers:count after joins and leaves', async () => {
    const fresh = await h.createShow({ title: 'Counting' });
    const a = await h.connect({ show: fresh.id });
    const counts = record<{ count: number }>(a.socket, 'viewers:count');
    const b = await h.connect({ show: fresh.id });
    const c = await h.connect({ show: fresh.id });
    await counts.until((s) => s.at(-1)?.count === 3, 'count 3');
    b.socket.disconnect();
    c.socket.disconnect();
    await counts.until((s) => s.at(-1)?.count === 1, 'count 1');
    assert.ok(counts.seen.every((p) => Number.isInteger(p.count)));
    // The presenter watches the count but is not counted in it.
    const host = await h.connect({ show: fresh.id, token: fresh.hostToken });
    assert.equal(host.snapshot.viewers, 1);
    await h.connect({ show: fresh.id });
    await counts.until((s) => s.at(-1)?.count === 2, 'count 2 with a host connected');
  });
});
