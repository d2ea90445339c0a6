import type { AnnouncementPayload, ChatMessage } from '@live-shop/protocol';
import type { PollRecord } from './poll-rows.js';

export type { PollRecord } from './poll-rows.js';

/** What a vote came to: counted, refused as a second vote, or refused because the poll is not open. */
export type VoteOutcome = 'counted' | 'duplicate' | 'closed';

/** A show's banner row: the announcement and the id of the question on air. */
export interface BannerRecord {
  announcement: AnnouncementPayload;
  question: { id: string | null; at: number };
}

/** Polls, votes, the question queue and the banner (`Store.polls`). */
export interface PollStore {
  /** Stores a new open poll; false when another poll of the show is still open (the unique index decides). */
  start(poll: PollRecord): Promise<boolean>;
  get(showId: string, pollId: string): Promise<PollRecord | null>;
  /** The show's most recent poll, open or closed. */
  latest(showId: string): Promise<PollRecord | null>;
  /** Closes the poll at `at` while it is open; true when this call closed it. */
  close(pollId: string, at: number): Promise<boolean>;
  /** Counts one vote while the poll is open at `now` and this voter has none in it. */
  vote(pollId: string, voter: string, option: number, now: number): Promise<VoteOutcome>;
  /** The option the first of `voters` that voted chose, or null. */
  voteOf(pollId: string, voters: readonly string[]): Promise<number | null>;
  /** Votes per option, `options` long. */
  counts(pollId: string, options: number): Promise<number[]>;
  /** Counts of several polls at once (the timeline), keyed by poll id. */
  countsOf(pollIds: readonly string[]): Promise<Map<string, Map<number, number>>>;
  getBanner(showId: string): Promise<BannerRecord>;
  setAnnouncement(showId: string, text: string | null, at: number): Promise<void>;
  setQuestionOnAir(showId: string, id: string | null, at: number): Promise<void>;
  /** A published (not deleted, not held) question of the show, or null. */
  publishedQuestion(showId: string, id: string): Promise<ChatMessage | null>;
  /** Marks a published question answered (first time only keeps its time); null when no such question. */
  answer(showId: string, id: string, at: number): Promise<ChatMessage | null>;
  /** Published questions: the open ones oldest first, the answered ones newest first, `limit` of each at most. */
  questions(showId: string, limit: number): Promise<{ open: ChatMessage[]; answered: ChatMessage[] }>;
}
