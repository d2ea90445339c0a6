/** LiveShopClient's state transitions as pure functions: the current state and a server event in, a patch out. */
import {
  LIMITS,
  type ChatMessage,
  type Restriction,
  type ShowSettings,
  type ShowSnapshot,
  type StockPayload,
} from '@live-shop/protocol';
import { CHAT_CAP, initialState, type LiveShopState } from './state.js';

export const sameRestriction = (a: Restriction | null, b: Restriction | null) =>
  a?.kind === b?.kind && a?.until === b?.until;

/**
 * Appends messages not seen yet (by id), keeping the last CHAT_CAP; a message this viewer had as
 * held that comes back public (approved) replaces its held copy in place. Returns [chat, added].
 */
export function mergeChat(
  chat: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): [readonly ChatMessage[], ChatMessage[]] {
  const next = [...chat];
  const added: ChatMessage[] = [];
  for (const m of incoming) {
    const i = next.findIndex((c) => c.id === m.id);
    if (i < 0) next.push(m);
    else if (next[i]!.held && !m.held) next[i] = m;
    else continue;
    added.push(m);
  }
  return added.length ? [next.slice(-CHAT_CAP), added] : [chat, added];
}

/** Everything a `show:state` snapshot replaces; `restriction` is the viewer's, already timed. */
export function fromSnapshot(
  state: LiveShopState,
  snap: ShowSnapshot,
  clockOffset: number,
  restriction: Restriction | null,
): Partial<LiveShopState> {
  const { show, you } = snap;
  // This viewer's own held messages are in no snapshot: keep them, in time order.
  const [chat] = mergeChat(
    [],
    [...snap.chat, ...state.chat.filter((m) => m.held)].sort((a, b) => a.at - b.at),
  );
  return {
    connection: 'connected',
    error: null,
    ready: true,
    role: snap.role,
    status: show.status,
    statusAt: show.statusAt,
    title: show.title,
    startsAt: show.startsAt ?? null,
    description: show.description ?? '',
    trailer: show.trailer ?? null,
    webPushKey: show.webPushKey ?? null,
    products: show.products,
    pins: show.pins,
    chat,
    viewers: snap.viewers,
    playback: show.playback ?? null,
    clockOffset,
    settings: { ...initialState.settings, ...show.settings },
    recentSales: show.recentSales ?? [],
    guestsOnStage: show.guestsOnStage ?? [],
    sales: snap.sales ?? null,
    moderation: snap.moderation ?? null,
    stage: snap.stage ?? null,
    peer: snap.peer ?? null,
    iceServers: snap.iceServers ?? [],
    guestLinks: snap.guestLinks ?? [],
    reactions: snap.reactions ?? {},
    // polls, Q&A and the banner
    poll: show.poll ?? null,
    announcement: show.announcement ?? initialState.announcement,
    question: show.question ?? initialState.question,
    questions: snap.questions ?? null,
    you: you
      ? {
          viewerId: you.viewerId,
          name: you.name,
          verified: you.verified,
          restriction,
          ...(you.identityRequired && { identityRequired: true as const }),
          ...(you.vote && { vote: you.vote }),
        }
      : null,
  };
}

/** New settings; servers that predate a setting leave it out, so it keeps its default. */
export function withSettings(patch: ShowSettings): Partial<LiveShopState> {
  const settings = { ...initialState.settings, ...patch };
  // Off means no sales may be shown any more: drop the ones already received.
  return { settings, ...(settings.socialProof ? {} : { recentSales: [] }) };
}

/** The product's stock replaced in a new products array; null when the product is unknown or the stock equal. */
export function withStock(
  { products }: LiveShopState,
  { productId, stock }: StockPayload,
): Partial<LiveShopState> | null {
  const i = products.findIndex((p) => p.id === productId);
  if (i < 0 || products[i]!.stock === stock) return null;
  return { products: products.map((p, j) => (j === i ? { ...p, stock } : p)) };
}

/** Social proof counts sales of the last minute (server clock): older ones go on every change. */
export function pruneSales(next: LiveShopState): LiveShopState {
  const since = Date.now() + next.clockOffset - LIMITS.soldWindowMs;
  return next.recentSales.some((s) => s.at < since)
    ? { ...next, recentSales: next.recentSales.filter((s) => s.at >= since) }
    : next;
}
