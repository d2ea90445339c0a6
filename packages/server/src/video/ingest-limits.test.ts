import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { INGEST_PATH, type CreatedShow } from '@live-shop/protocol';
import { io as ioClient } from 'socket.io-client';
import { request, startHarness, withTimeout, type Harness } from '../testing/harness.js';
import { makeWebm, publish } from '../testing/media.js';

interface Upgraded {
  status: number;
  headers: IncomingHttpHeaders;
  /** The raw connection after a 101: nothing sent on it yet. */
  socket?: Duplex;
}

/** A bare WebSocket upgrade of /ingest from `ip` (behind the loopback proxy): what an attacker's script does. */
function upgrade(url: string, ip: string): Promise<Upgraded> {
  return withTimeout(
    new Promise<Upgraded>((resolve, reject) => {
      const req = httpRequest(url + INGEST_PATH, {
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-key': randomBytes(16).toString('base64'),
          'sec-websocket-version': '13',
          'x-forwarded-for': ip,
        },
      });
      req.on('upgrade', (res, socket) => resolve({ status: res.statusCode!, headers: res.headers, socket }));
      req.on('response', (res) => (res.resume(), resolve({ status: res.statusCode!, headers: res.headers })));
      req.on('error', reject);
      req.end();
    }),
    'the upgrade',
  );
}

/** The close code of the first frame the server sends on a raw connection (a close frame is 0x88). */
const closeCode = (socket: Duplex, ms: number) =>
  withTimeout(
    new Promise<number>((resolve) =>
      socket.once('data', (frame: Buffer) => resolve(frame[0] === 0x88 ? frame.readUInt16BE(2) : -frame[0]!)),
    ),
    'a close frame',
    ms,
  );

describe('ingest: limits before the hello is accepted', () => {
  let h: Harness;
  let show: CreatedShow;
  const raw: Duplex[] = [];
  before(async () => {
    h = await startHarness({ trustProxy: 'loopback', rateLimits: { socketConnectionsPerMinute: 6 } });
    show = await h.createShow();
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    assert.equal((await request(host, 'show:start', {})).ok, true);
  });
  after(async () => {
    raw.forEach((s) => s.destroy());
    await h.close();
  });

  const hello = (extra: Record<string, unknown> = {}) => ({
    show: show.id,
    token: show.hostToken,
    mimeType: 'video/webm',
    capturedAt: Date.now(),
    ...extra,
  });
  const open = async (ip: string) => {
    const up = await upgrade(h.url, ip);
    if (up.socket) raw.push(up.socket);
    return up;
  };

  it('an address may hold only a few unauthenticated uploads at once; an accepted hello frees its place', async () => {
    for (let i = 0; i < 4; i++) assert.equal((await open('203.0.113.10')).status, 101, `pending upload ${i + 1}`);
    const refused = await open('203.0.113.10');
    assert.equal(refused.status, 429, 'the fifth waiting for its hello');
    assert.equal((await open('203.0.113.11')).status, 101, 'another address is not affected');
    raw.splice(0).forEach((s) => s.destroy());
    const studio = publish(h.url, hello(), { 'x-forwarded-for': '203.0.113.12' });
    await studio.next('ready');
    for (let i = 0; i < 4; i++)
      assert.equal((await open('203.0.113.12')).status, 101, `pending beside an accepted upload ${i + 1}`);
    studio.close();
    await studio.closed;
  });

  it('uploads share the per-address connection budget of Socket.IO handshakes', async () => {
    for (let i = 0; i < 6; i++) {
      const up = await open('203.0.113.20');
      assert.equal(up.status, 101, `connection ${i + 1}`);
      up.socket!.destroy();
    }
    const refused = await open('203.0.113.20');
    assert.equal(refused.status, 429, 'the seventh in a minute');
    assert.match(String(refused.headers['retry-after']), /^\d+$/);
    const viewer = ioClient(h.url, {
      auth: { show: show.id },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { 'x-forwarded-for': '203.0.113.20' },
    });
    const refusedSocket = await withTimeout(
      new Promise<Error>((resolve) => viewer.once('connect_error', resolve)),
      'the socket refused',
    );
    viewer.disconnect();
    assert.equal(refusedSocket.message, 'websocket error', 'the socket handshake shares the budget');
    assert.equal((await open('203.0.113.21')).status, 101, 'another address is not affected');
  });

  it('a frame over 4 KiB before the hello is accepted closes with 1009, before its body is read', async () => {
    const padded = publish(h.url, hello({ padding: 'x'.repeat(8 * 1024) }), { 'x-forwarded-for': '203.0.113.31' });
    assert.equal((await withTimeout(padded.closed, 'the padded hello to close')).code, 1009);
    assert.ok(!padded.messages.some((m) => m.type === 'ready'), JSON.stringify(padded.messages));

    const up = await open('203.0.113.30');
    assert.equal(up.status, 101);
    // A masked text frame announcing 1 MiB, with no body: only its header says how big it is.
    up.socket!.write(Buffer.from([0x81, 0xff, 0, 0, 0, 0, 0, 0x10, 0, 0, 1, 2, 3, 4]));
    assert.equal(await closeCode(up.socket!, 3000), 1009, 'refused at the header, not at the hello timeout');
  });

  it('after the hello, media frames keep the 4 MiB limit', async () => {
    const studio = publish(h.url, hello(), { 'x-forwarded-for': '203.0.113.40' });
    await studio.next('ready');
    studio.sendRaw((await makeWebm()).subarray(0, 64 * 1024));
    assert.equal((await studio.next('ack')).bytes, 64 * 1024);
    studio.close();
    await studio.closed;
  });
});
