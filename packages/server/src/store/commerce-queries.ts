import type { AttributionSource, OrderFlag, OrderStatus, SoldPayload } from '@live-shop/protocol';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type {
  FunnelCounts,
  HoldLimits,
  HoldsFull,
  LocalCheckoutSession,
  OrderCaps,
  OrderChange,
  OrderChangeResult,
  OrderRecord,
  ProductSalesRow,
} from './store.js';
import { buyerUnits, couponUsesLocked } from './deal-queries.js';
import type { CheckoutSessionsTable, Database, OrdersTable } from './tables.js';

// Commerce half of the Kysely store: orders, stock, funnel counters, local checkout sessions.
// Portable query-builder calls only (SQLite and PostgreSQL).

type Db = Kysely<Database> | Transaction<Database>;

const toOrder = (r: Selectable<OrdersTable>): OrderRecord => ({
  id: r.id,
  showId: r.show_id,
  productId: r.product_id,
  quantity: Number(r.quantity),
  unitAmount: Number(r.unit_amount),
  amount: Number(r.amount),
  currency: r.currency,
  status: r.status as OrderStatus,
  flag: r.flag as OrderFlag | null,
  provider: r.provider,
  sessionId: r.session_id,
  checkoutUrl: r.checkout_url,
  embedded: r.embedded === null ? null : (JSON.parse(r.embedded) as OrderRecord['embedded']),
  shopperRef: r.shopper_ref,
  viewerRef: r.viewer_ref,
  returnUrl: r.return_url,
  idempotencyKey: r.idempotency_key,
  holder: r.holder,
  reserved: Number(r.reserved) === 1,
  expiresAt: r.expires_at === null ? null : Number(r.expires_at),
  paidAt: r.paid_at === null ? null : Number(r.paid_at),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  source: r.source as AttributionSource,
  buyer: r.buyer,
  discount: Number(r.discount_amount ?? 0),
  couponCode: r.coupon_code,
});

const toSession = (r: Selectable<CheckoutSessionsTable>): LocalCheckoutSession => ({
  id: r.id,
  orderId: r.order_id,
  status: r.status as LocalCheckoutSession['status'],
  data: JSON.parse(r.data) as Record<string, unknown>,
  successUrl: r.success_url,
  cancelUrl: r.cancel_url,
  expiresAt: Number(r.expires_at),
});

const toNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** The one atomic stock decrement: never below zero, whoever races. */
async function takeStock(db: Db, showId: string, productId: string, quantity: number): Promise<boolean> {
  const result = await db
    .updateTable('products')
    .set({ stock: sql`stock - ${quantity}` })
    .where('show_id', '=', showId)
    .where('id', '=', productId)
    .where((eb) => eb.or([eb('stock', 'is', null), eb('stock', '>=', quantity)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

async function giveStock(db: Db, showId: string, productId: string, quantity: number): Promise<void> {
  await db
    .updateTable('products')
    .set({ stock: sql`stock + ${quantity}` })
    .where('show_id', '=', showId)
    .where('id', '=', productId)
    .where('stock', 'is not', null)
    .execute();
}

/** Units left; null when unlimited (or no such product). */
async function stockLeft(db: Db, showId: string, productId: string): Promise<number | null> {
  const row = await db
    .selectFrom('products')
    .select('stock')
    .where('show_id', '=', showId)
    .where('id', '=', productId)
    .executeTakeFirst();
  return toNumber(row?.stock);
}

/** Thrown inside a transaction to roll it back; caught right outside it. */
class Rollback extends Error {}

/**
 * The holder's open checkouts in the show (pending with an expiry: not those awaiting a delayed
 * payment), counted after locking the holder's row: its other checkouts wait for this transaction,
 * on any node, so parallel requests cannot all see room for one more.
 */
async function holdsFull(
  db: Db,
  o: OrderRecord & { holder: string },
  reserved: boolean,
  limits: HoldLimits,
): Promise<HoldsFull | null> {
  await db
    .insertInto('checkout_holders')
    .values({ show_id: o.showId, holder: o.holder, at: o.createdAt })
    .onConflict((oc) => oc.columns(['show_id', 'holder']).doUpdateSet({ at: o.createdAt }))
    .execute();
  const ofProduct = (column: 'quantity' | 'expires_at') =>
    sql`case when product_id = ${o.productId} and reserved = 1 then ${sql.ref(column)} end`;
  const open = await db
    .selectFrom('orders')
    .select((eb) => [
      eb.fn.countAll().as('checkouts'),
      eb.fn.min('expires_at').as('first_expiry'),
      sql`sum(${ofProduct('quantity')})`.as('units'),
      sql`min(${ofProduct('expires_at')})`.as('units_expiry'),
    ])
    .where('show_id', '=', o.showId)
    .where('holder', '=', o.holder)
    .where('status', '=', 'pending')
    .where('expires_at', 'is not', null)
    .executeTakeFirstOrThrow();
  if (reserved && (toNumber(open.units) ?? 0) + o.quantity > limits.unitsPerProduct)
    return { full: 'units', retryAt: toNumber(open.units_expiry) };
  if (Number(open.checkouts) + 1 > limits.checkoutsPerShow)
    return { full: 'checkouts', retryAt: toNumber(open.first_expiry) };
  return null;
}

export async function placeOrder(
  db: Kysely<Database>,
  o: OrderRecord,
  limits?: HoldLimits,
  caps: OrderCaps = {},
): Promise<'placed' | 'sold_out' | 'duplicate' | 'limit_reached' | 'coupon_used_up' | HoldsFull> {
  try {
    return await db.transaction().execute(async (trx) => {
      if (o.idempotencyKey && (await findOrderByKey(trx, o.showId, o.idempotencyKey))) return 'duplicate';
      const left = await stockLeft(trx, o.showId, o.productId);
      const reserved = left !== null;
      // Sold out says more than a full cap (and takes nothing); takeStock below still decides races.
      if (reserved && left < o.quantity) return 'sold_out';
      const full =
        o.holder !== null && limits ? await holdsFull(trx, { ...o, holder: o.holder }, reserved, limits) : null;
      if (full) return full;
      // Per-buyer limit (issue 15): pending and paid units of this buyer, counted under the buyer's lock.
      if (o.buyer && caps.limitPerBuyer) {
        const held = await buyerUnits(trx, o.showId, o.productId, o.buyer, o.createdAt);
        if (held + o.quantity > caps.limitPerBuyer) return 'limit_reached';
      }
      // A coupon's last redemptions: its checkouts take turns under the coupon row's lock.
      if (o.couponCode && caps.couponMax && (await couponUsesLocked(trx, o.showId, o.couponCode)) >= caps.couponMax)
        return 'coupon_used_up';
      if (reserved && !(await takeStock(trx, o.showId, o.productId, o.quantity))) return 'sold_out';
      // Another connection inserted the same key since the check: undo the stock taken above.
      if (!(await insertOrder(trx, { ...o, reserved }))) throw new Rollback();
      return 'placed';
    });
  } catch (error) {
    if (error instanceof Rollback) return 'duplicate';
    throw error;
  }
}

async function insertOrder(db: Db, o: OrderRecord): Promise<boolean> {
  const result = await db
    .insertInto('orders')
    .values({
      id: o.id,
      show_id: o.showId,
      product_id: o.productId,
      quantity: o.quantity,
      unit_amount: o.unitAmount,
      amount: o.amount,
      currency: o.currency,
      status: o.status,
      flag: o.flag,
      provider: o.provider,
      session_id: o.sessionId,
      checkout_url: o.checkoutUrl,
      embedded: o.embedded === null ? null : JSON.stringify(o.embedded),
      shopper_ref: o.shopperRef,
      viewer_ref: o.viewerRef,
      return_url: o.returnUrl,
      idempotency_key: o.idempotencyKey,
      holder: o.holder,
      reserved: o.reserved ? 1 : 0,
      expires_at: o.expiresAt,
      paid_at: o.paidAt,
      created_at: o.createdAt,
      updated_at: o.updatedAt,
      source: o.source,
      buyer: o.buyer ?? null,
      discount_amount: o.discount ?? 0,
      coupon_code: o.couponCode ?? null,
    })
    .onConflict((oc) => oc.columns(['show_id', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function getOrder(db: Db, id: string): Promise<OrderRecord | null> {
  const row = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toOrder(row) : null;
}

export async function findOrderBySession(db: Db, provider: string, sessionId: string): Promise<OrderRecord | null> {
  const row = await db
    .selectFrom('orders')
    .selectAll()
    .where('provider', '=', provider)
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return row ? toOrder(row) : null;
}

export async function findOrderByKey(db: Db, showId: string, key: string): Promise<OrderRecord | null> {
  const row = await db
    .selectFrom('orders')
    .selectAll()
    .where('show_id', '=', showId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row ? toOrder(row) : null;
}

export async function attachCheckout(
  db: Db,
  orderId: string,
  c: {
    sessionId: string;
    checkoutUrl: string | null;
    embedded: OrderRecord['embedded'];
    expiresAt: number;
    at: number;
  },
): Promise<void> {
  await db
    .updateTable('orders')
    .set({
      session_id: c.sessionId,
      checkout_url: c.checkoutUrl,
      embedded: c.embedded === null ? null : JSON.stringify(c.embedded),
      expires_at: c.expiresAt,
      updated_at: c.at,
    })
    .where('id', '=', orderId)
    .execute();
}

export async function changeOrder(
  db: Kysely<Database>,
  id: string,
  from: readonly OrderStatus[],
  change: OrderChange,
): Promise<OrderChangeResult | null> {
  try {
    return await changeOrderIn(db, id, from, change);
  } catch (error) {
    if (error instanceof Rollback) return null;
    throw error;
  }
}

function changeOrderIn(
  db: Kysely<Database>,
  id: string,
  from: readonly OrderStatus[],
  change: OrderChange,
): Promise<OrderChangeResult | null> {
  return db.transaction().execute(async (trx) => {
    const before = await getOrder(trx, id);
    if (!before || !from.includes(before.status)) return null;
    let reserved = before.reserved;
    let stockChanged = false;
    let reserveFailed = false;
    if (change.stock === 'release' && before.reserved) {
      await giveStock(trx, before.showId, before.productId, before.quantity);
      reserved = false;
      stockChanged = true;
    } else if (
      change.stock === 'reserve' &&
      !before.reserved &&
      (await stockLeft(trx, before.showId, before.productId)) !== null
    ) {
      reserveFailed = !(await takeStock(trx, before.showId, before.productId, before.quantity));
      reserved = !reserveFailed;
      stockChanged = reserved;
    }
    const set = {
      ...(change.status !== undefined && { status: change.status }),
      ...(change.flag !== undefined && { flag: change.flag }),
      ...(change.idempotencyKey === null && { idempotency_key: null }),
      // A closed checkout no longer counts against its shopper, who need not be known any longer.
      ...(change.status !== undefined && change.status !== 'pending' && { holder: null }),
      ...(change.expiresAt !== undefined && { expires_at: change.expiresAt }),
      ...(change.paidAt !== undefined && { paid_at: change.paidAt }),
      ...(change.amount !== undefined && { amount: change.amount }),
      ...(change.discount !== undefined && { discount_amount: change.discount }),
      ...(change.couponCode !== undefined && { coupon_code: change.couponCode }),
      reserved: reserved ? 1 : 0,
      updated_at: change.at,
    };
    // The status guard again in the UPDATE: a concurrent writer on another connection cannot slip in between.
    const result = await trx
      .updateTable('orders')
      .set(set)
      .where('id', '=', id)
      .where('status', '=', before.status)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new Rollback();
    return { order: (await getOrder(trx, id))!, stockChanged, reserveFailed };
  });
}

export async function listOrders(db: Db, showId: string, limit: number): Promise<OrderRecord[]> {
  const rows = await db
    .selectFrom('orders')
    .selectAll()
    .where('show_id', '=', showId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toOrder);
}

export async function lapsedOrders(db: Db, before: number, limit: number): Promise<OrderRecord[]> {
  const rows = await db
    .selectFrom('orders')
    .selectAll()
    .where('status', '=', 'pending')
    .where('expires_at', 'is not', null)
    .where('expires_at', '<', before)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  return rows.map(toOrder);
}

/** A show's orders summed (group them): checkouts created, and the paid ones' count, units and revenue. */
export function salesQuery(db: Db, showId: string) {
  const paid = (column: 'quantity' | 'amount' | 1) =>
    sql<number>`sum(case when status = 'paid' then ${column === 1 ? sql.lit(1) : sql.ref(column)} else 0 end)`;
  return db
    .selectFrom('orders')
    .select((eb) => [
      'product_id',
      eb.fn.count<number>('session_id').as('checkouts'),
      paid(1).as('orders'),
      paid('quantity').as('units'),
      paid('amount').as('revenue'),
    ])
    .where('show_id', '=', showId);
}

/** A `salesQuery` row as numbers (PostgreSQL returns sums as strings, and null for no row). */
export const toSalesRow = (r: {
  product_id: string;
  checkouts: unknown;
  orders: unknown;
  units: unknown;
  revenue: unknown;
}) => ({
  productId: r.product_id,
  checkouts: Number(r.checkouts),
  orders: Number(r.orders ?? 0),
  units: Number(r.units ?? 0),
  revenue: Number(r.revenue ?? 0),
});

export async function salesByProduct(db: Db, showId: string): Promise<ProductSalesRow[]> {
  return (await salesQuery(db, showId).groupBy('product_id').execute()).map(toSalesRow);
}

export async function recentSold(db: Db, showId: string, since: number, limit: number): Promise<SoldPayload[]> {
  const rows = await db
    .selectFrom('orders')
    .select(['product_id', 'quantity', 'paid_at'])
    .where('show_id', '=', showId)
    .where('status', '=', 'paid')
    .where('paid_at', '>=', since)
    .orderBy('paid_at', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map((r) => ({ productId: r.product_id, quantity: Number(r.quantity), at: Number(r.paid_at) }));
}

export async function addFunnel(
  db: Db,
  showId: string,
  productId: string,
  source: AttributionSource,
  c: FunnelCounts,
): Promise<void> {
  await db
    .insertInto('funnel_counts')
    .values({ show_id: showId, product_id: productId, source, impressions: c.impressions, buy_clicks: c.buyClicks })
    .onConflict((oc) =>
      oc.columns(['show_id', 'product_id', 'source']).doUpdateSet({
        impressions: sql`funnel_counts.impressions + ${c.impressions}`,
        buy_clicks: sql`funnel_counts.buy_clicks + ${c.buyClicks}`,
      }),
    )
    .execute();
}

/** Every source together, per product. */
export async function getFunnel(db: Db, showId: string): Promise<Map<string, FunnelCounts>> {
  const rows = await db
    .selectFrom('funnel_counts')
    .select((eb) => [
      'product_id',
      eb.fn.sum<number>('impressions').as('impressions'),
      eb.fn.sum<number>('buy_clicks').as('buy_clicks'),
    ])
    .where('show_id', '=', showId)
    .groupBy('product_id')
    .execute();
  return new Map(
    rows.map((r) => [r.product_id, { impressions: Number(r.impressions), buyClicks: Number(r.buy_clicks) }]),
  );
}

export async function putCheckoutSession(db: Db, s: LocalCheckoutSession): Promise<void> {
  await db
    .insertInto('checkout_sessions')
    .values({
      id: s.id,
      order_id: s.orderId,
      status: s.status,
      data: JSON.stringify(s.data),
      success_url: s.successUrl,
      cancel_url: s.cancelUrl,
      expires_at: s.expiresAt,
    })
    .execute();
}

export async function getCheckoutSession(db: Db, id: string): Promise<LocalCheckoutSession | null> {
  const row = await db.selectFrom('checkout_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSession(row) : null;
}

export async function setCheckoutSessionStatus(
  db: Db,
  id: string,
  from: LocalCheckoutSession['status'],
  to: LocalCheckoutSession['status'],
  data: Record<string, unknown>,
): Promise<boolean> {
  const result = await db
    .updateTable('checkout_sessions')
    .set({ status: to, data: JSON.stringify(data) })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function lapsedCheckoutSessions(db: Db, before: number, limit: number): Promise<LocalCheckoutSession[]> {
  const rows = await db
    .selectFrom('checkout_sessions')
    .selectAll()
    .where('status', '=', 'open')
    .where('expires_at', '<', before)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  return rows.map(toSession);
}

export async function pruneCheckoutRecords(db: Db, before: number): Promise<void> {
  // Mux's ids live in the same table: only the checkout providers' are pruned here.
  await db
    .deleteFrom('webhook_events')
    .where('provider', 'in', ['local', 'stripe'])
    .where('received_at', '<', before)
    .execute();
  await db.deleteFrom('checkout_sessions').where('status', '!=', 'open').where('expires_at', '<', before).execute();
  await db.deleteFrom('checkout_holders').where('at', '<', before).execute();
}
