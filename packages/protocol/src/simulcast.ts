/** Simulcast out (local provider): RTMP destinations the program is forwarded to while live, and their status. */

/** One destination's forwarder: `retrying` after a failure (bounded backoff), `failed` once retries are spent. */
export const SIMULCAST_STATES = ['idle', 'connecting', 'live', 'retrying', 'failed'] as const;
export type SimulcastState = (typeof SIMULCAST_STATES)[number];

export const SIMULCAST_LIMITS = {
  /** Destinations one show may have. */
  destinationsMax: 5,
  nameMax: 60,
  urlMax: 500,
  streamKeyMax: 500,
  /** Restarts after a failure before the destination is `failed` (until the next Go live or enable). */
  retries: 5,
  /** First retry delay; doubles each time up to `retryMaxMs`. */
  retryBaseMs: 2000,
  retryMaxMs: 30_000,
} as const;

/** A destination as the host's studio sees it: the stream key masked, never the key itself. */
export interface SimulcastDestination {
  id: string;
  name: string;
  /** `rtmp://` or `rtmps://` ingest URL, without the key. */
  url: string;
  /** The key's last 4 characters behind bullets, e.g. `••••a1b2`. */
  streamKeyMasked: string;
  enabled: boolean;
  createdAt: number;
  status: SimulcastStatus;
}

/** `simulcast:status` (hosts and moderators): one destination's forwarder changed state. */
export interface SimulcastStatus {
  id: string;
  state: SimulcastState;
  /** Why the last attempt failed (ffmpeg's last line, without the key); null when none. */
  error: string | null;
  /** Server epoch ms of the change. */
  at: number;
}

/** `simulcast:add` (host). */
export interface SimulcastAddPayload {
  name: string;
  url: string;
  streamKey: string;
  /** Default true. */
  enabled?: boolean;
}

/** `simulcast:remove` (host). */
export interface SimulcastRefPayload {
  id: string;
}

/** `simulcast:enable` (host): turns one destination on or off (while live it starts or stops at once). */
export interface SimulcastEnablePayload {
  id: string;
  enabled: boolean;
}

/** The `simulcast:list` ack, and after add/remove/enable: every destination of the show. */
export interface SimulcastListPayload {
  destinations: SimulcastDestination[];
}

/** `••••` + the key's last 4 characters (all bullets for keys of 8 characters or fewer). */
export const maskStreamKey = (key: string): string => `••••${key.length > 8 ? key.slice(-4) : ''}`;
