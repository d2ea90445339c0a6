import { ErrorCode, LiveShopError, type ErrorBody } from '@live-shop/protocol';
import { describeIssue, handshakeSchema } from '@live-shop/protocol/schemas';
import * as chat from './chat.js';
import { answerUnknownEvents, onFirstEvent } from './handler.js';
import * as products from './products.js';
import * as show from './show.js';
import { sendSnapshot } from './snapshots.js';
import { hostsRoom, showRoom, viewersRoom, type LiveShopIo, type LiveShopSocket, type SocketDeps } from './types.js';

export { hostsRoom, showRoom } from './types.js';
export type { LiveShopIo, LiveShopSocket, SocketData } from './types.js';

/** Socket.IO connect errors carry the typed error in `err.data`, which the client sees on `connect_error`. */
function connectError(code: ErrorBody['code'], message: string): Error & { data: ErrorBody } {
  return Object.assign(new Error(message), { data: { code, message } });
}

export function attachSocketHandlers(io: LiveShopIo, deps: SocketDeps): void {
  const { service, viewers, snapshots, logger } = deps;

  io.use(async (socket, next) => {
    try {
      const auth = handshakeSchema.safeParse(socket.handshake.auth);
      if (!auth.success) return next(connectError(ErrorCode.BadRequest, `auth.${describeIssue(auth.error)}`));
      const { show: showId, token, name } = auth.data;
      try {
        await snapshots.show(showId);
      } catch (error) {
        if (error instanceof LiveShopError) return next(connectError(error.code, error.message));
        throw error;
      }
      let role: 'host' | 'viewer' = 'viewer';
      if (token !== undefined) {
        if (!service.verifyToken(showId, token)) return next(connectError(ErrorCode.Unauthorized, 'Invalid token for this show'));
        role = 'host';
      }
      socket.data = { showId, role, name: name ?? null, chatTimes: [] };
      next();
    } catch (error) {
      logger.error('live-shop: handshake failed', error);
      next(connectError(ErrorCode.Internal, 'Internal error'));
    }
  });

  // Handlers are registered on a socket's first event, before it is dispatched (most viewers never send one).
  const registerHandlers = onFirstEvent((socket) => {
    chat.register(io, socket, deps);
    products.register(io, socket, deps);
    show.register(io, socket, deps);
  });
  // One listener for all sockets (`this` is the socket): nothing per viewer.
  const left = function (this: LiveShopSocket) {
    viewers.changed(this.data.showId);
  };

  io.on('connection', (socket) => {
    const { showId, role } = socket.data;
    registerHandlers(socket);
    answerUnknownEvents(socket);
    socket.on('disconnect', left);

    void socket.join(role === 'viewer' ? [showRoom(showId), viewersRoom(showId)] : [showRoom(showId), hostsRoom(showId)]);
    viewers.changed(showId);
    // Resumed within the recovery window: Socket.IO replayed what it missed, rooms and all.
    if (socket.recovered) return;
    // Every connection (reconnects included) gets a full snapshot: that is the resync.
    sendSnapshot(socket, deps).catch((error: unknown) => {
      if (!(error instanceof LiveShopError)) logger.error('live-shop: snapshot failed', error);
      // Transport close, not a server disconnect: the client reconnects (with backoff) and gets a new snapshot.
      socket.conn.close();
    });
  });
}
