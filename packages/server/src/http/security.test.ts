import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow } from '@live-shop/protocol';
import { startHarness, type Harness } from '../testing/harness.js';
import { inlineScriptHashes } from './security.js';

/** `Content-Security-Policy` as directive → sources. */
function csp(headers: Headers): Map<string, string[]> {
  const header = headers.get('content-security-policy');
  assert.ok(header, 'a CSP is sent');
  return new Map(
    header
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('security headers (helmet) on every response', () => {
  let h: Harness;
  let show: CreatedShow;
  before(async () => {
    h = await startHarness({ demo: true, trustProxy: 'loopback' });
    show = await h.createShow();
  });
  after(() => h.close());

  const get = (route: string, headers: Record<string, string> = {}) => h.api('GET', route, { admin: false, headers });

  it('everywhere: nosniff, no Referer, never framed, no COEP, no X-Powered-By; JSON and scripts may run nothing', async () => {
    for (const route of ['/health', `/api/shows/${show.id}`, '/no/such/route', '/demo/mug.svg', '/studio', '/']) {
      const { headers } = await get(route);
      assert.equal(headers.get('x-content-type-options'), 'nosniff', route);
      assert.equal(headers.get('referrer-policy'), 'no-referrer', route);
      assert.equal(headers.get('x-frame-options'), 'DENY', route);
      assert.deepEqual(csp(headers).get('frame-ancestors'), ["'none'"], route);
      assert.equal(
        headers.get('cross-origin-embedder-policy'),
        null,
        `${route}: COEP would block the merchant's images`,
      );
      assert.equal(headers.get('x-powered-by'), null, route);
    }
    assert.deepEqual(csp((await get('/health')).headers).get('default-src'), ["'none'"]);
  });

  it('Cross-Origin-Resource-Policy: cross-origin for what storefronts load (SDK, HLS, API, demo images), same-origin for our pages', async () => {
    const corp = async (route: string) => (await get(route)).headers.get('cross-origin-resource-policy');
    for (const route of [
      '/sdk/live-shop.js',
      `/hls/${show.id}/live.m3u8`,
      `/api/shows/${show.id}`,
      '/demo/kettle.svg',
    ]) {
      assert.equal(await corp(route), 'cross-origin', route);
    }
    const checkout = await h.api('POST', `/api/shows/${show.id}/checkout`, {
      admin: false,
      body: { productId: show.products[1]!.id },
    });
    assert.equal(checkout.headers.get('cross-origin-resource-policy'), 'cross-origin');
    for (const route of ['/studio', '/']) assert.equal(await corp(route), 'same-origin', route);
    assert.equal(await corp('/health'), 'cross-origin', 'a storefront on a refused origin reads why (origins.test.ts)');
  });

  it('HSTS only over https (here: X-Forwarded-Proto from the trusted proxy), without pinning other subdomains', async () => {
    assert.equal((await get('/health')).headers.get('strict-transport-security'), null, 'plain http');
    assert.equal(
      (await get('/health', { 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security'),
      'max-age=31536000',
    );
    assert.ok(
      !csp((await get('/studio')).headers).has('upgrade-insecure-requests'),
      'over http it would break same-origin loads',
    );
    assert.ok(csp((await get('/studio', { 'x-forwarded-proto': 'https' })).headers).has('upgrade-insecure-requests'));
  });

  it('the studio runs its inline script and the SDK from this server only; connects nowhere else', async () => {
    const res = await get('/studio?show=x');
    const policy = csp(res.headers);
    const inline = /<script>([\s\S]*?)<\/script>/.exec(res.text)![1]!;
    const hash = `'sha256-${createHash('sha256').update(inline).digest('base64')}'`;
    assert.deepEqual(policy.get('script-src'), ["'self'", hash]);
    assert.deepEqual(policy.get('connect-src'), ["'self'"], 'the host token can only travel to this server');
    assert.deepEqual(policy.get('object-src'), ["'none'"]);
    assert.deepEqual(policy.get('base-uri'), ["'none'"]);
    assert.ok(policy.get('img-src')!.includes('*'), "product images are the merchant's");
    assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin');
  });

  it('the demo storefront also allows Stripe.js and its frames, video from blob:/https:, and keeps its checkout popups', async () => {
    const res = await get('/');
    const policy = csp(res.headers);
    assert.deepEqual(policy.get('script-src'), ["'self'", ...inlineScriptHashes(res.text), 'https://js.stripe.com']);
    assert.equal(inlineScriptHashes(res.text).length, 1);
    assert.ok(!policy.get('script-src')!.includes("'unsafe-inline'"));
    assert.deepEqual(policy.get('media-src'), ["'self'", 'blob:', 'https:']);
    assert.deepEqual(policy.get('worker-src'), ["'self'", 'blob:'], 'hls.js runs its transmuxer in a blob: worker');
    assert.ok(policy.get('frame-src')!.includes('https://checkout.stripe.com'));
    assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin-allow-popups');
  });

  it('the test checkout page runs no script, cannot be framed, and its forms may lead back to the storefront only', async () => {
    const started = await h.api('POST', `/api/shows/${show.id}/checkout`, {
      admin: false,
      body: { productId: show.products[1]!.id, returnUrl: 'http://localhost:8080/shop' },
    });
    assert.equal(started.status, 200, started.text);
    const page = await get(started.json.url);
    assert.equal(page.status, 200);
    const policy = csp(page.headers);
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
    assert.ok(!policy.has('script-src'), 'no script at all');
    assert.deepEqual(
      policy.get('form-action'),
      ["'self'", 'http://localhost:8080'],
      'Pay redirects there, and Chromium checks redirects too',
    );
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer', 'the checkout URL is a capability');
    const back = await get('/checkout/return?live_shop_checkout=success');
    assert.deepEqual(csp(back.headers).get('form-action'), ["'self'"]);
  });

  it('inlineScriptHashes: inline scripts only, hashed exactly as written', () => {
    const html =
      '<script type="module" src="/sdk/x.js"></script><script>\n  a()\n</script><SCRIPT nonce="n">b()</SCRIPT>';
    const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    assert.deepEqual(inlineScriptHashes(html), [sha('\n  a()\n'), sha('b()')]);
  });
});
