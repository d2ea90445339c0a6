import { ErrorCode, LiveShopError } from '@live-shop/protocol';
import type { Logger } from '../logger.js';
import type { ClipRecord, ClipStore } from '../store/clip-queries.js';
import type { ShowRecord } from '../store/store.js';
import type { ClipCutter, RecordingSpan } from './clip-cutter.js';
import { apiFailure, publicPlaybackId, type MuxProvider, type MuxWebhookEvent, type MuxWebhookOutcome } from './mux.js';

/** `passthrough` of a clip's asset: its webhooks find the clip by it, even when the create's answer was lost. */
const PASSTHROUGH = 'live-shop-clip:';
const CLIP_EVENTS = new Set(['video.asset.ready', 'video.asset.errored']);

/**
 * Mux clips: an asset clip of the show's recording asset (`POST /video/v1/assets` with
 * `inputs: [{url: "mux://assets/<id>", start_time, end_time}]`), ready on its `video.asset.ready`
 * webhook. The recording asset starts when the stream went active, i.e. at show-time 0.
 */
export class MuxClipCutter implements ClipCutter {
  readonly kind = 'mux';
  readonly #mux: Pick<MuxProvider, 'api' | 'recordingAssetId'>;
  readonly #clips: ClipStore;
  readonly #logger: Logger;
  readonly #now: () => number;

  constructor(
    mux: Pick<MuxProvider, 'api' | 'recordingAssetId'>,
    deps: { clips: ClipStore; logger: Logger; now?: () => number },
  ) {
    this.#mux = mux;
    this.#clips = deps.clips;
    this.#logger = deps.logger;
    this.#now = deps.now ?? Date.now;
  }

  async span(show: ShowRecord, startedAt: number): Promise<RecordingSpan | null> {
    if (show.status !== 'ended' || !(await this.#mux.recordingAssetId(show.id))) return null;
    return { startMs: 0, endMs: show.statusAt - startedAt };
  }

  async start(clip: ClipRecord): Promise<void> {
    const source = await this.#mux.recordingAssetId(clip.showId);
    if (!source) throw new LiveShopError(ErrorCode.InvalidState, 'This show has no recording at Mux yet');
    let asset;
    try {
      asset = await this.#mux.api.video.assets.create({
        inputs: [{ url: `mux://assets/${source}`, start_time: clip.startMs / 1000, end_time: clip.endMs / 1000 }],
        playback_policies: ['public'],
        passthrough: PASSTHROUGH + clip.id,
      });
    } catch (error) {
      throw apiFailure('create a clip', error);
    }
    await this.#clips.setExternalId(clip.id, asset.id, this.#now());
  }

  abandoned(): boolean {
    return false; // Mux keeps cutting whatever happens here; its webhook settles the clip
  }

  async remove(clip: ClipRecord): Promise<void> {
    if (!clip.externalId) return;
    await this.#mux.api.video.assets.delete(clip.externalId).catch((error: unknown) => {
      this.#logger.warn(`live-shop: ${apiFailure('delete a clip asset', error).message} (clip ${clip.id})`);
    });
  }

  async close(): Promise<void> {}

  /** A verified webhook about a clip's asset settles the clip; null when the event is not about a clip. */
  async applyWebhook(event: MuxWebhookEvent): Promise<MuxWebhookOutcome | null> {
    const passthrough = event.data?.passthrough;
    if (typeof passthrough !== 'string' || !passthrough.startsWith(PASSTHROUGH)) return null;
    const assetId = event.data?.id;
    const clip = await this.#clips.get(passthrough.slice(PASSTHROUGH.length));
    if (!CLIP_EVENTS.has(event.type) || typeof assetId !== 'string' || !clip) return 'ignored';
    // Another asset for the same clip (a create retried after its answer was lost): the recorded one wins.
    if (clip.externalId && clip.externalId !== assetId) return 'ignored';
    const playbackId = publicPlaybackId(event.data?.playback_ids);
    const ready = event.type === 'video.asset.ready' && playbackId;
    const settled = await this.#clips.settle(clip.id, {
      status: ready ? 'ready' : 'failed',
      externalId: assetId,
      playback: ready ? { kind: 'mux', playbackId } : null,
      updatedAt: this.#now(),
    });
    return settled ? 'applied' : 'ignored';
  }
}
