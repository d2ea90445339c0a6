import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LiveShopState } from '@live-shop/client';
import { FakeClient, product } from '../test/fixtures.js';
import type { LiveShopViewer } from '../viewer/viewer.js';
import type { LiveShopPreLive, ReminderTarget } from './pre-live.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const IMAGE = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';

const preLiveOf = (el: LiveShopViewer) => el.shadowRoot!.querySelector<LiveShopPreLive>('live-shop-pre-live');
const inner = (pre: LiveShopPreLive, selector: string) => pre.shadowRoot!.querySelector<HTMLElement>(selector);
const focused = (pre: LiveShopPreLive) => pre.shadowRoot!.activeElement as HTMLElement | null;

function scheduledShow(over: Partial<LiveShopState> = {}) {
  return new FakeClient({
    title: 'Spring drop',
    status: 'scheduled',
    startsAt: Date.now() + 2 * DAY + 3 * HOUR + 4 * MINUTE + 30_000,
    description: 'New kettles and mugs.\nBring questions.',
    trailer: { url: IMAGE, kind: 'image' },
    products: [product(), product({ id: 'p2', title: 'Straw hat', price: { amount: 2500, currency: 'EUR' } })],
    ...over,
  });
}

async function viewer(client: FakeClient, attrs: { pushWorker?: string } = {}) {
  const el = await fixture<LiveShopViewer>(
    html`<live-shop-viewer
      server="https://live.example"
      show="s1"
      push-worker=${attrs.pushWorker ?? ''}
      .client=${client.asClient}
    ></live-shop-viewer>`,
  );
  await waitUntil(() => preLiveOf(el), 'the pre-live screen loads (its lazy chunk)', { timeout: 5000 });
  const pre = preLiveOf(el)!;
  await pre.updateComplete;
  return { el, pre };
}

describe('<live-shop-viewer> before the show: the pre-live screen', () => {
  let original: (target: ReminderTarget) => Promise<unknown>;
  before(async () => {
    original = (await import('./pre-live.js')).LiveShopPreLive.subscribe;
  });
  afterEach(async () => {
    (await import('./pre-live.js')).LiveShopPreLive.subscribe = original;
  });

  it('shows the countdown, start date, trailer, description and products to come instead of the player', async () => {
    const client = scheduledShow();
    const { el, pre } = await viewer(client);
    expect(el.shadowRoot!.querySelector('live-shop-player')).to.equal(null);
    const countdown = inner(pre, '[part="countdown"]')!;
    expect(countdown.getAttribute('role')).to.equal('timer');
    expect(countdown.getAttribute('aria-label')).to.equal('Time until the show starts');
    const [day, hour, minute] = [...countdown.querySelectorAll('span')].map((s) => s.textContent!.trim());
    expect([day, hour, minute]).to.deep.equal(['2 days', '3 hr', '4 min']);
    for (const span of countdown.querySelectorAll('span')) expect(span.getAttribute('aria-hidden')).to.equal('true');
    // Screen readers get a coarse, polite line instead of the ticking seconds.
    const spoken = inner(pre, '.sr-only[role="status"]')!;
    expect(spoken.textContent).to.equal('The show starts in 2 days, 3 hours');
    const date = new Intl.DateTimeFormat('en', { dateStyle: 'full', timeStyle: 'short' }).format(
      client.state.startsAt!,
    );
    expect(inner(pre, '[part="starts-at"]')!.textContent).to.equal(`Starts ${date}`);
    const trailer = inner(pre, '[part="trailer"]') as HTMLImageElement;
    expect([trailer.tagName, trailer.getAttribute('src'), trailer.alt]).to.deep.equal(['IMG', IMAGE, 'Trailer']);
    expect(inner(pre, '[part="description"]')!.textContent).to.equal('New kettles and mugs.\nBring questions.');
    const products = [...pre.shadowRoot!.querySelectorAll('[part="product"]')].map((p) =>
      p.textContent!.replace(/\s+/g, ' ').trim(),
    );
    expect(products).to.deep.equal(['Linen shirt $49.00', 'Straw hat €25.00']);
    await expect(pre).to.be.accessible();
    await expect(el).to.be.accessible();
  });

  it('says "Starting soon" once the start time has passed and the show is still scheduled', async () => {
    const { pre } = await viewer(scheduledShow({ startsAt: Date.now() - MINUTE }));
    expect(inner(pre, '[part="countdown"]')!.textContent!.trim()).to.equal('Starting soon');
  });

  it('a show without a date but with a description says "Starting soon"; one with none of them keeps the player', async () => {
    const { pre } = await viewer(scheduledShow({ startsAt: null, trailer: null }));
    expect(inner(pre, '[part="countdown"]')!.textContent!.trim()).to.equal('Starting soon');
    expect(inner(pre, '[part="remind-button"]'), 'nothing to remind of without a date or Web Push').to.equal(null);
    const plain = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${scheduledShow({ startsAt: null, trailer: null, description: '' }).asClient}></live-shop-viewer>`,
    );
    await waitUntil(() => plain.shadowRoot!.querySelector('live-shop-player'), 'the player', { timeout: 5000 });
    expect(preLiveOf(plain)).to.equal(null);
  });

  it('an hour away, the spoken line counts minutes', async () => {
    const { pre } = await viewer(scheduledShow({ startsAt: Date.now() + 42 * MINUTE + 30_000 }));
    expect(inner(pre, '.sr-only[role="status"]')!.textContent).to.equal('The show starts in 42 minutes');
    const units = [...inner(pre, '[part="countdown"]')!.querySelectorAll('span')].map((s) => s.className);
    expect(units).to.deep.equal(['hour', 'minute', 'second'], 'no days when there are none');
  });

  it('plays a video trailer muted, looping and inline', async () => {
    const { pre } = await viewer(scheduledShow({ trailer: { url: 'https://cdn.example/t.mp4', kind: 'video' } }));
    const video = inner(pre, '[part="trailer"]') as HTMLVideoElement;
    expect(video.tagName).to.equal('VIDEO');
    expect([video.muted, video.loop, video.autoplay, video.playsInline]).to.deep.equal([true, true, true, true]);
    expect(video.getAttribute('aria-label')).to.equal('Trailer');
  });

  it('Remind me opens a menu with Add to calendar (the .ics); keyboard: arrows, Escape back to the button', async () => {
    const { pre } = await viewer(scheduledShow());
    const button = inner(pre, '[part="remind-button"]') as HTMLButtonElement;
    const menu = inner(pre, '[part="remind-menu"]')!;
    expect(button.textContent!.trim()).to.equal('Remind me');
    expect([button.getAttribute('aria-haspopup'), button.getAttribute('aria-expanded')]).to.deep.equal([
      'menu',
      'false',
    ]);
    expect(menu.hidden).to.equal(true);
    expect(inner(pre, '[part="notify-button"]'), 'no Notify me without push-worker and key').to.equal(null);

    button.focus();
    await sendKeys({ press: 'Enter' });
    await pre.updateComplete;
    await waitUntil(() => focused(pre)?.getAttribute('part') === 'calendar-link', 'the first item takes focus');
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(menu.hidden).to.equal(false);
    const link = inner(pre, '[part="calendar-link"]') as HTMLAnchorElement;
    expect([link.getAttribute('role'), link.textContent!.trim()]).to.deep.equal(['menuitem', 'Add to calendar']);
    expect(link.href).to.equal('https://live.example/api/shows/s1/calendar.ics');
    expect(link.hasAttribute('download')).to.equal(true);
    await expect(pre).to.be.accessible();

    await sendKeys({ press: 'ArrowDown' });
    expect(focused(pre)).to.equal(link, 'one item: the arrows stay on it');
    await sendKeys({ press: 'Escape' });
    await pre.updateComplete;
    expect(menu.hidden).to.equal(true);
    expect(focused(pre)).to.equal(button);
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => focused(pre) === link, 'ArrowDown on the button opens the menu');
  });

  it('Notify me: only with the show’s push key, push-worker and the Push API; calls subscribeToShowReminders', async () => {
    const calls: ReminderTarget[] = [];
    const module = await import('./pre-live.js');
    module.LiveShopPreLive.subscribe = async (target) => void calls.push(target);
    const { pre } = await viewer(scheduledShow({ webPushKey: 'BPublicKey' }), { pushWorker: '/sw.js' });
    expect('PushManager' in window).to.equal(true);
    (inner(pre, '[part="remind-button"]') as HTMLButtonElement).click();
    await pre.updateComplete;
    const items = [...pre.shadowRoot!.querySelectorAll('[role="menuitem"]')].map((i) => i.textContent!.trim());
    expect(items).to.deep.equal(['Add to calendar', 'Notify me']);
    (inner(pre, '[part="notify-button"]') as HTMLButtonElement).click();
    await waitUntil(() => inner(pre, '[part="reminder-status"]')!.textContent!.trim(), 'a result');
    expect(calls).to.deep.equal([
      { server: 'https://live.example', show: 's1', publicKey: 'BPublicKey', worker: '/sw.js' },
    ]);
    const status = inner(pre, '[part="reminder-status"]')!;
    expect([status.getAttribute('role'), status.textContent!.trim()]).to.deep.equal([
      'status',
      'You will get a notification when the show starts.',
    ]);

    module.LiveShopPreLive.subscribe = async () => {
      throw new Error('denied');
    };
    (inner(pre, '[part="remind-button"]') as HTMLButtonElement).click();
    await pre.updateComplete;
    (inner(pre, '[part="notify-button"]') as HTMLButtonElement).click();
    await waitUntil(() => status.classList.contains('failed'), 'the failure');
    expect(status.textContent!.trim()).to.equal('Notifications could not be turned on.');
  });

  it('without the show’s push key there is no Notify me, even with push-worker', async () => {
    const { pre } = await viewer(scheduledShow(), { pushWorker: '/sw.js' });
    (inner(pre, '[part="remind-button"]') as HTMLButtonElement).click();
    await pre.updateComplete;
    expect(inner(pre, '[part="notify-button"]')).to.equal(null);
  });

  it('a schedule change reaches the screen, and going live swaps it for the player without a reload', async () => {
    const client = scheduledShow();
    const { el, pre } = await viewer(client);
    client.set({ description: 'Moved to Friday', trailer: null });
    await el.updateComplete;
    await pre.updateComplete;
    expect(inner(pre, '[part="description"]')!.textContent).to.equal('Moved to Friday');
    expect(inner(pre, '[part="trailer"]')).to.equal(null);
    client.set({ status: 'starting' });
    await el.updateComplete;
    expect(preLiveOf(el)).to.equal(null);
    expect(el.shadowRoot!.querySelector('live-shop-player')).to.not.equal(null);
    expect(el.isConnected).to.equal(true);
  });
});
