import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode, LiveShopError, type IngestInfo, type Playback } from '@live-shop/protocol';
import { KeyedSerial } from '../show/serial.js';
import { FfmpegProcesses, requireFfmpeg } from './ffmpeg.js';
import { HlsShow, sessionPlaylist } from './hls-show.js';
import { LocalMediaSession, type MediaInput } from './local-session.js';
import { loadNodeId, mediaOwner, takeoverMsn, type MediaOwner } from './node-owner.js';
import type { IngestContext, MediaSession, OpenMediaOptions, VideoProvider, VideoProviderDeps } from './provider.js';
import { RtmpKeys } from './rtmp-keys.js';
import type { SessionObserver } from './simulcast.js';

export interface LocalVideoOptions {
  /** Target segment length in seconds (ffmpeg `hls_time`, key frame spacing, PART-TARGET). */
  segmentSeconds?: number;
  /** Segments in the live playlist (the replay lists them all). */
  liveWindow?: number;
  /** A session whose ffmpeg writes no segment in this time fails with `video_unavailable`. */
  firstSegmentTimeoutMs?: number;
  /** This node's id (default: kept in `<dataDir>/node-id`). */
  nodeId?: string;
}

/** The two playlists viewers may request; everything else under /hls is a segment. */
export const PLAYLISTS = { live: 'live.m3u8', recording: 'recording.m3u8' } as const;
export type PlaylistName = keyof typeof PLAYLISTS;

/** Show ids are base64url (ids.ts): anything else never names a directory. */
export const SHOW_ID_PATTERN = /^[\w-]{1,64}$/;
/** Segment files ffmpeg writes: `s<session>-<number>.ts`. Nothing else on disk is served. */
export const SEGMENT_PATTERN = /^s\d{1,6}-\d{6,9}\.ts$/;

export const localPlayback = (showId: string): Playback => ({
  kind: 'hls',
  url: `/hls/${showId}/${PLAYLISTS.live}`,
  lowLatency: true,
});

/**
 * The zero-account video provider: the studio's WebM → one ffmpeg per live show → low-latency HLS
 * in `<dataDir>/hls/<showId>/`, served by http/hls.ts through `playlist()`. Each presenter
 * connection is a session (`s<N>.m3u8` + `s<N>-*.ts`); the served playlist joins them.
 */
export class LocalVideoProvider implements VideoProvider {
  readonly kind = 'local';
  readonly mediaOutlivesServer = false;
  readonly root: string;
  readonly segmentSeconds: number;
  readonly #deps: VideoProviderDeps;
  readonly #options: Required<Omit<LocalVideoOptions, 'nodeId'>>;
  readonly #processes = new FfmpegProcesses();
  readonly #serial = new KeyedSerial();
  readonly #shows = new Map<string, Promise<HlsShow>>();
  readonly #sessions = new Map<string, LocalMediaSession>();
  readonly #keys: RtmpKeys;
  /** Issue 16: each show's owner as last read, for a second (every `/hls` request asks). */
  readonly #owners = new Map<string, { owner: MediaOwner | null; until: number }>();
  #closed = false;
  /** This node's id, recorded as the owner of the shows whose ffmpeg it runs. */
  readonly nodeId: string;
  /** Where the other nodes reach this one (`LIVE_SHOP_NODE_URL`, or the listening address; cli.ts). */
  nodeUrl: string | null = null;
  /** Set while the RTMP listener runs (app.ts): the URL encoders push to, for a request's Host. */
  rtmpUrl: ((requestHost?: string) => string) | null = null;
  /** Simulcast out (app.ts): told when a session's media is up and when it is gone. */
  sessionObserver: SessionObserver | null = null;

  constructor(deps: VideoProviderDeps, options: LocalVideoOptions = {}) {
    this.#deps = deps;
    const { nodeId, ...rest } = options;
    this.#options = { segmentSeconds: 0.25, liveWindow: 20, firstSegmentTimeoutMs: 20_000, ...rest };
    this.nodeId = nodeId ?? loadNodeId(deps.dataDir);
    this.segmentSeconds = this.#options.segmentSeconds;
    this.root = path.join(deps.dataDir, 'hls');
    this.#keys = new RtmpKeys(deps.store, deps.now ?? Date.now);
  }

  /** Live ffmpeg children (for tests and health). */
  get encoders(): number {
    return this.#processes.size;
  }

  async start(showId: string): Promise<void> {
    requireFfmpeg(this.#deps.ffmpegPath);
    await this.#serial.run(showId, async () => {
      await mkdir(this.showDir(showId), { recursive: true });
      await this.#publishPlayback(showId);
    });
  }

  async openMedia(showId: string, mimeType: string, options: OpenMediaOptions = {}): Promise<MediaSession> {
    return this.#open(showId, mimeType, options, 'webm');
  }

  /**
   * RTMP in (rtmp-ingest.ts): an encoder's FLV through the same ffmpeg → HLS. One publisher per show:
   * refused with `invalid_state` while a session is open. PDT starts at the publish's arrival (RTMP has
   * no capture time to trust): early by about one round trip, since encoders capture once accepted.
   */
  async openRtmp(showId: string): Promise<LocalMediaSession> {
    if (this.#sessions.has(showId))
      throw new LiveShopError(ErrorCode.InvalidState, 'Another encoder or studio is already publishing this show');
    return this.#open(showId, 'video/x-flv', {}, 'flv');
  }

  async #open(
    showId: string,
    mimeType: string,
    options: OpenMediaOptions,
    input: MediaInput,
  ): Promise<LocalMediaSession> {
    if (this.#closed) throw new LiveShopError(ErrorCode.VideoUnavailable, 'The server is shutting down');
    const binary = requireFfmpeg(this.#deps.ffmpegPath);
    const dir = this.showDir(showId);
    return this.#serial.run(showId, async () => {
      const previous = this.#sessions.get(showId);
      if (previous && input === 'flv')
        throw new LiveShopError(ErrorCode.InvalidState, 'Another encoder or studio is already publishing this show');
      if (previous) {
        this.#sessions.delete(showId);
        previous.fail(new LiveShopError(ErrorCode.InvalidState, 'A newer studio connection took over this show'));
        await previous.finish();
      }
      await mkdir(dir, { recursive: true });
      const record = await this.#deps.store.getVideoStream(showId);
      if (record?.provider !== 'local' || !record.playback) await this.#publishPlayback(showId);
      const show = await this.#show(showId);
      const session = show.nextSession();
      const now = this.#deps.now ?? Date.now;
      // The presenter came back on this node after another one ran the show: continue above its numbering.
      const lastOwner = mediaOwner(await this.#deps.store.getVideoStream(showId));
      const tookOver = lastOwner !== null && lastOwner.id !== this.nodeId;
      if (tookOver) show.advanceTo(takeoverMsn(lastOwner, now()));
      await show.addSession({ session, capturedAt: options.capturedAt ?? now(), mimeType });
      await this.#claim(showId, show.nextMsn, now());
      // That node is gone or cut off: viewers see reconnecting until this session's first segment.
      if (tookOver) this.#signal(() => this.#deps.signals.mediaDown(showId));
      const media: LocalMediaSession = new LocalMediaSession(
        showId,
        session,
        show,
        binary,
        this.#processes,
        { ...this.#options, input },
        {
          mediaUp: () => {
            this.#signal(() => this.#deps.signals.mediaUp(showId));
            if (this.#sessions.get(showId) === media)
              this.sessionObserver?.sessionUp(showId, path.join(dir, sessionPlaylist(session)));
          },
          failed: () => void this.#drop(media),
          close: (s, reason) => (reason === 'end' ? this.#endSession(s) : this.#drop(s)),
        },
      );
      this.#sessions.set(showId, media);
      return media;
    });
  }

  async end(showId: string): Promise<void> {
    await this.#serial.run(showId, async () => {
      const session = this.#sessions.get(showId);
      this.#sessions.delete(showId);
      this.sessionObserver?.sessionDown(showId);
      if (session) {
        await session.finish();
        session.notifyEnded();
      }
      if (!(await this.#exists(showId))) return;
      const show = await this.#show(showId);
      await show.finish({ window: this.#options.liveWindow, partTarget: this.segmentSeconds });
      const record = await this.#deps.store.getVideoStream(showId);
      if (record?.provider === 'local') {
        await this.#deps.store.putVideoStream({
          ...record,
          data: { ...record.data, ended: true },
          updatedAt: Date.now(),
        });
      }
    });
  }

  /** Host only: the RTMP server URL and the show's stream key (made on first ask); null while RTMP in is off. */
  async ingest(showId: string, context: IngestContext = {}): Promise<IngestInfo | null> {
    if (!this.rtmpUrl) return null;
    const streamKey = await this.#serial.run(showId, () => this.#keys.key(showId));
    return { rtmpsUrl: this.rtmpUrl(context.host), streamKey, canRotate: true };
  }

  /** Host only: a new stream key; an encoder publishing with the old one is disconnected. */
  async rotateIngestKey(showId: string, context: IngestContext = {}): Promise<IngestInfo | null> {
    if (!this.rtmpUrl) return null;
    const streamKey = await this.#serial.run(showId, () => this.#keys.rotate(showId));
    // Only an encoder that used the old key is cut off; the studio's own upload goes on.
    const session = this.#sessions.get(showId);
    if (session?.input === 'flv') session.fail(new LiveShopError(ErrorCode.InvalidState, 'The stream key was changed'));
    return { rtmpsUrl: this.rtmpUrl(context.host), streamKey, canRotate: true };
  }

  /** The show a stream key belongs to, or null. */
  showForKey(key: string): Promise<string | null> {
    return this.#keys.showFor(key);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(sessions.map((s) => s.finish()));
    await this.#processes.stopAll();
    for (const show of this.#shows.values())
      void show.then(
        (s) => s.releaseAll(),
        () => {},
      );
  }

  showDir(showId: string): string {
    if (!SHOW_ID_PATTERN.test(showId)) throw new LiveShopError(ErrorCode.BadRequest, 'Invalid show id');
    return path.join(this.root, showId);
  }

  /**
   * A playlist as served: `msn` holds the request (blocking reload, `_HLS_msn`) until that segment
   * is listed, the show ends, or `holdMs` passes. Null when the show has no media yet.
   */
  async playlist(
    showId: string,
    name: PlaylistName,
    msn?: number,
    holdMs = this.segmentSeconds * 3000,
  ): Promise<string | null> {
    if (!SHOW_ID_PATTERN.test(showId) || !(await this.#exists(showId))) return null;
    const show = await this.#show(showId);
    if (msn !== undefined && !this.#closed) await show.waitFor(msn, holdMs);
    return show.render({
      mode: name === 'live' ? 'live' : 'full',
      window: this.#options.liveWindow,
      partTarget: this.segmentSeconds,
    });
  }

  async #exists(showId: string): Promise<boolean> {
    if (this.#shows.has(showId)) return true;
    return stat(this.showDir(showId)).then(
      (s) => s.isDirectory(),
      () => false,
    );
  }

  #show(showId: string): Promise<HlsShow> {
    let show = this.#shows.get(showId);
    if (!show) {
      show = this.#deps.store
        .getVideoStream(showId)
        .then((record) =>
          HlsShow.load(this.showDir(showId), record?.provider === 'local' && record.data.ended === true),
        );
      this.#shows.set(showId, show);
      show.catch(() => this.#shows.delete(showId));
    }
    return show;
  }

  async #publishPlayback(showId: string): Promise<void> {
    const now = this.#deps.now ?? Date.now;
    const record = await this.#deps.store.getVideoStream(showId);
    const kept = record?.provider === 'local' ? record : null;
    await this.#deps.store.putVideoStream({
      showId,
      provider: 'local',
      // The RTMP stream key (rtmp-keys.ts) outlives Go live.
      externalId: kept?.externalId ?? null,
      data: { ...kept?.data, ended: false },
      playback: localPlayback(showId),
      updatedAt: now(),
    });
    this.#signal(() => this.#deps.signals.playbackChanged(showId));
  }

  /** Shows whose media session on this node has listed its first segment. */
  mediaUpHere(): Set<string> {
    return new Set([...this.#sessions.values()].filter((session) => session.up).map((session) => session.showId));
  }

  /** Whether this node runs (or last ran) the show's media: true for a record from before issue 16. */
  async ownsMedia(showId: string): Promise<boolean> {
    const owner = mediaOwner(await this.#deps.store.getVideoStream(showId));
    return owner === null || owner.id === this.nodeId;
  }

  /** The other node that owns the show's media (proxy `/hls` there), or null: serve from this node's disk. */
  async remoteOwner(showId: string): Promise<MediaOwner | null> {
    if (this.#sessions.has(showId)) return null;
    const now = Date.now();
    let cached = this.#owners.get(showId);
    if (!cached || cached.until <= now) {
      cached = { owner: mediaOwner(await this.#deps.store.getVideoStream(showId)), until: now + 1000 };
      // Bounded: requests for made-up show ids must not grow it without end.
      if (this.#owners.size >= 10_000) this.#owners.clear();
      this.#owners.set(showId, cached);
    }
    return cached.owner && cached.owner.id !== this.nodeId ? cached.owner : null;
  }

  /** Records this node as the show's media owner, its session starting at `msn`. */
  async #claim(showId: string, msn: number, at: number): Promise<void> {
    const record = await this.#deps.store.getVideoStream(showId);
    if (!record) return;
    const owner: MediaOwner = { id: this.nodeId, url: this.nodeUrl, msn, at, segmentSeconds: this.segmentSeconds };
    await this.#deps.store.putVideoStream({ ...record, data: { ...record.data, owner }, updatedAt: at });
    if (this.#owners.size >= 10_000) this.#owners.clear();
    this.#owners.set(showId, { owner, until: Date.now() + 1000 });
  }

  /** The presenter's connection is gone (or ffmpeg failed): reconnecting, unless a newer session took over. */
  async #drop(session: LocalMediaSession): Promise<void> {
    if (this.#sessions.get(session.showId) === session) {
      this.#sessions.delete(session.showId);
      this.sessionObserver?.sessionDown(session.showId);
      // The presenter already went on on another node: its session there decides (issue 16).
      const mine = this.#closed || (await this.ownsMedia(session.showId).catch(() => true));
      if (mine) this.#signal(() => this.#deps.signals.mediaDown(session.showId));
    }
    await session.finish();
  }

  async #endSession(session: LocalMediaSession): Promise<void> {
    if (this.#sessions.get(session.showId) === session) await this.end(session.showId);
    else await session.finish();
  }

  /** After close() the store is going away: signals would write into a closed database. */
  #signal(send: () => void): void {
    if (this.#closed) return;
    try {
      send();
    } catch (error) {
      this.#deps.logger.error('live-shop: video signal failed', error);
    }
  }
}
