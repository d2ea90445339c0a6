import { ServerEvent } from '@live-shop/protocol';
import { subjectsOf } from '../show/moderation.js';
import type { ShowChange, SnapshotCache } from '../show/snapshot-cache.js';
import type { SocketDeps } from './deps.js';
import { stageSnapshot } from './stage.js';
import { viewerRoom, type LiveShopIo, type LiveShopSocket } from './types.js';

/**
 * Broadcasts that change nothing a snapshot holds: counts are added per join, sales and moderation go to
 * staff, and with connection state recovery each socket's own `show:state` goes through the adapter too.
 */
const UNCACHED: ReadonlySet<string> = new Set([
  ServerEvent.ViewersCount,
  ServerEvent.ShowSales,
  ServerEvent.ShowState,
  // Staff state and one viewer's restriction are sent per connection, never from the cache.
  ServerEvent.ModerationState,
  ServerEvent.ViewerRestriction,
  // Signalling is relayed, never in a snapshot.
  ServerEvent.StageSignal,
  // Counts of one window; staff snapshots read the totals per connection.
  ServerEvent.ReactionsCounts,
  // Q&A: the staff queue is read per connection.
  ServerEvent.QuestionsState,
]);
const CHAT: ReadonlySet<string> = new Set([ServerEvent.ChatMessages, ServerEvent.ChatDeleted]);
/**
 * The stage is read per connection, not cached, but its change marks the show part changed: a staff or
 * guest snapshot being put together meanwhile is read again, so it never carries an older stage than a
 * `stage:state` its socket already has. `show:stage` changes the public show's `guestsOnStage`.
 */
const SHOW: ReadonlySet<string> = new Set([
  ServerEvent.StageState,
  ServerEvent.ShowStage,
  // polls, Q&A and the announcement banner live in the public show
  ServerEvent.PollState,
  ServerEvent.PollResults,
  ServerEvent.ShowAnnouncement,
  ServerEvent.ShowQuestion,
]);
const SHOW_ONLY: readonly ShowChange[] = ['show'];
/** Any other event (including ones added later) may change anything: both parts are read again. */
const EVERYTHING: readonly ShowChange[] = ['show', 'chat'];
const CHAT_ONLY: readonly ShowChange[] = ['chat'];
/** How long a host's snapshot waits for the check of its guests' peers (see `sendSnapshot`). */
const RECONCILE_WAIT_MS = 1000;
/** A snapshot read again this many times because the show kept changing is sent as is (the old behaviour). */
const MAX_READS = 5;

interface Packet {
  data?: unknown[];
}
/** The parts of the adapter this needs: local broadcasts, and other nodes' broadcasts (cluster adapters). */
interface WatchedAdapter {
  uid?: string;
  broadcast(packet: Packet, opts: { rooms: Iterable<string> }): unknown;
  onMessage?(
    message: { uid?: string; nsp?: string; data?: { packet?: Packet; opts?: { rooms?: Iterable<string> } } },
    offset?: string,
  ): unknown;
}

/** `show:<id>` and the show's sub-rooms (`show:<id>:viewers`…) → the show id. */
function showIdOf(room: string): string | null {
  if (!room.startsWith('show:')) return null;
  const end = room.indexOf(':', 5);
  return end < 0 ? room.slice(5) : room.slice(5, end);
}

/**
 * Keeps the snapshot cache true: every packet broadcast to a show's rooms — from this node, or
 * from another node through the cluster adapter, in the order that adapter delivers them — drops
 * the cached parts it may change before any socket here receives it. Hooking the adapter rather
 * than each writer covers every writer, today's and future ones (every change is broadcast).
 */
export function invalidateOnBroadcast(io: LiveShopIo, cache: SnapshotCache): void {
  const adapter = io.of('/').adapter as unknown as WatchedAdapter;
  const seen = (packet: Packet | undefined, rooms: Iterable<string> | undefined) => {
    const event = packet?.data?.[0];
    if (typeof event === 'string' && UNCACHED.has(event)) return;
    const what =
      typeof event === 'string' && CHAT.has(event)
        ? CHAT_ONLY
        : typeof event === 'string' && SHOW.has(event)
          ? SHOW_ONLY
          : EVERYTHING;
    let any = false;
    for (const room of rooms ?? []) {
      any = true;
      const showId = showIdOf(room);
      if (showId !== null) cache.changed(showId, what);
    }
    // To everyone (no room): it may concern any show.
    if (!any) cache.changed(null, what);
  };
  const broadcast = adapter.broadcast;
  adapter.broadcast = function (packet, opts) {
    seen(packet, opts.rooms);
    return broadcast.call(this, packet, opts);
  };
  const onMessage = adapter.onMessage;
  if (!onMessage) return; // the in-memory adapter: one node, every broadcast passes through broadcast()
  adapter.onMessage = function (message, offset) {
    // Another node's broadcast (its own come back too: those were seen when sent).
    if (message?.uid !== adapter.uid && message?.nsp === '/' && message.data?.packet && message.data.opts)
      seen(message.data.packet, message.data.opts.rooms);
    return onMessage.call(this, message, offset);
  };
}

/**
 * Sends a socket its `show:state` from the cache. The snapshot is emitted in the same tick as the
 * `isCurrent` check: a change broadcast meanwhile makes it read again, so it never overwrites a
 * newer broadcast the socket already has. (With the Redis adapter, another node's broadcast still in
 * the stream when the snapshot is read can arrive after it: the client keeps the newer pins and status
 * by their `at`, and chat by id.)
 */
export async function sendSnapshot(
  socket: LiveShopSocket,
  deps: Pick<
    SocketDeps,
    | 'snapshots'
    | 'commerce'
    | 'viewers'
    | 'moderation'
    | 'stage'
    | 'iceServers'
    | 'service'
    | 'logger'
    | 'reactions'
    | 'polls'
    | 'banners'
  >,
): Promise<void> {
  const { snapshots, commerce, viewers, moderation, stage, logger } = deps;
  const data = socket.data;
  const { showId, role } = data;
  // A host's studio connects guests by their peers: none may show as connected that no node holds (a
  // stopped node's). Waited for a moment at most: a node that just died keeps the others waiting for
  // its answer until they drop it; the check then ends later and broadcasts what it cleared.
  if (role === 'host') {
    const check = stage
      .reconcile(showId)
      .catch((error: unknown) => logger.warn(`live-shop: stage peers check failed: ${String(error)}`));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([check, new Promise((resolve) => (timer = setTimeout(resolve, RECONCILE_WAIT_MS)))]);
    clearTimeout(timer);
  }
  for (let reads = 1; ; reads++) {
    const read = await snapshots.read(showId);
    const snapshot = snapshots.snapshot(read, role, viewers.count(showId));
    if (role === 'viewer') {
      // Their own: who they are (the credential to keep) and whether they may chat.
      const restriction = await moderation.restrictionOf(showId, data);
      snapshot.you = {
        viewerId: subjectsOf(data)[0]!,
        credential: data.credential!,
        name: data.verified ? data.name : null,
        verified: data.verified,
        restriction,
      };
      if (moderation.identityRequired(data)) snapshot.you.identityRequired = true;
      // Polls: their own vote in the show's latest poll.
      const poll = snapshot.show.poll;
      const option = poll ? await deps.polls.voteOf(poll.id, subjectsOf(data)) : null;
      if (poll && option !== null) snapshot.you.vote = { pollId: poll.id, option };
      // Only a restricted fresh id listens to its network's room (to hear the lift): a room per fresh viewer cost ~1 KB each.
      if (restriction && data.fresh && data.address) void socket.join(viewerRoom(showId, data.address));
    } else {
      // Guests: the public show and the stage only (camera and mic, no chat moderation, no sales).
      if (role !== 'guest') snapshot.moderation = await moderation.state(showId);
      if (role !== 'guest') snapshot.reactions = await deps.reactions.totals(showId);
      if (role !== 'guest') snapshot.questions = await deps.banners.questions(showId);
      if (role === 'host') snapshot.sales = await commerce.summary(showId);
      Object.assign(snapshot, await stageSnapshot(socket, deps));
    }
    if (!snapshots.isCurrent(read) && reads < MAX_READS) continue;
    // A viewer arriving while products are pinned is shown them: one impression each.
    if (role === 'viewer') commerce.countImpressions(showId, snapshot.show.pins.productIds, 1, data.source ?? 'live');
    // This node only: with recovery on, `socket.emit` would put every join's snapshot in the Redis stream
    // (a join storm would fill it and push out the history reconnecting viewers resume from).
    socket.nsp.local.to(socket.id).emit('show:state', snapshot);
    return;
  }
}
