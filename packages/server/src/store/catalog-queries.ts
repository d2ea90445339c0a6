import type { Product } from '@live-shop/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { ProductEdit, ShowEdit } from './store.js';
import { trailerColumn } from './schedule-queries.js';
import type { Database, ProductsTable } from './tables.js';

// Catalog half of the Kysely store: products as the API shows them, and editing shows and products.
// Portable query-builder calls only (SQLite and PostgreSQL).

export const toProduct = (row: Selectable<ProductsTable>): Product => ({
  id: row.id,
  showId: row.show_id,
  title: row.title,
  description: row.description,
  imageUrl: row.image_url,
  price: { amount: Number(row.price_amount), currency: row.price_currency },
  checkoutUrl: row.checkout_url,
  stripePriceId: row.stripe_price_id,
  stock: row.stock === null ? null : Number(row.stock),
  // Flash deals and per-buyer limits (issue 15): only when set, so older payloads keep their shape.
  ...(row.deal_amount !== null &&
    row.deal_ends_at !== null && {
      deal: {
        price: { amount: Number(row.deal_amount), currency: row.price_currency },
        endsAt: Number(row.deal_ends_at),
        at: Number(row.deal_at ?? 0),
      },
    }),
  ...(row.limit_per_buyer !== null && { limitPerBuyer: Number(row.limit_per_buyer) }),
});

export async function updateShow(db: Kysely<Database>, id: string, change: ShowEdit): Promise<boolean> {
  const set = {
    ...(change.title !== undefined && { title: change.title }),
    ...(change.settings && { settings: JSON.stringify(change.settings) }),
    ...(change.startsAt !== undefined && { starts_at: change.startsAt }),
    ...(change.description !== undefined && { description: change.description }),
    ...(change.trailer !== undefined && { trailer: trailerColumn(change.trailer) }),
  };
  if (!Object.keys(set).length)
    return !!(await db.selectFrom('shows').select('id').where('id', '=', id).executeTakeFirst());
  const result = await db.updateTable('shows').set(set).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Orders are money records: a show that has any is not deleted (the rest cascades with the show row). */
export function deleteShow(db: Kysely<Database>, id: string): Promise<'deleted' | 'not_found' | 'has_orders'> {
  return db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('orders').select('id').where('show_id', '=', id).limit(1).executeTakeFirst())
      return 'has_orders';
    const result = await trx.deleteFrom('shows').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0 ? 'deleted' : 'not_found';
  });
}

export async function updateProduct(
  db: Kysely<Database>,
  showId: string,
  productId: string,
  p: ProductEdit,
): Promise<Product | null> {
  const set = Object.fromEntries(
    Object.entries({
      title: p.title,
      description: p.description,
      image_url: p.imageUrl,
      price_amount: p.price?.amount,
      price_currency: p.price?.currency,
      checkout_url: p.checkoutUrl,
      stripe_price_id: p.stripePriceId,
      stock: p.stock,
      limit_per_buyer: p.limitPerBuyer,
    }).filter(([, value]) => value !== undefined),
  );
  const live = db
    .selectFrom('products')
    .selectAll()
    .where('show_id', '=', showId)
    .where('id', '=', productId)
    .where('deleted_at', 'is', null);
  if (Object.keys(set).length) {
    await db
      .updateTable('products')
      .set(set)
      .where('show_id', '=', showId)
      .where('id', '=', productId)
      .where('deleted_at', 'is', null)
      .execute();
  }
  const row = await live.executeTakeFirst();
  return row ? toProduct(row) : null;
}

export async function deleteProduct(
  db: Kysely<Database>,
  showId: string,
  productId: string,
  at: number,
): Promise<boolean> {
  const result = await db
    .updateTable('products')
    .set({ deleted_at: at })
    .where('show_id', '=', showId)
    .where('id', '=', productId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function listProductsEver(db: Kysely<Database>, showId: string): Promise<Product[]> {
  const rows = await db.selectFrom('products').selectAll().where('show_id', '=', showId).orderBy('position').execute();
  return rows.map(toProduct);
}
