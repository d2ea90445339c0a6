import type { ChatMessage, Product } from '@live-shop/protocol';
import '../define.js';

export function product(over: Partial<Product> = {}): Product {
  return {
    id: 'p1',
    showId: 'show1',
    title: 'Linen shirt',
    description: 'Breathable, relaxed fit.',
    imageUrl: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=',
    price: { amount: 4900, currency: 'USD' },
    checkoutUrl: '/checkout/p1',
    stripePriceId: null,
    stock: null,
    ...over,
  };
}

export function message(over: Partial<ChatMessage> = {}): ChatMessage {
  return { id: 'm1', name: 'Ada', text: 'Hello!', role: 'viewer', at: 1, ...over };
}

/** What a stubbed window.open hands back for a blank tab: records where it was sent and whether it was closed. */
export interface FakeTab {
  opener: unknown;
  location: { href: string };
  closed: boolean;
  close(): void;
}

/**
 * Replaces window.open for one test; returns the recorded calls and a restore function. With
 * `withTabs` (true, or true for the calls it accepts), window.open returns a FakeTab (recorded in
 * `tabs`) instead of null (a blocked popup).
 */
export function stubWindowOpen(withTabs: boolean | ((...args: unknown[]) => boolean) = false): {
  calls: unknown[][];
  tabs: FakeTab[];
  restore: () => void;
} {
  const original = window.open;
  const calls: unknown[][] = [];
  const tabs: FakeTab[] = [];
  window.open = (...args: unknown[]) => {
    calls.push(args);
    if (typeof withTabs === 'function' ? !withTabs(...args) : !withTabs) return null;
    const tab: FakeTab = {
      opener: window,
      location: { href: String(args[0] ?? '') },
      closed: false,
      close: () => void (tab.closed = true),
    };
    tabs.push(tab);
    return tab as unknown as Window;
  };
  return { calls, tabs, restore: () => (window.open = original) };
}

/** One request a stubbed `fetch` received. */
export interface FetchCall {
  url: string;
  init: RequestInit;
  body: Record<string, unknown> | null;
}

/**
 * Replaces window.fetch for one test (the HTTP server is not the unit under test): records every
 * call and answers with what `respond` returns (a Response, or a promise of one to hold it in flight).
 * Calls to other URLs (the test runner's own) go through.
 */
export function stubFetch(respond: (call: FetchCall) => Response | Promise<Response>, match = /\/api\/shows\//) {
  const original = window.fetch;
  const calls: FetchCall[] = [];
  window.fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!match.test(url)) return original(input, init);
    const call = {
      url,
      init,
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : null,
    };
    calls.push(call);
    return Promise.resolve(respond(call));
  };
  return { calls, restore: () => void (window.fetch = original) };
}

/** A JSON response, as the live-shop server sends them. */
export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Replaces the page's clipboard with one that records what is copied, until `restore()`. */
export function stubClipboard() {
  const copied: string[] = [];
  const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')!;
  Object.defineProperty(navigator, 'clipboard', {
    value: { writeText: async (t: string) => void copied.push(t) },
    configurable: true,
  });
  const restore = () => {
    delete (navigator as { clipboard?: unknown }).clipboard;
    Object.defineProperty(Navigator.prototype, 'clipboard', clipboard);
  };
  return { copied, restore };
}

export { FakeClient } from './fake-client.js';

/** Waits until the viewer's product cards finish their entrance animation (measure or check them as they stand). */
export async function cardsSettled(viewer: Element): Promise<void> {
  const entrances = viewer.shadowRoot!.getAnimations().filter((a) => (a as CSSAnimation).animationName === 'card-in');
  await Promise.all(entrances.map((a) => a.finished));
}
