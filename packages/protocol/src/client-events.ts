/**
 * client → server event names and who may send each: a module apart from names.ts, so the viewer's
 * first load (which sends `ViewerEvent`s only) does not carry them; the staff chunks share them.
 */
import { ViewerEvent, type Role } from './names.js';

/** client → server events; every one takes an ack. */
export const ClientEvent = {
  ChatSend: ViewerEvent.ChatSend,
  ChatDelete: 'chat:delete',
  ProductPin: 'product:pin',
  ProductUnpin: 'product:unpin',
  /** Host only: edit a product, `{productId, ...UpdateProductBody}` (the same checks as creating one). */
  ProductUpdate: 'product:update',
  /** Host only: delete a product, `{productId}`; it is unpinned first, its orders keep their record. */
  ProductDelete: 'product:delete',
  ShowStart: 'show:start',
  ShowEnd: 'show:end',
  /** Host only: how to push video from OBS (Mux: RTMPS URL + stream key). */
  VideoIngest: 'video:ingest',
  /** Host only: change show settings, `Partial<ShowSettings>`. */
  ShowUpdate: 'show:update',
  /** Staff: publish a message the blocklist held back, `{id}`. */
  ChatApprove: 'chat:approve',
  /** Staff: slow mode, `{seconds}` between a viewer's messages (0 = off). */
  ChatSlowMode: 'chat:slow-mode',
  /** Staff: replace the show's blocklist, `{terms}`. */
  ChatBlocklist: 'chat:blocklist',
  /** Staff: the author of a message may not chat in this show for `seconds`, `{messageId, seconds}`. */
  ViewerTimeout: 'viewer:timeout',
  /** Staff: the author of a message may not chat in any show of this server, `{messageId}`. */
  ViewerBan: 'viewer:ban',
  /** Staff: lift a ban or timeout, `{viewerId}` (as listed in `ModerationState`). */
  ViewerUnban: 'viewer:unban',
  /** Host only: a moderator token for this show, `{label?, hours?}`. */
  ModeratorInvite: 'moderator:invite',
  /** Host only: revoke a moderator token, `{id}`; its connections are closed at once. */
  ModeratorRevoke: 'moderator:revoke',
  /** Host only: a guest link for this show, `{label?, hours?}` → `GuestInvite`. */
  GuestInvite: 'guest:invite',
  /** Host only: revoke a guest link, `{id}`; the guest leaves the stage and its connections are closed. */
  GuestRevoke: 'guest:revoke',
  /** Guest only: join backstage (or return where this guest was), `{name}`. */
  StageJoin: 'stage:join',
  /** Guest only: leave the stage list. */
  StageLeave: 'stage:leave',
  /** Host only: bring a guest on stage or send them backstage, `{guestId, place}`. */
  StageMove: 'stage:move',
  /** Host only: mute or unmute a guest on the program, `{guestId, muted}`. */
  StageMute: 'stage:mute',
  /** Host only: remove a guest (revokes their link), `{guestId}`. */
  StageRemove: 'stage:remove',
  /** Host only: the program layout, `{layout}`; pushed to all staff. */
  StageLayout: 'stage:layout',
  /** Host and guests: a WebRTC signalling message for another host studio or guest of the show, `{to, signal}`. */
  StageSignal: 'stage:signal',
  ReactionSend: ViewerEvent.ReactionSend,
  // Flash deals (issue 15)
  /** Staff: put a flash deal on a product, `ProductDealPayload`; everyone gets `show:products`. */
  ProductDeal: 'product:deal',
  /** Staff: end a product's deal now, `{productId}`. */
  ProductDealEnd: 'product:deal-end',
  // polls, Q&A and the announcement banner (see polls.ts)
  /** Staff: open a poll, `PollStartPayload`; refused `poll_open` while another is open. */
  PollStart: 'poll:start',
  /** Staff: end a poll now, `{pollId}`. */
  PollEnd: 'poll:end',
  /** Viewers: vote once, `{pollId, option}`; a second vote is refused `already_voted`. */
  PollVote: 'poll:vote',
  /** Staff: set or clear (`text: null`) the announcement banner. */
  AnnouncementSet: 'announcement:set',
  /** Staff: put a question (a chat message sent with `question: true`) on air, `{id}`. */
  QuestionOnAir: 'question:on-air',
  /** Staff: take the question off air. */
  QuestionClear: 'question:clear',
  /** Staff: mark a question answered, `{id}` (it leaves the air if it was on). */
  QuestionAnswer: 'question:answer',
  // RTMP in and simulcast out (issue 15)
  /** Host only: a new RTMP stream key for the local provider (`{ingest}`); an encoder using the old one is cut off. */
  VideoRotateKey: 'video:rotate-key',
  /** Host only: the show's simulcast destinations, keys masked (`SimulcastListPayload`). */
  SimulcastList: 'simulcast:list',
  /** Host only: add an RTMP destination, `SimulcastAddPayload`; answered with the list. */
  SimulcastAdd: 'simulcast:add',
  /** Host only: remove a destination, `{id}`; answered with the list. */
  SimulcastRemove: 'simulcast:remove',
  /** Host only: turn a destination on or off, `{id, enabled}`; answered with the list. */
  SimulcastEnable: 'simulcast:enable',
} as const;
export type ClientEventName = (typeof ClientEvent)[keyof typeof ClientEvent];

/** Who may send each client event; anyone else is answered `forbidden`. */
export const EVENT_ROLES: Readonly<Record<ClientEventName, readonly Role[]>> = {
  'chat:send': ['host', 'moderator', 'viewer'],
  'chat:delete': ['host', 'moderator'],
  'chat:approve': ['host', 'moderator'],
  'chat:slow-mode': ['host', 'moderator'],
  'chat:blocklist': ['host', 'moderator'],
  'viewer:timeout': ['host', 'moderator'],
  'viewer:ban': ['host', 'moderator'],
  'viewer:unban': ['host', 'moderator'],
  'product:pin': ['host'],
  'product:unpin': ['host'],
  'product:update': ['host'],
  'product:delete': ['host'],
  'show:start': ['host'],
  'show:end': ['host'],
  'video:ingest': ['host'],
  'show:update': ['host'],
  'moderator:invite': ['host'],
  'moderator:revoke': ['host'],
  'guest:invite': ['host'],
  'guest:revoke': ['host'],
  'stage:join': ['guest'],
  'stage:leave': ['guest'],
  'stage:move': ['host'],
  'stage:mute': ['host'],
  'stage:remove': ['host'],
  'stage:layout': ['host'],
  'stage:signal': ['host', 'guest'],
  'reaction:send': ['viewer'],
  // Flash deals (issue 15)
  'product:deal': ['host', 'moderator'],
  'product:deal-end': ['host', 'moderator'],
  // polls, Q&A and the announcement banner
  'poll:start': ['host', 'moderator'],
  'poll:end': ['host', 'moderator'],
  'poll:vote': ['viewer'],
  'announcement:set': ['host', 'moderator'],
  'question:on-air': ['host', 'moderator'],
  'question:clear': ['host', 'moderator'],
  'question:answer': ['host', 'moderator'],
  // RTMP in and simulcast out (issue 15)
  'video:rotate-key': ['host'],
  'simulcast:list': ['host'],
  'simulcast:add': ['host'],
  'simulcast:remove': ['host'],
  'simulcast:enable': ['host'],
};
