import type { Product, CheckoutSession, Playback } from '@live-shop/protocol';

/** Every DOM event the elements fire: the one place their names are spelled. */
export const LiveShopEvent = {
  /** Buy now was pressed (cancelable: take over with your own cart). */
  Buy: 'live-shop-buy',
  /** The server answered Buy now with an embedded checkout (cancelable). */
  Checkout: 'live-shop-checkout',
  /** Checkout could not start (from a card, with `product`) or the viewer's connection was refused. */
  Error: 'live-shop-error',
  /** The show's catalog changed. */
  Products: 'live-shop-products',
  /** The shopper sent a chat message (cancelable: keeps the draft). */
  ChatSend: 'live-shop-chat-send',
  /** The shopper picked a display name. */
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
} as const;

export type LiveShopEventName = (typeof LiveShopEvent)[keyof typeof LiveShopEvent];

export interface BuyDetail {
  show: string;
  product: Product;
  quantity: number;
}

/** `live-shop-checkout` detail: an embedded checkout to mount (the viewer opens it in a dialog). */
export interface CheckoutDetail extends BuyDetail {
  session: CheckoutSession;
}

/** `live-shop-error` detail. `code` is a protocol error code (`sold_out`, `origin_not_allowed`…); `product` when a card fired it. */
export interface ErrorDetail {
  message: string;
  code: string;
  product?: Product;
}

/** A product card's `live-shop-error` detail: Buy now failed for `product`. */
export interface BuyErrorDetail extends ErrorDetail {
  product: Product;
}

export interface ProductsDetail {
  products: readonly Product[];
}

export interface ChatSendDetail {
  text: string;
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
export type LiveShopErrorEvent = CustomEvent<ErrorDetail>;
export type LiveShopProductsEvent = CustomEvent<ProductsDetail>;
export type LiveShopChatSendEvent = CustomEvent<ChatSendDetail>;
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

/** Event name → event type, for `addEventListener` on elements, `document` and `window`. */
export interface LiveShopEventMap {
  [LiveShopEvent.Buy]: LiveShopBuyEvent;
  [LiveShopEvent.Checkout]: LiveShopCheckoutEvent;
  [LiveShopEvent.Error]: LiveShopErrorEvent;
  [LiveShopEvent.Products]: LiveShopProductsEvent;
  [LiveShopEvent.ChatSend]: LiveShopChatSendEvent;
  [LiveShopEvent.NameChange]: LiveShopNameChangeEvent;
  [LiveShopEvent.SignIn]: LiveShopSignInEvent;
  [LiveShopEvent.ChatDelete]: LiveShopChatDeleteEvent;
  [LiveShopEvent.ChatTimeout]: LiveShopChatTimeoutEvent;
  [LiveShopEvent.ChatBan]: LiveShopChatBanEvent;
  [LiveShopEvent.PlayerReady]: LiveShopPlayerReadyEvent;
  [LiveShopEvent.PlayerError]: LiveShopPlayerErrorEvent;
}

type DetailOf<K extends LiveShopEventName> = LiveShopEventMap[K] extends CustomEvent<infer D> ? D : never;

/**
 * Dispatches a `live-shop-*` event, bubbling and composed unless `options` say otherwise (one
 * listener on `document` hears them all); returns false if a listener cancelled it.
 */
export function emit<K extends LiveShopEventName>(
  el: EventTarget,
  type: K,
  detail: DetailOf<K>,
  options: Omit<CustomEventInit, 'detail'> = {},
): boolean {
  return el.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, ...options, detail }));
}

declare global {
  // Element, Document and Window listeners all read this map (Shoelace's pattern).
  interface GlobalEventHandlersEventMap extends LiveShopEventMap {}
}
