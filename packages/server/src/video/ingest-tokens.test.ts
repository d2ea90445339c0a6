import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow } from '@live-shop/protocol';
import { request, startHarness, WAIT_MS, withTimeout, type Harness } from '../testing/harness.js';
import { publish, type Publisher } from '../testing/media.js';
import { shortLivedToken } from '../testing/tokens.js';

describe('ingest: the upload ends with the token that opened it', () => {
  let h: Harness;
  let show: CreatedShow;
  before(async () => {
    h = await startHarness();
    show = await h.createShow();
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    assert.equal((await request(host, 'show:start', {})).ok, true);
  });
  after(() => h.close());

  const hello = (token: string) => ({ show: show.id, token, mimeType: 'video/webm', capturedAt: Date.now() });

  async function endsWithTokenExpired(studio: Publisher, ms = WAIT_MS): Promise<void> {
    assert.deepEqual(await withTimeout(studio.closed, 'the upload to close', ms), {
      code: 1008,
      reason: 'token_expired',
    });
    assert.equal(
      studio.messages.find((m) => m.type === 'error')?.error.code,
      'token_expired',
      JSON.stringify(studio.messages),
    );
  }

  it('revoking the host token closes its upload at once', async () => {
    const spare = await h.api('POST', `/api/shows/${show.id}/tokens`, { body: { role: 'host', label: 'Laptop' } });
    const studio = publish(h.url, hello(spare.json.token));
    await studio.next('ready');
    assert.equal((await h.api('DELETE', `/api/shows/${show.id}/tokens/${spare.json.id}`)).status, 204);
    await endsWithTokenExpired(studio);
  });

  it('the upload closes when its host token expires', async () => {
    const token = await shortLivedToken(h.server, show.id, 'host', 3000);
    const studio = publish(h.url, hello(token.token));
    await studio.next('ready');
    await endsWithTokenExpired(studio, token.expiresAt - Date.now() + WAIT_MS);
    assert.ok(Date.now() >= token.expiresAt, 'not before the expiry');
  });
});
