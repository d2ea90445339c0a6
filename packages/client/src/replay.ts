/**
 * Replays re-run a show from its timeline (`GET /api/shows/:id/timeline`): what was pinned and said at
 * any moment of the recording, for a player that plays, pauses and seeks. No DOM, no connection.
 */
import {
  ErrorCode,
  LIMITS,
  LiveShopError,
  type ChatMessage,
  type ErrorBody,
  type Poll,
  type ShowStatus,
  type TimelineEntry,
  type TimelinePage,
} from '@live-shop/protocol';
import type { ShowTarget } from './checkout.js';

/** What a replay shows at one moment. */
export interface ReplayMoment {
  /** Pinned then, in pin order. */
  productIds: string[];
  /** The last `chatLimit` messages sent up to then, oldest first. */
  chat: ChatMessage[];
  status: ShowStatus | null;
  /** The poll over the video then, with its final counts: `closedAt` is null while it was still open then. */
  poll: Poll | null;
}

/** How long a replay keeps a closed poll's final results on screen after it closed (ms). */
export const REPLAY_POLL_LINGER_MS = 5000;

/** A product's moment on screen: each time it was pinned (a product pinned twice has two chapters). */
export interface ReplayChapter {
  productId: string;
  /** Server epoch ms (compare with the recording's program date time). */
  at: number;
  /** Ms since the show went live, null when it never did. */
  t: number | null;
}

/** Index of the first entry with `at` > time (entries are sorted by `at`). */
function upperBound(entries: readonly { at: number }[], time: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid]!.at <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A show's timeline in memory. `at(time)` answers from scratch for any time, so a seek backwards or
 * forwards rebuilds cards and chat exactly (never a duplicate, never a leftover), in O(log n).
 */
export class ReplayTimeline {
  startedAt: number | null = null;
  #ids = new Set<string>();
  #pins: Extract<TimelineEntry, { kind: 'pins' }>[] = [];
  #status: Extract<TimelineEntry, { kind: 'status' }>[] = [];
  #chat: Extract<TimelineEntry, { kind: 'chat' }>[] = [];
  // polls in replays: each poll at the time it opened
  #polls: Extract<TimelineEntry, { kind: 'poll' }>[] = [];

  constructor(pages: readonly TimelinePage[] = []) {
    for (const page of pages) this.add(page);
  }

  /** Adds a page's entries (pages may come in any order; an entry seen before is ignored). */
  add(page: TimelinePage): void {
    this.startedAt = page.startedAt ?? this.startedAt;
    for (const entry of page.entries) {
      if (this.#ids.has(entry.id)) continue;
      this.#ids.add(entry.id);
      if (entry.kind === 'pins') insert(this.#pins, entry);
      else if (entry.kind === 'status') insert(this.#status, entry);
      else if (entry.kind === 'chat') insert(this.#chat, entry);
      else if (entry.kind === 'poll') insert(this.#polls, entry);
    }
  }

  /** What was on screen at server time `time` (epoch ms). */
  at(time: number, chatLimit: number = LIMITS.chatHistory): ReplayMoment {
    const pins = this.#pins[upperBound(this.#pins, time) - 1];
    const status = this.#status[upperBound(this.#status, time) - 1];
    const end = upperBound(this.#chat, time);
    return {
      productIds: pins ? [...pins.productIds] : [],
      chat: this.#chat.slice(Math.max(0, end - chatLimit), end).map((e) => e.message),
      status: status?.status ?? null,
      poll: this.#pollAt(time),
    };
  }

  /** The last poll opened by `time`, unless it closed more than the linger before; read-only, final counts. */
  #pollAt(time: number): Poll | null {
    const poll = this.#polls[upperBound(this.#polls, time) - 1]?.poll;
    if (!poll) return null;
    // A poll still open when the show ended (the server leaves it open) closes with the show.
    const closedAt =
      poll.closedAt ?? this.#status.find((s) => s.status === 'ended' && s.at >= poll.openedAt)?.at ?? null;
    if (closedAt !== null && time >= closedAt + REPLAY_POLL_LINGER_MS) return null;
    return { ...poll, closedAt: closedAt !== null && time >= closedAt ? closedAt : null };
  }

  /** Every moment a product came on screen, in time order. */
  chapters(): ReplayChapter[] {
    const chapters: ReplayChapter[] = [];
    let shown: string[] = [];
    for (const entry of this.#pins) {
      for (const productId of entry.productIds)
        if (!shown.includes(productId)) chapters.push({ productId, at: entry.at, t: this.#t(entry.at) });
      shown = entry.productIds;
    }
    return chapters;
  }

  /** When a chapter's product left the screen (server epoch ms); null when it stayed pinned to the end of what is known. */
  until(chapter: ReplayChapter): number | null {
    for (let i = upperBound(this.#pins, chapter.at); i < this.#pins.length; i++)
      if (!this.#pins[i]!.productIds.includes(chapter.productId)) return this.#pins[i]!.at;
    return null;
  }

  /** Server time of a show-time (ms since live), e.g. a Mux asset's position; null when the show never went live. */
  timeAt(t: number): number | null {
    return this.startedAt === null ? null : this.startedAt + t;
  }

  #t(at: number): number | null {
    return this.startedAt === null ? null : at - this.startedAt;
  }
}

/** Keeps `list` sorted by `at`; equal times keep their arrival order (pages arrive in order). */
function insert<E extends { at: number }>(list: E[], entry: E): void {
  const i = upperBound(list, entry.at);
  if (i === list.length) list.push(entry);
  else list.splice(i, 0, entry);
}

/**
 * Reads a show's whole timeline, page after page (`onPage` sees each, e.g. to start playing after the
 * first). Rejects with the server's `LiveShopError` (`not_found`…), or `internal` when unreachable.
 * Bounded: at most `maxPages` pages.
 */
export async function loadReplayTimeline(
  { server, show }: ShowTarget,
  {
    onPage,
    signal,
    maxPages = 200,
  }: { onPage?: (timeline: ReplayTimeline) => void; signal?: AbortSignal; maxPages?: number } = {},
): Promise<ReplayTimeline> {
  const timeline = new ReplayTimeline();
  let after: string | null = null;
  for (let pages = 0; pages < maxPages; pages++) {
    const url = new URL(`/api/shows/${encodeURIComponent(show)}/timeline`, server);
    if (after) url.searchParams.set('after', after);
    let res: Response;
    try {
      res = await fetch(url, { signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new LiveShopError(ErrorCode.Internal, "Can't reach the shop right now");
    }
    const body = (await res.json().catch(() => null)) as (TimelinePage & { error?: ErrorBody }) | null;
    if (!res.ok || !body || body.error)
      throw new LiveShopError(body?.error?.code ?? ErrorCode.Internal, body?.error?.message ?? `HTTP ${res.status}`);
    timeline.add(body);
    onPage?.(timeline);
    if (!body.next) break;
    after = body.next;
  }
  return timeline;
}
