export {
  LiveShopClient,
  CHAT_CAP,
  initialState,
  type ConnectionState,
  type LiveShopState,
  type LiveShopClientOptions,
  type LiveShopClientEventMap,
  type You,
} from './client.js';
export type { LiveShopClientApi } from './api.js';
export { credentialKey, type CredentialStorage } from './credential.js';
export type { SocketOptions, WebSocketConstructor, WebSocketLike } from './socket.js';
export { startCheckout, countBuyClick, releaseCheckout, type ShowTarget } from './checkout.js';
export {
  CHECKOUT_CHANNEL,
  isCheckoutReturn,
  readCheckoutReturn,
  takeCheckoutReturn,
  type CheckoutReturn,
} from './checkout-return.js';
export { PinSync, PIN_QUEUE_MAX, PIN_WAIT_MAX_MS } from './pin-sync.js';
export {
  REPLAY_POLL_LINGER_MS,
  ReplayTimeline,
  loadReplayTimeline,
  type ReplayChapter,
  type ReplayMoment,
} from './replay.js';
export { recordingPositionOf, recordingTimeAt } from '@live-shop/protocol';
export { createClip, deleteClip, listClips, loadClip } from './clips.js';
export type { Clip, ClipStatus, ClipView, CreateClipBody } from '@live-shop/protocol';
export { loadAnalytics, loadAnalyticsCsv, type StaffTarget } from './analytics.js';
// Schedule (issue 15): the host edits the show's details and schedule.
export { updateShow } from './show-edit.js';
export { subscribeToShowReminders, unsubscribeFromShowReminders, type ShowReminderOptions } from './reminders.js';
export { ReminderRoute, type PushReminderPayload } from '@live-shop/protocol';
export { LiveShopError, formatPrice, CheckoutRoute, CheckoutReturnParam, routePath } from '@live-shop/protocol';
export type { ErrorBody, ChatMessage, Product, PinsPayload, ShowStatus, Role } from '@live-shop/protocol';
export type {
  ShowSettings,
  SoldPayload,
  StockPayload,
  SalesSummary,
  ProductSales,
  OrderSummary,
} from '@live-shop/protocol';
export type { ShowAnalytics, AnalyticsMinute, AnalyticsFunnel, AttributionSource } from '@live-shop/protocol';
export type { CheckoutRequest, CheckoutSession, CheckoutReturnStatus } from '@live-shop/protocol';
export type {
  GuestInfo,
  GuestInvite,
  GuestInvitePayload,
  IceServer,
  StageGuest,
  StageLayout,
  StagePlace,
  StageSignal,
  StageSignalMessage,
  StageState,
} from '@live-shop/protocol';
export { STAGE_LAYOUTS, STAGE_PLACES } from '@live-shop/protocol';
export type { StageAck } from './stage.js';
export { REACTION_COOL_OFF_MS, type ReactionsEvent } from './reactions.js';
export { REACTION_EMOJI, REACTION_KINDS, REACTION_LIMITS, DEFAULT_REACTIONS } from '@live-shop/protocol';
export type { ReactionCounts, ReactionCountsPayload, ReactionKind } from '@live-shop/protocol';
export type {
  Restriction,
  RestrictedViewer,
  ModerationState,
  ModeratorInfo,
  ModeratorInvite,
  ModeratorInvitePayload,
} from '@live-shop/protocol';
// polls, Q&A and the announcement banner
export { AtSync } from './overlay-sync.js';
export type { PollEvent } from './polls.js';
export { POLL_LIMITS, ANNOUNCEMENT_LIMITS, QUESTION_LIMITS, pollPercents } from '@live-shop/protocol';
export type {
  AnnouncementPayload,
  Poll,
  PollVote,
  PollResultsPayload,
  PollStatePayload,
  QuestionOnAirPayload,
  QuestionsState,
} from '@live-shop/protocol';
