import { ErrorCode, LiveShopError } from '@live-shop/protocol';
import {
  announcementSetSchema,
  emptySchema,
  pollRefSchema,
  pollStartSchema,
  pollVoteSchema,
  questionRefSchema,
} from '@live-shop/protocol/schemas';
import { subjectsOf } from '../show/moderation.js';
import { handle } from './handler.js';
import type { SocketDeps } from './deps.js';
import type { LiveShopIo, LiveShopSocket } from './types.js';

/** Polls, Q&A and the announcement banner (roles: `EVENT_ROLES`). */
export function register(_io: LiveShopIo, socket: LiveShopSocket, deps: SocketDeps): void {
  const { polls, banners, moderation } = deps;
  const data = socket.data;

  handle(socket, deps, 'poll:start', pollStartSchema, async (input) => ({
    poll: await polls.start(data.showId, input),
  }));

  handle(socket, deps, 'poll:end', pollRefSchema, async ({ pollId }) => ({
    poll: await polls.end(data.showId, pollId),
  }));

  handle(socket, deps, 'poll:vote', pollVoteSchema, async ({ pollId, option }) => {
    // A server that lets only signed-in customers chat lets only them vote too.
    if (moderation.identityRequired(data))
      throw new LiveShopError(ErrorCode.IdentityRequired, 'Sign in to vote: this show counts signed-in customers');
    // The signed account first, else the issued (credential-signed) viewer id: one vote per person, not per tab.
    const voters = subjectsOf(data);
    if (!voters.length) throw new LiveShopError(ErrorCode.IdentityRequired, 'Only a viewer with a viewer id may vote');
    await polls.vote(data.showId, voters, pollId, option);
    return { vote: { pollId, option } };
  });

  handle(socket, deps, 'announcement:set', announcementSetSchema, async ({ text }) => ({
    announcement: await banners.setAnnouncement(data.showId, text),
  }));

  handle(socket, deps, 'question:on-air', questionRefSchema, async ({ id }) => ({
    question: await banners.onAir(data.showId, id),
  }));

  handle(socket, deps, 'question:clear', emptySchema, async () => ({ question: await banners.clear(data.showId) }));

  handle(socket, deps, 'question:answer', questionRefSchema, async ({ id }) => ({
    message: await banners.answer(data.showId, id),
  }));
}
