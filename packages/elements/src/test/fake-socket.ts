/**
 * A Socket.IO server inside the page: replaces `window.WebSocket` for `/socket.io/` URLs with a
 * stand-in that speaks just enough Engine.IO v4 / Socket.IO v5 (open, CONNECT, events) for the real
 * LiveShopClient an element creates by itself. Tests see each connection's handshake `auth` and
 * push server events. Other WebSockets (the test runner's own) go through untouched.
 */
export interface FakeConnection {
  url: string;
  /** The handshake auth of the Socket.IO CONNECT (null until the client sent it). */
  auth: Record<string, unknown> | null;
  /** Server → client event. */
  emit(event: string, payload: unknown): void;
}

export function stubSocketServer(onConnect: (connection: FakeConnection) => void = () => {}) {
  const Original = window.WebSocket;
  const connections: FakeConnection[] = [];

  class FakeWebSocket implements FakeConnection {
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onclose: ((event: unknown) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    auth: Record<string, unknown> | null = null;
    constructor(readonly url: string) {
      connections.push(this);
      setTimeout(() =>
        this.#deliver(
          `0${JSON.stringify({ sid: 'e1', upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1e6 })}`,
        ),
      );
    }
    send(data: string): void {
      if (!data.startsWith('40')) return;
      this.auth = JSON.parse(data.slice(2)) as Record<string, unknown>;
      setTimeout(() => {
        this.#deliver(`40${JSON.stringify({ sid: `s${connections.length}` })}`);
        onConnect(this);
      });
    }
    close(): void {}
    emit(event: string, payload: unknown): void {
      this.#deliver(`42${JSON.stringify([event, payload])}`);
    }
    #deliver(data: string): void {
      this.onmessage?.({ data });
    }
  }

  window.WebSocket = function (url: string | URL, protocols?: string | string[]) {
    if (String(url).includes('/socket.io/')) return new FakeWebSocket(String(url));
    return new Original(url, protocols);
  } as unknown as typeof WebSocket;
  return { connections, restore: () => void (window.WebSocket = Original) };
}

/** A show:state snapshot for the fake server. */
export function snapshot(over: Record<string, unknown> = {}) {
  return {
    protocolVersion: 1,
    show: {
      id: 's1',
      title: 'Fake show',
      status: 'live',
      statusAt: 1,
      createdAt: 0,
      products: [],
      pins: { productIds: [], at: 0 },
      playback: null,
      settings: { socialProof: false, slowModeSeconds: 0 },
      recentSales: [],
    },
    chat: [],
    viewers: 1,
    role: 'viewer',
    now: Date.now(),
    ...over,
  };
}
