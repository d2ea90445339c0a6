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

/** Replaces window.open for one test; returns the recorded calls and a restore function. */
export function stubWindowOpen(): { calls: unknown[][]; restore: () => void } {
  const original = window.open;
  const calls: unknown[][] = [];
  window.open = (...args: unknown[]) => {
    calls.push(args);
    return null;
  };
  return { calls, restore: () => (window.open = original) };
}

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
  #call(name: string, ...args: unknown[]): Promise<object> {
    this.calls.push([name, ...args]);
    return this.fail ? Promise.reject(Object.assign(new Error(this.fail.message), this.fail)) : Promise.resolve({});
  }
  connect() {}
  close() {}
  setName(name: string) {
    this.calls.push(['setName', name]);
  }
  sendChat = (text: string) => this.#call('sendChat', text);
  pin = (id: string) => this.#call('pin', id);
  unpin = (id: string) => this.#call('unpin', id);
  deleteMessage = (id: string) => this.#call('deleteMessage', id);
  goLive = () => this.#call('goLive');
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
