/** Polls, Q&A and the announcement banner: the client's pure state transitions for them. */
import type {
  AnnouncementPayload,
  ChatMessage,
  Poll,
  PollResultsPayload,
  PollStatePayload,
  QuestionOnAirPayload,
  QuestionsState,
  ShowSnapshot,
} from '@live-shop/protocol';
import type { LiveShopState } from './state.js';

export const NO_ANNOUNCEMENT: AnnouncementPayload = Object.freeze({ text: null, at: 0 });
export const NO_QUESTION: QuestionOnAirPayload = Object.freeze({ message: null, at: 0 });

/** A poll view for the `poll` event: the poll as of `at` (opened, a results window, or closed). */
export type PollEvent = PollStatePayload;

/** What a snapshot holds of polls, Q&A and the banner. */
export const overlaysFromSnapshot = (
  snap: ShowSnapshot,
): Pick<LiveShopState, 'poll' | 'announcement' | 'question' | 'questions'> => ({
  poll: snap.show.poll ?? null,
  announcement: snap.show.announcement ?? NO_ANNOUNCEMENT,
  question: snap.show.question ?? NO_QUESTION,
  questions: snap.questions ?? null,
});

/** A poll opened or closed: a closed one never reopens (an older `poll:state` is ignored). */
export function withPollState(current: Poll | null, { poll }: PollStatePayload): Poll | null {
  if (current?.id === poll.id && current.closedAt !== null && poll.closedAt === null) return null;
  return poll;
}

/** Totals only grow: a results payload with fewer votes than shown (another node's, late) is ignored. */
export function withPollResults(current: Poll | null, r: PollResultsPayload): Poll | null {
  if (!current || current.id !== r.pollId || r.total <= current.total || current.closedAt !== null) return null;
  return { ...current, counts: r.counts, total: r.total };
}

/** Staff: new questions join the open queue (oldest first); held ones wait for approval. */
export function withAsked(questions: QuestionsState | null, added: readonly ChatMessage[]): QuestionsState | null {
  const asked = added.filter((m) => m.question && !m.held && !m.answeredAt);
  if (!questions || !asked.length) return null;
  const known = new Set(questions.open.map((m) => m.id));
  const open = [...questions.open, ...asked.filter((m) => !known.has(m.id))].sort((a, b) => a.at - b.at);
  return { ...questions, open };
}

/** Deleted messages leave the queue. */
export function withoutQuestions(questions: QuestionsState | null, ids: readonly string[]): QuestionsState | null {
  if (!questions) return null;
  const keep = (m: ChatMessage) => !ids.includes(m.id);
  return { open: questions.open.filter(keep), answered: questions.answered.filter(keep) };
}
