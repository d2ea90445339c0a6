import type { PushReminderPayload, ShowStatus } from '@live-shop/protocol';
import webpush from 'web-push';
import { randomId } from '../ids.js';
import type { Logger } from '../logger.js';
import type { PushStore, PushSubscriptionRecord } from '../store/push-queries.js';
import type { ShowRecord } from '../store/store.js';
import type { VapidKeys, WebPushConfig } from './config.js';
import { liveNowBody } from './messages.js';

/**
 * A claim older than this belongs to a run that died (a crash or restart mid-send): its unsent rows are
 * taken over. Longer than one run's worst case (attempts × request timeout + backoff) by far.
 */
export const CLAIM_LEASE_MS = 5 * 60_000;
/** One push request's deadline: a stuck push service must not hold a run forever. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Subscriptions claimed per query, and sent at once. */
const BATCH = 100;
const PARALLEL = 8;
/** A show with a million subscribers still finishes: this bounds the loop, not the audience. */
const MAX_BATCHES = 100_000;
/** Shows that have been live: their pending reminders are due. */
const DUE_STATUSES: readonly ShowStatus[] = ['live', 'reconnecting'];

export interface PushRemindersDeps {
  store: { push: PushStore; getShow(id: string): Promise<ShowRecord | null> };
  vapidKeys: VapidKeys;
  config: WebPushConfig;
  /** VAPID `sub` when the config has none (LIVE_SHOP_PUBLIC_URL). */
  publicUrl?: string;
  logger: Logger;
  now?: () => number;
}

type Outcome = { done: 'sent' | 'gone' } | { retry: string };

/**
 * Sends each show's go-live reminder once per subscription, on whichever node sees the show go live.
 *
 * Exactly once: a run first claims rows in the store (one atomic UPDATE, so two nodes never hold the
 * same row, and a re-live finds them already `sent`), then sends, then marks each `sent`. A crash
 * between a push service's 201 and that mark re-sends only the few rows in flight; rows claimed by a
 * dead run are never lost: after `CLAIM_LEASE_MS` the start-up sweep (or the next go-live) takes them over.
 */
export class PushReminders {
  readonly publicKey: string;
  /** Endpoints on loopback http are accepted (a local fake push service). */
  readonly allowsLoopback: boolean;
  readonly #deps: PushRemindersDeps;
  readonly #now: () => number;
  readonly #subject: string;
  readonly #runs = new Set<Promise<void>>();
  readonly #timers = new Set<NodeJS.Timeout>();
  /** Retry waits: closing ends them at once, so shutdown never waits out a backoff. */
  readonly #waits = new Set<() => void>();
  #closed = false;

  constructor(deps: PushRemindersDeps) {
    this.#deps = deps;
    this.publicKey = deps.vapidKeys.publicKey;
    this.allowsLoopback = deps.config.allowLoopbackEndpoints ?? false;
    this.#now = deps.now ?? Date.now;
    // Push services want a contact; without one configured, the server's public URL is the best there is.
    const publicUrl = deps.publicUrl?.startsWith('https://') ? deps.publicUrl : undefined;
    this.#subject = deps.config.subject ?? publicUrl ?? 'mailto:webpush@live-shop.invalid';
  }

  /** The state machine's hook: `live` sends the show's reminders in the background, `ended` forgets its subscriptions. */
  statusChanged(showId: string, status: ShowStatus): void {
    if (status === 'live') this.showLive(showId);
    // Nothing left to remind of: the endpoints (capability URLs to the shoppers' browsers) are not kept.
    else if (status === 'ended' && !this.#closed) this.#track(this.#forget(showId));
  }

  /** Sends the show's pending reminders in the background; never throws. */
  showLive(showId: string): void {
    if (!this.#closed) this.#track(this.#sendShow(showId));
  }

  /** At start: reminders of shows already live whose run died with a previous process. */
  async resume(): Promise<void> {
    for (const showId of await this.#deps.store.push.dueShows(DUE_STATUSES)) this.showLive(showId);
  }

  /** Resolves once no run is in flight (tests, shutdown). */
  async idle(): Promise<void> {
    for (let i = 0; i < 1000 && this.#runs.size > 0; i++) await Promise.allSettled([...this.#runs]);
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const resolve of this.#waits) resolve();
    await this.idle();
  }

  async #forget(showId: string): Promise<void> {
    const unsent = await this.#deps.store.push.dropShow(showId);
    // Only when a run died mid-send and the show ended before its lease ran out: said, not silent.
    if (unsent > 0)
      this.#deps.logger.warn(`live-shop: show ${showId} ended with ${unsent} push reminder(s) never sent`);
  }

  #track(run: Promise<void>): void {
    const tracked = run
      .catch((error: unknown) => this.#deps.logger.error('live-shop: sending push reminders failed', error))
      .finally(() => this.#runs.delete(tracked));
    this.#runs.add(tracked);
  }

  async #sendShow(showId: string): Promise<void> {
    const { store, logger } = this.#deps;
    const show = await store.getShow(showId);
    if (!show) return;
    const claim = randomId();
    const seen = new Set<string>();
    let leftToOthers = false;
    for (let batch = 0; batch < MAX_BATCHES && !this.#closed; batch++) {
      const now = this.#now();
      const claimed = (await store.push.claim(showId, claim, now, now - CLAIM_LEASE_MS, BATCH)).filter(
        (s) => !seen.has(s.id),
      );
      if (claimed.length === 0) break;
      for (const sub of claimed) seen.add(sub.id);
      for (let i = 0; i < claimed.length; i += PARALLEL)
        await Promise.all(claimed.slice(i, i + PARALLEL).map((sub) => this.#deliver(show, sub, claim)));
    }
    // Rows held by another run: a live node's, or a dead one's whose lease runs out later. Look again then.
    if (!this.#closed) leftToOthers = await store.push.hasPending(showId);
    if (leftToOthers) this.#later(CLAIM_LEASE_MS, () => this.showLive(showId));
    if (seen.size > 0) logger.info(`live-shop: ${seen.size} push reminder(s) handled for show ${showId}`);
  }

  async #deliver(show: ShowRecord, sub: PushSubscriptionRecord, claim: string): Promise<void> {
    const { store, logger, config } = this.#deps;
    const payload: PushReminderPayload = {
      title: show.title,
      body: liveNowBody(sub.lang),
      url: sub.url,
      showId: show.id,
    };
    const maxAttempts = config.maxAttempts ?? 3;
    for (let attempt = 0; attempt < maxAttempts && !this.#closed; attempt++) {
      const outcome = await this.#post(sub, JSON.stringify(payload));
      if ('done' in outcome) return store.push.settle(sub.id, claim, outcome.done);
      // Counted in the store: attempts made before a restart count too.
      const attempts = await store.push.countAttempt(sub.id, claim);
      if (attempts >= maxAttempts) {
        logger.error(
          `live-shop: push reminder for show ${show.id} given up after ${attempts} attempts: ${outcome.retry}`,
        );
        return store.push.settle(sub.id, claim, 'failed');
      }
      logger.warn(`live-shop: push reminder for show ${show.id} failed (${outcome.retry}); retrying`);
      await this.#wait((config.retryDelayMs ?? 2000) * 2 ** attempt);
    }
  }

  /** web-push encrypts and signs (RFC 8291, VAPID); the request itself goes out with fetch, so a loopback fake can be plain HTTP. */
  async #post(sub: PushSubscriptionRecord, payload: string): Promise<Outcome> {
    const { vapidKeys, config } = this.#deps;
    let request: webpush.RequestDetails;
    try {
      request = webpush.generateRequestDetails(
        { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
        payload,
        {
          vapidDetails: { subject: this.#subject, ...vapidKeys },
          TTL: config.ttlSeconds ?? 3600,
          urgency: 'high',
          contentEncoding: 'aes128gcm',
        },
      );
    } catch (error) {
      // Keys the browser gave that do not encrypt: no retry can fix them.
      return { retry: `cannot encrypt for this subscription: ${(error as Error).message}` };
    }
    try {
      const res = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: request.body ? new Uint8Array(request.body) : null,
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text().catch(() => '');
      if (res.status >= 200 && res.status < 300) return { done: 'sent' };
      // The subscription expired or was revoked in the browser: it will never work again.
      if (res.status === 404 || res.status === 410) return { done: 'gone' };
      return { retry: `HTTP ${res.status} ${text.slice(0, 200)}`.trim() };
    } catch (error) {
      return { retry: (error as Error).message };
    }
  }

  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.#waits.delete(done);
        resolve();
      };
      this.#waits.add(done);
      this.#later(ms, done);
    });
  }

  #later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms).unref();
    this.#timers.add(timer);
  }
}
