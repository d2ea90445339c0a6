import {
  ErrorCode,
  LIMITS,
  LiveShopError,
  type ShowSnapshot,
  type StageSignalMessage,
  type StageSignalPayload,
} from '@live-shop/protocol';
import {
  emptySchema,
  guestInviteSchema,
  stageJoinSchema,
  stageLayoutSchema,
  stageMoveSchema,
  stageMuteSchema,
  stageRemoveSchema,
  stageSignalSchema,
  tokenRefSchema,
} from '@live-shop/protocol/schemas';
import { handle } from './handler.js';
import type { SocketDeps } from './deps.js';
import { peerRoom, stageRoom, type LiveShopIo, type LiveShopSocket } from './types.js';

/** Refuses a signal beyond the relay's limits with `payload_too_large` (the schema checks the shape only). */
function checkSignalSize({ signal }: StageSignalPayload): void {
  const sdp = signal.description?.sdp.length ?? 0;
  const candidate = signal.candidate?.candidate.length ?? 0;
  if (sdp > LIMITS.signalSdpMax)
    throw new LiveShopError(
      ErrorCode.PayloadTooLarge,
      `signal.description.sdp: at most ${LIMITS.signalSdpMax} characters`,
    );
  if (candidate > LIMITS.signalCandidateMax)
    throw new LiveShopError(
      ErrorCode.PayloadTooLarge,
      `signal.candidate.candidate: at most ${LIMITS.signalCandidateMax} characters`,
    );
}

/**
 * True when some connection (on this node, or else on any node through the adapter) is in the room.
 * When a node does not answer (it just died and the others have not dropped it yet), the message goes out anyway.
 */
async function anyoneIn(io: LiveShopIo, room: string): Promise<boolean> {
  if (io.of('/').adapter.rooms.get(room)?.size) return true;
  return io
    .in(room)
    .fetchSockets()
    .then(
      (sockets) => sockets.length > 0,
      () => true,
    );
}

/** Co-hosts: guest links (host), the stage list (guests join, the host arranges), and WebRTC signalling. Roles are checked by `handle`. */
export function register(io: LiveShopIo, socket: LiveShopSocket, deps: SocketDeps): void {
  const { stage } = deps;
  const { showId } = socket.data;
  const tokenId = () => socket.data.token!.id;

  // A guest link never outlives the host token that made it: it expires by then and is revoked with it.
  handle(socket, deps, 'guest:invite', guestInviteSchema, (options) =>
    stage.invite(showId, { ...options, notAfter: socket.data.token?.expiresAt, issuedBy: socket.data.token?.id }),
  );
  handle(socket, deps, 'guest:revoke', tokenRefSchema, async ({ id }) => ({ stage: await stage.revoke(showId, id) }));
  handle(socket, deps, 'stage:join', stageJoinSchema, async ({ name }) => ({
    stage: await stage.join(showId, tokenId(), name, socket.id),
  }));
  handle(socket, deps, 'stage:leave', emptySchema, async () => ({ stage: await stage.leave(showId, tokenId()) }));
  handle(socket, deps, 'stage:move', stageMoveSchema, async ({ guestId, place }) => ({
    stage: await stage.move(showId, guestId, place),
  }));
  handle(socket, deps, 'stage:mute', stageMuteSchema, async ({ guestId, muted }) => ({
    stage: await stage.mute(showId, guestId, muted),
  }));
  handle(socket, deps, 'stage:remove', stageRemoveSchema, async ({ guestId }) => ({
    stage: await stage.revoke(showId, guestId),
  }));
  handle(socket, deps, 'stage:layout', stageLayoutSchema, async ({ layout }) => ({
    stage: await stage.layout(showId, layout),
  }));

  // A star: host studios talk to guests, guests to host studios; only within this show (the room names it).
  handle(socket, deps, 'stage:signal', stageSignalSchema, async (payload) => {
    checkSignalSize(payload);
    const role = socket.data.role as 'host' | 'guest';
    const room = peerRoom(showId, role === 'host' ? 'guest' : 'host', payload.to);
    if (!(await anyoneIn(io, room)))
      throw new LiveShopError(
        ErrorCode.NotFound,
        role === 'host' ? 'No such guest connected to this show' : 'No such host studio connected to this show',
      );
    const message: StageSignalMessage = {
      from: socket.id,
      role,
      guestId: role === 'guest' ? tokenId() : null,
      signal: payload.signal,
    };
    io.to(room).emit('stage:signal', message);
    return {};
  });
}

/** What a host, moderator or guest snapshot adds: the stage; for peers their peer id and ICE servers; for hosts the guest links. */
export async function stageSnapshot(
  socket: LiveShopSocket,
  { stage, iceServers, service }: Pick<SocketDeps, 'stage' | 'iceServers' | 'service'>,
): Promise<Partial<ShowSnapshot>> {
  const { showId, role } = socket.data;
  const parts: Partial<ShowSnapshot> = { stage: await stage.state(showId) };
  if (role === 'host' || role === 'guest') Object.assign(parts, { peer: socket.id, iceServers: [...iceServers] });
  if (role === 'host') parts.guestLinks = await service.access.guests(showId);
  return parts;
}

/** The rooms of a stage peer or a moderator watching the stage (joined on connection). */
export function stageRoomsOf(socket: LiveShopSocket): string[] {
  const { showId, role } = socket.data;
  if (role === 'host' || role === 'guest') return [stageRoom(showId), peerRoom(showId, role, socket.id)];
  return role === 'moderator' ? [stageRoom(showId)] : [];
}
