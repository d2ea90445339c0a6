import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, LiveShopError, type IngestInfo, type Playback, type RecordingSpan } from '@live-shop/protocol';
import Mux from '@mux/mux-node';
import { KeyedSerial } from '../show/serial.js';
import type { VideoStreamRecord } from '../store/store.js';
import { FfmpegProcesses, requireFfmpeg } from './ffmpeg.js';
import { relayArgs, RelaySession } from './mux-relay.js';
import type { MediaSession, VideoProvider, VideoProviderDeps } from './provider.js';

/** Mux's global RTMPS ingest; the stream key is appended as the last path segment. */
export const MUX_RTMPS_URL = 'rtmps://global-live.mux.com:443/app';
export const MUX_RECONNECT_WINDOW_S = 60;
/** How many of the newest idle live streams a lookup by passthrough reads (Mux's list cannot filter on it). */
export const MUX_LOOKUP_MAX_STREAMS = 200;
const CREATE_RETRY_DELAY_MS = 500;

export interface MuxConfig {
  tokenId: string;
  tokenSecret: string;
  webhookSecret?: string;
  /** MUX_BASE_URL: the API origin (a local fake in tests). */
  baseUrl?: string;
}

export interface MuxProviderOptions {
  /** Where the browser relay pushes (`<rtmpUrl>/<streamKey>`); tests point it at a local RTMP listener. */
  rtmpUrl?: string;
  /** Mux API retries on 5xx/network errors (SDK default 2); a live stream create is retried by this provider, after a lookup. */
  maxRetries?: number;
  timeoutMs?: number;
}

/** Provider-private state kept in `video_streams.data`; never sent to any client. */
interface MuxStreamData {
  liveStreamId: string;
  streamKey: string;
  livePlaybackId: string;
  /** The show's recording: the first asset of this live stream after Go live, made before the end. */
  recordingAssetId?: string;
  /** Public playback id of the recording (the replay). */
  replayPlaybackId?: string;
  /** Where the recording's stretches were on the clock (Mux `recording_times`), once Mux says. */
  recording?: RecordingSpan[];
  /** The show is over for this provider: viewers get the replay (or null until it is ready). */
  ended?: boolean;
  /** When (ms, this server's clock) the show ended for this provider. */
  endedAt?: number;
  /** `liveStreams.complete` succeeded. */
  completed?: boolean;
  /** `liveStreams.disable` succeeded: encoders are refused from then on. */
  disabled?: boolean;
  /** `created_at` (ms) of the newest live-stream status event applied: older ones arrive late and are ignored. */
  lastStateEventAt?: number;
  /** An `active` arrived while the show was going live: a later `idle` means the broadcast is over. */
  activeSeen?: boolean;
}

/** The part of a verified Mux webhook event this provider reads. */
export interface MuxWebhookEvent {
  id: string;
  type: string;
  created_at?: string;
  data?: { id?: string; live_stream_id?: string; playback_ids?: Array<{ id: string; policy: string }> } & Record<
    string,
    unknown
  >;
}

export type MuxWebhookOutcome = 'applied' | 'duplicate' | 'ignored';

const PROVIDER = 'mux';
const STATE_EVENTS = new Set(['video.live_stream.active', 'video.live_stream.disconnected', 'video.live_stream.idle']);
const ASSET_EVENTS = new Set(['video.asset.created', 'video.asset.ready', 'video.asset.live_stream_completed']);

/** Readable, secret-free message for a failed Mux API call (SDK messages embed response bodies). */
export function apiFailure(action: string, error: unknown): LiveShopError {
  if (error instanceof Mux.AuthenticationError || error instanceof Mux.PermissionDeniedError) {
    return new LiveShopError(
      ErrorCode.VideoUnavailable,
      `Mux rejected the credentials while trying to ${action}: check MUX_TOKEN_ID and MUX_TOKEN_SECRET`,
    );
  }
  if (error instanceof Mux.APIConnectionError) {
    return new LiveShopError(ErrorCode.VideoUnavailable, `Mux API unreachable while trying to ${action}; try again`);
  }
  if (error instanceof Mux.APIError && error.status) {
    return new LiveShopError(ErrorCode.VideoUnavailable, `Mux API error ${error.status} while trying to ${action}`);
  }
  return new LiveShopError(ErrorCode.VideoUnavailable, `Mux API call failed while trying to ${action}`);
}

/** What the SDK itself would retry: the request may or may not have taken effect. */
const retryable = (error: unknown): boolean =>
  error instanceof Mux.APIConnectionError ||
  (error instanceof Mux.APIError &&
    typeof error.status === 'number' &&
    (error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500));

export const publicPlaybackId = (ids: ReadonlyArray<{ id: string; policy: string }> | undefined): string | undefined =>
  ids?.find((p) => p.policy === 'public')?.id;

/** The Mux video provider; besides VideoProvider it verifies and applies Mux webhooks. */
export class MuxProvider implements VideoProvider {
  readonly kind = 'mux' as const;
  readonly mediaOutlivesServer = true;
  readonly #deps: VideoProviderDeps;
  readonly #mux: Mux;
  readonly #rtmpUrl: string;
  readonly #webhookSecret: string | null;
  readonly #now: () => number;
  readonly #maxRetries: number;
  readonly #serial = new KeyedSerial();
  readonly #processes = new FfmpegProcesses();
  readonly #relays = new Map<string, RelaySession>();
  readonly #keys = new Set<string>();

  constructor(deps: VideoProviderDeps, config: MuxConfig, options: MuxProviderOptions = {}) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#rtmpUrl = (options.rtmpUrl ?? MUX_RTMPS_URL).replace(/\/+$/, '');
    this.#webhookSecret = config.webhookSecret || null;
    this.#maxRetries = options.maxRetries ?? 2;
    // Explicit nulls: the SDK would otherwise fall back to MUX_* env vars behind the config's back.
    this.#mux = new Mux({
      tokenId: config.tokenId,
      tokenSecret: config.tokenSecret,
      webhookSecret: this.#webhookSecret,
      baseURL: config.baseUrl ?? null,
      jwtSigningKey: null,
      jwtPrivateKey: null,
      authorizationToken: null,
      maxRetries: this.#maxRetries,
      timeout: options.timeoutMs ?? 15_000,
    });
  }

  /** The Mux API client, for clips (mux-clips.ts): one client, one set of credentials and retries. */
  get api(): Mux {
    return this.#mux;
  }

  /** The show's recording asset at Mux once its webhook named it, with its stretches on the clock once Mux told them. */
  async recording(showId: string): Promise<{ assetId: string; spans: RecordingSpan[] | null } | null> {
    const data = (await this.#stream(showId))?.data;
    return data?.recordingAssetId ? { assetId: data.recordingAssetId, spans: data.recording ?? null } : null;
  }

  /** False without MUX_WEBHOOK_SECRET: unsigned webhooks are never accepted. */
  get webhooksEnabled(): boolean {
    return this.#webhookSecret !== null;
  }

  start(showId: string): Promise<void> {
    return this.#serial.run(showId, async () => {
      if (await this.#stream(showId)) return; // one live stream per show, for its whole life
      const created = await this.#createStream(showId);
      const livePlaybackId = publicPlaybackId(created.playback_ids);
      if (!livePlaybackId)
        throw new LiveShopError(ErrorCode.VideoUnavailable, 'Mux created a live stream without a public playback id');
      const data: MuxStreamData = { liveStreamId: created.id, streamKey: created.stream_key, livePlaybackId };
      await this.#put(showId, data, { kind: 'mux', playbackId: livePlaybackId });
      this.#deps.logger.info(`live-shop: mux live stream ${created.id} set up for show ${showId}`);
      this.#deps.signals.playbackChanged(showId);
    });
  }

  /**
   * Mux's create takes no idempotency key: when its answer is lost (timeout, reset, 5xx) the stream may
   * exist anyway, with a working stream key. So the SDK never resends it; every attempt looks first.
   */
  async #createStream(showId: string): Promise<Mux.Video.LiveStream> {
    for (let attempt = 0; ; attempt++) {
      const found = await this.#findStream(showId);
      if (found) return found;
      try {
        return await this.#mux.video.liveStreams.create(
          {
            playback_policies: ['public'],
            latency_mode: 'low',
            reconnect_window: MUX_RECONNECT_WINDOW_S,
            new_asset_settings: { playback_policies: ['public'] },
            passthrough: showId,
          },
          { maxRetries: 0 },
        );
      } catch (error) {
        if (attempt >= this.#maxRetries || !retryable(error)) throw apiFailure('create a live stream', error);
        // Also gives a create that is still running at Mux the time to land before the next lookup.
        await sleep(CREATE_RETRY_DELAY_MS * 2 ** attempt);
      }
    }
  }

  /** The show's stream at Mux (`passthrough` = show id) among the newest idle ones: a stream nobody has the key of is idle. */
  async #findStream(showId: string): Promise<Mux.Video.LiveStream | null> {
    let seen = 0;
    try {
      for await (const stream of this.#mux.video.liveStreams.list({ status: 'idle' })) {
        if (stream.passthrough === showId) return stream;
        if (++seen >= MUX_LOOKUP_MAX_STREAMS) break;
      }
    } catch (error) {
      throw apiFailure("look up the show's live stream", error);
    }
    return null;
  }

  async ingest(showId: string): Promise<IngestInfo | null> {
    const stream = await this.#stream(showId);
    if (!stream) throw new LiveShopError(ErrorCode.InvalidState, 'Go live first: the show has no Mux live stream yet');
    return { rtmpsUrl: MUX_RTMPS_URL, streamKey: stream.data.streamKey };
  }

  async openMedia(showId: string, mimeType: string): Promise<MediaSession> {
    const binary = requireFfmpeg(this.#deps.ffmpegPath);
    return this.#serial.run(showId, async () => {
      const stream = await this.#stream(showId);
      if (!stream)
        throw new LiveShopError(ErrorCode.InvalidState, 'Go live first: the show has no Mux live stream yet');
      if (stream.data.ended) throw new LiveShopError(ErrorCode.InvalidState, 'The show has ended');
      await this.#relays.get(showId)?.supersede();
      const key = stream.data.streamKey;
      this.#keys.add(key);
      // The key is only in ffmpeg's argv (server-local), never in a browser-visible URL or a log line.
      const child = this.#processes.spawn(binary, relayArgs(mimeType, `${this.#rtmpUrl}/${key}`));
      const session = new RelaySession(child, (text) => this.#redact(text), this.#deps.logger, showId);
      this.#relays.set(showId, session);
      child.once('exit', () => {
        if (this.#relays.get(showId) === session) this.#relays.delete(showId);
      });
      return session;
    });
  }

  end(showId: string): Promise<void> {
    return this.#serial.run(showId, async () => {
      await this.#relays.get(showId)?.close('end');
      const stream = await this.#stream(showId);
      if (!stream) return;
      let data = stream.data;
      if (!data.completed) {
        try {
          // Tells Mux the broadcast is over so the recorded asset finalizes now rather than after the reconnect window.
          await this.#mux.video.liveStreams.complete(data.liveStreamId);
          data = { ...data, completed: true };
        } catch (error) {
          // Not fatal: with the relay stopped, Mux idles the stream after the reconnect window anyway.
          this.#deps.logger.warn(
            `live-shop: ${apiFailure('complete the live stream', error).message} (show ${showId})`,
          );
        }
      }
      await this.#finish(showId, stream, await this.#disable(showId, data));
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.#relays.values()].map((relay) => relay.close('end')));
    await this.#processes.stopAll();
  }

  /** Verifies the `mux-signature` of a raw body and parses it. Throws (with a readable message) when it is not from Mux. */
  async verifyWebhook(
    rawBody: string,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<MuxWebhookEvent> {
    if (!this.#webhookSecret) throw new Error('MUX_WEBHOOK_SECRET is not set: Mux webhooks are refused');
    return (await this.#mux.webhooks.unwrap(rawBody, headers)) as unknown as MuxWebhookEvent;
  }

  /**
   * Applies one verified event, at most once per event id. Live-stream status events map to
   * signals (`active` → mediaUp, `disconnected` → mediaDown, `idle` → streamOver only once the show
   * was live); an asset's playback id is kept as the replay and shown once the show is over.
   */
  async applyWebhook(event: MuxWebhookEvent): Promise<MuxWebhookOutcome> {
    if (!(await this.#deps.store.recordWebhookEvent(PROVIDER, event.id, this.#now()))) return 'duplicate';
    try {
      return await this.#apply(event);
    } catch (error) {
      // Not applied: forget the id so Mux's retry of this delivery is applied, not skipped as a duplicate.
      await this.#deps.store.forgetWebhookEvent(PROVIDER, event.id).catch(() => {});
      throw error;
    }
  }

  async #apply(event: MuxWebhookEvent): Promise<MuxWebhookOutcome> {
    const isAsset = event.type.startsWith('video.asset.');
    const liveStreamId = isAsset ? event.data?.live_stream_id : event.data?.id;
    if (typeof liveStreamId !== 'string') return 'ignored';
    const found = await this.#deps.store.findVideoStream(PROVIDER, liveStreamId);
    if (!found) return 'ignored';
    const showId = found.showId;
    return this.#serial.run(showId, async () => {
      let stream: { data: MuxStreamData; playback: Playback | null } = (await this.#stream(showId))!;
      if (stream.data.ended && !stream.data.disabled) {
        // Disabling failed at the end: any event of the stream may be an encoder back, so try again.
        stream = { ...stream, data: await this.#disable(showId, stream.data) };
        await this.#put(showId, stream.data, stream.playback);
      }
      if (isAsset) return this.#applyAsset(showId, stream, event);
      // Once over, status events change nothing: the show has ended.
      if (!STATE_EVENTS.has(event.type) || stream.data.ended) return 'ignored';
      return this.#applyState(showId, stream, event);
    });
  }

  async #applyState(
    showId: string,
    stream: { data: MuxStreamData; playback: Playback | null },
    event: MuxWebhookEvent,
  ): Promise<MuxWebhookOutcome> {
    const at = Date.parse(event.created_at ?? '');
    if (Number.isFinite(at) && at < (stream.data.lastStateEventAt ?? -Infinity)) return 'ignored'; // delivered out of order
    const { signals, store } = this.#deps;
    const status = (await store.getShow(showId))?.status;
    const data: MuxStreamData = Number.isFinite(at) ? { ...stream.data, lastStateEventAt: at } : { ...stream.data };
    // Signals are applied asynchronously, so `active` is remembered here: an `idle` right behind it still counts.
    if (
      event.type === 'video.live_stream.active' &&
      (status === 'starting' || status === 'live' || status === 'reconnecting')
    )
      data.activeSeen = true;
    await this.#put(showId, data, stream.playback);
    if (event.type === 'video.live_stream.active') signals.mediaUp(showId);
    else if (event.type === 'video.live_stream.disconnected') signals.mediaDown(showId);
    else {
      // `idle` also follows a session that never became active (or OBS testing before Go live): only a show that was on air is over.
      const onAir = status === 'live' || status === 'reconnecting' || (status === 'starting' && data.activeSeen);
      if (!onAir) return 'ignored';
      signals.streamOver(showId);
      await this.#finish(showId, stream, data);
    }
    return 'applied';
  }

  async #applyAsset(
    showId: string,
    stream: { data: MuxStreamData; playback: Playback | null },
    event: MuxWebhookEvent,
  ): Promise<MuxWebhookOutcome> {
    const assetId = event.data?.id;
    if (!ASSET_EVENTS.has(event.type) || typeof assetId !== 'string') return 'ignored';
    const status = (await this.#deps.store.getShow(showId))?.status;
    let data = stream.data;
    if (!data.recordingAssetId && !data.replayPlaybackId) {
      if (!this.#isRecording(data, status, event.data?.created_at)) return 'ignored';
      data = { ...data, recordingAssetId: assetId };
    } else if (assetId !== data.recordingAssetId) {
      return 'ignored'; // another recording of the same stream (an encoder back after the end): the replay stays
    }
    const replayPlaybackId =
      event.type === 'video.asset.created' ? undefined : publicPlaybackId(event.data?.playback_ids);
    if (replayPlaybackId) data = { ...data, replayPlaybackId };
    const recording = recordingSpans(event.data?.recording_times);
    if (recording) data = { ...data, recording };
    if (
      data.recordingAssetId === stream.data.recordingAssetId &&
      data.replayPlaybackId === stream.data.replayPlaybackId &&
      JSON.stringify(data.recording) === JSON.stringify(stream.data.recording)
    )
      return 'ignored';
    // Mux readies a live asset while it is still recording: switch viewers to it only once the show is over.
    if (data.ended || status === 'ended') await this.#finish(showId, stream, data);
    else await this.#put(showId, data, stream.playback);
    return 'applied';
  }

  /** Whether an asset (none claimed yet) is the show's recording: made after Go live and, webhooks being late, not after the end. */
  #isRecording(data: MuxStreamData, status: string | undefined, createdAt: unknown): boolean {
    if (!status || status === 'scheduled') return false; // an encoder test before Go live
    if (!data.ended || data.endedAt === undefined) return true;
    // Mux's `created_at` is Unix seconds (a number in webhooks, a string in the API).
    return Number(createdAt) * 1000 <= data.endedAt;
  }

  /** After the end the stream refuses encoders: one left running would otherwise record a new asset. */
  async #disable(showId: string, data: MuxStreamData): Promise<MuxStreamData> {
    if (data.disabled) return data;
    try {
      await this.#mux.video.liveStreams.disable(data.liveStreamId);
      return { ...data, disabled: true };
    } catch (error) {
      this.#deps.logger.warn(
        `live-shop: ${apiFailure('disable the live stream', error).message} (show ${showId}); tried again on its next webhook`,
      );
      return data;
    }
  }

  /** The show is over: viewers get the replay, or null until Mux has it ready. */
  async #finish(showId: string, stream: { playback: Playback | null }, data: MuxStreamData): Promise<void> {
    const playback: Playback | null = data.replayPlaybackId
      ? { kind: 'mux', playbackId: data.replayPlaybackId, ...(data.recording && { recording: data.recording }) }
      : null;
    await this.#put(showId, { ...data, ended: true, endedAt: data.endedAt ?? this.#now() }, playback);
    if (JSON.stringify(playback) !== JSON.stringify(stream.playback)) this.#deps.signals.playbackChanged(showId);
  }

  async #stream(showId: string): Promise<(VideoStreamRecord & { data: MuxStreamData }) | null> {
    const record = await this.#deps.store.getVideoStream(showId);
    if (!record || record.provider !== PROVIDER || !record.externalId) return null;
    return record as VideoStreamRecord & { data: MuxStreamData };
  }

  #put(showId: string, data: MuxStreamData, playback: Playback | null): Promise<void> {
    return this.#deps.store.putVideoStream({
      showId,
      provider: PROVIDER,
      externalId: data.liveStreamId,
      data: { ...data },
      playback,
      updatedAt: this.#now(),
    });
  }

  #redact(text: string): string {
    let out = text;
    for (const key of this.#keys) out = out.split(key).join('<stream key>');
    return out;
  }
}

export function createMuxProvider(
  deps: VideoProviderDeps,
  config: MuxConfig,
  options?: MuxProviderOptions,
): MuxProvider {
  return new MuxProvider(deps, config, options);
}

/**
 * Mux's `recording_times` ([{started_at: ISO, duration: s}], slates included: they are in the asset
 * too) as spans on the clock; undefined when absent or malformed, so a partial event changes nothing.
 */
function recordingSpans(value: unknown): RecordingSpan[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const spans: RecordingSpan[] = [];
  for (const item of value.slice(0, 1000) as { started_at?: unknown; duration?: unknown }[]) {
    const at = typeof item?.started_at === 'string' ? Date.parse(item.started_at) : NaN;
    const duration = Number(item?.duration) * 1000;
    if (!Number.isFinite(at) || !Number.isFinite(duration) || duration < 0) return undefined;
    spans.push({ at, duration: Math.round(duration) });
  }
  return spans;
}
