/**
 * A small Socket.IO v5 / Engine.IO v4 client over WebSocket only, speaking to a stock Socket.IO 4
 * server. It covers what the live-shop protocol uses: JSON events and acks on the default
 * namespace, and connection state recovery (a reconnection within the server's window gets the
 * events it missed instead of starting over). Not supported: HTTP long-polling, binary packets,
 * other namespaces, a send buffer while disconnected (emits fail at once instead).
 */

/**
 * An event handler slot that accepts each implementation's own event type (the DOM's `MessageEvent`,
 * `ws`'s): compared like a method parameter (bivariantly), so `typeof WebSocket` from `ws` fits without a cast.
 */
export type WebSocketHandler<E> = { bivariant(event: E): void }['bivariant'];

/** The part of the WebSocket API used here (browsers, Node ≥ 22, or the `ws` package). */
export interface WebSocketLike {
  onmessage: WebSocketHandler<{ data: unknown }> | null;
  onclose: WebSocketHandler<unknown> | null;
  onerror: WebSocketHandler<unknown> | null;
  send(data: string): void;
  close(): void;
}
/** `WebSocket` of the browser or Node ≥ 22, or the default export of the `ws` package. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface SocketOptions {
  /** Socket.IO path on the server (default `/socket.io`). */
  path?: string;
  /** Reconnect when the connection is lost (default true). */
  reconnection?: boolean;
  /** First reconnection delay in ms (default 1000); doubles on each failed attempt… */
  reconnectionDelay?: number;
  /** …up to this many ms (default 5000). */
  reconnectionDelayMax?: number;
  /** Each delay is randomized by ± this fraction (default 0.5). */
  randomizationFactor?: number;
  /** A connection attempt without the server's open packet after this many ms fails (default 20 000). */
  timeout?: number;
  /** WebSocket implementation for runtimes without a global one (Node 20: `WebSocket` from `ws`). */
  WebSocket?: WebSocketConstructor;
}

/** Same strings as socket.io-client. */
export type DisconnectReason =
  | 'io server disconnect'
  | 'io client disconnect'
  | 'transport close'
  | 'transport error'
  | 'ping timeout'
  | 'parse error';

/** `connect_error`: `data` is what a server middleware attached (`next(err)` with `err.data`); absent for transport failures. */
export interface ConnectError extends Error {
  data?: unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- listeners of every event, each typed by the caller's event map
type Listener = (...args: any[]) => void;

// Engine.IO packet types, then Socket.IO packet types (carried in an Engine.IO MESSAGE).
const OPEN = '0';
const CLOSE = '1';
const PING = '2';
const PONG = '3';
const MESSAGE = '4';
const CONNECT = '0';
const DISCONNECT = '1';
const EVENT = '2';
const ACK = '3';
const CONNECT_ERROR = '4';

/** Socket.IO packet after the type: optional ack id, then optional JSON. */
const PACKET = /^(\d*)([\s\S]*)$/;
const BAD = Symbol('bad JSON');
/** JSON.parse that reports bad input as a value, so listener errors are never mistaken for it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON, checked by each listener's payload type
const parse = (json: string): any => {
  try {
    return JSON.parse(json);
  } catch {
    return BAD;
  }
};

export class Socket {
  /** The server accepted the Socket.IO CONNECT. */
  connected = false;
  /** Connected or going to (re)connect; false after `disconnect()`, a server disconnect or a refused CONNECT. */
  active = false;
  /** Socket.IO session id, while connected. */
  id: string | undefined;
  /** This connection resumed the previous session: the server replayed what was missed (no fresh start). */
  recovered = false;
  readonly #url: string;
  readonly #auth: () => object;
  readonly #opts: Required<Omit<SocketOptions, 'path'>>;
  #ws: WebSocketLike | null = null;
  #listeners = new Map<string, Listener[]>();
  #acks = new Map<number, (err: Error | null, value?: unknown) => void>();
  #nextAck = 0;
  #attempts = 0;
  #pingDeadline = 0;
  #maxPayload = Infinity;
  /** Connection state recovery: the server's private session id and the offset of the last broadcast received. */
  #pid: string | undefined;
  #offset: string | undefined;
  /** Reconnection delay, connection timeout or ping deadline: never two at once. */
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `auth` is called before each (re)connection; its result is the handshake's `socket.handshake.auth`. */
  constructor(server: string, auth: () => object, options: SocketOptions = {}) {
    const WS = options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor | undefined);
    if (!WS) throw new Error('No WebSocket implementation: pass one as the WebSocket option (e.g. from `ws`)');
    const url = new URL((options.path ?? '/socket.io').replace(/\/?$/, '/'), server);
    url.protocol = url.protocol.replace('http', 'ws');
    url.search = 'EIO=4&transport=websocket';
    this.#url = url.href;
    this.#auth = auth;
    this.#opts = {
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
      randomizationFactor: 0.5,
      timeout: 20_000,
      ...options,
      WebSocket: WS,
    };
  }

  /** Listens to a server event or to `connect`, `disconnect` (reason) and `connect_error` (ConnectError). */
  on(event: string, listener: Listener): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }

  /** Connects now (also cancels a pending reconnection delay). */
  connect(): this {
    if (this.#ws) return this;
    clearTimeout(this.#timer);
    this.active = true;
    this.#open();
    return this;
  }

  /** Leaves for good: no reconnection until `connect()`. */
  disconnect(): this {
    if (this.connected) this.#send(MESSAGE + DISCONNECT);
    this.active = false;
    this.#drop('io client disconnect');
    return this;
  }

  /**
   * Emits an event with an ack and resolves with the ack's first argument. Rejects with `not connected`
   * (nothing is buffered), `too large` (above the server's maxPayload), `timeout` or `disconnected`.
   */
  emitWithAck(event: string, payload: unknown, timeout: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (!this.connected) return reject(new Error('not connected'));
      const id = this.#nextAck++;
      const packet = MESSAGE + EVENT + id + JSON.stringify([event, payload]);
      // The server closes the whole connection on an oversized message: refuse it here instead.
      if (new TextEncoder().encode(packet).length > this.#maxPayload) return reject(new Error('too large'));
      const timer = setTimeout(() => settle(new Error('timeout')), timeout);
      const settle = (err: Error | null, value?: unknown) => {
        clearTimeout(timer);
        this.#acks.delete(id);
        if (err) reject(err);
        else resolve(value);
      };
      this.#acks.set(id, settle);
      this.#send(packet);
    });
  }

  #open(): void {
    let ws: WebSocketLike;
    try {
      ws = new this.#opts.WebSocket(this.#url);
    } catch {
      return this.#lost('transport error');
    }
    this.#ws = ws;
    this.#arm(this.#opts.timeout, 'timeout');
    ws.onmessage = ({ data }) => this.#onFrame(data);
    ws.onclose = () => this.#lost('transport close');
    ws.onerror = () => this.#lost('transport error');
  }

  /** One Engine.IO packet per WebSocket frame (payload batching is a long-polling thing). */
  #onFrame(data: unknown): void {
    if (typeof data !== 'string') return this.#lost('parse error'); // binary: not part of the protocol
    const type = data[0];
    if (type === OPEN) {
      const open = parse(data.slice(1)) as
        { pingInterval?: unknown; pingTimeout?: unknown; maxPayload?: number } | undefined;
      if (typeof open?.pingInterval !== 'number' || typeof open.pingTimeout !== 'number')
        return this.#lost('parse error');
      this.#pingDeadline = open.pingInterval + open.pingTimeout;
      this.#maxPayload = open.maxPayload ?? Infinity;
      this.#arm(this.#pingDeadline, 'ping timeout');
      const auth = this.#auth();
      // Asks the server to resume the session where it left off (ignored by servers without recovery).
      const resume = this.#pid && this.#offset ? { pid: this.#pid, offset: this.#offset } : {};
      this.#send(MESSAGE + CONNECT + JSON.stringify({ ...resume, ...auth }));
    } else if (type === PING) {
      this.#arm(this.#pingDeadline, 'ping timeout');
      this.#send(PONG);
    } else if (type === CLOSE) this.#lost('transport close');
    else if (type === MESSAGE) this.#onPacket(data[1], data.slice(2));
  }

  #onPacket(type: string | undefined, rest: string): void {
    // Only the default namespace is used, and the server writes no namespace for it.
    const [, digits, json] = PACKET.exec(rest)!;
    const id = digits ? Number(digits) : -1;
    const body = json ? parse(json) : undefined;
    if (body === BAD) return this.#lost('parse error');
    if (type === CONNECT) {
      this.connected = true;
      this.id = body?.sid;
      this.recovered = typeof body?.pid === 'string' && body.pid === this.#pid;
      this.#pid = typeof body?.pid === 'string' ? body.pid : undefined;
      this.#attempts = 0;
      this.#fire('connect');
    } else if (type === CONNECT_ERROR) {
      // Refused by a server middleware: socket.io-client does not retry this on its own either.
      this.active = false;
      this.#drop('io server disconnect');
      this.#fire(
        'connect_error',
        Object.assign(new Error(body?.message ?? 'Connection refused'), { data: body?.data }),
      );
    } else if (type === DISCONNECT) {
      this.active = false;
      this.#drop('io server disconnect');
    } else if (type === EVENT && Array.isArray(body)) {
      const [event, ...args] = body as [string, ...unknown[]];
      // With recovery on, the server appends each broadcast's offset: remember it, hide it from listeners.
      if (this.#pid && typeof args.at(-1) === 'string') this.#offset = args.pop() as string;
      if (id >= 0) args.push((...reply: unknown[]) => this.#send(MESSAGE + ACK + id + JSON.stringify(reply)));
      this.#fire(event, ...args);
    } else if (type === ACK && Array.isArray(body)) this.#acks.get(id)?.(null, body[0]);
  }

  /** The connection (or the attempt) failed: report it, then retry with backoff while active. */
  #lost(reason: DisconnectReason | 'timeout'): void {
    const wasConnected = this.connected;
    this.#drop(reason as DisconnectReason);
    if (!wasConnected) this.#fire('connect_error', new Error(reason === 'timeout' ? 'timeout' : 'websocket error'));
    if (!this.#opts.reconnection) this.active = false;
    if (!this.active) return;
    const { reconnectionDelay, reconnectionDelayMax, randomizationFactor } = this.#opts;
    const base = reconnectionDelay * 2 ** Math.min(this.#attempts++, 16);
    const delay = Math.min(base * (1 + randomizationFactor * (2 * Math.random() - 1)), reconnectionDelayMax);
    this.#timer = setTimeout(() => this.#open(), delay);
  }

  /** Closes the WebSocket, fails pending acks, and reports `disconnect` if the socket was connected. */
  #drop(reason: DisconnectReason): void {
    clearTimeout(this.#timer);
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      // No-ops, not null: the `ws` package throws on an 'error' event nobody listens to.
      ws.onmessage = ws.onclose = ws.onerror = () => {};
      try {
        ws.close();
      } catch {
        // Already closed.
      }
    }
    for (const settle of [...this.#acks.values()]) settle(new Error('disconnected'));
    if (!this.connected) return;
    this.connected = false;
    this.id = undefined;
    this.#fire('disconnect', reason);
  }

  #arm(ms: number, reason: DisconnectReason | 'timeout'): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#lost(reason), ms);
  }

  #send(data: string): void {
    this.#ws?.send(data);
  }

  #fire(event: string, ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(...args);
  }
}
