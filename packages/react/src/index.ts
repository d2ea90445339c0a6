/**
 * React components over the live-shop elements: typed props, and an `on…` prop for each
 * `live-shop-*` event an element fires (`onBuy` → `live-shop-buy`). Importing this module registers
 * the elements in the browser and does nothing more in Node (SSR-safe). The studio lives in
 * `@live-shop/react/studio`, so storefront bundles never carry it.
 */
import React from 'react';
import { createComponent } from '@lit/react';
import {
  LiveShopChat as ChatElement,
  LiveShopPlayer as PlayerElement,
  LiveShopProductCard as ProductCardElement,
  LiveShopViewer as ViewerElement,
} from '@live-shop/elements/define.js';
import { LiveShopReactions as ReactionsElement } from '@live-shop/elements/reactions.js';
import { eventProps } from './events.js';
import { chatFires, playerFires, productCardFires, reactionsFires, viewerFires } from './fires.js';

export const viewerEvents = eventProps(...viewerFires);
export const productCardEvents = eventProps(...productCardFires);
export const chatEvents = eventProps(...chatFires);
export const playerEvents = eventProps(...playerFires);
export const reactionsEvents = eventProps(...reactionsFires);

/** `<live-shop-viewer>`: the whole show (player, pinned products, chat) for a storefront. */
export const LiveShopViewer = createComponent({
  react: React,
  tagName: 'live-shop-viewer',
  elementClass: ViewerElement,
  events: viewerEvents,
  displayName: 'LiveShopViewer',
});

/** `<live-shop-product-card>`: one product with Buy now, usable outside the viewer. */
export const LiveShopProductCard = createComponent({
  react: React,
  tagName: 'live-shop-product-card',
  elementClass: ProductCardElement,
  events: productCardEvents,
  displayName: 'LiveShopProductCard',
});

/** `<live-shop-chat>`: the chat panel alone (messages in, intents out as events). */
export const LiveShopChat = createComponent({
  react: React,
  tagName: 'live-shop-chat',
  elementClass: ChatElement,
  events: chatEvents,
  displayName: 'LiveShopChat',
});

/** `<live-shop-player>`: the show's video alone. */
export const LiveShopPlayer = createComponent({
  react: React,
  tagName: 'live-shop-player',
  elementClass: PlayerElement,
  events: playerEvents,
  displayName: 'LiveShopPlayer',
});

/** `<live-shop-reactions>`: the reaction buttons and floating emoji alone (the viewer has them over its video). */
export const LiveShopReactions = createComponent({
  react: React,
  tagName: 'live-shop-reactions',
  elementClass: ReactionsElement,
  events: reactionsEvents,
  displayName: 'LiveShopReactions',
});

export { eventPropName, type EventPropName, type EventProps } from './events.js';
// The elements' event, detail and data types, for handlers and props.
export type {
  LiveShopEventName,
  LiveShopEventMap,
  BuyDetail,
  BuyErrorDetail,
  CheckoutDetail,
  ConnectionErrorDetail,
  ProductsDetail,
  ChatSendDetail,
  NameChangeDetail,
  SignInDetail,
  ChatDeleteDetail,
  ChatTimeoutDetail,
  ChatBanDetail,
  PlayerErrorDetail,
  LiveShopBuyEvent,
  LiveShopCheckoutEvent,
  LiveShopBuyErrorEvent,
  LiveShopConnectionErrorEvent,
  LiveShopProductsEvent,
  LiveShopChatSendEvent,
  LiveShopChatNameChangeEvent,
  LiveShopSignInEvent,
  LiveShopChatDeleteEvent,
  LiveShopChatTimeoutEvent,
  LiveShopChatBanEvent,
  LiveShopPlayerReadyEvent,
  LiveShopPlayerErrorEvent,
  ProductPatch,
  HydrateProduct,
  Product,
  Price,
  ChatMessage,
  ShowStatus,
} from '@live-shop/elements';
