import {
  ErrorCode,
  LIMITS,
  LiveShopError,
  PROTOCOL_VERSION,
  type ChatMessage,
  type CreateProductBody,
  type CreateShowBody,
  type PinsPayload,
  type Product,
  type PublicShow,
  type Role,
  type ServerToClientEvents,
  type ShowSnapshot,
  type StatusPayload,
} from '@live-shop/protocol';
import { randomId, timeOrderedId } from '../ids.js';
import type { NewProduct, ShowRecord, Store } from '../store/store.js';
import { signShowToken, verifyShowToken, type TokenRole } from '../tokens.js';
import { ChatBatcher } from './chat-batcher.js';
import { KeyedSerial } from './serial.js';
import { nextStatus, type ShowInput } from './state-machine.js';

/** How the service reaches everyone watching a show (Socket.IO rooms in practice). */
export interface Broadcaster {
  emit<E extends keyof ServerToClientEvents>(showId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
}

export interface ShowServiceDeps {
  store: Store;
  broadcaster: Broadcaster;
  tokenSecret: Buffer;
  now?: () => number;
}

const notFound = (what: string) => new LiveShopError(ErrorCode.NotFound, `${what} not found`);

/** The only writer of show state: every change is stored first, then broadcast, then returned for the ack. */
export class ShowService {
  private readonly store: Store;
  private readonly broadcaster: Broadcaster;
  private readonly tokenSecret: Buffer;
  private readonly now: () => number;
  private readonly serial = new KeyedSerial();
  private readonly chatBatcher: ChatBatcher;

  constructor(deps: ShowServiceDeps) {
    this.store = deps.store;
    this.broadcaster = deps.broadcaster;
    this.tokenSecret = deps.tokenSecret;
    this.now = deps.now ?? Date.now;
    this.chatBatcher = new ChatBatcher(LIMITS.chatBatchMs, (showId, messages) =>
      this.broadcaster.emit(showId, 'chat:messages', messages),
    );
  }

  // ---- shows & tokens

  async createShow(body: CreateShowBody): Promise<{ show: PublicShow; hostToken: string }> {
    const at = this.now();
    const record: ShowRecord = { id: randomId(), title: body.title, status: 'scheduled', statusAt: at, createdAt: at };
    const products = (body.products ?? []).map((p) => this.newProduct(p, at));
    await this.store.createShow(record, products);
    return { show: await this.publicShow(record.id), hostToken: this.hostToken(record.id) };
  }

  hostToken(showId: string): string {
    return signShowToken(this.tokenSecret, showId, 'host');
  }

  verifyToken(showId: string, token: string): TokenRole | null {
    return verifyShowToken(this.tokenSecret, showId, token);
  }

  async requireShow(showId: string): Promise<ShowRecord> {
    const show = await this.store.getShow(showId);
    if (!show) throw notFound('Show');
    return show;
  }

  async publicShow(showId: string): Promise<PublicShow> {
    return this.toPublic(await this.requireShow(showId));
  }

  async listShows(): Promise<PublicShow[]> {
    return Promise.all((await this.store.listShows()).map((s) => this.toPublic(s)));
  }

  async snapshot(showId: string, role: Role, viewers: number): Promise<ShowSnapshot> {
    const [show, chat] = await Promise.all([this.publicShow(showId), this.store.recentChat(showId, LIMITS.chatHistory)]);
    return { protocolVersion: PROTOCOL_VERSION, show, chat, viewers, role, now: this.now() };
  }

  private async toPublic(show: ShowRecord): Promise<PublicShow> {
    const [products, pins, video] = await Promise.all([
      this.store.listProducts(show.id),
      this.store.getPins(show.id),
      this.store.getVideoStream(show.id),
    ]);
    // Field by field: anything private (ShowRecord fields, a provider's stream key) must not leak to viewers.
    const playback = video?.playback ?? null;
    return { id: show.id, title: show.title, status: show.status, statusAt: show.statusAt, createdAt: show.createdAt, products, pins, playback };
  }

  // ---- lifecycle

  /** Host "Go live". Returns the status the show ended up in. */
  async start(showId: string): Promise<StatusPayload> {
    const starting = await this.submit(showId, 'start', true);
    // No video provider yet: media counts as flowing at once. The provider will own `mediaUp`.
    return (await this.submit(showId, 'mediaUp', false)) ?? starting!;
  }

  async end(showId: string): Promise<StatusPayload> {
    return (await this.submit(showId, 'end', true))!;
  }

  /** Provider signals: inputs that do not apply (duplicate or late webhooks) are ignored. */
  async signal(showId: string, input: 'mediaUp' | 'mediaDown'): Promise<StatusPayload | null> {
    return this.submit(showId, input, false);
  }

  /** `strict`: host actions that do not apply are errors; provider signals are not. */
  private submit(showId: string, input: ShowInput, strict: boolean): Promise<StatusPayload | null> {
    return this.serial.run(showId, async () => {
      const show = await this.requireShow(showId);
      const status = nextStatus(show.status, input);
      if (!status) {
        if (strict) throw new LiveShopError(ErrorCode.InvalidState, `Cannot ${input} a show that is ${show.status}`);
        return null;
      }
      const at = this.now();
      await this.store.setShowStatus(showId, status, at);
      this.broadcaster.emit(showId, 'show:status', { status, at });
      return { status, at };
    });
  }

  // ---- catalog & pins

  async addProduct(showId: string, body: CreateProductBody): Promise<Product> {
    await this.requireShow(showId);
    const product = await this.store.addProduct(showId, this.newProduct(body, this.now()));
    this.broadcaster.emit(showId, 'show:products', { products: await this.store.listProducts(showId) });
    return product;
  }

  async requireProduct(showId: string, productId: string): Promise<Product> {
    const product = await this.store.getProduct(showId, productId);
    if (!product) throw notFound('Product');
    return product;
  }

  /** Idempotent: pinning a pinned product changes nothing and broadcasts nothing. */
  pin(showId: string, productId: string): Promise<PinsPayload> {
    return this.changePins(showId, productId, (ids) => (ids.includes(productId) ? null : [...ids, productId]));
  }

  unpin(showId: string, productId: string): Promise<PinsPayload> {
    return this.changePins(showId, productId, (ids) => (ids.includes(productId) ? ids.filter((id) => id !== productId) : null));
  }

  private changePins(showId: string, productId: string, change: (ids: string[]) => string[] | null): Promise<PinsPayload> {
    return this.serial.run(showId, async () => {
      await this.requireProduct(showId, productId);
      const current = await this.store.getPins(showId);
      const productIds = change(current.productIds);
      if (!productIds) return current;
      const pins = { productIds, at: this.now() };
      await this.store.setPins(showId, pins);
      this.broadcaster.emit(showId, 'product:pins', pins);
      return pins;
    });
  }

  // ---- chat

  async sendChat(showId: string, input: { name: string; text: string; role: Role }): Promise<ChatMessage> {
    const show = await this.requireShow(showId);
    if (show.status === 'ended') throw new LiveShopError(ErrorCode.InvalidState, 'The show has ended: chat is closed');
    const at = this.now();
    const message: ChatMessage = { id: timeOrderedId(at), ...input, at };
    await this.store.addChatMessage(showId, message);
    this.chatBatcher.add(showId, message);
    return message;
  }

  async deleteChat(showId: string, id: string): Promise<void> {
    if (!(await this.store.deleteChatMessage(showId, id, this.now()))) throw notFound('Message');
    this.chatBatcher.flush(showId);
    this.broadcaster.emit(showId, 'chat:deleted', { ids: [id] });
  }

  /** Sends pending chat batches; call before shutting the sockets down. */
  flush(): void {
    this.chatBatcher.flushAll();
  }

  private newProduct(body: CreateProductBody, at: number): NewProduct {
    return {
      id: randomId(),
      title: body.title,
      description: body.description ?? '',
      imageUrl: body.imageUrl ?? null,
      price: { amount: body.price.amount, currency: body.price.currency },
      checkoutUrl: body.checkoutUrl ?? null,
      stripePriceId: body.stripePriceId ?? null,
      stock: body.stock ?? null,
      createdAt: at,
    };
  }
}
