import { DEFAULT_HOST_NAME, ErrorCode, LIMITS, LiveShopError } from '@live-shop/protocol';
import { chatSendSchema, messageRefSchema } from '@live-shop/protocol/schemas';
import { handle } from './handler.js';
import type { LiveShopIo, LiveShopSocket, SocketDeps } from './types.js';

/** Sliding window per connection: returns ms until a slot frees up, 0 if one is free now (and takes it). */
function takeChatSlot(times: number[], now: number): number {
  while (times.length && times[0]! <= now - LIMITS.chatWindowMs) times.shift();
  if (times.length >= LIMITS.chatBurst) return times[0]! + LIMITS.chatWindowMs - now;
  times.push(now);
  return 0;
}

export function register(_io: LiveShopIo, socket: LiveShopSocket, { service, logger }: SocketDeps): void {
  const data = socket.data;

  handle(socket, logger, 'chat:send', chatSendSchema, async ({ text, name }) => {
    if (name) data.name = name;
    const author = data.name ?? (data.role === 'host' ? DEFAULT_HOST_NAME : null);
    if (!author) throw new LiveShopError(ErrorCode.NameRequired, 'Choose a display name before chatting');
    const wait = takeChatSlot(data.chatTimes, Date.now());
    if (wait > 0) {
      throw new LiveShopError(ErrorCode.RateLimited, `Too many messages: try again in ${Math.ceil(wait / 1000)} s`);
    }
    try {
      return { message: await service.sendChat(data.showId, { name: author, text, role: data.role }) };
    } catch (error) {
      // A message that was not stored must not count against the sender.
      data.chatTimes.pop();
      throw error;
    }
  });

  handle(socket, logger, 'chat:delete', messageRefSchema, async ({ id }) => {
    await service.deleteChat(data.showId, id);
    return {};
  });
}
