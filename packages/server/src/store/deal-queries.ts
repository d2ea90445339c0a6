import type { Product } from '@live-shop/protocol';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { toProduct } from './catalog-queries.js';
import type { CouponRecord, DealStore } from './deal-store.js';
import type { CouponsTable, Database } from './tables.js';

// Flash deals, per-buyer counts and coupon codes (issue 15). Portable query-builder calls only.

type Db = Kysely<Database> | Transaction<Database>;

const toCoupon = (r: Selectable<CouponsTable>): CouponRecord => ({
  code: r.code,
  showId: r.show_id,
  percentOff: r.percent_off === null ? null : Number(r.percent_off),
  amountOff: r.amount_off === null ? null : { amount: Number(r.amount_off), currency: r.currency ?? '' },
  expiresAt: r.expires_at === null ? null : Number(r.expires_at),
  maxRedemptions: r.max_redemptions === null ? null : Number(r.max_redemptions),
  redemptions: Number(r.redemptions),
  disabledAt: r.disabled_at === null ? null : Number(r.disabled_at),
  createdAt: Number(r.created_at),
});

/**
 * Inside `placeOrder`'s transaction: the buyer's units of the product in pending and paid orders,
 * counted after locking the buyer's row (a `checkout_holders` row keyed `buyer:…`), so the buyer's
 * concurrent checkouts take turns on every node, as the address caps do.
 */
export async function buyerUnits(db: Db, showId: string, productId: string, buyer: string, at: number) {
  const holder = `buyer:${buyer}`.slice(0, 200);
  await db
    .insertInto('checkout_holders')
    .values({ show_id: showId, holder, at })
    .onConflict((oc) => oc.columns(['show_id', 'holder']).doUpdateSet({ at }))
    .execute();
  const row = await db
    .selectFrom('orders')
    .select(sql<string | number | null>`sum(quantity)`.as('units'))
    .where('show_id', '=', showId)
    .where('product_id', '=', productId)
    .where('buyer', '=', buyer)
    .where('status', 'in', ['pending', 'paid'])
    .executeTakeFirstOrThrow();
  return Number(row.units ?? 0);
}

/** Inside `placeOrder`'s transaction: the coupon's redemptions plus open checkouts, after locking its row. */
export async function couponUsesLocked(db: Db, showId: string, code: string): Promise<number> {
  // A no-op write takes the row's lock: concurrent checkouts with the code wait for this one (SQLite: one writer anyway).
  await db
    .updateTable('coupons')
    .set({ redemptions: sql`redemptions` })
    .where('show_id', '=', showId)
    .where('code', '=', code)
    .execute();
  return couponUses(db, showId, code);
}

async function couponUses(db: Db, showId: string, code: string): Promise<number> {
  const pending = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('show_id', '=', showId)
    .where('coupon_code', '=', code)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  const coupon = await db
    .selectFrom('coupons')
    .select('redemptions')
    .where('show_id', '=', showId)
    .where('code', '=', code)
    .executeTakeFirst();
  return Number(coupon?.redemptions ?? 0) + Number(pending.n);
}

export class KyselyDealStore implements DealStore {
  constructor(private readonly db: Kysely<Database>) {}

  async setDeal(
    showId: string,
    productId: string,
    deal: { amount: number; endsAt: number; at: number } | null,
  ): Promise<Product | null> {
    await this.db
      .updateTable('products')
      .set({ deal_amount: deal?.amount ?? null, deal_ends_at: deal?.endsAt ?? null, deal_at: deal?.at ?? null })
      .where('show_id', '=', showId)
      .where('id', '=', productId)
      .where('deleted_at', 'is', null)
      .execute();
    const row = await this.db
      .selectFrom('products')
      .selectAll()
      .where('show_id', '=', showId)
      .where('id', '=', productId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? toProduct(row) : null;
  }

  async createCoupon(c: CouponRecord): Promise<boolean> {
    const result = await this.db
      .insertInto('coupons')
      .values({
        show_id: c.showId,
        code: c.code,
        percent_off: c.percentOff,
        amount_off: c.amountOff?.amount ?? null,
        currency: c.amountOff?.currency ?? null,
        expires_at: c.expiresAt,
        max_redemptions: c.maxRedemptions,
        redemptions: 0,
        disabled_at: null,
        created_at: c.createdAt,
      })
      .onConflict((oc) => oc.columns(['show_id', 'code']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async getCoupon(showId: string, code: string): Promise<CouponRecord | null> {
    const row = await this.db
      .selectFrom('coupons')
      .selectAll()
      .where('show_id', '=', showId)
      .where('code', '=', code)
      .executeTakeFirst();
    return row ? toCoupon(row) : null;
  }

  async listCoupons(showId: string): Promise<CouponRecord[]> {
    const rows = await this.db
      .selectFrom('coupons')
      .selectAll()
      .where('show_id', '=', showId)
      .orderBy('created_at', 'desc')
      .orderBy('code')
      .execute();
    return rows.map(toCoupon);
  }

  async disableCoupon(showId: string, code: string, at: number): Promise<boolean> {
    await this.db
      .updateTable('coupons')
      .set({ disabled_at: at })
      .where('show_id', '=', showId)
      .where('code', '=', code)
      .where('disabled_at', 'is', null)
      .execute();
    return (await this.getCoupon(showId, code)) !== null;
  }

  couponUses(showId: string, code: string): Promise<number> {
    return couponUses(this.db, showId, code);
  }

  async redeemCoupon(showId: string, code: string): Promise<void> {
    await this.db
      .updateTable('coupons')
      .set({ redemptions: sql`redemptions + 1` })
      .where('show_id', '=', showId)
      .where('code', '=', code)
      .execute();
  }
}
