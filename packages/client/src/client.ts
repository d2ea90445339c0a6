import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
  ClientEvent,
  ErrorCode,
  LiveShopError,
  ServerEvent,
  SOCKET_PATH,
  type Ack,
  type ChatMessage,
  type ClientToServerEvents,
  type ErrorBody,
  type PinsPayload,
  type Product,
  type Role,
  type ServerToClientEvents,
  type ShowSnapshot,
  type ShowStatus,
  type StatusPayload,
} from '@live-shop/protocol';

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
  /** Server clock minus local clock, in ms (estimated from the last snapshot). */
  readonly clockOffset: number;
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
  /** Extra Socket.IO options (merged over the defaults). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
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
  error: ErrorBody;
}

/** Chat messages kept in memory. */
export const CHAT_CAP = 200;

/** Connection errors that retrying cannot fix. */
const FATAL: readonly string[] = [ErrorCode.NotFound, ErrorCode.Unauthorized];

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
  clockOffset: 0,
});

type ShopSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

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
  #socket: ShopSocket | null = null;
  #name: string;
  #retry: ReturnType<typeof setTimeout> | undefined;

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
    const socket: ShopSocket = io(server, {
      path: SOCKET_PATH,
      transports: ['websocket', 'polling'],
      // A function, so reconnections carry the latest display name.
      auth: (cb) => cb({ show, ...(token ? { token } : {}), ...(this.#name ? { name: this.#name } : {}) }),
      ...socketOptions,
    });
    this.#socket = socket;
    this.#set({ connection: 'connecting', error: null });

    socket.on('connect', () => this.#state.ready || this.#set({ connection: 'connected', error: null }));
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      this.#set({ connection: socket.active ? 'reconnecting' : 'closed' });
    });
    socket.on('connect_error', (err: Error & { data?: Partial<ErrorBody> }) => {
      const error: ErrorBody = err.data?.code
        ? { code: err.data.code, message: err.data.message ?? err.message }
        : { code: ErrorCode.Internal, message: "Can't reach the live-shop server" };
      this.#set({ connection: 'error', error });
      this.#emit('error', error);
      if (FATAL.includes(error.code)) socket.disconnect();
      // Refused by a server middleware for another reason: Socket.IO won't retry on its own.
      else if (!socket.active) this.#retry = setTimeout(() => socket.connect(), 3000);
    });

    socket.on(ServerEvent.ShowState, (snap) => this.#resync(snap));
    socket.on(ServerEvent.ShowStatus, (payload) => this.#applyStatus(payload));
    socket.on(ServerEvent.ProductPins, (payload) => this.#applyPins(payload));
    socket.on(ServerEvent.ChatMessages, (messages) => this.#addChat(messages));
    socket.on(ServerEvent.ChatDeleted, ({ ids }) => {
      this.#set({ chat: this.#state.chat.filter((m) => !ids.includes(m.id)) });
    });
    socket.on(ServerEvent.ViewersCount, ({ count }) => this.#set({ viewers: count }));
    socket.on(ServerEvent.ShowProducts, ({ products }) => this.#set({ products }));
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

  // Typed at the call sites above; Socket.IO's generic ack typing does not survive a dynamic name.
  async #request<T extends keyof ClientToServerEvents>(
    event: T,
    payload: Parameters<ClientToServerEvents[T]>[0],
  ): Promise<AckBody<ClientToServerEvents[T]>> {
    const socket = this.#socket;
    if (!socket) throw new LiveShopError(ErrorCode.InvalidState, 'Not connected');
    let ack: Ack<Record<string, unknown>>;
    try {
      ack = await (socket.timeout(this.options.ackTimeout ?? 10_000) as unknown as LooseSocket).emitWithAck(
        event,
        payload,
      );
    } catch {
      throw new LiveShopError(ErrorCode.Internal, 'The server did not answer in time');
    }
    if (!ack || !ack.ok) {
      const error = ack?.error ?? { code: ErrorCode.Internal, message: 'Malformed answer' };
      throw new LiveShopError(error.code, error.message);
    }
    return ack as AckBody<ClientToServerEvents[T]>;
  }

  #resync(snap: ShowSnapshot): void {
    const { show } = snap;
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
      clockOffset: snap.now - Date.now(),
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

  #addChat(messages: readonly ChatMessage[]): void {
    const [chat, added] = mergeChat(this.#state.chat, messages);
    if (!added.length) return;
    this.#set({ chat });
    this.#emit('chat', added);
  }

  #set(patch: Partial<LiveShopState>): void {
    this.#state = Object.freeze({ ...this.#state, ...patch });
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

type AckBody<F> = F extends (payload: never, ack: (ack: Ack<infer T>) => void) => void ? T : never;
interface LooseSocket {
  emitWithAck(event: string, payload: unknown): Promise<Ack<Record<string, unknown>>>;
}
