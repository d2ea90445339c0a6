/**
 * LiveShopClient's show state: holds it, applies the server's show events and acks to it (through the
 * pure transitions of reduce.ts) and reports every change as a client event. The connection is the client's.
 */
import {
  ServerEvent,
  addReactionCounts,
  type ChatMessage,
  type PinsPayload,
  type Restriction,
  type ServerToClientEvents,
  type ShowSnapshot,
  type StatusPayload,
} from '@live-shop/protocol';
import type { ReactionBatcher } from './reactions.js';
import { fromSnapshot, mergeChat, pruneSales, sameRestriction, withSettings, withStock } from './reduce.js';

/** Polls, Q&A and the banner: server events handled by polls.ts, a chunk loaded on the first one. */
const OVERLAY_EVENTS = ['poll:state', 'poll:results', 'show:announcement', 'show:question', 'questions:state'] as const;
let polls: Promise<typeof import('./polls.js')> | undefined;
import type { Socket } from './socket.js';
import { initialState, type LiveShopClientEventMap, type LiveShopState } from './state.js';

/** Dispatches a client event (on the LiveShopClient). */
export type Emit = <K extends keyof LiveShopClientEventMap>(type: K, detail: LiveShopClientEventMap[K]) => void;

export class ShowStore {
  #state: LiveShopState = initialState;
  /** Lifts a timeout locally when its time is up. */
  #lift: ReturnType<typeof setTimeout> | undefined;
  readonly #emit: Emit;

  constructor(emit: Emit) {
    this.#emit = emit;
  }

  get state(): LiveShopState {
    return this.#state;
  }

  /** Applies the server's show events (all but the `show:state` snapshot: see `resync`) as they arrive on the socket. */
  listen(socket: Socket, reactions: ReactionBatcher): void {
    const on = <K extends keyof ServerToClientEvents>(event: K, listener: ServerToClientEvents[K]) =>
      socket.on(event, listener);
    on(ServerEvent.ShowStatus, (payload) => this.applyStatus(payload));
    on(ServerEvent.ProductPins, (payload) => this.applyPins(payload));
    on(ServerEvent.ChatMessages, (messages) => this.addChat(messages));
    on(ServerEvent.ChatDeleted, ({ ids }) => {
      this.set({ chat: this.#state.chat.filter((m) => !ids.includes(m.id)) });
      if (this.#state.questions) this.overlay('chat', [[], ids]);
    });
    on(ServerEvent.ViewersCount, ({ count }) => this.set({ viewers: count }));
    on(ServerEvent.ShowProducts, ({ products }) => this.set({ products }));
    // The title, and the schedule fields from servers that have them (absent ones keep their value).
    on(ServerEvent.ShowInfo, (info) => this.set(info));
    on(ServerEvent.ShowPlayback, ({ playback }) => this.set({ playback }));
    on(ServerEvent.ShowSettings, (settings) => this.set(withSettings(settings)));
    on(ServerEvent.ShowStage, ({ guestsOnStage }) => this.set({ guestsOnStage }));
    on(ServerEvent.ProductStock, (payload) => {
      const patch = withStock(this.#state, payload);
      if (patch) this.set(patch);
    });
    on(ServerEvent.ProductSold, (sold) => {
      this.set({ recentSales: [...this.#state.recentSales, sold] });
      this.#emit('sold', sold);
    });
    // Summaries are computed concurrently on the server: never let an older one replace a newer one.
    on(ServerEvent.ShowSales, (sales) => sales.at >= (this.#state.sales?.at ?? 0) && this.set({ sales }));
    on(ServerEvent.ModerationState, (moderation) => this.set({ moderation }));
    on(ServerEvent.ViewerRestriction, ({ restriction }) => this.#restrict(restriction));
    on(ServerEvent.ReactionsCounts, ({ counts, at }) => {
      this.set({ reactions: addReactionCounts(this.#state.reactions, counts) });
      this.#emit('reactions', { counts, at, mine: reactions.mine(counts) });
    });
    for (const event of OVERLAY_EVENTS) socket.on(event, (payload: unknown) => this.overlay(event, payload));
  }

  /** Replaces the state with a `show:state` snapshot. */
  resync(snap: ShowSnapshot): void {
    const { show, you } = snap;
    const clockOffset = snap.now - Date.now();
    const before = this.#state.you?.restriction ?? null;
    const restriction = this.#timeRestriction(you?.restriction ?? null, clockOffset);
    this.set(fromSnapshot(this.#state, snap, clockOffset, restriction));
    this.#emit('status', { status: show.status, at: show.statusAt });
    this.#emit('pins', show.pins);
    const { poll, announcement, question } = this.#state;
    if (poll) this.#emit('poll', { poll, at: snap.now });
    this.#emit('announcement', announcement);
    this.#emit('question', question);
    if (!sameRestriction(restriction, before)) this.#emit('restriction', restriction);
  }

  applyStatus(payload: StatusPayload): void {
    if (payload.at < this.#state.statusAt) return;
    this.set({ status: payload.status, statusAt: payload.at });
    this.#emit('status', payload);
  }

  applyPins(pins: PinsPayload): void {
    if (pins.at < this.#state.pins.at) return;
    this.set({ pins });
    this.#emit('pins', pins);
  }

  /** Dispatches a client event (polls.ts reports through here). */
  get emit(): Emit {
    return this.#emit;
  }

  /** Applies a poll, Q&A or banner event through polls.ts, in arrival order (loaded on the first one). */
  overlay(event: string, payload: unknown): void {
    void (polls ??= import('./polls.js')).then((m) => m.apply(this, event, payload));
  }

  addChat(messages: readonly ChatMessage[]): void {
    const [chat, added] = mergeChat(this.#state.chat, messages);
    if (!added.length) return;
    this.set({ chat });
    if (this.#state.questions) this.overlay('chat', [added, []]);
    this.#emit('chat', added);
  }

  set(patch: Partial<LiveShopState>): void {
    this.#state = Object.freeze(pruneSales({ ...this.#state, ...patch }));
    this.#emit('change', this.#state);
  }

  /** Stops the timer that lifts a timeout (the client is closing). */
  close(): void {
    clearTimeout(this.#lift);
  }

  /** Sets this viewer's restriction and reports a change. */
  #restrict(restriction: Restriction | null): void {
    const you = this.#state.you;
    if (!you) return;
    const next = this.#timeRestriction(restriction);
    if (sameRestriction(next, you.restriction)) return;
    this.set({ you: { ...you, restriction: next } });
    this.#emit('restriction', next);
  }

  /** A timeout lifts by itself at its end (server clock): null when it already has. */
  #timeRestriction(restriction: Restriction | null, clockOffset = this.#state.clockOffset): Restriction | null {
    clearTimeout(this.#lift);
    const left = restriction?.until == null ? Infinity : restriction.until - (Date.now() + clockOffset);
    if (left <= 0) return null;
    if (left < 2 ** 31) this.#lift = setTimeout(() => this.#restrict(null), left);
    return restriction;
  }
}
