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
export function stubWindowOpen(
  withTabs: boolean | ((...args: unknown[]) => boolean) = false,
): { calls: unknown[][]; tabs: FakeTab[]; restore: () => void } {
  const original = window.open;
  const calls: unknown[][] = [];
  const tabs: FakeTab[] = [];
  window.open = (...args: unknown[]) => {
    calls.push(args);
    if (typeof withTabs === 'function' ? !withTabs(...args) : !withTabs) return null;
    const tab: FakeTab = { opener: window, location: { href: String(args[0] ?? '') }, closed: false, close: () => void (tab.closed = true) };
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
    const call = { url, init, body: typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : null };
    calls.push(call);
    return Promise.resolve(respond(call));
  };
  return { calls, restore: () => void (window.fetch = original) };
}

/** A JSON response, as the live-shop server sends them. */
export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

import { initialState, type LiveShopClient, type LiveShopState } from '@live-shop/client';

/**
 * A stand-in for LiveShopClient (the elements' dependency, not the thing under test):
 * holds a state the test sets, and records the calls the element makes.
 */
export class FakeClient extends EventTarget {
  state: LiveShopState;
  calls: [string, ...unknown[]][] = [];
  fail: { code: string; message: string } | null = null;

  constructor(state: Partial<LiveShopState> = {}) {
    super();
    this.state = { ...initialState, connection: 'connected', ready: true, ...state };
  }
  set(patch: Partial<LiveShopState>): void {
    this.state = { ...this.state, ...patch };
    this.dispatchEvent(new CustomEvent('change', { detail: this.state }));
  }
  on(type: string, listener: (detail: unknown) => void): () => void {
    const h = (e: Event) => listener((e as CustomEvent).detail);
    this.addEventListener(type, h);
    return () => this.removeEventListener(type, h);
  }
  #call<T extends object = {}>(name: string, ...args: unknown[]): Promise<T> {
    this.calls.push([name, ...args]);
    return this.fail ? Promise.reject(Object.assign(new Error(this.fail.message), this.fail)) : Promise.resolve({} as T);
  }
  /** Calls held in flight until the test calls `release()` (set `hold = true` first). */
  hold = false;
  #held: (() => void)[] = [];
  release(): void {
    this.#held.splice(0).forEach((go) => go());
  }
  async #wait(): Promise<void> {
    if (this.hold) await new Promise<void>((go) => this.#held.push(go));
  }
  /** The display name the client would chat with. */
  name = '';
  connect() {}
  close() {}
  setName(name: string) {
    this.calls.push(['setName', name]);
  }
  sendChat = (text: string) => this.#call('sendChat', text);
  pin = (id: string) => this.#call('pin', id);
  unpin = (id: string) => this.#call('unpin', id);
  updateProduct = (id: string, patch: object) => this.#call('updateProduct', id, patch);
  deleteProduct = (id: string) => this.#call('deleteProduct', id);
  deleteMessage = (id: string) => this.#call('deleteMessage', id);
  goLive = () => this.#call('goLive');
  // Staff actions: recorded; those whose ack the real client applies change the state the same way.
  approveMessage = (id: string) => this.#call('approveMessage', id);
  timeoutViewer = (messageId: string, seconds: number) => this.#call('timeoutViewer', messageId, seconds);
  banViewer = (messageId: string) => this.#call('banViewer', messageId);
  unbanViewer = (viewerId: string) => this.#call('unbanViewer', viewerId);
  revokeModerator = (id: string) => this.#call('revokeModerator', id);
  setSlowMode = async (seconds: number) => {
    await this.#call('setSlowMode', seconds);
    await this.#wait();
    const settings = { ...this.state.settings, slowModeSeconds: seconds };
    this.set({ settings });
    return { settings };
  };
  setBlocklist = async (terms: string[]) => {
    await this.#call('setBlocklist', terms);
    await this.#wait();
    if (this.state.moderation) this.set({ moderation: { ...this.state.moderation, blocklist: terms } });
    return { blocklist: terms };
  };
  /** Answers like a server: a relative studio URL. */
  inviteModerator = async (options: { label?: string; hours?: number } = {}) => {
    await this.#call('inviteModerator', options);
    await this.#wait();
    const moderator = { id: `mod-${this.calls.length}`, label: options.label ?? '', createdAt: 1, expiresAt: Date.now() + 12 * 3600_000 };
    return { token: 'mod-token', moderator, studioUrl: `/studio?show=s1&token=mod-token-${moderator.id}` };
  };
  /** Like the real client: applies the ack's settings to the state. */
  updateSettings = async (patch: { socialProof?: boolean }) => {
    await this.#call('updateSettings', patch);
    const settings = { ...this.state.settings, ...patch };
    this.set({ settings });
    return { settings };
  };
  /** What `ingestInfo()` answers (null: local video, no OBS panel). */
  ingest: { rtmpsUrl: string; streamKey: string } | null = null;
  /** Where the studio publishes: the ingest stand-in of web-test-runner.config.mjs when set. */
  ingestUrl = 'ws://127.0.0.1:9/ingest';
  ingestInfo = () => Promise.resolve(this.ingest);
  ingestTarget = () => ({ url: this.ingestUrl, show: 's1', token: 'host-token' });
  endShow = () => this.#call('endShow');

  get asClient(): LiveShopClient {
    return this as unknown as LiveShopClient;
  }
}
