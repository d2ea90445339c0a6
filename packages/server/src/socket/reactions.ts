import { ErrorCode, LiveShopError, REACTION_LIMITS } from '@live-shop/protocol';
import { reactionSendSchema } from '@live-shop/protocol/schemas';
import { handle } from './handler.js';
import type { SocketDeps } from './deps.js';
import type { LiveShopIo, LiveShopSocket, SocketData } from './types.js';

/** Taps this connection may still send now (its token bucket, refilled since the last look). */
function tapsLeft(data: SocketData, now: number): { tokens: number; at: number } {
  const { perSecond, burst } = REACTION_LIMITS;
  const budget = (data.reactionBudget ??= { tokens: burst, at: now });
  budget.tokens = Math.min(burst, budget.tokens + ((now - budget.at) / 1000) * perSecond);
  budget.at = now;
  return budget;
}

/** Reactions while the show is on air (a replay's viewers watch what already happened). */
const ON_AIR: ReadonlySet<string> = new Set(['live', 'reconnecting']);

export function register(_io: LiveShopIo, socket: LiveShopSocket, deps: SocketDeps): void {
  const { reactions, snapshots } = deps;
  const data = socket.data;

  handle(socket, deps, 'reaction:send', reactionSendSchema, async ({ kind, count }) => {
    const show = await snapshots.show(data.showId);
    if (!show.settings.reactions.includes(kind))
      throw new LiveShopError(ErrorCode.BadRequest, `The reaction "${kind}" is not enabled for this show`);
    if (!ON_AIR.has(show.status)) throw new LiveShopError(ErrorCode.InvalidState, 'Reactions are for live shows');
    const budget = tapsLeft(data, Date.now());
    // A batch larger than what is left is cut, not refused: the taps that fit still count.
    const accepted = Math.min(count, Math.floor(budget.tokens));
    if (accepted === 0) throw new LiveShopError(ErrorCode.RateLimited, 'Too many reactions: slow down');
    budget.tokens -= accepted;
    reactions.add(data.showId, data.source ?? 'live', kind, accepted);
    return { accepted };
  });
}
