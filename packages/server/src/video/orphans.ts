import type { ShowStatus } from '@live-shop/protocol';
import type { Logger } from '../logger.js';
import type { ShowRecord, VideoStreamRecord } from '../store/store.js';
import { mediaOwner } from './node-owner.js';

/** How often each node says it lives, and sweeps. */
export const NODE_HEARTBEAT_MS = 5000;
/** A node not heard from for this long (three heartbeats) has died, or is cut off. */
export const NODE_DEAD_AFTER_MS = 3 * NODE_HEARTBEAT_MS;

const ON_AIR: readonly ShowStatus[] = ['live', 'reconnecting'];

export interface OrphanSweepDeps {
  /** This node's id: the media owner id its sessions record (`LocalVideoProvider.nodeId`); null with Mux. */
  nodeId: string | null;
  /** Tells the other nodes that this one lives (through the adapter). */
  announce(nodeId: string): void;
  store: {
    showsWithStatus(statuses: readonly ShowStatus[]): Promise<ShowRecord[]>;
    getVideoStream(showId: string): Promise<VideoStreamRecord | null>;
  };
  /** The show service's provider signals, and the end of a reconnect grace. */
  signal(showId: string, input: 'mediaUp' | 'mediaDown'): Promise<unknown>;
  graceOver(showId: string, since: number): Promise<unknown>;
  /** Shows whose media runs on this node and is flowing. */
  mediaUpHere(): ReadonlySet<string>;
  /** How long a show may stay reconnecting (`ShowService`'s grace). */
  graceMs: number;
  logger: Logger;
  now?: () => number;
}

/**
 * Shows whose node died (several nodes). Local video runs on one node, its owner; the node that saw
 * a show go reconnecting holds the timer that ends it. If that node dies and the presenter does not
 * come back on another, nobody would say so: viewers would watch a frozen picture under "live", or
 * "reconnecting" for good. So every node says it lives every `NODE_HEARTBEAT_MS`, and sweeps the shows on air:
 * - live, with media owned by a node not heard from for `NODE_DEAD_AFTER_MS`: media down (reconnecting;
 *   this node's grace timer ends the show unless the presenter comes back, on any node);
 * - reconnecting for longer than the grace and `NODE_DEAD_AFTER_MS`: the timer's node died, so it ends;
 * - reconnecting while this node's session for it is flowing: a node that took this one for dead (a
 *   partition, a stalled event loop) said so wrongly, and it is live again within a sweep.
 */
export class OrphanSweep {
  readonly #deps: OrphanSweepDeps;
  readonly #now: () => number;
  readonly #heard = new Map<string, number>();
  readonly #startedAt: number;
  readonly #timer: NodeJS.Timeout;
  #sweeping = false;

  constructor(deps: OrphanSweepDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#startedAt = this.#now();
    this.#timer = setInterval(() => this.#beat(), NODE_HEARTBEAT_MS);
    this.#timer.unref();
  }

  /** Another node said it lives. */
  heard(nodeId: unknown): void {
    if (typeof nodeId === 'string' && nodeId !== this.#deps.nodeId) this.#heard.set(nodeId, this.#now());
  }

  /** Whether `nodeId` may still be alive: heard lately, or this node has not listened long enough to say. */
  alive(nodeId: string): boolean {
    const now = this.#now();
    if (nodeId === this.#deps.nodeId || now - this.#startedAt < NODE_DEAD_AFTER_MS) return true;
    const at = this.#heard.get(nodeId);
    return at !== undefined && now - at < NODE_DEAD_AFTER_MS;
  }

  /** One pass over the shows on air (see the class); resolves when every action it took is done. */
  async sweep(): Promise<void> {
    const here = this.#deps.mediaUpHere();
    const now = this.#now();
    for (const show of await this.#deps.store.showsWithStatus(ON_AIR)) {
      try {
        if (show.status === 'reconnecting') {
          if (here.has(show.id)) await this.#deps.signal(show.id, 'mediaUp');
          else if (now - show.statusAt > this.#deps.graceMs + NODE_DEAD_AFTER_MS)
            await this.#deps.graceOver(show.id, show.statusAt);
          continue;
        }
        if (!this.#deps.nodeId || here.has(show.id)) continue;
        const owner = mediaOwner(await this.#deps.store.getVideoStream(show.id));
        if (owner && owner.id !== this.#deps.nodeId && !this.alive(owner.id)) {
          this.#deps.logger.warn(
            `live-shop: show ${show.id} is live on node ${owner.id}, not heard from for ${NODE_DEAD_AFTER_MS / 1000} s: reconnecting`,
          );
          await this.#deps.signal(show.id, 'mediaDown');
        }
      } catch (error) {
        this.#deps.logger.error(`live-shop: orphan sweep of show ${show.id} failed`, error);
      }
    }
  }

  close(): void {
    clearInterval(this.#timer);
  }

  #beat(): void {
    if (this.#deps.nodeId) this.#deps.announce(this.#deps.nodeId);
    if (this.#sweeping) return;
    this.#sweeping = true;
    this.sweep()
      .catch((error: unknown) => this.#deps.logger.error('live-shop: orphan sweep failed', error))
      .finally(() => (this.#sweeping = false));
  }
}
