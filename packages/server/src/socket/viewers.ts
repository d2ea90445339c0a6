import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import { showRoom, viewersRoom, type LiveShopIo } from './types.js';

/**
 * Every count goes to every viewer (~10 µs of CPU each, and the event loop is busy meanwhile): a big
 * audience gets it less often (500 ms up to 1,000 viewers here, then up to 1.5 s from 3,000), but
 * never so rarely that a count is off for more than 2 s. Peers hear of a change sooner (one message
 * per node, not per viewer): a change on another node shows within `PEER_WINDOW_MS` + one window.
 */
const MS_PER_VIEWER = 0.5;
const MIN_WINDOW_MS = 500;
const MAX_WINDOW_MS = 1500;
const PEER_WINDOW_MS = 250;
/** Each node repeats its counts this often; a node not heard from for `PEER_EXPIRY_MS` has died. */
const HEARTBEAT_MS = 5000;
const PEER_EXPIRY_MS = 3 * HEARTBEAT_MS;

/** How nodes tell each other their own viewers of a show (through the adapter; absent on one node). */
export interface CountPeers {
  publish(node: string, showId: string, count: number): void;
}

interface PeerCount {
  count: number;
  heardAt: number;
}

/**
 * Viewer counts per show across nodes. Each node knows its own viewers exactly (its rooms), tells the
 * others when that number changes (and on a heartbeat), and sends the sum to its own connections only:
 * no node asks every other for its sockets, and no count from one node can overtake a newer one from
 * another on the way to a viewer. A burst of joins/leaves yields at most one `viewers:count` per show
 * and window on each node, always sent after the last change so it ends up right.
 */
export class ViewerCounts {
  readonly node = randomUUID();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly peerTimers = new Map<string, NodeJS.Timeout>();
  /** What this node last sent its connections. */
  private readonly lastSent = new Map<string, number>();
  /** What this node last told its peers of its own viewers. */
  private readonly published = new Map<string, number>();
  private readonly peerCounts = new Map<string, Map<string, PeerCount>>();
  private readonly heartbeat: NodeJS.Timeout | null;
  private closed = false;

  constructor(
    private readonly io: LiveShopIo,
    private readonly logger: Logger,
    private readonly peers: CountPeers | null = null,
    private readonly now: () => number = Date.now,
  ) {
    this.heartbeat = peers ? setInterval(() => this.beat(), HEARTBEAT_MS) : null;
    this.heartbeat?.unref();
  }

  /** This node's viewer sockets in the show. */
  localCount(showId: string): number {
    return this.io.sockets.adapter.rooms.get(viewersRoom(showId))?.size ?? 0;
  }

  /** The show's viewers on every node, as far as this node has heard (for snapshots and impressions). */
  count(showId: string): number {
    let total = this.localCount(showId);
    const peers = this.peerCounts.get(showId);
    if (!peers) return total;
    const oldest = this.now() - PEER_EXPIRY_MS;
    for (const [node, peer] of peers) {
      if (peer.heardAt >= oldest) total += peer.count;
      else peers.delete(node);
    }
    if (peers.size === 0) this.peerCounts.delete(showId);
    return total;
  }

  /** This node's viewers of the show changed (a join or a leave). */
  changed(showId: string): void {
    if (this.closed) return;
    if (this.peers && !this.peerTimers.has(showId))
      this.peerTimers.set(
        showId,
        setTimeout(() => this.publish(showId), PEER_WINDOW_MS),
      );
    this.schedule(showId);
  }

  /** Sends the show's count to this node's connections one window from now, unless already due. */
  private schedule(showId: string): void {
    if (this.closed || this.timers.has(showId)) return;
    const window = Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, this.count(showId) * MS_PER_VIEWER));
    // The first change after a quiet spell goes out one window later, so a burst still sends once.
    this.timers.set(
      showId,
      setTimeout(() => this.flush(showId), window),
    );
  }

  /**
   * A connection came back through Socket.IO's recovery: counts are sent to this node's connections
   * only and never replayed, so the next one goes out even if unchanged.
   */
  resend(showId: string): void {
    this.lastSent.delete(showId);
    this.changed(showId);
  }

  /** Another node's viewers of a show, as it published them. */
  heard(node: string, showId: string, count: number): void {
    if (this.closed || node === this.node) return;
    let peers = this.peerCounts.get(showId);
    if (!peers) this.peerCounts.set(showId, (peers = new Map()));
    const before = peers.get(node)?.count;
    if (count === 0) peers.delete(node);
    else peers.set(node, { count, heardAt: this.now() });
    if (peers.size === 0) this.peerCounts.delete(showId);
    // Only a node with connections to the show (viewers or staff) has anyone to tell.
    if (before !== count && this.io.sockets.adapter.rooms.has(showRoom(showId))) this.schedule(showId);
  }

  /** Tells the peers this node's own viewers of the show, when that changed since last told. */
  private publish(showId: string): void {
    this.peerTimers.delete(showId);
    if (this.closed || !this.peers) return;
    try {
      const local = this.localCount(showId);
      if ((this.published.get(showId) ?? 0) === local) return;
      this.peers.publish(this.node, showId, local);
      if (local === 0) this.published.delete(showId);
      else this.published.set(showId, local);
    } catch (error) {
      this.logger.error('live-shop: viewers:count failed', error);
    }
  }

  private flush(showId: string): void {
    this.timers.delete(showId);
    if (this.closed) return;
    try {
      const count = this.count(showId);
      if (this.lastSent.get(showId) === count) return;
      if (count === 0 || !this.io.sockets.adapter.rooms.has(showRoom(showId))) this.lastSent.delete(showId);
      else this.lastSent.set(showId, count);
      // This node's connections only: every node sends its own, from the same sum.
      this.io.local.to(showRoom(showId)).emit('viewers:count', { count });
    } catch (error) {
      this.logger.error('live-shop: viewers:count failed', error);
    }
  }

  /** Repeats this node's counts (so peers know it lives) and forgets peers gone silent. */
  private beat(): void {
    for (const [showId, count] of this.published) this.peers?.publish(this.node, showId, count);
    for (const showId of [...this.peerCounts.keys()]) {
      const before = this.peerCounts.get(showId)!.size;
      this.count(showId);
      if ((this.peerCounts.get(showId)?.size ?? 0) !== before) this.schedule(showId);
    }
  }

  close(): void {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const timer of [...this.timers.values(), ...this.peerTimers.values()]) clearTimeout(timer);
    this.timers.clear();
    this.peerTimers.clear();
    // Peers stop counting this node's viewers now rather than at expiry.
    for (const showId of this.published.keys()) this.peers?.publish(this.node, showId, 0);
    this.published.clear();
  }
}
