import type { ChatMessage } from '@live-shop/protocol';
import type { NewChat } from '../store/store.js';

/** A message waiting for its batch: new ones are stored with it; approved ones are stored already. */
export interface PendingChat extends NewChat {
  stored?: boolean;
}

interface Batch {
  entries: PendingChat[];
  timer: NodeJS.Timeout;
  done: Promise<void>;
  start(): void;
}

/**
 * Collects chat per show and, at most `delayMs` after the first message, stores the batch in one
 * write and hands it over as one array. Chat is delivered in batches anyway, so storing it the same
 * way costs a sender nothing (its acknowledgement waits for the batch it rides in) and turns a
 * write per message into a write per batch. A message is delivered only once it is stored; a batch
 * whose write fails is not delivered, and every `add` of it rejects. Batches of a show are stored
 * and delivered in order, one after the other.
 */
export class ChatBatcher {
  private readonly pending = new Map<string, Batch>();
  /** Per show: the last batch written or being written (later ones wait for it). */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(
    private readonly delayMs: number,
    private readonly store: (showId: string, entries: PendingChat[]) => Promise<void>,
    private readonly deliver: (showId: string, messages: ChatMessage[]) => void,
  ) {}

  /** Resolves once the message is stored and on its way to everyone. */
  add(showId: string, entry: PendingChat): Promise<void> {
    const batch = this.pending.get(showId) ?? this.open(showId);
    batch.entries.push(entry);
    return batch.done;
  }

  /** Stores and sends what is pending now, e.g. before a deletion so clients never see a message after its `chat:deleted`. */
  flush(showId: string): Promise<void> {
    const batch = this.pending.get(showId);
    if (batch) batch.start();
    return (this.writing.get(showId) ?? Promise.resolve()).catch(() => {});
  }

  flushAll(): Promise<void> {
    return Promise.all([...this.pending.keys(), ...this.writing.keys()].map((showId) => this.flush(showId))).then(
      () => {},
    );
  }

  private open(showId: string): Batch {
    let start!: () => void;
    const started = new Promise<void>((resolve) => (start = resolve));
    const batch: Batch = {
      entries: [],
      timer: setTimeout(() => batch.start(), this.delayMs),
      done: Promise.resolve(),
      start: () => {
        clearTimeout(batch.timer);
        if (this.pending.get(showId) === batch) this.pending.delete(showId);
        start();
      },
    };
    const before = this.writing.get(showId) ?? Promise.resolve();
    batch.done = Promise.all([started, before.catch(() => {})]).then(async () => {
      const unstored = batch.entries.filter((e) => !e.stored);
      if (unstored.length) await this.store(showId, unstored);
      this.deliver(
        showId,
        batch.entries.map((e) => e.message),
      );
    });
    this.writing.set(showId, batch.done);
    // The last batch of a show forgets its turn once written (nobody waits behind it).
    void batch.done.catch(() => {}).then(() => this.writing.get(showId) === batch.done && this.writing.delete(showId));
    this.pending.set(showId, batch);
    return batch;
  }
}
