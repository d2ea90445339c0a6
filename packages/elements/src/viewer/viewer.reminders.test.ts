import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { CreatedShow, PublicShow } from '@live-shop/protocol';
import { LiveShopError } from '@live-shop/protocol';
import type { LiveShopPreLive, ReminderTarget } from '../pre-live/pre-live.js';
import { liveServer } from '../test/live-server.js';
import type { LiveShopViewer } from './viewer.js';
import '../define.js';

// Notify me for real: the viewer against the reference server web-test-runner started with Web Push on,
// the real subscribeToShowReminders (loaded from @live-shop/client on click) and the SDK's own worker.
const WORKER = '/packages/elements/sw/live-shop-sw.js';
const HOUR = 3_600_000;

const preLiveOf = (el: LiveShopViewer) => el.shadowRoot!.querySelector<LiveShopPreLive>('live-shop-pre-live');
const inner = (pre: LiveShopPreLive, selector: string) => pre.shadowRoot!.querySelector<HTMLElement>(selector);

/** A new show on `url`, scheduled in two hours by its host (the studio's Schedule panel sends the same request). */
async function scheduledShow(url: string, create: () => Promise<CreatedShow>): Promise<PublicShow> {
  const created = await create();
  const res = await fetch(`${url}/api/shows/${created.id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${created.hostToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ startsAt: Date.now() + 2 * HOUR }),
  });
  expect(res.status, 'scheduled').to.equal(200);
  return (await res.json()) as PublicShow;
}

async function viewer(url: string, show: PublicShow, pushWorker: string) {
  const el = await fixture<LiveShopViewer>(
    html`<live-shop-viewer server=${url} show=${show.id} push-worker=${pushWorker}></live-shop-viewer>`,
  );
  await waitUntil(() => preLiveOf(el)?.startsAt, 'the pre-live screen loads with the show’s start', {
    timeout: 8000,
  });
  const pre = preLiveOf(el)!;
  await pre.updateComplete;
  return pre;
}

/** Opens Remind me and answers its items' names. */
async function menuItems(pre: LiveShopPreLive): Promise<string[]> {
  (inner(pre, '[part="remind-button"]') as HTMLButtonElement).click();
  await pre.updateComplete;
  return [...pre.shadowRoot!.querySelectorAll('[role="menuitem"]')].map((i) => i.textContent!.trim());
}

describe('<live-shop-viewer> Notify me against a server with Web Push on', () => {
  let original: (target: ReminderTarget) => Promise<unknown>;
  before(async () => {
    original = (await import('../pre-live/pre-live.js')).LiveShopPreLive.subscribe;
  });
  afterEach(async () => {
    (await import('../pre-live/pre-live.js')).LiveShopPreLive.subscribe = original;
  });

  it('shows Notify me; a click reaches the real subscribeToShowReminders, which headless Chromium denies', async () => {
    const { push } = await liveServer();
    const show = await scheduledShow(push.url, push.createShow);
    expect(keyBytes(show.webPushKey), 'the server’s VAPID public key').to.equal(65);
    const pre = await viewer(push.url, show, WORKER);
    expect(await menuItems(pre)).to.deep.equal(['Add to calendar', 'Notify me']);

    // Watched, not replaced: the real client function runs and its outcome is kept.
    const calls: { target: ReminderTarget; error?: unknown }[] = [];
    (await import('../pre-live/pre-live.js')).LiveShopPreLive.subscribe = async (target) => {
      const call: (typeof calls)[number] = { target };
      calls.push(call);
      return original(target).catch((error: unknown) => {
        call.error = error;
        throw error;
      });
    };
    (inner(pre, '[part="notify-button"]') as HTMLButtonElement).click();
    const status = inner(pre, '[part="reminder-status"]')!;
    await waitUntil(() => status.classList.contains('failed'), 'Notify me ends in its failure message', {
      timeout: 8000,
    });
    expect(status.textContent!.trim()).to.equal('Notifications could not be turned on.');
    expect(calls.map((c) => c.target)).to.deep.equal([
      { server: push.url, show: show.id, publicKey: show.webPushKey, worker: WORKER },
    ]);
    expect(calls[0]!.error).to.be.instanceOf(LiveShopError);
    expect((calls[0]!.error as LiveShopError).code).to.equal('push_denied');
    expect(Notification.permission).to.equal('denied');
  });

  it('without push-worker there is no Notify me, even though the show has a push key', async () => {
    const { push } = await liveServer();
    const show = await scheduledShow(push.url, push.createShow);
    expect(show.webPushKey).to.be.a('string');
    expect(await menuItems(await viewer(push.url, show, ''))).to.deep.equal(['Add to calendar']);
  });

  it('on a server without Web Push (no webPushKey) there is no Notify me, even with push-worker', async () => {
    const server = await liveServer();
    const show = await scheduledShow(server.url, server.createShow);
    expect(show.webPushKey ?? null).to.equal(null);
    expect(await menuItems(await viewer(server.url, show, WORKER))).to.deep.equal(['Add to calendar']);
  });
});

/** Bytes in a base64url string. */
function keyBytes(value: string | null | undefined): number {
  return value ? atob(value.replace(/-/g, '+').replace(/_/g, '/')).length : 0;
}
