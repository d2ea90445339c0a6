import {
  LIMITS,
  PROTOCOL_VERSION,
  type ChatMessage,
  type PublicShow,
  type Role,
  type ShowSnapshot,
} from '@live-shop/protocol';

/** Where the cache reads from: the same reads an uncached snapshot makes. */
export interface SnapshotSource {
  publicShow(showId: string): Promise<PublicShow>;
  recentChat(showId: string): Promise<ChatMessage[]>;
}

/** What changed in a show, as far as the cache is concerned. */
export type ShowChange = 'show' | 'chat';

/** One part of a show's snapshot: the read in flight or done for the current generation, if any. */
interface Part<T> {
  generation: number;
  value: Promise<T> | null;
  loadedAt: number;
}

interface Entry {
  show: Part<PublicShow>;
  chat: Part<ChatMessage[]>;
  usedAt: number;
}

/** The parts a snapshot was built from, and the generations they belong to (see `isCurrent`). */
export interface SnapshotRead {
  showId: string;
  /** The cache entry read from: a show forgotten and read again starts over at generation 0. */
  entry: object;
  show: PublicShow;
  chat: ChatMessage[];
  showGeneration: number;
  chatGeneration: number;
}

export interface SnapshotCacheOptions {
  /** A part is read again after this long even without a change (default 5 s): bounds memory and any surprise. */
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * This node's copy of what every join sends (the public show and the recent chat), so a crowd
 * joining at once costs one read per change instead of one per viewer: concurrent reads of a show
 * share one load (single flight).
 *
 * Never stale: every broadcast to a show's room, sent here or arriving from another node through
 * the adapter, calls `changed()` before it is delivered (see socket/snapshots.ts). That drops the
 * part and bumps its generation; a load that was in flight keeps its waiters but is not kept, and a
 * snapshot is only emitted while `isCurrent()` (same tick as the emit), so no socket can get a
 * snapshot older than a broadcast it already received — the client replaces its state with it.
 * (With the Redis adapter, see the one gap in `sendSnapshot`.)
 */
export class SnapshotCache {
  readonly #source: SnapshotSource;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  #sweptAt = 0;

  constructor(source: SnapshotSource, options: SnapshotCacheOptions = {}) {
    this.#source = source;
    this.#maxAgeMs = options.maxAgeMs ?? 5000;
    this.#now = options.now ?? Date.now;
  }

  /** The public show (rejects with not_found like `ShowService.requireShow`); warms the cache for the snapshot that follows. */
  show(showId: string): Promise<PublicShow> {
    const entry = this.#entry(showId);
    return this.#load(entry.show, () => this.#source.publicShow(showId));
  }

  async read(showId: string): Promise<SnapshotRead> {
    const entry = this.#entry(showId);
    const showGeneration = entry.show.generation;
    const chatGeneration = entry.chat.generation;
    const [show, chat] = await Promise.all([
      this.#load(entry.show, () => this.#source.publicShow(showId)),
      this.#load(entry.chat, () => this.#source.recentChat(showId)),
    ]);
    return { showId, entry, show, chat, showGeneration, chatGeneration };
  }

  /** True while no change to the show happened since `read` began: emit in the same tick. */
  isCurrent(read: SnapshotRead): boolean {
    const entry = this.#entries.get(read.showId);
    return (
      entry === read.entry &&
      entry.show.generation === read.showGeneration &&
      entry.chat.generation === read.chatGeneration
    );
  }

  /** A fresh envelope per socket around the shared parts (serialized on emit, never mutated). */
  snapshot(read: SnapshotRead, role: Role, viewers: number): ShowSnapshot {
    const now = this.#now();
    let { show } = read;
    // Social proof covers a sliding window: drop what aged out since the read, as a fresh read would.
    const since = now - LIMITS.soldWindowMs;
    if (show.recentSales.some((s) => s.at < since))
      show = { ...show, recentSales: show.recentSales.filter((s) => s.at >= since) };
    return { protocolVersion: PROTOCOL_VERSION, show, chat: read.chat, viewers, role, now };
  }

  /** The show changed (null: every show). Call before the change is delivered to anyone. */
  changed(showId: string | null, what: readonly ShowChange[]): void {
    const entries = showId === null ? this.#entries.values() : [this.#entries.get(showId)];
    for (const entry of entries) {
      if (!entry) continue;
      for (const part of what) {
        entry[part].generation++;
        entry[part].value = null;
      }
    }
  }

  #entry(showId: string): Entry {
    const now = this.#now();
    let entry = this.#entries.get(showId);
    if (!entry) {
      this.#sweep(now);
      entry = {
        show: { generation: 0, value: null, loadedAt: 0 },
        chat: { generation: 0, value: null, loadedAt: 0 },
        usedAt: now,
      };
      this.#entries.set(showId, entry);
    }
    entry.usedAt = now;
    return entry;
  }

  #load<T>(part: Part<T>, load: () => Promise<T>): Promise<T> {
    const now = this.#now();
    if (part.value && now - part.loadedAt <= this.#maxAgeMs) return part.value;
    const value = load();
    part.value = value;
    part.loadedAt = now;
    // A failed read (e.g. no such show) is not kept: the next join asks again.
    value.catch(() => {
      if (part.value === value) part.value = null;
    });
    return value;
  }

  /** Forgets shows nobody joined for a while (at most once per max age, when a new show is read). */
  #sweep(now: number): void {
    if (now - this.#sweptAt < this.#maxAgeMs) return;
    this.#sweptAt = now;
    for (const [showId, entry] of this.#entries) if (now - entry.usedAt > this.#maxAgeMs) this.#entries.delete(showId);
  }
}
