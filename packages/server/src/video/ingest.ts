import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import {
  ErrorCode,
  INGEST_PATH,
  LiveShopError,
  SOCKET_PATH,
  type ErrorBody,
  type IngestServerMessage,
} from '@live-shop/protocol';
import { ingestHelloSchema, parseIncoming } from '@live-shop/protocol/schemas';
import type WebSocket from 'ws';
import * as wsModule from 'ws';
import type { ClientPolicy } from '../http/client-policy.js';
import type { Logger } from '../logger.js';
import type { ShowService } from '../show/service.js';
import type { TokenConnections } from '../socket/token-connections.js';
import { atTime } from '../timers.js';
import type { TokenClaims } from '../tokens.js';
import type { MediaSession, VideoProvider } from './provider.js';

export const INGEST_LIMITS = {
  /** The hello must arrive within this time of the upgrade. */
  helloTimeoutMs: 5000,
  /** Frames until the hello is accepted (`ready`): a hello is ~300 bytes; bigger frames close with 1009 before their body is read. */
  helloMaxBytes: 4 * 1024,
  /** Connections from one address not yet past their hello: a studio needs one, two while it reconnects. */
  waitingPerAddress: 4,
  /** Larger frames close the connection with 1009 (ws). MediaRecorder chunks are ~10–200 KB. */
  maxFrameBytes: 4 * 1024 * 1024,
  /** Received but not yet taken by the encoder: beyond this the upload is too slow to be live. */
  maxPendingBytes: 8 * 1024 * 1024,
} as const;

/** Close codes: 1000 the show ended; 1001 server shutdown; 1008 client/authorization errors; 1011 the video pipeline failed. */
export const IngestClose = {
  Ended: 1000,
  GoingAway: 1001,
  Policy: 1008,
  TooBig: 1009,
  ServerError: 1011,
  /** No hello in time: not a refusal (a studio on a busy machine can be that slow), so no error message: reconnect. */
  TryAgain: 1013,
} as const;

// ws 8 exports WebSocketServer (its ESM default has no .Server); the installed @types/ws 7 only knows Server.
const { WebSocketServer } = wsModule as unknown as { WebSocketServer: typeof WebSocket.Server };

/** ws 8 has pause()/resume(); the installed @types/ws (7) does not know them yet. */
type PausableSocket = WebSocket & { pause(): void; resume(): void };

const SERVER_SIDE: readonly string[] = [ErrorCode.VideoUnavailable, ErrorCode.Internal];
const closeCodeOf = (code: ErrorBody['code']) =>
  code === ErrorCode.PayloadTooLarge
    ? IngestClose.TooBig
    : SERVER_SIDE.includes(code)
      ? IngestClose.ServerError
      : IngestClose.Policy;

export interface IngestDeps {
  httpServer: HttpServer;
  service: ShowService;
  video: VideoProvider;
  /** The same origin policy as the socket handshake and CORS (the studio is a page of this server). */
  clientPolicy: ClientPolicy;
  /** Revocation (on any node) closes the uploads that used the token. */
  tokens: Pick<TokenConnections, 'track'>;
  logger: Logger;
}

export interface Ingest {
  /** Closes every publisher connection (1001) and stops accepting new ones. */
  close(): Promise<void>;
}

/**
 * The studio's media upload (`ws(s)://<server>/ingest`): a JSON hello authenticating a host token,
 * then binary WebM chunks, acknowledged as they reach the encoder. docs/protocol.md has the wire format.
 */
export function attachIngest(deps: IngestDeps): Ingest {
  const { httpServer, clientPolicy } = deps;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: INGEST_LIMITS.maxFrameBytes,
    perMessageDeflate: false,
  });
  let closing = false;
  const waiting = new WaitingByAddress();

  const onUpgrade = (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = req.url ?? '';
    const pathname = url.split('?')[0];
    if (pathname !== INGEST_PATH) {
      // Socket.IO answers its own upgrades (destroyUpgrade: false); nobody else would, so refuse here.
      if (!url.startsWith(`${SOCKET_PATH}/`)) reject(socket, 404, 'Not Found');
      return;
    }
    if (closing) return reject(socket, 503, 'Service Unavailable');
    if (!clientPolicy.allowsRaw(req)) return reject(socket, 403, 'Forbidden');
    const address = clientPolicy.limitKeyOf(req);
    // A waiting connection holds its place until its hello is accepted or it times out.
    if (waiting.full(address))
      return reject(socket, 429, 'Too Many Requests', Math.ceil(INGEST_LIMITS.helloTimeoutMs / 1000));
    const refused = clientPolicy.takeConnection(req);
    if (refused) return reject(socket, 429, 'Too Many Requests', refused.retryAfterSeconds);
    wss.handleUpgrade(req, socket, head, (ws) => publisher(ws, deps, waiting.hold(address)));
  };
  httpServer.on('upgrade', onUpgrade);

  return {
    async close() {
      closing = true;
      httpServer.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(IngestClose.GoingAway, 'shutdown');
      const closed = new Promise<void>((resolve) => wss.close(() => resolve()));
      // A studio that never answers the close frame does not hold the shutdown for ws's 30 s.
      const timer = setTimeout(() => wss.clients.forEach((ws) => ws.terminate()), 1000);
      await closed;
      clearTimeout(timer);
    },
  };
}

function reject(socket: Socket, status: number, text: string, retryAfterSeconds?: number): void {
  socket.on('error', () => {});
  const retry = retryAfterSeconds === undefined ? '' : `Retry-After: ${retryAfterSeconds}\r\n`;
  socket.end(`HTTP/1.1 ${status} ${text}\r\n${retry}Connection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Per address, the connections not yet past their hello. */
class WaitingByAddress {
  readonly #counts = new Map<string, number>();

  full(address: string): boolean {
    return (this.#counts.get(address) ?? 0) >= INGEST_LIMITS.waitingPerAddress;
  }

  /** Counts one connection; the returned function uncounts it (once, however often it is called). */
  hold(address: string): () => void {
    this.#counts.set(address, (this.#counts.get(address) ?? 0) + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const left = this.#counts.get(address)! - 1;
      if (left > 0) this.#counts.set(address, left);
      else this.#counts.delete(address);
    };
  }
}

/**
 * ws reads one maxPayload, the server's, from each connection's receiver at every frame header:
 * lowering it there refuses a big frame before its body is buffered. (A private field: the
 * message handler checks the size too, so an upgrade of ws that drops it only loses the early cut.)
 */
function setFrameLimit(ws: WebSocket, bytes: number): void {
  const receiver = (ws as unknown as { _receiver?: { _maxPayload?: unknown } })._receiver;
  if (receiver && typeof receiver._maxPayload === 'number') receiver._maxPayload = bytes;
}

/** One studio connection: hello → ready → media, with acks and backpressure. */
function publisher(ws: WebSocket, { service, video, tokens, logger }: IngestDeps, leaveWaiting: () => void): void {
  let phase: 'hello' | 'opening' | 'media' | 'closed' = 'hello';
  let session: MediaSession | null = null;
  let received = 0;
  let accepted = 0;
  let paused = false;
  let forgetToken = () => {};
  setFrameLimit(ws, INGEST_LIMITS.helloMaxBytes);

  const send = (message: IngestServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const fail = (error: ErrorBody) => {
    if (phase === 'closed') return;
    send({ type: 'error', error });
    ws.close(closeCodeOf(error.code), error.code);
    phase = 'closed';
  };
  const failWith = (error: unknown) => {
    if (error instanceof LiveShopError) return fail(error.toJSON());
    logger.error('live-shop: ingest failed', error);
    fail({ code: ErrorCode.Internal, message: 'Internal error' });
  };
  const ack = () => {
    accepted = received;
    send({ type: 'ack', bytes: accepted });
  };

  const helloTimer = setTimeout(() => {
    if (phase === 'closed') return;
    phase = 'closed';
    ws.close(IngestClose.TryAgain, 'hello_timeout');
  }, INGEST_LIMITS.helloTimeoutMs);

  ws.on('error', () => {
    // Protocol errors (oversized frame: 1009) are closed by ws itself; the close handler cleans up.
  });
  ws.on('close', () => {
    clearTimeout(helloTimer);
    leaveWaiting();
    forgetToken();
    phase = 'closed';
    // No End show: the presenter dropped; the show waits in `reconnecting` for a new hello.
    session?.close('drop').catch((error: unknown) => logger.error('live-shop: closing media failed', error));
  });

  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (phase === 'hello') {
      clearTimeout(helloTimer);
      if (isBinary)
        return fail({ code: ErrorCode.BadRequest, message: 'The first message must be the JSON hello, not media' });
      if (bytes.length > INGEST_LIMITS.helloMaxBytes)
        return fail({
          code: ErrorCode.PayloadTooLarge,
          message: `The hello is at most ${INGEST_LIMITS.helloMaxBytes} bytes`,
        });
      phase = 'opening';
      hello(bytes.toString('utf8')).catch(failWith);
    } else if (phase === 'opening') {
      fail({ code: ErrorCode.BadRequest, message: 'Wait for {"type":"ready"} before sending media' });
    } else if (phase === 'media') {
      if (!isBinary)
        return send({
          type: 'error',
          error: { code: ErrorCode.BadRequest, message: 'Only binary media frames are accepted after the hello' },
        });
      media(bytes);
    }
  });

  async function hello(text: string): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return fail({ code: ErrorCode.BadRequest, message: 'The hello is not valid JSON' });
    }
    const parsed = parseIncoming(ingestHelloSchema, json);
    if (!parsed.success) return fail({ code: ErrorCode.BadRequest, message: `hello.${parsed.issue}` });
    const { show: showId, token, mimeType, capturedAt } = parsed.data;
    const show = await service.requireShow(showId);
    let claims: TokenClaims;
    try {
      claims = await service.access.verify(showId, token);
    } catch (error) {
      if (error instanceof LiveShopError) return fail(error.toJSON());
      throw error;
    }
    if (claims.role !== 'host') return fail({ code: ErrorCode.Forbidden, message: 'Only the host may publish video' });
    if (show.status !== 'starting' && show.status !== 'live' && show.status !== 'reconnecting') {
      return fail({
        code: ErrorCode.InvalidState,
        message: `Cannot publish video while the show is ${show.status}: press Go live first`,
      });
    }
    // The studio may have left while we looked the show up: never replace a live session for a gone socket.
    if (phase !== 'opening') return;
    leaveWaiting();
    watchToken(claims);
    // A revocation between verify() and watchToken() closed nothing: look again now that it would be heard.
    if (!(await service.access.isActive(claims)))
      return fail({ code: ErrorCode.TokenExpired, message: 'This token was revoked' });
    if (phase !== 'opening') return;
    const opened = await video.openMedia(showId, mimeType, { capturedAt });
    if (phase !== 'opening') {
      // The studio left while ffmpeg was starting.
      await opened.close('drop');
      return;
    }
    session = opened;
    opened.onDrain(() => {
      ack();
      if (paused) {
        paused = false;
        (ws as PausableSocket).resume();
      }
    });
    opened.onError((error) => failWith(error));
    opened.onEnd?.(() => {
      if (phase === 'closed') return;
      phase = 'closed';
      ws.close(IngestClose.Ended, 'ended');
    });
    phase = 'media';
    setFrameLimit(ws, INGEST_LIMITS.maxFrameBytes);
    send({ type: 'ready' });
  }

  /** The upload ends with its token, as the studio's socket does: revoked (on any node) or expired. */
  function watchToken({ id, expiresAt }: TokenClaims): void {
    const untrack = tokens.track(id, () => fail({ code: ErrorCode.TokenExpired, message: 'This token was revoked' }));
    const cancel = atTime(expiresAt, () =>
      fail({ code: ErrorCode.TokenExpired, message: 'This token has expired: ask for a new link' }),
    );
    forgetToken = () => (untrack(), cancel());
  }

  function media(chunk: Buffer): void {
    received += chunk.length;
    if (received - accepted > INGEST_LIMITS.maxPendingBytes) {
      return fail({ code: ErrorCode.RateLimited, message: 'Upload too slow: the encoder is more than 8 MB behind' });
    }
    if (session!.write(chunk)) return ack();
    // The encoder is behind: stop reading; the studio sees it as a growing bufferedAmount.
    if (!paused) {
      paused = true;
      (ws as PausableSocket).pause();
    }
  }
}
