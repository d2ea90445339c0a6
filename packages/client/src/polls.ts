/**
 * Polls, Q&A and the announcement banner on the client: their events and actions, a chunk loaded on
 * the first such event or call (a show without any never loads it). The store keeps their state.
 */
import {
  ClientEvent,
  type AnnouncementPayload,
  type ChatMessage,
  type ClientToServerEvents,
  type Poll,
  type PollResultsPayload,
  type PollStatePayload,
  type QuestionOnAirPayload,
  type QuestionsState,
} from '@live-shop/protocol';
import type { LiveShopClientEventMap, LiveShopState } from './state.js';

/** What this needs of the client's store (store.ts loads this module: no import back). */
interface ShowStore {
  readonly state: LiveShopState;
  set(patch: Partial<LiveShopState>): void;
  emit<K extends keyof LiveShopClientEventMap>(type: K, detail: LiveShopClientEventMap[K]): void;
}

/** A poll view for the `poll` event: the poll as of `at` (opened, a results window, or closed). */
export type PollEvent = PollStatePayload;

type Request = <T extends keyof ClientToServerEvents>(
  event: T,
  payload: Parameters<ClientToServerEvents[T]>[0],
) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A poll opened, closed or got results: a closed poll never reopens (an older `poll:state` is ignored). */
export function applyPoll(store: ShowStore, { poll, at }: PollStatePayload): void {
  const current = store.state.poll;
  if (current?.id === poll.id && current.closedAt !== null && poll.closedAt === null) return;
  store.set({ poll });
  store.emit('poll', { poll, at });
}

/** Totals only grow: a results payload with fewer votes than shown (another node's, late) is ignored. */
function applyResults(store: ShowStore, r: PollResultsPayload): void {
  const current = store.state.poll;
  if (!current || current.id !== r.pollId || r.total <= current.total || current.closedAt !== null) return;
  applyPoll(store, { poll: { ...current, counts: r.counts, total: r.total }, at: r.at });
}

function applyTimed<K extends 'announcement' | 'question'>(
  store: ShowStore,
  key: K,
  value: K extends 'announcement' ? AnnouncementPayload : QuestionOnAirPayload,
): void {
  if (value.at < store.state[key].at) return;
  store.set({ [key]: value });
  store.emit(key, value as never);
}

/** Staff: new questions join the open queue (oldest first); held ones wait for approval. Deleted ones leave it. */
function applyChat(store: ShowStore, added: readonly ChatMessage[], deleted: readonly string[]): void {
  const q = store.state.questions;
  if (!q) return;
  const keep = (m: ChatMessage) => !deleted.includes(m.id);
  const asked = added.filter((m) => m.question && !m.held && !m.answeredAt && !q.open.some((o) => o.id === m.id));
  const questions: QuestionsState = {
    open: [...q.open, ...asked].filter(keep).sort((a, b) => a.at - b.at),
    answered: q.answered.filter(keep),
  };
  store.set({ questions });
}

/** Applies one server event (or chat change) of this feature to the store. */
export function apply(store: ShowStore, event: string, payload: unknown): void {
  if (event === 'poll:state') applyPoll(store, payload as PollStatePayload);
  else if (event === 'poll:results') applyResults(store, payload as PollResultsPayload);
  else if (event === 'show:announcement') applyTimed(store, 'announcement', payload as AnnouncementPayload);
  else if (event === 'show:question') applyTimed(store, 'question', payload as QuestionOnAirPayload);
  else if (event === 'questions:state') store.set({ questions: payload as QuestionsState });
  else if (event === 'chat') applyChat(store, ...(payload as [ChatMessage[], string[]]));
}

/** The client's actions of this feature (see LiveShopClient's `vote`, `startPoll`…). */
export async function act(store: ShowStore, request: Request, action: string, args: unknown[]): Promise<object> {
  const [a, b, c] = args as [string, never, number | undefined];
  switch (action) {
    case 'vote': {
      const ack = await request(ClientEvent.PollVote, { pollId: a, option: b });
      const you = store.state.you;
      if (you) store.set({ you: { ...you, vote: ack.vote } });
      return ack;
    }
    case 'startPoll': {
      const ack = await request(ClientEvent.PollStart, { question: a, options: b, ...(c ? { seconds: c } : {}) });
      applyPoll(store, { poll: ack.poll as Poll, at: ack.poll.openedAt });
      return ack;
    }
    case 'endPoll': {
      const ack = await request(ClientEvent.PollEnd, { pollId: a });
      applyPoll(store, { poll: ack.poll as Poll, at: ack.poll.closedAt });
      return ack;
    }
    case 'setAnnouncement': {
      const ack = await request(ClientEvent.AnnouncementSet, { text: a });
      applyTimed(store, 'announcement', ack.announcement);
      return ack;
    }
    case 'setQuestionOnAir': {
      const ack = a
        ? await request(ClientEvent.QuestionOnAir, { id: a })
        : await request(ClientEvent.QuestionClear, {});
      applyTimed(store, 'question', ack.question);
      return ack;
    }
    default:
      return request(ClientEvent.QuestionAnswer, { id: a });
  }
}
