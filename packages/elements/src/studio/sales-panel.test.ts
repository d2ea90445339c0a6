import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { OrderSummary, SalesSummary } from '@live-shop/protocol';
import { FakeClient, product } from '../test/fixtures.js';
import { loadStudio } from '../define.js';
import type { LiveShopStudio } from './studio.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const panel = (el: HTMLElement) => root(el).querySelector<HTMLElement>('[part="sales"]')!;
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** A total as label: value (dt and dd are adjacent in the markup). */
const total = (div: Element) => `${text(div.querySelector('dt'))}: ${text(div.querySelector('dd'))}`;
/** The visually hidden status line that announces new orders. */
const announced = (el: HTMLElement) => panel(el).querySelector<HTMLElement>('.sr-only[role="status"]');
const toggle = (el: HTMLElement) => panel(el).querySelector<HTMLInputElement>('input[role="switch"]')!;

function order(over: Partial<OrderSummary> = {}): OrderSummary {
  return {
    id: 'o1',
    productId: 'p1',
    quantity: 1,
    amount: { amount: 4900, currency: 'USD' },
    status: 'paid',
    flag: null,
    provider: 'local',
    createdAt: 1,
    updatedAt: 1,
    ...over,
  };
}

function summary(over: Partial<SalesSummary> = {}): SalesSummary {
  return {
    totals: {
      impressions: 40,
      buyClicks: 8,
      checkouts: 5,
      orders: 3,
      units: 4,
      revenue: [
        { amount: 12300, currency: 'USD' },
        { amount: 2500, currency: 'EUR' },
      ],
      conversion: 0.375,
    },
    products: [
      {
        productId: 'p1',
        impressions: 30,
        buyClicks: 6,
        checkouts: 4,
        orders: 2,
        units: 3,
        revenue: { amount: 12300, currency: 'USD' },
      },
      {
        productId: 'p2',
        impressions: 10,
        buyClicks: 0,
        checkouts: 0,
        orders: 0,
        units: 0,
        revenue: { amount: 0, currency: 'USD' },
      },
    ],
    recent: [
      order({ id: 'o3', quantity: 2, amount: { amount: 9800, currency: 'USD' }, flag: 'oversold' }),
      order({ id: 'o2', productId: 'p2', status: 'pending', amount: { amount: 2500, currency: 'USD' } }),
      order({ id: 'o1', flag: 'amount_mismatch' }),
    ],
    at: 1,
    ...over,
  };
}

function hostShow(sales: SalesSummary | null) {
  return new FakeClient({
    role: 'host',
    title: 'Summer drop',
    products: [product(), product({ id: 'p2', title: 'Straw hat' })],
    sales,
  });
}

describe('<live-shop-studio> sales panel', () => {
  before(() => loadStudio());

  it('says there are no sales yet before the first summary', async () => {
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${hostShow(null).asClient}></live-shop-studio>`,
    );
    expect(panel(el).querySelector('h2')!.textContent).to.equal('Sales');
    expect(text(panel(el))).to.contain('No sales yet.');
    expect(panel(el).querySelector('.totals')).to.equal(null);
    expect(announced(el)).to.equal(null);
  });

  it('shows totals, the per-product funnel and recent orders with their flags', async () => {
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${hostShow(summary()).asClient}></live-shop-studio>`,
    );
    const totals = [...panel(el).querySelectorAll('.totals div')].map(total);
    expect(totals).to.deep.equal(['Orders: 3', 'Units: 4', 'Revenue: $123.00 · €25.00', 'Conversion: 37.5%']);
    const head = [...panel(el).querySelectorAll('thead th')].map(text);
    expect(head).to.deep.equal([
      'Product',
      'Impressions',
      'Buy clicks',
      'Checkouts',
      'Orders',
      'Units',
      'Revenue',
      'Conversion',
    ]);
    const rows = [...panel(el).querySelectorAll('tbody tr')].map((tr) => [...tr.children].map(text));
    expect(rows).to.deep.equal([
      ['Linen shirt', '30', '6', '4', '2', '3', '$123.00', '33.3%'],
      ['Straw hat', '10', '0', '0', '0', '0', '$0.00', '—'],
    ]);
    const orders = [...panel(el).querySelectorAll('.orders li')];
    expect(orders.map((li) => text(li.querySelector('.what')))).to.deep.equal([
      'Linen shirt × 2',
      'Straw hat × 1',
      'Linen shirt × 1',
    ]);
    expect(orders.map((li) => text(li.querySelector('.amount')))).to.deep.equal(['$98.00', '$25.00', '$49.00']);
    expect(orders.map((li) => text(li.querySelector('.badge')))).to.deep.equal(['Paid', 'Pending', 'Paid']);
    expect(text(orders[0]!.querySelector('.flag'))).to.contain(
      'Paid after its hold lapsed — no stock left: refund or restock',
    );
    expect(orders[1]!.querySelector('.flag')).to.equal(null);
    expect(text(orders[2]!.querySelector('.flag'))).to.contain('Charged amount differs from the catalog');
    expect(text(panel(el))).to.not.contain('No sales yet.');
    await new Promise((r) => setTimeout(r, 400)); // button color transitions
    await expect(el).to.be.accessible();
  });

  it('updates live as the sales summary changes', async () => {
    const client = hostShow(summary({ recent: [] }));
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    expect(text(panel(el))).to.contain('No sales yet.');
    const next = summary();
    client.set({ sales: { ...next, totals: { ...next.totals, orders: 4, conversion: null } } });
    await el.updateComplete;
    expect(total(panel(el).querySelector('.totals div')!)).to.equal('Orders: 4');
    expect(total(panel(el).querySelectorAll('.totals div')[3]!)).to.equal('Conversion: —');
    expect(panel(el).querySelectorAll('.orders li')).to.have.length(3);
  });

  it('announces each newly paid order in a polite status line, not the whole table', async () => {
    const client = hostShow(summary({ recent: [order({ id: 'o1', status: 'pending' })] }));
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    const line = announced(el)!;
    expect(line.getAttribute('role')).to.equal('status'); // implicitly aria-live="polite"
    expect(line.getBoundingClientRect().width).to.be.at.most(1, 'visually hidden');
    expect(line.closest('table')).to.equal(null);
    expect(text(line)).to.equal('', 'a pending checkout is not an order yet');

    client.set({ sales: summary({ recent: [order({ id: 'o1', quantity: 2, updatedAt: 5 })] }) });
    await el.updateComplete;
    expect(announced(el)).to.equal(line, 'the live region stays; only its content changes');
    expect(text(line)).to.equal('New order: Linen shirt × 2');
    const said = line.querySelector('span');

    // Another order of the same product and quantity: new content, so it is announced again.
    client.set({
      sales: summary({
        recent: [order({ id: 'o2', quantity: 2, updatedAt: 9 }), order({ id: 'o1', quantity: 2, updatedAt: 5 })],
      }),
    });
    await el.updateComplete;
    expect(text(line)).to.equal('New order: Linen shirt × 2');
    expect(line.querySelector('span')).to.not.equal(said);

    // An older checkout paid last is the new order (recent is newest first by creation).
    client.set({
      sales: summary({
        recent: [
          order({ id: 'o3', status: 'pending', updatedAt: 11 }),
          order({ id: 'o2', updatedAt: 9 }),
          order({ id: 'o0', productId: 'p2', quantity: 3, updatedAt: 12 }),
        ],
      }),
    });
    await el.updateComplete;
    expect(text(line)).to.equal('New order: Straw hat × 3');
  });

  it('switches social proof through the client, busy until it answers', async () => {
    const client = hostShow(null);
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    const input = toggle(el);
    expect(input.labels![0]!.textContent).to.contain('Show recent sales to viewers');
    expect(input.checked).to.equal(false);
    input.click();
    await el.updateComplete;
    expect(client.calls).to.deep.equal([['updateSettings', { socialProof: true }]]);
    await waitUntil(() => !toggle(el).disabled, 'idle again');
    expect(client.state.settings.socialProof).to.equal(true);
    expect(toggle(el).checked).to.equal(true);
    // The setting changed elsewhere (another studio): the switch follows.
    client.set({ settings: { socialProof: false, slowModeSeconds: 0, reactions: [] } });
    await el.updateComplete;
    expect(toggle(el).checked).to.equal(false);
  });

  it('puts a refused change in the action error line and shows the real setting', async () => {
    const client = hostShow(null);
    client.fail = { code: 'forbidden', message: 'nope' };
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    toggle(el).click();
    await waitUntil(
      () => root(el).querySelector('.alerts')!.textContent!.includes('This link is not a host link'),
      'error shown',
    );
    await el.updateComplete;
    expect(toggle(el).checked).to.equal(false);
  });
});
