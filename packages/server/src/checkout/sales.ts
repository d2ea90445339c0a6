import {
  LIMITS,
  type AttributionSource,
  type OrderSummary,
  type Price,
  type ProductSales,
  type SalesSummary,
} from '@live-shop/protocol';
import type { CommerceStore, FunnelCounts, OrderRecord, ShowStore } from '../store/store.js';

export const toOrderSummary = (o: OrderRecord): OrderSummary => ({
  id: o.id,
  productId: o.productId,
  quantity: o.quantity,
  amount: { amount: o.amount, currency: o.currency },
  status: o.status,
  flag: o.flag,
  // Coupons (issue 15): only on discounted orders.
  ...(o.discount ? { discount: o.discount, coupon: o.couponCode ?? null } : {}),
  provider: o.provider,
  createdAt: o.createdAt,
  updatedAt: o.updatedAt,
});

/** Builds the host's sales summary from orders (the truth for money) and the funnel counters. */
export async function buildSalesSummary(
  store: Pick<CommerceStore, 'salesByProduct' | 'getFunnel' | 'listOrders'> &
    Pick<ShowStore, 'listProducts' | 'listProductsEver'>,
  showId: string,
  at: number,
): Promise<SalesSummary> {
  const [catalog, everListed, rows, funnel, recent] = await Promise.all([
    store.listProducts(showId),
    store.listProductsEver(showId),
    store.salesByProduct(showId),
    store.getFunnel(showId),
    store.listOrders(showId, LIMITS.recentOrders),
  ]);
  const sales = new Map(rows.map((r) => [r.productId, r]));
  // A deleted product stays in the figures for what it sold (its orders keep their record).
  const listed = new Set(catalog.map((p) => p.id));
  const products = everListed.filter((p) => listed.has(p.id) || sales.has(p.id) || funnel.has(p.id));
  const perProduct: ProductSales[] = products.map((p) => {
    const s = sales.get(p.id);
    const f = funnel.get(p.id);
    return {
      productId: p.id,
      impressions: f?.impressions ?? 0,
      buyClicks: f?.buyClicks ?? 0,
      checkouts: s?.checkouts ?? 0,
      orders: s?.orders ?? 0,
      units: s?.units ?? 0,
      revenue: { amount: s?.revenue ?? 0, currency: p.price.currency },
    };
  });
  const sum = (key: 'impressions' | 'buyClicks' | 'checkouts' | 'orders' | 'units') =>
    perProduct.reduce((n, p) => n + p[key], 0);
  const revenue = new Map<string, number>();
  for (const { revenue: r } of perProduct)
    if (r.amount > 0) revenue.set(r.currency, (revenue.get(r.currency) ?? 0) + r.amount);
  const buyClicks = sum('buyClicks');
  const orders = sum('orders');
  return {
    totals: {
      impressions: sum('impressions'),
      buyClicks,
      checkouts: sum('checkouts'),
      orders,
      units: sum('units'),
      revenue: [...revenue].map(([currency, amount]): Price => ({ amount, currency })),
      conversion: buyClicks > 0 ? orders / buyClicks : null,
    },
    products: perProduct,
    recent: recent.map(toOrderSummary),
    at,
  };
}

/**
 * Funnel counters arrive per viewer join and per click: they are summed in memory and written
 * once per interval, so a join storm costs one upsert per product, not one per viewer.
 */
export class FunnelBuffer {
  /** Per show: per product and source (`productId source`). */
  readonly #pending = new Map<string, Map<string, FunnelCounts>>();

  constructor(private readonly store: Pick<CommerceStore, 'addFunnel'>) {}

  add(showId: string, productId: string, source: AttributionSource, counts: Partial<FunnelCounts>): void {
    let show = this.#pending.get(showId);
    if (!show) this.#pending.set(showId, (show = new Map()));
    const key = `${productId} ${source}`;
    const c = show.get(key) ?? { impressions: 0, buyClicks: 0 };
    show.set(key, {
      impressions: c.impressions + (counts.impressions ?? 0),
      buyClicks: c.buyClicks + (counts.buyClicks ?? 0),
    });
  }

  /** Writes what is pending (one show, or all); returns the shows written. */
  async flush(showId?: string): Promise<string[]> {
    const shows = showId === undefined ? [...this.#pending.keys()] : this.#pending.has(showId) ? [showId] : [];
    for (const id of shows) {
      const counts = this.#pending.get(id)!;
      this.#pending.delete(id);
      for (const [key, c] of counts) {
        const [productId, source] = key.split(' ') as [string, AttributionSource];
        await this.store.addFunnel(id, productId, source, c);
      }
    }
    return shows;
  }
}
