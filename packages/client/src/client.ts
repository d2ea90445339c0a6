import {
  ClientEvent,
  ErrorCode,
  INGEST_PATH,
  LIMITS,
  LiveShopError,
  ServerEvent,
  SOCKET_PATH,
  type Ack,
  type ChatMessage,
  type CheckoutRequest,
  type CheckoutSession,
  type ClientToServerEvents,
  type ErrorBody,
  type IngestInfo,
  type PinsPayload,
  type Playback,
  type Product,
  type Role,
  type SalesSummary,
  type ServerToClientEvents,
  type ShowSettings,
  type ShowSnapshot,
  type ShowStatus,
  type SoldPayload,
  type StatusPayload,
  type StockPayload,
} from '@live-shop/protocol';
import { Socket, type ConnectError, type SocketOptions } from './socket.js';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'error' | 'closed';

/** One immutable snapshot of everything a UI needs; replaced (never mutated) on every change. */
export interface LiveShopState {
  readonly connection: ConnectionState;
  readonly error: ErrorBody | null;
  /** True once a `show:state` snapshot has arrived. */
  readonly ready: boolean;
  readonly role: Role;
  readonly status: ShowStatus;
  readonly statusAt: number;
  readonly title: string;
  readonly products: readonly Product[];
  readonly pins: PinsPayload;
  readonly chat: readonly ChatMessage[];
  readonly viewers: number;
  /** What to play (live stream or replay); null while there is nothing. */
  readonly playback: Playback | null;
  /** Server clock minus local clock, in ms (estimated from the last snapshot). */
  readonly clockOffset: number;
  /** Host-editable show settings (`show:settings`). */
  readonly settings: ShowSettings;
  /**
   * Paid orders of the last `LIMITS.soldWindowMs` (social proof; empty unless `settings.socialProof`),
   * oldest first. Pruned on every change, so filter by `at` when rendering later.
   */
  readonly recentSales: readonly SoldPayload[];
  /** Host only: the live sales summary; null for viewers and until the server sends one. */
  readonly sales: SalesSummary | null;
}

export interface LiveShopClientOptions {
  /** Base URL of the live-shop server, e.g. `https://shop.example` (or `location.origin`). */
  server: string;
  /** Show id. */
  show: string;
  /** Host (or moderator) token for the show; omit for viewers. */
  token?: string;
  /** Display name used for chat. */
  name?: string;
  /**
   * Connection options: `path`, reconnection backoff (`reconnectionDelay`, `reconnectionDelayMax`,
   * `randomizationFactor`, `reconnection`), `timeout`, and `WebSocket` for runtimes without a global
   * one (Node 20). The connection is WebSocket-only; socket.io-client options do not apply.
   */
  socketOptions?: SocketOptions;
  /** How long to wait for an ack before rejecting, in ms (default 10 000). */
  ackTimeout?: number;
}

/** `detail` type of each event the client dispatches. */
export interface LiveShopClientEventMap {
  change: LiveShopState;
  status: StatusPayload;
  pins: PinsPayload;
  /** The messages just added. */
  chat: readonly ChatMessage[];
  /** A paid order, for social proof (only while the show's `socialProof` setting is on). */
  sold: SoldPayload;
  error: ErrorBody;
}

/** Chat messages kept in memory. */
export const CHAT_CAP = 200;

/** Connection errors that retrying cannot fix. */
const FATAL: readonly string[] = [ErrorCode.NotFound, ErrorCode.Unauthorized];
const UNREACHABLE = "Can't reach the live-shop server";
const WEBSOCKET_BLOCKED =
  'The live-shop server answers over HTTP, but its WebSocket connection fails (blocked by a proxy or firewall, or this origin is not allowed)';
/** Failed WebSocket attempts in a row before checking whether plain HTTP gets through. */
const PROBE_AFTER = 3;

export const initialState: LiveShopState = Object.freeze({
  connection: 'idle',
  error: null,
  ready: false,
  role: 'viewer',
  status: 'scheduled',
  statusAt: 0,
  title: '',
  products: [],
  pins: { productIds: [], at: 0 },
  chat: [],
  viewers: 0,
  playback: null,
  clockOffset: 0,
  settings: Object.freeze({ socialProof: false }),
  recentSales: [],
  sales: null,
});

/**
 * Headless live-shop client: owns the socket, the show state and reconnection.
 *
 * @example
 * const client = new LiveShopClient({ server: location.origin, show: 'abc' });
 * client.on('change', (state) => render(state));
 * client.connect();
 */
export class LiveShopClient extends EventTarget {
  readonly options: Readonly<LiveShopClientOptions>;
  #state: LiveShopState = initialState;
  #socket: Socket | null = null;
  #name: string;
  #retry: ReturnType<typeof setTimeout> | undefined;
  /** Failed connection attempts since the last success, and whether HTTP got through meanwhile. */
  #failures = 0;
  #blocked = false;

  constructor(options: LiveShopClientOptions) {
    super();
    this.options = options;
    this.#name = options.name ?? '';
  }

  get state(): LiveShopState {
    return this.#state;
  }

  get name(): string {
    return this.#name;
  }

  /** Typed listener helper; returns a function that removes it. */
  on<K extends keyof LiveShopClientEventMap>(
    type: K,
    listener: (detail: LiveShopClientEventMap[K]) => void,
  ): () => void {
    const handler = (event: Event) => listener((event as CustomEvent<LiveShopClientEventMap[K]>).detail);
    this.addEventListener(type, handler);
    return () => this.removeEventListener(type, handler);
  }

  connect(): void {
    if (this.#socket) return;
    const { server, show, token, socketOptions } = this.options;
    // A function, so reconnections carry the latest display name.
    const auth = () => ({ show, ...(token ? { token } : {}), ...(this.#name ? { name: this.#name } : {}) });
    const socket = new Socket(server, auth, { path: SOCKET_PATH, ...socketOptions });
    const on = <K extends keyof ServerToClientEvents>(event: K, listener: ServerToClientEvents[K]) => socket.on(event, listener);
    this.#socket = socket;
    this.#failures = 0;
    this.#blocked = false;
    this.#set({ connection: 'connecting', error: null });

    socket.on('connect', () => {
      this.#failures = 0;
      this.#blocked = false;
      // A recovered session gets the missed events replayed and no snapshot: it is live again now.
      if (!this.#state.ready || socket.recovered) this.#set({ connection: 'connected', error: null });
    });
    socket.on('disconnect', (reason: string) => {
      if (reason === 'io client disconnect') return;
      this.#set({ connection: socket.active ? 'reconnecting' : 'closed' });
    });
    socket.on('connect_error', (err: ConnectError) => {
      const data = err.data as Partial<ErrorBody> | undefined;
      const error: ErrorBody = data?.code
        ? { code: data.code, message: data.message ?? err.message }
        : { code: ErrorCode.Internal, message: this.#blocked ? WEBSOCKET_BLOCKED : UNREACHABLE };
      this.#set({ connection: 'error', error });
      this.#emit('error', error);
      if (FATAL.includes(error.code)) socket.disconnect();
      // Refused by a server middleware for another reason: the socket won't retry on its own.
      else if (!socket.active) this.#retry = setTimeout(() => socket.connect(), 3000);
      if (!data?.code && ++this.#failures % PROBE_AFTER === 0 && !this.#blocked) void this.#probe(socket);
    });

    on(ServerEvent.ShowState, (snap) => this.#resync(snap));
    on(ServerEvent.ShowStatus, (payload) => this.#applyStatus(payload));
    on(ServerEvent.ProductPins, (payload) => this.#applyPins(payload));
    on(ServerEvent.ChatMessages, (messages) => this.#addChat(messages));
    on(ServerEvent.ChatDeleted, ({ ids }) => {
      this.#set({ chat: this.#state.chat.filter((m) => !ids.includes(m.id)) });
    });
    on(ServerEvent.ViewersCount, ({ count }) => this.#set({ viewers: count }));
    on(ServerEvent.ShowProducts, ({ products }) => this.#set({ products }));
    on(ServerEvent.ShowPlayback, ({ playback }) => this.#set({ playback }));
    on(ServerEvent.ShowSettings, (settings) => this.#applySettings(settings));
    on(ServerEvent.ProductStock, (payload) => this.#applyStock(payload));
    on(ServerEvent.ProductSold, (sold) => {
      this.#set({ recentSales: [...this.#state.recentSales, sold] });
      this.#emit('sold', sold);
    });
    // Summaries are computed concurrently on the server: never let an older one replace a newer one.
    on(ServerEvent.ShowSales, (sales) => sales.at >= (this.#state.sales?.at ?? 0) && this.#set({ sales }));
    socket.connect();
  }

  close(): void {
    clearTimeout(this.#retry);
    this.#socket?.disconnect();
    this.#socket = null;
    if (this.#state.connection !== 'idle') this.#set({ connection: 'closed' });
  }

  /** Stores the display name; it is sent with the next chat message (and on reconnection). */
  setName(name: string): void {
    this.#name = name.trim();
  }

  async sendChat(text: string): Promise<{ message: ChatMessage }> {
    const ack = await this.#request(ClientEvent.ChatSend, { text, ...(this.#name ? { name: this.#name } : {}) });
    this.#addChat([ack.message]);
    return ack;
  }

  async pin(productId: string): Promise<{ pins: PinsPayload }> {
    const ack = await this.#request(ClientEvent.ProductPin, { productId });
    this.#applyPins(ack.pins);
    return ack;
  }

  async unpin(productId: string): Promise<{ pins: PinsPayload }> {
    const ack = await this.#request(ClientEvent.ProductUnpin, { productId });
    this.#applyPins(ack.pins);
    return ack;
  }

  deleteMessage(id: string): Promise<{}> {
    return this.#request(ClientEvent.ChatDelete, { id });
  }

  async goLive(): Promise<StatusPayload> {
    const ack = await this.#request(ClientEvent.ShowStart, {});
    this.#applyStatus(ack);
    return ack;
  }

  async endShow(): Promise<StatusPayload> {
    const ack = await this.#request(ClientEvent.ShowEnd, {});
    this.#applyStatus(ack);
    return ack;
  }

  /** Host only: changes show settings (e.g. `{socialProof: true}`); resolves with all of them. */
  async updateSettings(patch: Partial<ShowSettings>): Promise<{ settings: ShowSettings }> {
    const ack = await this.#request(ClientEvent.ShowUpdate, patch);
    this.#applySettings(ack.settings);
    return ack;
  }

  /** Host only: RTMPS settings for OBS (Mux), or null when the server has none (local video). Secret. */
  async ingestInfo(): Promise<IngestInfo | null> {
    return (await this.#request(ClientEvent.VideoIngest, {})).ingest;
  }

  /**
   * Host only: where and as whom the studio publishes its camera (`ws(s)://server/ingest`).
   * The token goes into the ingest hello, never into a URL.
   */
  ingestTarget(): { url: string; show: string; token: string } {
    const { server, show, token } = this.options;
    if (!token) throw new LiveShopError(ErrorCode.Forbidden, 'Only the host can publish video');
    const url = new URL(INGEST_PATH, server);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return { url: url.href, show, token };
  }

  /**
   * Starts a checkout for a product of the show (`POST /api/shows/:id/checkout`), for storefronts
   * with their own UI; the price comes from the server's catalog. Needs no connection. Resolves with
   * the session (`url` resolved against the server); rejects with a LiveShopError (`sold_out`,
   * `not_found`, `checkout_unavailable`…, or `internal` when the server cannot be reached).
   */
  async checkout(request: CheckoutRequest): Promise<CheckoutSession> {
    const { server, show } = this.options;
    let res: Response;
    try {
      res = await fetch(new URL(`/api/shows/${encodeURIComponent(show)}/checkout`, server), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
    } catch {
      throw new LiveShopError(ErrorCode.Internal, UNREACHABLE);
    }
    const body = (await res.json().catch(() => null)) as (CheckoutSession & { error?: ErrorBody }) | null;
    if (!res.ok || !body || body.error) {
      const error = body?.error ?? { code: ErrorCode.Internal, message: `Checkout failed (HTTP ${res.status})` };
      throw new LiveShopError(error.code, error.message);
    }
    return { ...body, url: body.url === null ? null : new URL(body.url, server).href };
  }

  // Typed at the call sites above; Socket.IO's generic ack typing does not survive a dynamic name.
  async #request<T extends keyof ClientToServerEvents>(
    event: T,
    payload: Parameters<ClientToServerEvents[T]>[0],
  ): Promise<AckBody<ClientToServerEvents[T]>> {
    const socket = this.#socket;
    if (!socket) throw new LiveShopError(ErrorCode.InvalidState, 'Not connected');
    let ack: Ack<Record<string, unknown>>;
    try {
      ack = (await socket.emitWithAck(event, payload, this.options.ackTimeout ?? 10_000)) as typeof ack;
    } catch (err) {
      throw requestError((err as Error).message);
    }
    if (!ack || !ack.ok) {
      const error = ack?.error ?? { code: ErrorCode.Internal, message: 'Malformed answer' };
      throw new LiveShopError(error.code, error.message);
    }
    return ack as AckBody<ClientToServerEvents[T]>;
  }

  /** After repeated WebSocket failures: if plain HTTP reaches the server, say WebSockets are blocked. */
  async #probe(socket: Socket): Promise<void> {
    // no-cors: any answer proves reachability, even without CORS headers on /health.
    const reachable = await fetch(new URL('/health', this.options.server), { mode: 'no-cors' }).then(
      () => true,
      () => false,
    );
    if (!reachable || socket !== this.#socket || socket.connected) return;
    this.#blocked = true;
    const error: ErrorBody = { code: ErrorCode.Internal, message: WEBSOCKET_BLOCKED };
    this.#set({ connection: 'error', error });
    this.#emit('error', error);
  }

  #resync(snap: ShowSnapshot): void {
    const { show } = snap;
    const clockOffset = snap.now - Date.now();
    this.#set({
      connection: 'connected',
      error: null,
      ready: true,
      role: snap.role,
      status: show.status,
      statusAt: show.statusAt,
      title: show.title,
      products: show.products,
      pins: show.pins,
      chat: mergeChat([], snap.chat)[0],
      viewers: snap.viewers,
      playback: show.playback ?? null,
      clockOffset,
      settings: show.settings ?? initialState.settings,
      recentSales: show.recentSales ?? [],
      sales: snap.sales ?? null,
    });
    this.#emit('status', { status: show.status, at: show.statusAt });
    this.#emit('pins', show.pins);
  }

  #applyStatus(payload: StatusPayload): void {
    if (payload.at < this.#state.statusAt) return;
    this.#set({ status: payload.status, statusAt: payload.at });
    this.#emit('status', payload);
  }

  #applyPins(pins: PinsPayload): void {
    if (pins.at < this.#state.pins.at) return;
    this.#set({ pins });
    this.#emit('pins', pins);
  }

  #applySettings(settings: ShowSettings): void {
    // Off means no sales may be shown any more: drop the ones already received.
    this.#set({ settings, ...(settings.socialProof ? {} : { recentSales: [] }) });
  }

  /** Replaces the product's stock in a new products array (no change when unknown or equal). */
  #applyStock({ productId, stock }: StockPayload): void {
    const { products } = this.#state;
    const i = products.findIndex((p) => p.id === productId);
    if (i < 0 || products[i]!.stock === stock) return;
    this.#set({ products: products.map((p, j) => (j === i ? { ...p, stock } : p)) });
  }

  #addChat(messages: readonly ChatMessage[]): void {
    const [chat, added] = mergeChat(this.#state.chat, messages);
    if (!added.length) return;
    this.#set({ chat });
    this.#emit('chat', added);
  }

  #set(patch: Partial<LiveShopState>): void {
    const next = { ...this.#state, ...patch };
    // Social proof counts sales of the last minute (server clock): older ones go on every change.
    const since = Date.now() + next.clockOffset - LIMITS.soldWindowMs;
    if (next.recentSales.some((s) => s.at < since)) next.recentSales = next.recentSales.filter((s) => s.at >= since);
    this.#state = Object.freeze(next);
    this.#emit('change', this.#state);
  }

  #emit<K extends keyof LiveShopClientEventMap>(type: K, detail: LiveShopClientEventMap[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/** Appends messages not seen yet (by id), keeping the last CHAT_CAP; returns [chat, added]. */
function mergeChat(
  chat: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): [readonly ChatMessage[], ChatMessage[]] {
  const seen = new Set(chat.map((m) => m.id));
  const added = incoming.filter((m) => !seen.has(m.id) && seen.add(m.id));
  return [added.length ? [...chat, ...added].slice(-CHAT_CAP) : chat, added];
}

/** Maps a failed emit (see `Socket.emitWithAck`) to the error callers see. */
function requestError(reason: string): LiveShopError {
  if (reason === 'not connected') return new LiveShopError(ErrorCode.InvalidState, 'Not connected');
  if (reason === 'too large') return new LiveShopError(ErrorCode.PayloadTooLarge, 'Message too large');
  if (reason === 'disconnected') return new LiveShopError(ErrorCode.Internal, 'The connection was lost before the server answered');
  return new LiveShopError(ErrorCode.Internal, 'The server did not answer in time');
}

type AckBody<F> = F extends (payload: never, ack: (ack: Ack<infer T>) => void) => void ? T : never;
