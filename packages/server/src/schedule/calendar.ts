import { SCHEDULE_LIMITS } from '@live-shop/protocol';
import type { ShowRecord } from '../store/store.js';

// RFC 5545 (iCalendar): one VEVENT for a show, so a shopper's calendar reminds them of it.

/** TEXT values: backslash, comma, semicolon and newlines escaped (RFC 5545 §3.3.11). */
export const icsText = (value: string) =>
  value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');

/** UTC DATE-TIME form `YYYYMMDDTHHMMSSZ`. */
export const icsDate = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** Lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 character (§3.1). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    // Continuation lines begin with a space, which counts toward their 75.
    const max = parts.length ? 74 : 75;
    if (octets + size > max) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export interface CalendarInput {
  show: Pick<ShowRecord, 'id' | 'title' | 'description' | 'startsAt' | 'createdAt'>;
  /** The public show page. */
  url: string;
  /** This server's host name: with the show id, a UID that stays the same for the show. */
  host: string;
  now: number;
}

/** The show as a VCALENDAR; a show without a start time is put at its creation time (the route refuses those). */
export function showCalendar({ show, url, host, now }: CalendarInput): string {
  const start = show.startsAt ?? show.createdAt;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//live-shop//live-shop server//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:show-${show.id}@${host}`,
    `DTSTAMP:${icsDate(now)}`,
    `DTSTART:${icsDate(start)}`,
    `DTEND:${icsDate(start + SCHEDULE_LIMITS.calendarDurationMs)}`,
    `SUMMARY:${icsText(show.title)}`,
    ...(show.description ? [`DESCRIPTION:${icsText(show.description)}`] : []),
    `URL:${url}`,
    `LOCATION:${icsText(url)}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
