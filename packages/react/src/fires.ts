import { LiveShopEvent } from '@live-shop/elements';

// What each element fires (its `@fires`), for the wrapper's `on…` props and the JSX types alike.
// Deprecated aliases (`live-shop-error`, `live-shop-name-change`) are left out: new code listens to their replacements.
export const viewerFires = [
  LiveShopEvent.Buy,
  LiveShopEvent.Checkout,
  LiveShopEvent.BuyError,
  LiveShopEvent.ConnectionError,
  LiveShopEvent.Products,
  LiveShopEvent.ChatSend,
  LiveShopEvent.ChatNameChange,
  LiveShopEvent.SignIn,
  LiveShopEvent.MiniPlayer,
  LiveShopEvent.React,
] as const;
export const productCardFires = [LiveShopEvent.Buy, LiveShopEvent.Checkout, LiveShopEvent.BuyError] as const;
export const chatFires = [
  LiveShopEvent.ChatSend,
  LiveShopEvent.ChatNameChange,
  LiveShopEvent.SignIn,
  LiveShopEvent.ChatDelete,
  LiveShopEvent.ChatTimeout,
  LiveShopEvent.ChatBan,
] as const;
export const reactionsFires = [LiveShopEvent.React] as const;
export const playerFires = [LiveShopEvent.PlayerReady, LiveShopEvent.PlayerError] as const;
export const studioFires = [LiveShopEvent.ChatDelete, LiveShopEvent.ChatTimeout, LiveShopEvent.ChatBan] as const;
