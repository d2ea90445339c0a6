import { DEFAULT_HOST_NAME, DEFAULT_MODERATOR_NAME, ErrorCode, LIMITS, LiveShopError } from '@live-shop/protocol';
import { chatSendSchema, messageRefSchema } from '@live-shop/protocol/schemas';
import { handle, Later } from './handler.js';
import type { SocketDeps } from './deps.js';
import type { LiveShopIo, LiveShopSocket } from './types.js';

/** Sliding window per connection: returns ms until a slot frees up, 0 if one is free now (and takes it). */
function takeChatSlot(times: number[], now: number): number {
  while (times.length && times[0]! <= now - LIMITS.chatWindowMs) times.shift();
  if (times.length >= LIMITS.chatBurst) return times[0]! + LIMITS.chatWindowMs - now;
  times.push(now);
  return 0;
}

// Guests never reach chat:send (EVENT_ROLES); null keeps the map total.
const DEFAULT_NAMES = {
  host: DEFAULT_HOST_NAME,
  moderator: DEFAULT_MODERATOR_NAME,
  guest: null,
  viewer: null,
} as const;

export function register(_io: LiveShopIo, socket: LiveShopSocket, deps: SocketDeps): void {
  const { moderation } = deps;
  const data = socket.data;

  handle(socket, deps, 'chat:send', chatSendSchema, async ({ text, name, question }) => {
    // Before the name: signing in brings one.
    moderation.requireIdentity(data);
    // A merchant-signed name is fixed: renaming is how a banned troll would try to come back.
    if (name && !data.verified) data.name = name;
    const author = data.name ?? DEFAULT_NAMES[data.role];
    if (!author) throw new LiveShopError(ErrorCode.NameRequired, 'Choose a display name before chatting');
    const now = Date.now();
    const wait = takeChatSlot(data.chatTimes, now);
    if (wait > 0) {
      throw new LiveShopError(ErrorCode.RateLimited, `Too many messages: try again in ${Math.ceil(wait / 1000)} s`);
    }
    // A message that was not stored must not count against the sender (its own slot: the answer may
    // come after their next message took one, or after its slot left the window).
    const uncount = (error: unknown): never => {
      const slot = data.chatTimes.lastIndexOf(now);
      if (slot >= 0) data.chatTimes.splice(slot, 1);
      throw error;
    };
    const { role, viewerId, accountId, verified, address, fresh } = data;
    const sender = { role, name: author, viewerId, accountId, verified, address, fresh };
    const { message, delivered } = await moderation.sendChat(data.showId, sender, text, question).catch(uncount);
    // In its batch: the sender's next event need not wait for the batch's write; the answer does.
    return new Later(delivered.then(() => ({ message }), uncount));
  });

  handle(socket, deps, 'chat:delete', messageRefSchema, async ({ id }) => {
    await moderation.delete(data.showId, id);
    return {};
  });

  handle(socket, deps, 'chat:approve', messageRefSchema, async ({ id }) => ({
    message: await moderation.approve(data.showId, id),
  }));
}
