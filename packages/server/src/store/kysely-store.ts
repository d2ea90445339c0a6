import type {
  AttributionSource,
  OrderStatus,
  PinsPayload,
  Product,
  ShowSettings,
  ShowStatus,
  StageLayout,
  StagePlace,
} from '@live-shop/protocol';
import { Migrator, type Kysely, type Selectable } from 'kysely';
import * as analytics from './analytics-queries.js';
import * as catalog from './catalog-queries.js';
import { KyselyClipStore } from './clip-queries.js';
import { KyselyDealStore } from './deal-queries.js';
import { KyselyPollStore } from './poll-queries.js';
import { KyselySimulcastStore } from './simulcast-queries.js';
import { KyselyPushStore } from './push-queries.js';
import { toProduct } from './catalog-queries.js';
import * as commerce from './commerce-queries.js';
import * as moderation from './moderation-queries.js';
import * as providers from './provider-queries.js';
import * as stage from './stage-queries.js';
import * as timeline from './timeline-queries.js';
import * as schedule from './schedule-queries.js';
import { migrationProvider } from './migrations.js';
import {
  DEFAULT_SHOW_SETTINGS,
  type NewChat,
  type FunnelCounts,
  type HoldLimits,
  type LocalCheckoutSession,
  type MinuteCounts,
  type NewProduct,
  type OrderChange,
  type OrderCaps,
  type OrderRecord,
  type ProductEdit,
  type ShowEdit,
  type RestrictionRecord,
  type ShowRecord,
  type StageGuestRecord,
  type Store,
  type TimelineCursor,
  type TokenRecord,
  type VideoStreamRecord,
} from './store.js';
import type { Database, ShowsTable } from './tables.js';

const toShow = (row: Selectable<ShowsTable>): ShowRecord => ({
  id: row.id,
  title: row.title,
  status: row.status as ShowStatus,
  statusAt: Number(row.status_at),
  createdAt: Number(row.created_at),
  settings: { ...DEFAULT_SHOW_SETTINGS, ...(JSON.parse(row.settings) as Partial<ShowSettings>) },
  startsAt: row.starts_at === null ? null : Number(row.starts_at),
  description: row.description,
  trailer: schedule.parseTrailer(row.trailer),
});

const productRow = (showId: string, position: number, p: NewProduct) => ({
  id: p.id,
  show_id: showId,
  position,
  title: p.title,
  description: p.description,
  image_url: p.imageUrl,
  price_amount: p.price.amount,
  price_currency: p.price.currency,
  checkout_url: p.checkoutUrl,
  stripe_price_id: p.stripePriceId,
  stock: p.stock,
  created_at: p.createdAt,
  deleted_at: null,
  deal_amount: null,
  deal_ends_at: null,
  deal_at: null,
  limit_per_buyer: p.limitPerBuyer ?? null,
});

/** Runs pending in-code migrations; throws with the failing migration's error. */
export async function migrate(db: Kysely<Database>): Promise<void> {
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) throw error;
}

/** Brings the schema up to date and wraps the connection; closes it when migrating fails. */
export async function openKyselyStore(db: Kysely<Database>): Promise<KyselyStore> {
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyStore(db);
}

/**
 * The Store over any Kysely dialect: only portable query-builder calls. Shows, products and pins are
 * here; the other concerns' queries live in commerce-queries.ts, moderation-queries.ts (chat, tokens,
 * restrictions) and provider-queries.ts (video streams, webhook event ids).
 */
export class KyselyStore implements Store {
  readonly clips: KyselyClipStore;
  readonly deals: KyselyDealStore;
  /** Polls, Q&A and the announcement banner. */
  readonly polls: KyselyPollStore;
  readonly simulcast: KyselySimulcastStore;
  /** Web Push reminders. */
  readonly push: KyselyPushStore;

  constructor(private readonly db: Kysely<Database>) {
    this.clips = new KyselyClipStore(db);
    this.deals = new KyselyDealStore(db);
    this.polls = new KyselyPollStore(db);
    this.simulcast = new KyselySimulcastStore(db);
    this.push = new KyselyPushStore(db);
  }

  async createShow(show: ShowRecord, products: NewProduct[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('shows')
        .values({
          id: show.id,
          title: show.title,
          status: show.status,
          status_at: show.statusAt,
          created_at: show.createdAt,
          settings: JSON.stringify(show.settings),
          starts_at: show.startsAt,
          description: show.description,
          trailer: schedule.trailerColumn(show.trailer),
        })
        .execute();
      if (products.length) {
        await trx
          .insertInto('products')
          .values(products.map((p, i) => productRow(show.id, i, p)))
          .execute();
      }
      await trx.insertInto('pins').values({ show_id: show.id, product_ids: '[]', at: show.createdAt }).execute();
    });
  }

  async getShow(id: string): Promise<ShowRecord | null> {
    const row = await this.db.selectFrom('shows').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toShow(row) : null;
  }

  async listShows(): Promise<ShowRecord[]> {
    const rows = await this.db.selectFrom('shows').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
    return rows.map(toShow);
  }

  async showsWithStatus(statuses: readonly ShowStatus[]): Promise<ShowRecord[]> {
    if (!statuses.length) return [];
    const rows = await this.db
      .selectFrom('shows')
      .selectAll()
      .where('status', 'in', [...statuses])
      .execute();
    return rows.map(toShow);
  }

  /** One page of the public list (schedule-queries.ts); null cursor: the first page. */
  async listShowPage(cursor: string | null, limit: number): Promise<{ shows: ShowRecord[]; next: string | null }> {
    const { ids, next } = await schedule.listShowIds(this.db, cursor ? schedule.decodeCursor(cursor) : null, limit);
    if (!ids.length) return { shows: [], next };
    const rows = await this.db.selectFrom('shows').selectAll().where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, toShow(r)]));
    return { shows: ids.flatMap((id) => byId.get(id) ?? []), next };
  }

  async setShowStatus(id: string, status: ShowStatus, at: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('shows').set({ status, status_at: at }).where('id', '=', id).execute();
      await timeline.addShowEvent(trx, id, at, 'status', status);
    });
  }

  async setShowSettings(id: string, settings: ShowSettings): Promise<void> {
    await this.db
      .updateTable('shows')
      .set({ settings: JSON.stringify(settings) })
      .where('id', '=', id)
      .execute();
  }

  async addProduct(showId: string, product: NewProduct): Promise<Product> {
    return this.db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('products')
        .select('position')
        .where('show_id', '=', showId)
        .orderBy('position', 'desc')
        .limit(1)
        .executeTakeFirst();
      const row = productRow(showId, last ? Number(last.position) + 1 : 0, product);
      await trx.insertInto('products').values(row).execute();
      return toProduct(row);
    });
  }

  async listProducts(showId: string): Promise<Product[]> {
    const rows = await this.db
      .selectFrom('products')
      .selectAll()
      .where('show_id', '=', showId)
      .where('deleted_at', 'is', null)
      .orderBy('position')
      .execute();
    return rows.map(toProduct);
  }

  async getProduct(showId: string, productId: string): Promise<Product | null> {
    const row = await this.db
      .selectFrom('products')
      .selectAll()
      .where('show_id', '=', showId)
      .where('id', '=', productId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? toProduct(row) : null;
  }

  // ---- catalog editing (catalog-queries.ts)

  updateShow(id: string, change: ShowEdit) {
    return catalog.updateShow(this.db, id, change);
  }
  deleteShow(id: string) {
    return catalog.deleteShow(this.db, id);
  }
  updateProduct(showId: string, productId: string, change: ProductEdit) {
    return catalog.updateProduct(this.db, showId, productId, change);
  }
  deleteProduct(showId: string, productId: string, at: number) {
    return catalog.deleteProduct(this.db, showId, productId, at);
  }
  listProductsEver(showId: string) {
    return catalog.listProductsEver(this.db, showId);
  }

  async getPins(showId: string): Promise<PinsPayload> {
    const row = await this.db.selectFrom('pins').selectAll().where('show_id', '=', showId).executeTakeFirst();
    if (!row) return { productIds: [], at: 0 };
    return { productIds: JSON.parse(row.product_ids) as string[], at: Number(row.at) };
  }

  async setPins(showId: string, pins: PinsPayload): Promise<void> {
    const values = { show_id: showId, product_ids: JSON.stringify(pins.productIds), at: pins.at };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('pins')
        .values(values)
        .onConflict((oc) => oc.column('show_id').doUpdateSet({ product_ids: values.product_ids, at: values.at }))
        .execute();
      await timeline.addShowEvent(trx, showId, pins.at, 'pins', values.product_ids);
    });
  }

  // ---- replay timeline (timeline-queries.ts)

  timeline(showId: string, cursor: TimelineCursor | null, limit: number) {
    return timeline.timeline(this.db, showId, cursor, limit);
  }

  // ---- chat (moderation-queries.ts)

  addChatMessages(showId: string, entries: readonly NewChat[]) {
    return moderation.addChatMessages(this.db, showId, entries);
  }
  recentChat(showId: string, limit: number) {
    return moderation.chatMessages(this.db, showId, false, limit);
  }
  heldChat(showId: string, limit: number) {
    return moderation.chatMessages(this.db, showId, true, limit);
  }
  releaseChat(showId: string, id: string) {
    return moderation.releaseChat(this.db, showId, id);
  }
  chatAuthor(showId: string, id: string) {
    return moderation.chatAuthor(this.db, showId, id);
  }
  deleteChatBy(showId: string, subjects: string[], at: number) {
    return moderation.deleteChatBy(this.db, showId, subjects, at);
  }
  deleteChatMessage(showId: string, id: string, at: number) {
    return moderation.deleteChatMessage(this.db, showId, id, at);
  }

  // ---- video streams and webhook event ids (provider-queries.ts)

  getVideoStream(showId: string) {
    return providers.getVideoStream(this.db, showId);
  }
  findVideoStream(provider: string, externalId: string) {
    return providers.findVideoStream(this.db, provider, externalId);
  }
  putVideoStream(record: VideoStreamRecord) {
    return providers.putVideoStream(this.db, record);
  }
  recordWebhookEvent(provider: string, eventId: string, at: number) {
    return providers.recordWebhookEvent(this.db, provider, eventId, at);
  }
  hasWebhookEvent(provider: string, eventId: string) {
    return providers.hasWebhookEvent(this.db, provider, eventId);
  }
  forgetWebhookEvent(provider: string, eventId: string) {
    return providers.forgetWebhookEvent(this.db, provider, eventId);
  }

  // ---- commerce (commerce-queries.ts)

  placeOrder(order: OrderRecord, limits?: HoldLimits, caps?: OrderCaps) {
    return commerce.placeOrder(this.db, order, limits, caps);
  }
  getOrder(id: string) {
    return commerce.getOrder(this.db, id);
  }
  findOrderBySession(provider: string, sessionId: string) {
    return commerce.findOrderBySession(this.db, provider, sessionId);
  }
  findOrderByKey(showId: string, key: string) {
    return commerce.findOrderByKey(this.db, showId, key);
  }
  attachCheckout(orderId: string, checkout: Parameters<Store['attachCheckout']>[1]) {
    return commerce.attachCheckout(this.db, orderId, checkout);
  }
  changeOrder(id: string, from: readonly OrderStatus[], change: OrderChange) {
    return commerce.changeOrder(this.db, id, from, change);
  }
  listOrders(showId: string, limit: number) {
    return commerce.listOrders(this.db, showId, limit);
  }
  lapsedOrders(before: number, limit: number) {
    return commerce.lapsedOrders(this.db, before, limit);
  }
  salesByProduct(showId: string) {
    return commerce.salesByProduct(this.db, showId);
  }
  recentSold(showId: string, since: number, limit: number) {
    return commerce.recentSold(this.db, showId, since, limit);
  }
  addFunnel(showId: string, productId: string, source: AttributionSource, counts: FunnelCounts) {
    return commerce.addFunnel(this.db, showId, productId, source, counts);
  }
  getFunnel(showId: string) {
    return commerce.getFunnel(this.db, showId);
  }
  putCheckoutSession(session: LocalCheckoutSession) {
    return commerce.putCheckoutSession(this.db, session);
  }
  getCheckoutSession(id: string) {
    return commerce.getCheckoutSession(this.db, id);
  }
  setCheckoutSessionStatus(
    id: string,
    from: LocalCheckoutSession['status'],
    to: LocalCheckoutSession['status'],
    data: Record<string, unknown>,
  ) {
    return commerce.setCheckoutSessionStatus(this.db, id, from, to, data);
  }
  lapsedCheckoutSessions(before: number, limit: number) {
    return commerce.lapsedCheckoutSessions(this.db, before, limit);
  }
  pruneCheckoutRecords(before: number) {
    return commerce.pruneCheckoutRecords(this.db, before);
  }

  // ---- analytics (analytics-queries.ts)

  addMinutes(node: string, counts: readonly MinuteCounts[]) {
    return analytics.addMinutes(this.db, node, counts);
  }
  analytics(showId: string) {
    return analytics.analytics(this.db, showId);
  }
  reactionTotals(showId: string) {
    return analytics.reactionTotals(this.db, showId);
  }

  // ---- tokens and moderation (moderation-queries.ts)

  createToken(token: TokenRecord) {
    return moderation.createToken(this.db, token);
  }
  getToken(id: string) {
    return moderation.getToken(this.db, id);
  }
  listTokens(showId: string) {
    return moderation.listTokens(this.db, showId);
  }
  revokeToken(showId: string, id: string, at: number) {
    return moderation.revokeToken(this.db, showId, id, at);
  }
  putRestriction(restriction: RestrictionRecord) {
    return moderation.putRestriction(this.db, restriction);
  }
  liftRestrictions(showId: string, subject: string) {
    return moderation.liftRestrictions(this.db, showId, subject);
  }
  liftBans(subject: string) {
    return moderation.liftBans(this.db, subject);
  }
  listRestrictions(showId: string, now: number) {
    return moderation.listRestrictions(this.db, showId, now);
  }
  listBans(now: number, limit: number) {
    return moderation.listBans(this.db, now, limit);
  }
  getBlocklist(showId: string) {
    return moderation.getBlocklist(this.db, showId);
  }
  setBlocklist(showId: string, terms: string[]) {
    return moderation.setBlocklist(this.db, showId, terms);
  }

  // ---- co-hosts' stage (stage-queries.ts)

  getStage(showId: string) {
    return stage.getStage(this.db, showId);
  }
  setStageLayout(showId: string, layout: StageLayout, at: number) {
    return stage.setStageLayout(this.db, showId, layout, at);
  }
  joinStage(showId: string, guest: Pick<StageGuestRecord, 'id' | 'name'> & { peer: string; at: number }, max: number) {
    return stage.joinStage(this.db, showId, guest, max);
  }
  moveStageGuest(showId: string, id: string, place: StagePlace, at: number, maxOnStage: number) {
    return stage.moveStageGuest(this.db, showId, id, place, at, maxOnStage);
  }
  muteStageGuest(showId: string, id: string, muted: boolean) {
    return stage.muteStageGuest(this.db, showId, id, muted);
  }
  setStagePeer(showId: string, id: string, peer: string | null, ifPeer?: string) {
    return stage.setStagePeer(this.db, showId, id, peer, ifPeer);
  }
  removeStageGuests(showId: string, ids: string[]) {
    return stage.removeStageGuests(this.db, showId, ids);
  }
  showsWithStagePeers() {
    return stage.showsWithStagePeers(this.db);
  }

  // ---- meta

  async getMeta(key: string): Promise<string | null> {
    const row = await this.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value ?? null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }

  async claimMeta(key: string, value: string): Promise<string> {
    await this.db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return (await this.getMeta(key))!;
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
