/** Reactions: the palette viewers tap, what a tap batch sends, and the per-window counts the server broadcasts. */

/** Every kind a show may enable, in display order; a show enables a few (`ShowSettings.reactions`). */
export const REACTION_KINDS = ['heart', 'fire', 'clap', 'laugh', 'wow', 'sad', 'party', 'thumbs'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];

/** What each kind draws. */
export const REACTION_EMOJI: Readonly<Record<ReactionKind, string>> = {
  heart: '❤️',
  fire: '🔥',
  clap: '👏',
  laugh: '😂',
  wow: '😮',
  sad: '😢',
  party: '🎉',
  thumbs: '👍',
};

/** A show's reactions until the host picks others. */
export const DEFAULT_REACTIONS: readonly ReactionKind[] = ['heart', 'fire', 'clap', 'laugh'];

export const REACTION_LIMITS = {
  /** The server sums taps per show for this long and broadcasts one `reactions:counts` per window with taps. */
  windowMs: 250,
  /** Most taps one `reaction:send` may carry (a client batches its taps for one window). */
  countMax: 20,
  /** Per connection: taps refill at this rate up to `burst`; taps beyond are refused `rate_limited`. */
  perSecond: 10,
  burst: 30,
} as const;

/** Taps per kind; kinds with none are left out. */
export type ReactionCounts = Partial<Record<ReactionKind, number>>;

/** `reaction:send` (viewers): `count` taps of one kind, batched by the client (default 1). */
export interface ReactionSendPayload {
  kind: ReactionKind;
  count?: number;
}

/** The `reaction:send` ack: how many of the taps counted (fewer than sent when the rate limit cut the batch). */
export interface ReactionAck {
  accepted: number;
}

/** `reactions:counts`: the taps one server node summed in one window (`at`: the window's end, server epoch ms). */
export interface ReactionCountsPayload {
  counts: ReactionCounts;
  at: number;
}

export const isReactionKind = (value: unknown): value is ReactionKind =>
  typeof value === 'string' && (REACTION_KINDS as readonly string[]).includes(value);

/** A counts object's entries, typed. */
export const reactionEntries = (counts: ReactionCounts | undefined): [ReactionKind, number][] =>
  Object.entries(counts ?? {}) as [ReactionKind, number][];

/** `totals` plus `counts`, per kind (a new object). */
export function addReactionCounts(totals: ReactionCounts, counts: ReactionCounts | undefined): ReactionCounts {
  const next = { ...totals };
  for (const [kind, n] of reactionEntries(counts)) next[kind] = (next[kind] ?? 0) + n;
  return next;
}
