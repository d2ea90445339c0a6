import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ShowAnalytics } from '@live-shop/protocol';
import { FakeClient, product } from '../test/fixtures.js';
import { liveServer } from '../test/live-server.js';
import { loadStudio } from '../define.js';
import { AnalyticsPanel } from './analytics-panel.js';
import type { LiveShopStudio } from './studio.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const panel = (el: HTMLElement) => root(el).querySelector<HTMLElement>('[part="analytics"]');
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const WAIT = { timeout: 5000 };

/** Opens the panel's disclosure, as a click on its summary does. */
async function open(el: LiveShopStudio) {
  const details = panel(el)!.querySelector('details')!;
  details.querySelector('summary')!.click();
  await waitUntil(() => details.open, 'the panel opens');
}

const T0 = Date.UTC(2026, 11, 6, 18, 0);
const M = 60_000;
const usd = (amount: number) => ({ amount, currency: 'USD' });

/** A show's story: three live minutes (two pins, one unpin), then two replay minutes and a clip minute. */
function report(over: Partial<ShowAnalytics> = {}): ShowAnalytics {
  const row = { chat: 0, reactions: 0, buyClicks: 0, impressions: 0, checkouts: 0, orders: 0, revenue: [] };
  return {
    showId: 's1',
    startedAt: T0 + 5_000,
    endedAt: T0 + 3 * M - 1,
    minutes: [
      { ...row, at: T0, source: 'live', viewers: 12, chat: 4, impressions: 12 },
      {
        ...row,
        at: T0 + M,
        source: 'live',
        viewers: 20,
        chat: 9,
        buyClicks: 5,
        checkouts: 3,
        orders: 2,
        revenue: [usd(9800)],
      },
      { ...row, at: T0 + 2 * M, source: 'live', viewers: 8, chat: 1, orders: 1, revenue: [usd(4900)] },
      {
        ...row,
        at: T0 + 3 * 24 * 60 * M,
        source: 'replay',
        viewers: 3,
        buyClicks: 1,
        checkouts: 1,
        orders: 1,
        revenue: [usd(2500)],
      },
      { ...row, at: T0 + 3 * 24 * 60 * M, source: 'clip', viewers: 1 },
      { ...row, at: T0 + (3 * 24 * 60 + 1) * M, source: 'replay', viewers: 2 },
    ],
    pins: [
      { at: T0 + 20_000, productIds: ['p1'] },
      { at: T0 + M + 30_000, productIds: ['p1', 'p2'] },
      { at: T0 + 2 * M + 10_000, productIds: ['p2'] },
    ],
    funnel: [
      {
        productId: 'p1',
        source: 'live',
        impressions: 32,
        buyClicks: 5,
        checkouts: 3,
        orders: 2,
        units: 2,
        revenue: usd(9800),
        conversion: 2 / 32,
      },
      {
        productId: 'p1',
        source: 'replay',
        impressions: 0,
        buyClicks: 1,
        checkouts: 1,
        orders: 1,
        units: 1,
        revenue: usd(2500),
        conversion: null,
      },
      {
        productId: 'p2',
        source: 'live',
        impressions: 8,
        buyClicks: 0,
        checkouts: 0,
        orders: 1,
        units: 1,
        revenue: usd(4900),
        conversion: 0.125,
      },
    ],
    at: T0 + 4 * 24 * 60 * M,
    ...over,
  };
}

function hostShow(analytics: ShowAnalytics | null) {
  const client = new FakeClient({
    role: 'host',
    title: 'Summer drop',
    products: [product(), product({ id: 'p2', title: 'Straw hat' })],
  });
  client.analytics = analytics;
  return client;
}

const reads = (client: FakeClient) => client.calls.filter(([name]) => name === 'getAnalytics').length;

describe('<live-shop-studio> analytics panel', () => {
  before(() => loadStudio());
  afterEach(() => (AnalyticsPanel.refreshMs = 30_000));

  it('reads nothing until opened, then draws viewers per source, orders and pin moments as inline SVG', async () => {
    const client = hostShow(report());
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    expect(text(panel(el)!.querySelector('h2'))).to.equal('Analytics');
    expect(reads(client)).to.equal(0);
    await open(el);
    await waitUntil(() => panel(el)!.querySelector('svg'), 'the chart', WAIT);
    expect(reads(client)).to.equal(1);
    const chart = panel(el)!.querySelector('svg')!;
    // Five minutes with activity (the replay days later sits next to the live hour): five points per line.
    const lines = [...chart.querySelectorAll('polyline')];
    expect(lines.map((l) => l.getAttribute('class'))).to.deep.equal(['viewers live', 'viewers replay', 'viewers clip']);
    for (const line of lines) expect(line.getAttribute('points')!.trim().split(' ')).to.have.length(5);
    const ys = (i: number) =>
      lines[i]!.getAttribute('points')!
        .split(' ')
        .map((p) => Number(p.split(',')[1]));
    expect(Math.min(...ys(0))).to.equal(ys(0)[1], 'the live peak (20) is the highest point');
    expect(ys(1)[0]).to.equal(ys(1)[1], 'no replay before the replay: a flat zero');
    // Orders: one bar per minute with orders; pins: one tick per product put on screen (not for the unpin).
    expect(chart.querySelectorAll('rect.orders-bar')).to.have.length(3);
    const pins = [...chart.querySelectorAll('line.pin-mark')];
    expect(pins.map((p) => text(p.querySelector('title')))).to.have.length(2);
    expect(text(pins[0]!.querySelector('title'))).to.match(/Linen shirt pinned$/);
    expect(text(pins[1]!.querySelector('title'))).to.match(/Straw hat pinned$/);
    expect(Number(pins[0]!.getAttribute('x1'))).to.be.lessThan(Number(pins[1]!.getAttribute('x1')));
  });

  it('is accessible: an image with a summary, a hidden table of minutes, and the funnel table', async () => {
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${hostShow(report()).asClient}></live-shop-studio>`,
    );
    await open(el);
    await waitUntil(() => panel(el)!.querySelector('svg'), 'the chart', WAIT);
    const chart = panel(el)!.querySelector('svg')!;
    expect(chart.getAttribute('role')).to.equal('img');
    expect(chart.getAttribute('aria-label')).to.equal(
      'Viewers per minute over 5 minutes with activity, peak live 20, replay 3, clips 1; 4 orders ($172.00); 2 pins. The table of minutes follows.',
    );
    const minutes = panel(el)!.querySelector('table.sr-only')!;
    expect(minutes.querySelectorAll('tbody tr')).to.have.length(6);
    const funnel = [...panel(el)!.querySelectorAll('table.funnel tbody tr')].map((tr) => [...tr.children].map(text));
    expect(funnel).to.deep.equal([
      ['Linen shirt', 'Live', '32', '5', '3', '2', '2', '$98.00', '6.3%'],
      ['Linen shirt', 'Replay', '0', '1', '1', '1', '1', '$25.00', '—'],
      ['Straw hat', 'Live', '8', '0', '0', '1', '1', '$49.00', '12.5%'],
    ]);
    await expect(panel(el)!).to.be.accessible();
  });

  it('reads again while open, stops when closed, and downloads the CSV', async () => {
    AnalyticsPanel.refreshMs = 50;
    const client = hostShow(report());
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    await open(el);
    await waitUntil(() => reads(client) >= 3, 'periodic reads', WAIT);
    panel(el)!.querySelector('summary')!.click();
    await waitUntil(() => !panel(el)!.querySelector('details')!.open, 'closed');
    const after = reads(client);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reads(client)).to.be.at.most(after + 1, 'no reads once closed');
    // The CSV needs the token in a header: fetched by the client, handed to the browser as a Blob.
    const downloads: HTMLAnchorElement[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      downloads.push(this);
    };
    try {
      panel(el)!.querySelector('summary')!.click();
      const button = [...panel(el)!.querySelectorAll('button')].find((b) => text(b) === 'Download CSV')!;
      button.click();
      await waitUntil(() => downloads.length, 'the download', WAIT);
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
    const [downloaded] = downloads;
    expect(downloaded!.download).to.equal('show-s1-analytics.csv');
    expect(downloaded!.href).to.match(/^blob:/);
    expect(await (await fetch(downloaded!.href)).text()).to.equal(client.analyticsCsv);
  });

  it('says why when the figures cannot be read, and is not there for moderators', async () => {
    const client = hostShow(null);
    client.fail = { code: 'forbidden', message: 'Only the show’s host or an admin may read this' };
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    await open(el);
    await waitUntil(() => panel(el)!.querySelector('[role="alert"]'), 'the error', WAIT);
    expect(text(panel(el)!.querySelector('[role="alert"]'))).to.equal('Only the show’s host or an admin may read this');
    const moderator = new FakeClient({ role: 'moderator', title: 'Summer drop' });
    const mod = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${moderator.asClient}></live-shop-studio>`,
    );
    expect(panel(mod)).to.equal(null);
  });

  it('against the real server: the host’s studio reads its show’s figures (CORS, host token)', async () => {
    const server = await liveServer();
    const show = await server.createShow();
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio server=${server.url} show=${show.id} token=${show.hostToken}></live-shop-studio>`,
    );
    await waitUntil(() => panel(el), 'the host studio is ready', { timeout: 8000 });
    await open(el);
    await waitUntil(() => panel(el)!.querySelector('table.funnel'), 'the funnel', WAIT);
    const rows = () =>
      [...panel(el)!.querySelectorAll('table.funnel tbody tr')].map((tr) => [...tr.children].map(text));
    expect(rows().map((r) => r[0])).to.deep.equal(show.products.map((p) => p.title));
    expect(text(panel(el))).to.contain('No viewers or sales yet.');
    expect(panel(el)!.querySelector('[role="alert"]')).to.equal(null);
    // A shopper's Buy now (the merchant's cart took over), then the panel opened again: read anew, one minute drawn.
    const [first] = show.products;
    const click = await fetch(`${server.url}/api/shows/${show.id}/clicks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ productId: first!.id }),
    });
    expect(click.status).to.equal(204);
    panel(el)!.querySelector('summary')!.click();
    await open(el);
    await waitUntil(() => panel(el)!.querySelector('svg polyline'), 'the chart', WAIT);
    expect(panel(el)!.querySelector('polyline')!.getAttribute('points')!.split(' ')).to.have.length(1);
    expect(rows()[0]!.slice(0, 4)).to.deep.equal([first!.title, 'Live', '0', '1']);
  });
});
