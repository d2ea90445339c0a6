/** The replay timeline: what happened in a show, in order, with its show-time (`GET /api/shows/:id/timeline`). */
import type { ShowStatus } from './names.js';
import type { ChatMessage } from './payloads.js';
import type { Poll } from './polls.js';

/** Fields every timeline entry has. */
interface TimelineEntryBase {
  /** Unique within the show (a sale's is not its order's id). */
  id: string;
  /** Server epoch ms (the clock live pins use: compare with the recording's program date time). */
  at: number;
  /** Show-time: ms since the show went live (`startedAt`); negative before it did, null if it never did. */
  t: number | null;
}

/** The pinned products after a pin or unpin, in pin order. */
export interface TimelinePins extends TimelineEntryBase {
  kind: 'pins';
  productIds: string[];
}

/** A status change of the show. */
export interface TimelineStatus extends TimelineEntryBase {
  kind: 'status';
  status: ShowStatus;
}

/** A chat message that is still published: never a deleted or held one, nor one by a banned viewer. */
export interface TimelineChat extends TimelineEntryBase {
  kind: 'chat';
  message: ChatMessage;
}

/** A paid order (product and units only: nothing about the shopper). */
export interface TimelineSold extends TimelineEntryBase {
  kind: 'sold';
  productId: string;
  quantity: number;
}

/** Polls: a poll at the time it opened, with its counts (final once `closedAt` is set; a replay shows it until then). */
export interface TimelinePoll extends TimelineEntryBase {
  kind: 'poll';
  poll: Poll;
}

export type TimelineEntry = TimelinePins | TimelineStatus | TimelineChat | TimelineSold | TimelinePoll;
export type TimelineKind = TimelineEntry['kind'];
export const TIMELINE_KINDS = ['pins', 'status', 'chat', 'sold', 'poll'] as const satisfies readonly TimelineKind[];

/** One page of a show's timeline, oldest first. */
export interface TimelinePage {
  showId: string;
  /** When the show first went live (server epoch ms): show-time 0. Null while it never has. */
  startedAt: number | null;
  entries: TimelineEntry[];
  /** Pass as `after` for the next page; null on the last page (so far: a live show's timeline grows). */
  next: string | null;
}

export const TIMELINE_PAGE = {
  /** Entries per page unless `limit` says otherwise. */
  defaultLimit: 500,
  maxLimit: 1000,
} as const;
