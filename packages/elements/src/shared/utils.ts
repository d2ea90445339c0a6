import { ErrorCode, type ErrorBody, type ShowStatus } from '@live-shop/protocol';

/** localStorage key where the viewer's chat display name is remembered. */
export const NAME_KEY = 'live-shop:name';

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
};

/** A sentence for people, from a protocol error. */
export function errorText(error: unknown): string {
  if (!error) return '';
  const { code, message } = error as Partial<ErrorBody>;
  // Other codes (rate_limited, restricted…) carry the server's own sentence, e.g. how long to wait.
  return ERROR_TEXT[code ?? ''] ?? message ?? 'Something went wrong';
}

/** A local time for people: "14:05" today, with the date on other days. */
export function formatTime(ms: number): string {
  const date = new Date(ms);
  return date.toLocaleString(
    [],
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
