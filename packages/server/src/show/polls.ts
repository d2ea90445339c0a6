import {
  ErrorCode,
  LiveShopError,
  POLL_LIMITS,
  type Poll,
  type PollResultsPayload,
  type PollStartPayload,
  type PollStatePayload,
} from '@live-shop/protocol';
import { timeOrderedId } from '../ids.js';
import type { Logger } from '../logger.js';
import { isExpired, toPoll, type PollRecord } from '../store/poll-rows.js';
import type { PollStore } from '../store/store.js';
import { atTime } from '../timers.js';

export { isExpired, toPoll } from '../store/poll-rows.js';

export interface PollServiceDeps {
  store: { polls: PollStore };
  /** To everyone in the show: a poll opened or closed. */
  publishState: (showId: string, payload: PollStatePayload) => void;
  /** To everyone in the show: one window's stored totals. */
  publishResults: (showId: string, payload: PollResultsPayload) => void;
  logger: Logger;
  /** The show's audience (every node's viewers), which widens the results window. */
  audience?: (showId: string) => number;
  windowMs?: number;
  now?: () => number;
}

/**
 * Polls: one open per show (the store's unique index decides across nodes), one vote per voter (its
 * primary key), results published at most once per window per show from this node, however many
 * votes arrive (this node's tally, raised to the store's counts as they are read). The window widens
 * with the audience, so results cost at most `POLL_LIMITS.resultsDeliveriesPerSecond` writes a
 * second. The node that starts a poll closes it when its timer ends; any node that meets an expired
 * open poll closes it too.
 */
export class PollService {
  readonly #deps: PollServiceDeps;
  readonly #windowMs: number;
  readonly #now: () => number;
  /** Open polls' records, so a vote costs one write (the store still checks that the poll is open). */
  readonly #open = new Map<string, PollRecord>();
  readonly #timers = new Map<string, () => void>();
  readonly #pending = new Map<string, { poll: PollRecord; timer: NodeJS.Timeout }>();
  /**
   * Per open poll, two lower bounds of its counts: the votes this node counted (`own`) and the store's
   * counts as last read (`stored`, which may already hold votes of this node not yet answered, so the two
   * are never added). Windows publish their per-option max without waiting for the database, which a
   * burst of votes keeps busy; on one node it is exact, across nodes it catches up with the next read.
   */
  readonly #tally = new Map<string, Tally>();
  #closed = false;

  constructor(deps: PollServiceDeps) {
    this.#deps = deps;
    this.#windowMs = deps.windowMs ?? POLL_LIMITS.resultsWindowMs;
    this.#now = deps.now ?? Date.now;
  }

  async start(showId: string, input: PollStartPayload): Promise<Poll> {
    const latest = await this.#store.latest(showId);
    const now = this.#now();
    if (latest && isExpired(latest, now)) await this.expire(latest);
    const record: PollRecord = {
      id: timeOrderedId(now),
      showId,
      question: input.question,
      options: input.options,
      openedAt: now,
      endsAt: input.seconds ? now + input.seconds * 1000 : null,
      closedAt: null,
    };
    if (!(await this.#store.start(record)))
      throw new LiveShopError(
        ErrorCode.PollOpen,
        'A poll is already open in this show: end it before starting another',
      );
    const poll = toPoll(
      record,
      record.options.map(() => 0),
      now,
    );
    this.#open.set(record.id, record);
    if (record.endsAt !== null && !this.#closed) {
      const poll = record;
      this.#timers.set(
        record.id,
        atTime(record.endsAt, () => void this.expire(poll).catch((e: unknown) => this.#failed(e)), this.#now),
      );
    }
    this.#deps.publishState(showId, { poll, at: now });
    return poll;
  }

  /** The show ended: its open poll closes now with its final counts (an untimed one would stay open for good). */
  async showEnded(showId: string): Promise<void> {
    const latest = await this.#store.latest(showId);
    if (latest && latest.closedAt === null) await this.end(showId, latest.id);
  }

  /** Staff end a poll now. */
  async end(showId: string, pollId: string): Promise<Poll> {
    const record = await this.#store.get(showId, pollId);
    if (!record) throw new LiveShopError(ErrorCode.NotFound, 'Poll not found');
    const now = this.#now();
    if (isExpired(record, now)) return this.expire(record);
    if (record.closedAt !== null || !(await this.#store.close(pollId, now)))
      throw new LiveShopError(ErrorCode.InvalidState, 'This poll has ended already');
    return this.#closedNow({ ...record, closedAt: now }, now);
  }

  /** Closes an expired poll at its end time; the poll as closed (published once, by whoever closed it). */
  async expire(record: PollRecord): Promise<Poll> {
    const at = record.endsAt ?? this.#now();
    const closed = await this.#store.close(record.id, at);
    const final = { ...record, closedAt: record.closedAt ?? at };
    if (!closed) return toPoll(final, await this.#counts(final), this.#now());
    return this.#closedNow(final, at);
  }

  /** Counts one vote of `voters[0]` (the others: the same viewer's other ids, which must not have voted either). */
  async vote(showId: string, voters: readonly string[], pollId: string, option: number): Promise<void> {
    const record = this.#open.get(pollId) ?? (await this.#store.get(showId, pollId));
    if (!record || record.showId !== showId) throw new LiveShopError(ErrorCode.NotFound, 'Poll not found');
    if (option >= record.options.length)
      throw new LiveShopError(ErrorCode.BadRequest, `option must be 0 … ${record.options.length - 1}`);
    const now = this.#now();
    if (isExpired(record, now)) {
      await this.expire(record);
      throw new LiveShopError(ErrorCode.InvalidState, 'This poll has ended');
    }
    if (voters.length > 1 && (await this.#store.voteOf(pollId, voters.slice(1))) !== null) throw alreadyVoted();
    const outcome = await this.#store.vote(pollId, voters[0]!, option, now);
    if (outcome === 'duplicate') throw alreadyVoted();
    if (outcome === 'closed') {
      this.#open.delete(pollId);
      this.#tally.delete(pollId);
      throw new LiveShopError(ErrorCode.InvalidState, 'This poll has ended');
    }
    this.#tallyOf(record).own[option]! += 1;
    this.#schedule(record);
  }

  /** The option one of `voters` chose in this poll, or null. */
  voteOf(pollId: string, voters: readonly string[]): Promise<number | null> {
    return this.#store.voteOf(pollId, voters);
  }

  /** Publishes pending results and stops the timers (the server is closing). */
  close(): void {
    this.#closed = true;
    for (const cancel of this.#timers.values()) cancel();
    this.#timers.clear();
    for (const { timer } of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
    this.#tally.clear();
  }

  get #store(): PollStore {
    return this.#deps.store.polls;
  }

  async #counts(record: PollRecord): Promise<number[]> {
    return this.#store.counts(record.id, record.options.length);
  }

  async #closedNow(record: PollRecord, at: number): Promise<Poll> {
    this.#open.delete(record.id);
    this.#tally.delete(record.id);
    this.#timers.get(record.id)?.();
    this.#timers.delete(record.id);
    const pending = this.#pending.get(record.showId);
    // The closing state carries the final counts: a pending window for this poll has nothing to add.
    if (pending?.poll.id === record.id) {
      clearTimeout(pending.timer);
      this.#pending.delete(record.showId);
    }
    const poll = toPoll(record, await this.#counts(record), this.#now());
    this.#deps.publishState(record.showId, { poll, at });
    return poll;
  }

  /** This node's tally of an open poll; the first one reads the store (another node may have counted votes). */
  #tallyOf(record: PollRecord): Tally {
    let tally = this.#tally.get(record.id);
    if (!tally) {
      const zeros = () => record.options.map(() => 0);
      this.#tally.set(record.id, (tally = { own: zeros(), stored: zeros(), reading: false }));
      this.#refresh(record);
    }
    return tally;
  }

  /** Raises the tally to the store's counts in the background; publishes again when that changed it. */
  #refresh(record: PollRecord): void {
    const tally = this.#tally.get(record.id);
    if (!tally || tally.reading) return;
    tally.reading = true;
    this.#counts(record).then(
      (stored) => {
        tally.reading = false;
        const raised = stored.some((n, i) => n > Math.max(tally.own[i]!, tally.stored[i]!));
        tally.stored = stored.map((n, i) => Math.max(n, tally.stored[i]!));
        if (raised && this.#tally.get(record.id) === tally) this.#schedule(record, false);
      },
      (e: unknown) => ((tally.reading = false), this.#failed(e)),
    );
  }

  /**
   * Opens the show's results window unless one is open: its end publishes this node's tally (no
   * database wait), then reads the store again (other nodes' votes) unless `refresh` is false.
   */
  #schedule(record: PollRecord, refresh = true): void {
    if (this.#closed || this.#pending.has(record.showId)) return;
    const timer = setTimeout(() => {
      this.#pending.delete(record.showId);
      const tally = this.#tally.get(record.id);
      if (!tally) return;
      const counts = tally.own.map((n, i) => Math.max(n, tally.stored[i]!));
      this.#deps.publishResults(record.showId, {
        pollId: record.id,
        counts,
        total: counts.reduce((a, b) => a + b, 0),
        at: this.#now(),
      });
      if (refresh) this.#refresh(record);
    }, this.#windowOf(record.showId));
    this.#pending.set(record.showId, { poll: record, timer });
  }

  /** This show's results window: the base one, widened so a broadcast a window stays within the delivery budget. */
  #windowOf(showId: string): number {
    const audience = this.#deps.audience?.(showId) ?? 0;
    const budgeted = (audience * 1000) / POLL_LIMITS.resultsDeliveriesPerSecond;
    return Math.max(this.#windowMs, Math.min(POLL_LIMITS.resultsWindowMaxMs, budgeted));
  }

  #failed(error: unknown): void {
    this.#deps.logger.error('live-shop: poll update failed', error);
  }
}

interface Tally {
  own: number[];
  stored: number[];
  reading: boolean;
}

const alreadyVoted = () =>
  new LiveShopError(ErrorCode.AlreadyVoted, 'You voted in this poll already: a vote cannot be changed');
