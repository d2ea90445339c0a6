import type { ChatMessage } from '@live-shop/protocol';
import type { NewChat } from '../store/store.js';

/** A message waiting for its batch: new ones are stored with it; approved ones are stored already. */
export interface PendingChat extends NewChat {
  stored?: boolean;
  /** Run again just before the batch is written (a ban since the sender's checks): rejecting drops the message with that error. */
  recheck?: () => Promise<void> | void;
}

interface Entry extends PendingChat {
  /** Resolves the entry's `add`, or rejects it with `error.reason`. */
  settle(error?: { reason: unknown }): void;
}

interface Batch {
  entries: Entry[];
  timer: NodeJS.Timeout;
  /** Settles (never rejects) once every entry is stored and sent, or refused. */
  done: Promise<void>;
  start(): void;
}

/**
 * Collects chat per show and, at most `delayMs` after the first message, stores the batch in one
 * write and hands it over as one array. Chat is delivered in batches anyway, so storing it the same
 * way costs a sender nothing (its acknowledgement waits for the batch it rides in) and turns a
 * write per message into a write per batch. A message is delivered only once it is stored. When the
 * database refuses the batch for a row it holds, its messages are written one by one, so a message the
 * database refuses fails alone (its `add` rejects) and the rest of the batch still goes out; when the
 * write fails otherwise (database down, a timeout), the batch fails at once. Batches of a show are
 * stored and delivered in order, one after the other.
 */
export class ChatBatcher {
  private readonly pending = new Map<string, Batch>();
  /** Per show: the last batch written or being written (later ones wait for it). */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(
    private readonly delayMs: number,
    private readonly store: (showId: string, entries: PendingChat[]) => Promise<void>,
    private readonly deliver: (showId: string, messages: ChatMessage[]) => void,
    /** Whether a failed batch is worth writing again one message at a time (the database refused a row, not the write). */
    private readonly splits: (error: unknown) => boolean,
  ) {}

  /** Resolves once the message is stored and on its way to everyone; rejects if it could not be stored. */
  add(showId: string, entry: PendingChat): Promise<void> {
    const batch = this.pending.get(showId) ?? this.open(showId);
    return new Promise<void>((resolve, reject) =>
      batch.entries.push({ ...entry, settle: (error) => (error ? reject(error.reason) : resolve()) }),
    );
  }

  /** Stores and sends what is pending now, e.g. before a deletion so clients never see a message after its `chat:deleted`. */
  flush(showId: string): Promise<void> {
    this.pending.get(showId)?.start();
    return this.writing.get(showId) ?? Promise.resolve();
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
    // `write` settles every entry itself; a throw past it (a broken broadcaster) must not stop the show's later batches.
    batch.done = Promise.all([started, before])
      .then(() => this.write(showId, batch.entries))
      .catch(() => {});
    this.writing.set(showId, batch.done);
    // The last batch of a show forgets its turn once written (nobody waits behind it).
    void batch.done.then(() => this.writing.get(showId) === batch.done && this.writing.delete(showId));
    this.pending.set(showId, batch);
    return batch;
  }

  /** Rechecks, stores what is not stored yet (in one write, else one by one), then sends and settles each entry. */
  private async write(showId: string, entries: Entry[]): Promise<void> {
    const failed = new Map<Entry, { reason: unknown }>();
    const checks = await Promise.allSettled(entries.map(async (e) => e.recheck?.()));
    checks.forEach((check, i) => check.status === 'rejected' && failed.set(entries[i]!, { reason: check.reason }));
    const unstored = entries.filter((e) => !e.stored && !failed.has(e));
    if (unstored.length) {
      try {
        await this.store(showId, unstored);
      } catch (error) {
        // A database that is down or timing out would fail each one again, as slowly: all fail at once.
        if (unstored.length === 1 || !this.splits(error))
          for (const entry of unstored) failed.set(entry, { reason: error });
        else
          for (const entry of unstored)
            await this.store(showId, [entry]).catch((alone: unknown) => failed.set(entry, { reason: alone }));
      }
    }
    const sent = entries.filter((e) => !failed.has(e));
    try {
      if (sent.length)
        this.deliver(
          showId,
          sent.map((e) => e.message),
        );
    } finally {
      for (const entry of entries) entry.settle(failed.get(entry));
    }
  }
}
