/** What the client's connection needs besides the socket: failure reasons, the health probe, typed requests. */
import { ErrorCode, INGEST_PATH, LiveShopError, type Ack, type ClientToServerEvents } from '@live-shop/protocol';
import type { Socket } from './socket.js';

/** Connection errors that retrying cannot fix. */
export const FATAL: readonly string[] = [ErrorCode.NotFound, ErrorCode.Unauthorized, ErrorCode.TokenExpired];
export const UNREACHABLE = "Can't reach the live-shop server";
export const WEBSOCKET_BLOCKED =
  'The live-shop server answers over HTTP, but its WebSocket connection fails (blocked by a proxy or firewall)';
/** Failed WebSocket attempts in a row before concluding that WebSockets are blocked while plain HTTP gets through. */
export const PROBE_AFTER = 3;
export const originRefused = (): string =>
  `The live-shop server does not allow pages on ${globalThis.location?.origin ?? 'this origin'}: add it to LIVE_SHOP_ALLOWED_ORIGINS on the server`;

/**
 * Asks `GET /health` (readable from any origin) about this page: null when the server cannot be
 * reached over HTTP either; `originAllowed: false` when it refuses this page's origin.
 */
export async function probeHealth(server: string): Promise<{ originAllowed?: unknown } | null> {
  const url = new URL('/health', server);
  return fetch(url).then(
    (res) =>
      res.json().then(
        (body: unknown) => (body && typeof body === 'object' ? body : {}),
        () => ({}),
      ),
    // An older server without CORS on /health: any answer still proves reachability.
    () =>
      fetch(url, { mode: 'no-cors' }).then(
        () => ({}),
        () => null,
      ),
  );
}

/** The ack body of a client event, `{ok: true, ...}` without `ok`. */
export type AckBody<F> = F extends (payload: never, ack: (ack: Ack<infer T>) => void) => void ? T : never;

/**
 * Emits a client event and resolves with its ack; rejects with a LiveShopError (the server's, or
 * `invalid_state` when not connected, `payload_too_large`, `internal` on timeout or a lost connection).
 */
export async function request<T extends keyof ClientToServerEvents>(
  socket: Socket | null,
  event: T,
  payload: Parameters<ClientToServerEvents[T]>[0],
  timeout: number,
): Promise<AckBody<ClientToServerEvents[T]>> {
  if (!socket) throw new LiveShopError(ErrorCode.InvalidState, 'Not connected');
  let ack: Ack<Record<string, unknown>>;
  try {
    // Typed at the call sites; Socket.IO's generic ack typing does not survive a dynamic name.
    ack = (await socket.emitWithAck(event, payload, timeout)) as typeof ack;
  } catch (err) {
    throw requestError((err as Error).message);
  }
  if (!ack || !ack.ok) {
    const error = ack?.error ?? { code: ErrorCode.Internal, message: 'Malformed answer' };
    throw new LiveShopError(error.code, error.message);
  }
  return ack as AckBody<ClientToServerEvents[T]>;
}

/** Maps a failed emit (see `Socket.emitWithAck`) to the error callers see. */
function requestError(reason: string): LiveShopError {
  if (reason === 'not connected') return new LiveShopError(ErrorCode.InvalidState, 'Not connected');
  if (reason === 'too large') return new LiveShopError(ErrorCode.PayloadTooLarge, 'Message too large');
  if (reason === 'disconnected')
    return new LiveShopError(ErrorCode.Internal, 'The connection was lost before the server answered');
  return new LiveShopError(ErrorCode.Internal, 'The server did not answer in time');
}

/** Where and as whom the studio publishes its camera (`ws(s)://server/ingest`); the token goes into the ingest hello, never into a URL. */
export function ingestTarget({ server, show, token }: { server: string; show: string; token?: string }): {
  url: string;
  show: string;
  token: string;
} {
  if (!token) throw new LiveShopError(ErrorCode.Forbidden, 'Only the host can publish video');
  const url = new URL(INGEST_PATH, server);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return { url: url.href, show, token };
}
