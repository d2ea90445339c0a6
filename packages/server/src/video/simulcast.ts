import {
  ErrorCode,
  LiveShopError,
  SIMULCAST_LIMITS,
  maskStreamKey,
  type SimulcastAddPayload,
  type SimulcastDestination,
  type SimulcastListPayload,
  type SimulcastState,
  type SimulcastStatus,
} from '@live-shop/protocol';
import { randomId } from '../ids.js';
import type { Logger } from '../logger.js';
import type { SecretBox } from '../secret-box.js';
import { KeyedSerial } from '../show/serial.js';
import type { SimulcastDestinationRecord, SimulcastStore } from '../store/store.js';
import { FfmpegProcesses, requireFfmpeg } from './ffmpeg.js';
import { DEFAULT_FORWARDER_OPTIONS, Forwarder, type ForwarderOptions } from './simulcast-forwarder.js';

export interface SimulcastDeps {
  store: SimulcastStore;
  /** Seals stream keys at rest (HKDF of the server secret → AES-256-GCM). */
  box: SecretBox;
  /** To the show's staff room only (`simulcast:status`). */
  broadcast(showId: string, status: SimulcastStatus): void;
  logger: Logger;
  ffmpegPath?: string;
  now?: () => number;
  options?: Partial<ForwarderOptions>;
}

/** What the local provider tells simulcast about a show's media sessions (local.ts). */
export interface SessionObserver {
  /** A session's first segment is out: forward `playlist` (that session's ffmpeg playlist). */
  sessionUp(showId: string, playlist: string): void;
  /** The session is gone (drop or End show): stop forwarding until the next one. */
  sessionDown(showId: string): void;
}

interface LiveShow {
  playlist: string;
  forwarders: Map<string, Forwarder>;
}

/**
 * Simulcast out: the host's RTMP destinations (keys sealed at rest, masked on the way out), and while
 * a local session is up one `-c copy` ffmpeg per enabled destination, each failing and retrying alone.
 */
export class SimulcastService implements SessionObserver {
  readonly #deps: SimulcastDeps;
  readonly #options: ForwarderOptions;
  readonly #serial = new KeyedSerial();
  readonly #processes = new FfmpegProcesses();
  readonly #statuses = new Map<string, SimulcastStatus>();
  readonly #live = new Map<string, LiveShow>();
  #closed = false;

  constructor(deps: SimulcastDeps) {
    this.#deps = deps;
    this.#options = { ...DEFAULT_FORWARDER_OPTIONS, ...deps.options };
  }

  async list(showId: string): Promise<SimulcastListPayload> {
    const records = await this.#deps.store.list(showId);
    return { destinations: records.map((r) => this.#view(r)) };
  }

  async add(showId: string, payload: SimulcastAddPayload): Promise<SimulcastListPayload> {
    return this.#serial.run(showId, async () => {
      const id = randomId();
      const record: SimulcastDestinationRecord = {
        id,
        showId,
        name: payload.name,
        url: payload.url.replace(/\/$/, ''),
        keySealed: this.#deps.box.seal(payload.streamKey, id),
        keyHint: maskStreamKey(payload.streamKey),
        enabled: payload.enabled ?? true,
        createdAt: this.#now(),
      };
      if (!(await this.#deps.store.add(record, SIMULCAST_LIMITS.destinationsMax)))
        throw new LiveShopError(
          ErrorCode.InvalidState,
          `A show has at most ${SIMULCAST_LIMITS.destinationsMax} simulcast destinations`,
        );
      if (record.enabled) this.#startOne(showId, record);
      return this.list(showId);
    });
  }

  async remove(showId: string, id: string): Promise<SimulcastListPayload> {
    return this.#serial.run(showId, async () => {
      if (!(await this.#deps.store.remove(showId, id)))
        throw new LiveShopError(ErrorCode.NotFound, 'No such simulcast destination');
      await this.#stopOne(showId, id);
      this.#statuses.delete(id);
      return this.list(showId);
    });
  }

  async enable(showId: string, id: string, enabled: boolean): Promise<SimulcastListPayload> {
    return this.#serial.run(showId, async () => {
      if (!(await this.#deps.store.setEnabled(showId, id, enabled)))
        throw new LiveShopError(ErrorCode.NotFound, 'No such simulcast destination');
      const record = (await this.#deps.store.list(showId)).find((r) => r.id === id);
      // Enabling a failed destination again is the host's "try again now".
      if (enabled && this.#statuses.get(id)?.state === 'failed') await this.#stopOne(showId, id);
      if (enabled && record) this.#startOne(showId, record);
      else await this.#stopOne(showId, id);
      return this.list(showId);
    });
  }

  sessionUp(showId: string, playlist: string): void {
    void this.#serial
      .run(showId, async () => {
        if (this.#closed) return;
        const live = this.#live.get(showId);
        if (live) {
          live.playlist = playlist;
          for (const forwarder of live.forwarders.values()) forwarder.switchTo(playlist);
        } else this.#live.set(showId, { playlist, forwarders: new Map() });
        for (const record of await this.#deps.store.list(showId)) if (record.enabled) this.#startOne(showId, record);
      })
      .catch((error: unknown) => this.#deps.logger.error('live-shop: simulcast could not start', error));
  }

  sessionDown(showId: string): void {
    void this.#serial
      .run(showId, async () => {
        const live = this.#live.get(showId);
        this.#live.delete(showId);
        if (!live) return;
        await Promise.all([...live.forwarders.keys()].map((id) => this.#stopForwarder(showId, live, id)));
      })
      .catch((error: unknown) => this.#deps.logger.error('live-shop: simulcast could not stop', error));
  }

  async close(): Promise<void> {
    this.#closed = true;
    const shows = [...this.#live.entries()];
    this.#live.clear();
    await Promise.all(shows.flatMap(([, live]) => [...live.forwarders.values()].map((f) => f.stop())));
    await this.#processes.stopAll();
  }

  /** Starts a destination's forwarder if the show is live and it has none yet. */
  #startOne(showId: string, record: SimulcastDestinationRecord): void {
    const live = this.#live.get(showId);
    if (!live || live.forwarders.has(record.id) || this.#closed) return;
    let key: string;
    try {
      key = this.#deps.box.open(record.keySealed, record.id);
    } catch {
      // Sealed under another server secret (data dir copied without its secret): the host re-enters it.
      return this.#report(showId, record.id, 'failed', 'The stream key cannot be read on this server: add it again');
    }
    let binary;
    try {
      binary = requireFfmpeg(this.#deps.ffmpegPath);
    } catch (error) {
      return this.#report(showId, record.id, 'failed', (error as Error).message);
    }
    const forwarder = new Forwarder(
      binary,
      this.#processes,
      { url: record.url, key },
      live.playlist,
      this.#options,
      (state, error) => {
        // A forwarder replaced or removed meanwhile reports nothing.
        if (this.#live.get(showId)?.forwarders.get(record.id) === forwarder)
          this.#report(showId, record.id, state, error);
      },
    );
    live.forwarders.set(record.id, forwarder);
    forwarder.start();
  }

  async #stopOne(showId: string, id: string): Promise<void> {
    const live = this.#live.get(showId);
    if (live?.forwarders.has(id)) await this.#stopForwarder(showId, live, id);
    else if (this.#statuses.has(id)) this.#report(showId, id, 'idle', null);
  }

  async #stopForwarder(showId: string, live: LiveShow, id: string): Promise<void> {
    const forwarder = live.forwarders.get(id)!;
    live.forwarders.delete(id);
    await forwarder.stop();
    this.#report(showId, id, 'idle', null);
  }

  #report(showId: string, id: string, state: SimulcastState, error: string | null): void {
    const previous = this.#statuses.get(id);
    const status: SimulcastStatus = {
      id,
      state,
      error: error ?? (state === 'idle' ? null : (previous?.error ?? null)),
      at: this.#now(),
    };
    if (previous && previous.state === status.state && previous.error === status.error) return;
    this.#statuses.set(id, status);
    if (!this.#closed) this.#deps.broadcast(showId, status);
  }

  #view(record: SimulcastDestinationRecord): SimulcastDestination {
    return {
      id: record.id,
      name: record.name,
      url: record.url,
      streamKeyMasked: record.keyHint,
      enabled: record.enabled,
      createdAt: record.createdAt,
      status: this.#statuses.get(record.id) ?? { id: record.id, state: 'idle', error: null, at: record.createdAt },
    };
  }

  #now(): number {
    return (this.#deps.now ?? Date.now)();
  }
}
