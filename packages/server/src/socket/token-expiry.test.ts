import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow } from '@live-shop/protocol';
import { request, startHarness, WAIT_MS, withTimeout, type ClientSocket, type Harness } from '../testing/harness.js';
import { shortLivedToken, signedExpiry } from '../testing/tokens.js';

const HOUR_MS = 3_600_000;

/** Resolves with the disconnect reason and when it came; bounded by the token's time left plus the usual wait. */
const disconnected = (socket: ClientSocket, expiresAt: number) =>
  withTimeout(
    new Promise<{ reason: string; at: number }>((resolve) =>
      socket.once('disconnect', (reason) => resolve({ reason, at: Date.now() })),
    ),
    'disconnect at expiry',
    Math.max(0, expiresAt - Date.now()) + WAIT_MS,
  );

describe('staff tokens: their powers end when they expire or are revoked', () => {
  let h: Harness;
  let show: CreatedShow;
  before(async () => {
    h = await startHarness();
    show = await h.createShow();
  });
  after(() => h.close());

  it('host and invited moderator connections close at the host token’s expiry; the tokens no longer connect', async () => {
    const hostToken = await shortLivedToken(h.server, show.id, 'host', 2500);
    const host = (await h.connect({ show: show.id, token: hostToken.token })).socket;
    const invite = await request(host, 'moderator:invite', { label: 'Late', hours: 720 });
    assert.equal(invite.ok, true, JSON.stringify(invite));
    const mod = (await h.connect({ show: show.id, token: invite.token })).socket;
    const [hostGone, modGone] = await Promise.all([
      disconnected(host, hostToken.expiresAt),
      disconnected(mod, hostToken.expiresAt),
    ]);
    for (const gone of [hostGone, modGone]) {
      assert.equal(gone.reason, 'io server disconnect');
      assert.ok(gone.at >= hostToken.expiresAt, 'not before the expiry');
    }
    for (const token of [hostToken.token, invite.token])
      assert.equal((await h.connectError({ show: show.id, token })).data?.code, 'token_expired');
  });

  it('an event on a connection whose token expired is answered token_expired and the connection closes', async () => {
    const token = await shortLivedToken(h.server, show.id, 'host', HOUR_MS);
    const host = (await h.connect({ show: show.id, token: token.token })).socket;
    // Timers run late under load: the event that slips in before the close must not act.
    const serverSide = [...h.server.io.of('/').sockets.values()].find((s) => s.data.token?.id === token.id)!;
    serverSide.data.token!.expiresAt = Date.now() - 1;
    const gone = disconnected(host, Date.now());
    const pinned = await request(host, 'product:pin', { productId: show.products[0]!.id });
    assert.equal(pinned.error?.code, 'token_expired', JSON.stringify(pinned));
    assert.equal((await gone).reason, 'io server disconnect');
    assert.deepEqual(
      (await h.api('GET', `/api/shows/${show.id}`, { admin: false })).json.pins.productIds,
      [],
      'nothing pinned',
    );
  });

  it('moderator:invite never outlives the inviting token: its expiry is capped at the host token’s', async () => {
    const hostToken = await shortLivedToken(h.server, show.id, 'host', HOUR_MS);
    const host = (await h.connect({ show: show.id, token: hostToken.token })).socket;
    const invite = await request(host, 'moderator:invite', { hours: 720 });
    assert.equal(invite.ok, true, JSON.stringify(invite));
    assert.equal(invite.moderator.expiresAt, hostToken.expiresAt);
    assert.equal(signedExpiry(invite.token), hostToken.expiresAt, 'the token itself says so');
    const listed = (await h.api('GET', `/api/shows/${show.id}/tokens`)).json.tokens.find(
      (t: { id: string }) => t.id === invite.moderator.id,
    );
    assert.equal(listed.expiresAt, hostToken.expiresAt);
    // A shorter invitation keeps its own length.
    const short = await request(host, 'moderator:invite', { hours: 1 });
    assert.ok(
      short.moderator.expiresAt <= hostToken.expiresAt && short.moderator.expiresAt > Date.now() + HOUR_MS - 60_000,
      JSON.stringify(short),
    );
    // The admin API mints from the admin key, which never expires: no cap there.
    const minted = await h.api('POST', `/api/shows/${show.id}/tokens`, { body: { role: 'moderator', hours: 720 } });
    assert.ok(minted.json.expiresAt > hostToken.expiresAt);
  });

  it('revoking a host token revokes the moderators it invited, and closes their connections', async () => {
    const hostToken = await shortLivedToken(h.server, show.id, 'host', HOUR_MS);
    const host = (await h.connect({ show: show.id, token: hostToken.token })).socket;
    const invite = await request(host, 'moderator:invite', { label: 'Invited' });
    const minted = await h.api('POST', `/api/shows/${show.id}/tokens`, {
      body: { role: 'moderator', label: 'Admin’s' },
    });
    const mod = (await h.connect({ show: show.id, token: invite.token })).socket;
    const other = (await h.connect({ show: show.id, token: minted.json.token })).socket;
    const gone = disconnected(mod, Date.now());
    assert.equal((await h.api('DELETE', `/api/shows/${show.id}/tokens/${hostToken.id}`)).status, 204);
    assert.equal((await gone).reason, 'io server disconnect');
    assert.equal((await h.connectError({ show: show.id, token: invite.token })).data?.code, 'token_expired');
    const tokens = (await h.api('GET', `/api/shows/${show.id}/tokens`)).json.tokens as {
      id: string;
      revokedAt: number | null;
    }[];
    assert.ok(tokens.find((t) => t.id === invite.moderator.id)!.revokedAt, 'listed as revoked');
    assert.equal(
      tokens.find((t) => t.id === minted.json.id)!.revokedAt,
      null,
      'a token the admin minted is not the host’s to take along',
    );
    assert.equal(other.connected, true);
  });
});
