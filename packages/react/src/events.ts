import type { EventName } from '@lit/react';
import type { LiveShopEventMap, LiveShopEventName } from '@live-shop/elements';

/** `chat-name-change` → `ChatNameChange`. */
type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${Pascal<Tail>}`
  : Capitalize<S>;

/** The React prop for a `live-shop-*` event: `live-shop-buy` → `onBuy`, `live-shop-buy-error` → `onBuyError`. */
export type EventPropName<N extends LiveShopEventName> = N extends `live-shop-${infer Rest}`
  ? `on${Pascal<Rest>}`
  : never;

/** Prop name → event name, typed with the event's CustomEvent (what `createComponent` takes as `events`). */
export type EventProps<N extends LiveShopEventName> = {
  [K in N as EventPropName<K>]: EventName<LiveShopEventMap[K]>;
};

/** The same mapping at run time as {@link EventPropName} at type level. */
export function eventPropName<N extends LiveShopEventName>(name: N): EventPropName<N> {
  const rest = name.slice('live-shop-'.length);
  return `on${rest.replace(/(?:^|-)([a-z])/g, (_, letter: string) => letter.toUpperCase())}` as EventPropName<N>;
}

/** The `events` option for one element, from the names it fires (the elements' `LiveShopEvent` constants). */
export function eventProps<const N extends readonly LiveShopEventName[]>(...names: N): EventProps<N[number]> {
  return Object.fromEntries(names.map((name) => [eventPropName(name), name])) as EventProps<N[number]>;
}
