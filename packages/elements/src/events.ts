import type { AttributionSource, Product, CheckoutSession, Playback, ReactionKind } from '@live-shop/protocol';

/** Every DOM event the elements fire: the one place their names are spelled. */
export const LiveShopEvent = {
  /** Buy now was pressed (cancelable: take over with your own cart). */
  Buy: 'live-shop-buy',
  /** The server answered Buy now with an embedded checkout (cancelable). */
  Checkout: 'live-shop-checkout',
  /** Buy now could not open a checkout (`sold_out`, checkout down…): from a product card, with its `product`. */
  BuyError: 'live-shop-buy-error',
  /** The viewer could not connect and stopped trying (`origin_not_allowed`: the server refuses this page's origin). */
  ConnectionError: 'live-shop-connection-error',
  /**
   * @deprecated Since 0.2.0, removed in 0.3.0: listen to `live-shop-buy-error` (a card's, with
   * `product`) or `live-shop-connection-error` (the viewer's). Still fired right after either, with the
   * same detail, and not cancelable.
   */
  Error: 'live-shop-error',
  /** The show's catalog changed. */
  Products: 'live-shop-products',
  /** The shopper sent a chat message (cancelable: keeps the draft). */
  ChatSend: 'live-shop-chat-send',
  /** The shopper picked a display name in the chat. */
  ChatNameChange: 'live-shop-chat-name-change',
  /**
   * @deprecated Since 0.2.0, removed in 0.3.0: listen to `live-shop-chat-name-change`. Still fired
   * right after it, with the same detail, and not cancelable.
   */
  NameChange: 'live-shop-name-change',
  /** "Sign in to chat" was pressed. */
  SignIn: 'live-shop-sign-in',
  /** Staff deleted a message (cancelable). */
  ChatDelete: 'live-shop-chat-delete',
  /** Staff timed out a message's author (cancelable). */
  ChatTimeout: 'live-shop-chat-timeout',
  /** Staff banned a message's author (cancelable). */
  ChatBan: 'live-shop-chat-ban',
  /** A video engine loaded and the player's `video` is available (does not bubble). */
  PlayerReady: 'live-shop-player-ready',
  /** The player cannot play the show's video: a Mux show on a page without `@live-shop/elements/mux`. */
  PlayerError: 'live-shop-player-error',
  /** The viewer's video went into the mini-player (docked in a corner of the page) or came back. */
  MiniPlayer: 'live-shop-mini-player',
  /** A reaction button was pressed (the viewer sends the tap). */
  React: 'live-shop-react',
  /** An option of the open poll was picked (cancelable: the vote is then not sent). */
  Vote: 'live-shop-vote',
} as const;

export type LiveShopEventName = (typeof LiveShopEvent)[keyof typeof LiveShopEvent];

export interface BuyDetail {
  show: string;
  product: Product;
  quantity: number;
  /** Where the shopper watched: `live`, `replay` or `clip`. */
  source: AttributionSource;
}

/** `live-shop-checkout` detail: an embedded checkout to mount (the viewer opens it in a dialog). */
export interface CheckoutDetail extends BuyDetail {
  session: CheckoutSession;
}

/** `live-shop-connection-error` detail. `code` is a protocol error code (`origin_not_allowed`). */
export interface ConnectionErrorDetail {
  message: string;
  code: string;
}

/** `live-shop-buy-error` detail: Buy now failed for `product`; `code` is a protocol error code (`sold_out`…). */
export interface BuyErrorDetail extends ConnectionErrorDetail {
  product: Product;
}

/** @deprecated The detail of the deprecated `live-shop-error`: `product` when a card fired it. */
export interface ErrorDetail extends ConnectionErrorDetail {
  product?: Product;
}

export interface ProductsDetail {
  products: readonly Product[];
}

export interface ChatSendDetail {
  text: string;
  /** Q&A: sent with "Ask as a question" on. */
  question?: boolean;
}

export interface NameChangeDetail {
  name: string;
}

export type SignInDetail = Record<string, never>;

/** `id`: the message. */
export interface ChatDeleteDetail {
  id: string;
}

/** `id`: the message whose author is timed out. */
export interface ChatTimeoutDetail {
  id: string;
  name: string;
  seconds: number;
}

/** `id`: the message whose author is banned. */
export interface ChatBanDetail {
  id: string;
  name: string;
}

export type LiveShopBuyEvent = CustomEvent<BuyDetail>;
export type LiveShopCheckoutEvent = CustomEvent<CheckoutDetail>;
export type LiveShopBuyErrorEvent = CustomEvent<BuyErrorDetail>;
export type LiveShopConnectionErrorEvent = CustomEvent<ConnectionErrorDetail>;
/** @deprecated `live-shop-error`: use {@link LiveShopBuyErrorEvent} or {@link LiveShopConnectionErrorEvent}. */
export type LiveShopErrorEvent = CustomEvent<ErrorDetail>;
export type LiveShopProductsEvent = CustomEvent<ProductsDetail>;
export type LiveShopChatSendEvent = CustomEvent<ChatSendDetail>;
export type LiveShopChatNameChangeEvent = CustomEvent<NameChangeDetail>;
/** @deprecated `live-shop-name-change`: use {@link LiveShopChatNameChangeEvent}. */
export type LiveShopNameChangeEvent = CustomEvent<NameChangeDetail>;
export type LiveShopSignInEvent = CustomEvent<SignInDetail>;
export type LiveShopChatDeleteEvent = CustomEvent<ChatDeleteDetail>;
export type LiveShopChatTimeoutEvent = CustomEvent<ChatTimeoutDetail>;
export type LiveShopChatBanEvent = CustomEvent<ChatBanDetail>;
export type LiveShopPlayerReadyEvent = CustomEvent<null>;
/** `code` is `video_unavailable`; `message` says what to import. */
export interface PlayerErrorDetail extends ErrorDetail {
  playback: Playback;
}
export type LiveShopPlayerErrorEvent = CustomEvent<PlayerErrorDetail>;
/** `live-shop-react` detail: the reaction tapped. */
export interface ReactDetail {
  kind: ReactionKind;
}
export type LiveShopReactEvent = CustomEvent<ReactDetail>;
/** `live-shop-vote` detail: the poll and the option (0-based) picked. */
export interface VoteDetail {
  pollId: string;
  option: number;
}
export type LiveShopVoteEvent = CustomEvent<VoteDetail>;

/**
 * Where the viewer's video plays: `picture-in-picture` (a Document Picture-in-Picture window over every
 * app), `docked` in a corner of the page, or `off` (in its place).
 */
export type MiniPlayerMode = 'picture-in-picture' | 'docked' | 'off';
export interface MiniPlayerDetail {
  mode: MiniPlayerMode;
}
export type LiveShopMiniPlayerEvent = CustomEvent<MiniPlayerDetail>;

/** Event name → event type, for `addEventListener` on elements, `document` and `window`. */
export interface LiveShopEventMap {
  [LiveShopEvent.Buy]: LiveShopBuyEvent;
  [LiveShopEvent.Checkout]: LiveShopCheckoutEvent;
  [LiveShopEvent.BuyError]: LiveShopBuyErrorEvent;
  [LiveShopEvent.ConnectionError]: LiveShopConnectionErrorEvent;
  /** @deprecated Use `live-shop-buy-error` or `live-shop-connection-error` (removed in 0.3.0). */
  [LiveShopEvent.Error]: LiveShopErrorEvent;
  [LiveShopEvent.Products]: LiveShopProductsEvent;
  [LiveShopEvent.ChatSend]: LiveShopChatSendEvent;
  [LiveShopEvent.ChatNameChange]: LiveShopChatNameChangeEvent;
  /** @deprecated Use `live-shop-chat-name-change` (removed in 0.3.0). */
  [LiveShopEvent.NameChange]: LiveShopNameChangeEvent;
  [LiveShopEvent.SignIn]: LiveShopSignInEvent;
  [LiveShopEvent.ChatDelete]: LiveShopChatDeleteEvent;
  [LiveShopEvent.ChatTimeout]: LiveShopChatTimeoutEvent;
  [LiveShopEvent.ChatBan]: LiveShopChatBanEvent;
  [LiveShopEvent.PlayerReady]: LiveShopPlayerReadyEvent;
  [LiveShopEvent.PlayerError]: LiveShopPlayerErrorEvent;
  [LiveShopEvent.MiniPlayer]: LiveShopMiniPlayerEvent;
  [LiveShopEvent.React]: LiveShopReactEvent;
  [LiveShopEvent.Vote]: LiveShopVoteEvent;
}

type DetailOf<K extends LiveShopEventName> = LiveShopEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Names that replaced a misleading one: the old name is still fired after the new, until 0.3.0. */
const DEPRECATED_ALIASES: Partial<Record<LiveShopEventName, LiveShopEventName>> = {
  [LiveShopEvent.BuyError]: LiveShopEvent.Error,
  [LiveShopEvent.ConnectionError]: LiveShopEvent.Error,
  [LiveShopEvent.ChatNameChange]: LiveShopEvent.NameChange,
};

/**
 * Dispatches a `live-shop-*` event, bubbling and composed unless `options` say otherwise (one
 * listener on `document` hears them all); returns false if a listener cancelled it. A renamed
 * event's deprecated alias follows with the same detail; it is never cancelable, so only the new
 * name decides the return value.
 */
export function emit<K extends LiveShopEventName>(
  el: EventTarget,
  type: K,
  detail: DetailOf<K>,
  options: Omit<CustomEventInit, 'detail'> = {},
): boolean {
  const init = { bubbles: true, composed: true, ...options, detail };
  const proceed = el.dispatchEvent(new CustomEvent(type, init));
  const alias = DEPRECATED_ALIASES[type];
  if (alias) el.dispatchEvent(new CustomEvent(alias, { ...init, cancelable: false }));
  return proceed;
}

declare global {
  // Element, Document and Window listeners all read this map (Shoelace's pattern).
  interface GlobalEventHandlersEventMap extends LiveShopEventMap {}
}
