/** The show schedule: when a show starts, what it is about, its trailer, and the public list of shows. */
import type { ShowStatus } from './names.js';

export const TRAILER_KINDS = ['image', 'video'] as const;
export type TrailerKind = (typeof TRAILER_KINDS)[number];

/** What a scheduled show plays before it starts: an image, or a short video (muted, looping). */
export interface Trailer {
  /** http(s) URL. */
  url: string;
  kind: TrailerKind;
}

/** The schedule fields of a show, as `POST /api/shows` and `PATCH /api/shows/:id` set them and `show:info` carries them. */
export interface ShowScheduleInfo {
  /** When the show is announced to start (epoch ms), or null when no date is set. */
  startsAt: number | null;
  /** Plain text (never HTML); empty when none. */
  description: string;
  trailer: Trailer | null;
}

export const SCHEDULE_LIMITS = {
  /** Trailer URLs, like product image URLs. */
  urlMax: 2048,
  /** `GET /api/shows`: shows per page unless `limit` says otherwise, and the most one page holds. */
  defaultLimit: 20,
  maxLimit: 100,
  /** A calendar event lasts this long (the show has no announced end). */
  calendarDurationMs: 60 * 60 * 1000,
} as const;

/** Routes of the schedule feature (`:id` is the show id). */
export const ScheduleRoute = {
  /** Public, paginated list of upcoming and past shows (`ShowListPage`). */
  Shows: '/api/shows',
  /** Public: the show as an RFC 5545 calendar (one VEVENT). */
  Calendar: '/api/shows/:id/calendar.ics',
  /** Public HTML: the show page (Open Graph, JSON-LD Event, the viewer embedded). */
  ShowPage: '/shows/:id',
  /** Public HTML: upcoming and past shows. */
  ShowsPage: '/shows',
} as const;

/** A show in the public list: public fields only (no catalog, no tokens). */
export interface ShowListItem extends ShowScheduleInfo {
  id: string;
  title: string;
  status: ShowStatus;
  statusAt: number;
  createdAt: number;
  /** `trailer` image, else the first product's image; null when neither. */
  imageUrl: string | null;
  /** The public show page (`/shows/:id`, absolute). */
  url: string;
}

/**
 * One page of `GET /api/shows`: upcoming shows (scheduled or on air) by `startsAt` ascending (no date
 * last), then past (ended) shows most recent first.
 */
export interface ShowListPage {
  shows: ShowListItem[];
  /** Pass as `cursor` for the next page; null on the last. */
  next: string | null;
}
