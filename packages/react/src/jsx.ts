/**
 * Types for writing the tags themselves in React 19 JSX (`<live-shop-viewer show={id} no-chat />`)
 * instead of the wrapper components. Opt in once, e.g. in a `.d.ts` of your app:
 * `import type {} from '@live-shop/react/jsx';` (types only: nothing is added to your bundle).
 * React 19 sets a known property (`hydrateProduct`) as a property, anything else as an attribute,
 * and listens to `on` + an event's name: `onlive-shop-buy={(e) => e.detail.product}`.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  LiveShopChat,
  LiveShopEventMap,
  LiveShopEventName,
  LiveShopPlayer,
  LiveShopProductCard,
  LiveShopReactions,
  LiveShopStudio,
  LiveShopViewer,
} from '@live-shop/elements';
import type { chatFires, playerFires, productCardFires, reactionsFires, studioFires, viewerFires } from './fires.js';

/** `onlive-shop-buy` and friends: React 19 listens to the event named after `on`. */
export type LiveShopEventHandlers<N extends LiveShopEventName> = {
  [K in N as `on${K}`]?: (event: LiveShopEventMap[K]) => void;
};

type Fired<T extends readonly LiveShopEventName[]> = T[number];

/** Attributes (kebab-case) mapped to the property each one sets. */
type Attributes<E, A extends Record<string, keyof E>> = { [K in keyof A]?: E[A[K]] };

/** A tag's JSX props: React's own for any element, its attributes, its object properties and its events. */
export type LiveShopTagProps<
  E extends HTMLElement,
  A extends Record<string, keyof E>,
  P extends keyof E,
  N extends LiveShopEventName,
> = DetailedHTMLProps<HTMLAttributes<E>, E> & Attributes<E, A> & Partial<Pick<E, P>> & LiveShopEventHandlers<N>;

export type LiveShopViewerProps = LiveShopTagProps<
  LiveShopViewer,
  {
    server: 'server';
    show: 'show';
    clip: 'clip';
    'no-chat': 'noChat';
    replay: 'replay';
    'product-placement': 'productPlacement';
    identity: 'identity';
    'shopper-ref': 'shopperRef';
    'stripe-js-url': 'stripeJsUrl';
    debug: 'debug';
    docked: 'docked';
    mini: 'mini';
    'docked-only': 'dockedOnly';
    'no-reactions': 'noReactions';
    'push-worker': 'pushWorker';
    strings: 'strings';
  },
  'client' | 'hydrateProduct',
  Fired<typeof viewerFires>
>;

export type LiveShopStudioProps = LiveShopTagProps<
  LiveShopStudio,
  { server: 'server'; show: 'show'; token: 'token'; strings: 'strings' },
  'client',
  Fired<typeof studioFires>
>;

export type LiveShopPlayerProps = LiveShopTagProps<
  LiveShopPlayer,
  {
    status: 'status';
    orientation: 'orientation';
    src: 'src';
    poster: 'poster';
    'auto-replay': 'autoReplay';
    strings: 'strings';
  },
  'playback' | 'chapters',
  Fired<typeof playerFires>
>;

export type LiveShopChatProps = LiveShopTagProps<
  LiveShopChat,
  {
    name: 'name';
    value: 'value';
    error: 'error';
    'can-delete': 'canDelete';
    moderate: 'moderate';
    verified: 'verified';
    'slow-mode': 'slowMode';
    'sign-in-required': 'signInRequired';
    disabled: 'disabled';
    ask: 'ask';
    strings: 'strings';
  },
  'messages' | 'restriction' | 'cooldownUntil',
  Fired<typeof chatFires>
>;

export type LiveShopProductCardProps = LiveShopTagProps<
  LiveShopProductCard,
  {
    show: 'show';
    server: 'server';
    quantity: 'quantity';
    compact: 'compact';
    label: 'label';
    sold: 'sold';
    'shopper-ref': 'shopperRef';
    source: 'source';
    strings: 'strings';
  },
  'product' | 'clock',
  Fired<typeof productCardFires>
>;

export type LiveShopReactionsProps = LiveShopTagProps<
  LiveShopReactions,
  { strings: 'strings' },
  'kinds' | 'burst' | 'totals',
  Fired<typeof reactionsFires>
>;

/** Every tag the elements define, with its JSX props. */
export interface LiveShopIntrinsicElements {
  'live-shop-viewer': LiveShopViewerProps;
  'live-shop-studio': LiveShopStudioProps;
  'live-shop-player': LiveShopPlayerProps;
  'live-shop-chat': LiveShopChatProps;
  'live-shop-product-card': LiveShopProductCardProps;
  'live-shop-reactions': LiveShopReactionsProps;
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React's JSX namespace is how intrinsic elements are declared.
  namespace JSX {
    interface IntrinsicElements extends LiveShopIntrinsicElements {}
  }
}
