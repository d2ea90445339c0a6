import {
  banSchema,
  blocklistSchema,
  moderatorInviteSchema,
  slowModeSchema,
  timeoutSchema,
  tokenRefSchema,
  unbanSchema,
} from '@live-shop/protocol/schemas';
import { handle } from './handler.js';
import type { SocketDeps } from './deps.js';
import type { LiveShopIo, LiveShopSocket } from './types.js';

/** Staff actions on viewers and chat rules, and (host only) moderator tokens. Roles are checked by `handle`. */
export function register(_io: LiveShopIo, socket: LiveShopSocket, deps: SocketDeps): void {
  const { moderation } = deps;
  const { showId } = socket.data;

  handle(socket, deps, 'viewer:timeout', timeoutSchema, async ({ messageId, seconds }) => ({
    restricted: await moderation.restrict(showId, messageId, 'timeout', seconds),
  }));
  handle(socket, deps, 'viewer:ban', banSchema, async ({ messageId }) => ({
    restricted: await moderation.restrict(showId, messageId, 'ban'),
  }));
  handle(socket, deps, 'viewer:unban', unbanSchema, async ({ viewerId }) => {
    await moderation.lift(showId, viewerId);
    return {};
  });
  handle(socket, deps, 'chat:slow-mode', slowModeSchema, ({ seconds }) => moderation.setSlowMode(showId, seconds));
  handle(socket, deps, 'chat:blocklist', blocklistSchema, ({ terms }) => moderation.setBlocklist(showId, terms));

  // An invited moderator never outlives the host token that invited it: it expires by then and is revoked with it.
  handle(socket, deps, 'moderator:invite', moderatorInviteSchema, (options) =>
    moderation.inviteModerator(showId, {
      ...options,
      notAfter: socket.data.token?.expiresAt,
      issuedBy: socket.data.token?.id,
    }),
  );
  handle(socket, deps, 'moderator:revoke', tokenRefSchema, async ({ id }) => {
    await moderation.revokeToken(showId, id, 'moderator');
    return {};
  });
}
