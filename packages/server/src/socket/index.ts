import { ErrorCode, LiveShopError, type ErrorBody } from '@live-shop/protocol';
import { handshakeSchema, parseIncoming } from '@live-shop/protocol/schemas';
import { attributionOf } from '../analytics/attribution.js';
import { subjectsOf } from '../show/moderation.js';
import { atTime } from '../timers.js';
import * as chat from './chat.js';
import { answerUnknownEvents, onFirstEvent } from './handler.js';
import * as moderation from './moderation.js';
import * as products from './products.js';
import * as reactions from './reactions.js';
import * as polls from './polls.js';
import * as show from './show.js';
import * as simulcast from './simulcast.js';
import * as stage from './stage.js';
import { sendSnapshot } from './snapshots.js';
import type { SocketDeps } from './deps.js';
import {
  hostsRoom,
  showRoom,
  staffRoom,
  tokenRoom,
  viewerRoom,
  viewersRoom,
  type LiveShopIo,
  type LiveShopSocket,
  type SocketData,
} from './types.js';

export { hostsRoom, peerRoom, showRoom, stageRoom, staffRoom, tokenRoom, viewerRoom } from './types.js';
export type { LiveShopIo, LiveShopSocket, SocketData } from './types.js';

/** Socket.IO connect errors carry the typed error in `err.data`, which the client sees on `connect_error`. */
function connectError(code: ErrorBody['code'], message: string): Error & { data: ErrorBody } {
  return Object.assign(new Error(message), { data: { code, message } });
}

function roomsOf(socket: LiveShopSocket): string[] {
  const { showId, role, token, ...who } = socket.data;
  if (role === 'viewer')
    return [showRoom(showId), viewersRoom(showId), ...subjectsOf(who).map((s) => viewerRoom(showId, s))];
  // Guests: the public show (status, pins) and the stage, never the staff room (moderation, sales, tokens).
  if (role === 'guest') return [showRoom(showId), tokenRoom(token!.id), ...stage.stageRoomsOf(socket)];
  const staff = [showRoom(showId), staffRoom(showId), tokenRoom(token!.id), ...stage.stageRoomsOf(socket)];
  return role === 'host' ? [...staff, hostsRoom(showId)] : staff;
}

/** Staff powers end with their token: the connection closes at its expiry (reconnecting then gets token_expired). */
function closeAtExpiry(socket: LiveShopSocket, expiresAt: number): void {
  socket.once(
    'disconnect',
    atTime(expiresAt, () => socket.disconnect(true)),
  );
}

/**
 * A guest's peer is its live connection: cleared when it closes (unless a newer one took its place),
 * and set again when Socket.IO resumes the session (same id, no snapshot, so no new `stage:join`).
 */
function trackGuestPeer(socket: LiveShopSocket, { stage, logger }: SocketDeps): void {
  const { showId, token } = socket.data;
  const failed = (error: unknown) => logger.error('live-shop: stage presence failed', error);
  if (socket.recovered) stage.resumed(showId, token!.id, socket.id).catch(failed);
  socket.once('disconnect', () => void stage.disconnected(showId, token!.id, socket.id).catch(failed));
}

export function attachSocketHandlers(io: LiveShopIo, deps: SocketDeps): void {
  const { service, identities, viewers, minutes, snapshots, logger } = deps;

  io.use(async (socket, next) => {
    try {
      const auth = parseIncoming(handshakeSchema, socket.handshake.auth);
      if (!auth.success) return next(connectError(ErrorCode.BadRequest, `auth.${auth.issue}`));
      const { show: showId, token, name, viewer, identity, source } = auth.data;
      const data: SocketData = {
        showId,
        role: 'viewer',
        name: name ?? null,
        chatTimes: [],
        token: null,
        viewerId: null,
        accountId: null,
        verified: false,
        address: null,
        fresh: false,
        credential: null,
        source: null,
        budget: { tokens: deps.eventLimit ? deps.eventLimit.burst : 0, at: Date.now() },
      };
      try {
        const show = await snapshots.show(showId);
        if (token !== undefined) {
          const claims = await service.access.verify(showId, token);
          Object.assign(data, { role: claims.role, token: { id: claims.id, expiresAt: claims.expiresAt } });
        } else {
          const who = identities.resolve(viewer, identity);
          const address = deps.addressOf(socket.request);
          Object.assign(data, {
            viewerId: who.viewerId,
            accountId: who.accountId,
            verified: who.verified,
            credential: who.credential,
            fresh: who.fresh,
            source: attributionOf(source, show.status),
          });
          if (address) data.address = identities.addressSubject(address);
          if (who.name) data.name = who.name;
        }
      } catch (error) {
        if (error instanceof LiveShopError) return next(connectError(error.code, error.message));
        throw error;
      }
      socket.data = data;
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
    moderation.register(io, socket, deps);
    stage.register(io, socket, deps);
    reactions.register(io, socket, deps);
    polls.register(io, socket, deps);
    simulcast.register(io, socket, deps);
  });
  // One listener for all sockets (`this` is the socket): nothing per viewer.
  const left = function (this: LiveShopSocket) {
    viewers.changed(this.data.showId);
    if (this.data.source) minutes.left(this.data.showId, this.data.source);
  };

  io.on('connection', (socket) => {
    const { showId, token } = socket.data;
    registerHandlers(socket);
    answerUnknownEvents(socket);
    socket.on('disconnect', left);

    void socket.join(roomsOf(socket));
    if (socket.data.role === 'guest') trackGuestPeer(socket, deps);
    if (socket.recovered) viewers.resend(showId);
    else viewers.changed(showId);
    if (socket.data.source) minutes.joined(showId, socket.data.source);
    if (token) closeAtExpiry(socket, token.expiresAt);
    // Checked again now that the token's room would hear a revocation: one revoked since the handshake's
    // check (or, for a resumed session whose handshake was skipped, at any time since) must not ride on.
    if (token) {
      service.access.isActive(token).then(
        (active) => active || socket.disconnect(true),
        () => socket.disconnect(true),
      );
    }
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
