import { ErrorCode, type ErrorBody, type ShowStatus } from '@live-shop/protocol';

/** localStorage key where the viewer's chat display name is remembered. */
export const NAME_KEY = 'live-shop:name';

/** Dispatches a bubbling, composed `live-shop-*` event; returns false if it was cancelled. */
export function emit<T>(el: EventTarget, type: string, detail: T, cancelable = false): boolean {
  return el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
}

/** Resolves a possibly relative URL against the live-shop server (default: the page origin). */
export function resolveUrl(url: string, server?: string): string {
  return new URL(url, new URL(server || location.origin, location.href)).href;
}

export const STATUS_LABEL: Record<ShowStatus, string> = {
  scheduled: 'Starting soon',
  starting: 'Starting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  ended: 'Ended',
};

const ERROR_TEXT: Partial<Record<string, string>> = {
  [ErrorCode.Forbidden]: 'This link is not a host link',
  [ErrorCode.NotFound]: 'This show does not exist or was removed',
  [ErrorCode.Unauthorized]: 'This link is not valid for this show',
  [ErrorCode.RateLimited]: 'You are sending messages too fast. Wait a moment and try again.',
};

/** A sentence for people, from a protocol error. */
export function errorText(error: unknown): string {
  if (!error) return '';
  const { code, message } = error as Partial<ErrorBody>;
  return ERROR_TEXT[code ?? ''] ?? message ?? 'Something went wrong';
}

export function readStoredName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return ''; // storage blocked (third-party iframe, privacy mode)
  }
}

export function storeName(name: string): void {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    /* storage blocked: the name still works for this session */
  }
}
