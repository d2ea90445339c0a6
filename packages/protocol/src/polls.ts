/** Polls, Q&A and the announcement banner: what staff put over the video, and what viewers answer. */

export const POLL_LIMITS = {
  questionMax: 140,
  optionMax: 60,
  optionsMin: 2,
  optionsMax: 4,
  /** A poll's timer: 10 s … 1 h (none: open until staff end it). */
  secondsMin: 10,
  secondsMax: 3600,
  /**
   * Results are summed per show and node over a window of at least this: at most 1000 / windowMs
   * `poll:results` per second. A large audience widens it (see `resultsDeliveriesPerSecond`).
   */
  resultsWindowMs: 250,
  /**
   * The window widens so one show's results reach at most this many connections a second (a
   * broadcast is one write per viewer): 4 a second up to 2,500 viewers, 1 a second from 10,000.
   */
  resultsDeliveriesPerSecond: 10_000,
  /** The widest window, whatever the audience. */
  resultsWindowMaxMs: 1000,
} as const;

export const ANNOUNCEMENT_LIMITS = {
  textMax: 140,
} as const;

export const QUESTION_LIMITS = {
  /** Questions listed for staff (open ones first, then the newest answered). */
  queueMax: 100,
} as const;

/** One poll: counts are per option, in option order. */
export interface Poll {
  id: string;
  question: string;
  options: string[];
  counts: number[];
  /** Votes counted so far (the sum of `counts`). */
  total: number;
  /** Server epoch ms. */
  openedAt: number;
  /** When its timer ends it; null: open until staff end it. */
  endsAt: number | null;
  /** When it closed (a timer's poll: its `endsAt`); null while open. */
  closedAt: number | null;
}

/** `poll:start` (staff). */
export interface PollStartPayload {
  question: string;
  options: string[];
  /** Timer in seconds (`POLL_LIMITS`); none: until `poll:end`. */
  seconds?: number;
}

/** `poll:end` (staff): end this poll now. */
export interface PollRef {
  pollId: string;
}

/** `poll:vote` (viewers): the 0-based index of the chosen option. */
export interface PollVotePayload {
  pollId: string;
  option: number;
}

/** A viewer's own vote: in the `poll:vote` ack and in their snapshot (`you.vote`). */
export interface PollVote {
  pollId: string;
  option: number;
}

/** `poll:state` (everyone): a poll opened (`at` = `openedAt`) or closed (`at` = `closedAt`, final counts). */
export interface PollStatePayload {
  poll: Poll;
  at: number;
}

/**
 * `poll:results` (everyone): a poll's totals as stored when one node's window closed. Votes are
 * never withdrawn, so a client keeps the payload with the larger `total` (nodes may deliver out of order).
 */
export interface PollResultsPayload {
  pollId: string;
  counts: number[];
  total: number;
  at: number;
}

/** `announcement:set` (staff): the banner text; null clears it. */
export interface AnnouncementSetPayload {
  text: string | null;
}

/** `show:announcement` (everyone) and `PublicShow.announcement`: the banner since `at` (null text: none). */
export interface AnnouncementPayload {
  text: string | null;
  at: number;
}

/** Q&A payloads that carry chat messages (`QuestionOnAirPayload`, `QuestionsState`) are in payloads.ts. */

/** `question:on-air` (staff): show this question over the video, `{id}` of its chat message. */
export interface QuestionRef {
  id: string;
}

/** A poll's share of each option in whole percent (0 when nobody voted). */
export const pollPercents = (counts: readonly number[]): number[] => {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total ? Math.round((c / total) * 100) : 0));
};
