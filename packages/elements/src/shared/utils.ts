import { ErrorCode, type ErrorBody, type ShowStatus } from '@live-shop/protocol';
import { english, type Translate } from '../i18n/controller.js';
import type { MessageKey } from '../i18n/keys.js';

/** localStorage key where the viewer's chat display name is remembered. */
export const NAME_KEY = 'live-shop:name';

/** Resolves a possibly relative URL against the live-shop server (default: the page origin). */
export function resolveUrl(url: string, server?: string): string {
  return new URL(url, new URL(server || location.origin, location.href)).href;
}

/** The catalog key of each show status's label. */
export const STATUS_KEY: Record<ShowStatus, MessageKey> = {
  scheduled: 'statusScheduled',
  starting: 'statusStarting',
  live: 'statusLive',
  reconnecting: 'statusReconnecting',
  ended: 'statusEnded',
};

const ERROR_KEY: Partial<Record<string, MessageKey>> = {
  [ErrorCode.Forbidden]: 'errorForbidden',
  [ErrorCode.NotFound]: 'errorNotFound',
  [ErrorCode.Unauthorized]: 'errorUnauthorized',
};

/** A sentence for people, from a protocol error, in `t`'s language. */
export function errorText(error: unknown, t: Translate = english): string {
  if (!error) return '';
  const { code, message } = error as Partial<ErrorBody>;
  const key = ERROR_KEY[code ?? ''];
  // Other codes (rate_limited, restricted…) carry the server's own (English) sentence, e.g. how long to wait.
  return key ? t(key) : (message ?? t('errorGeneric'));
}

/** A local time for people: "14:05" today, with the date on other days (`locale`'s way, default the browser's). */
export function formatTime(ms: number, locale?: string): string {
  const date = new Date(ms);
  return date.toLocaleString(
    locale ?? [],
    date.toDateString() === new Date().toDateString()
      ? { timeStyle: 'short' }
      : { dateStyle: 'medium', timeStyle: 'short' },
  );
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

/** `m:ss`, or `h:mm:ss` from an hour on (a replay's clock). */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}
