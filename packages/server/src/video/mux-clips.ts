import { ErrorCode, LiveShopError, recordingPositionOf } from '@live-shop/protocol';
import type { Logger } from '../logger.js';
import type { ClipRecord, ClipStore } from '../store/clip-queries.js';
import type { ShowRecord } from '../store/store.js';
import type { ClipCutter, RecordedRange } from './clip-cutter.js';
import { apiFailure, publicPlaybackId, type MuxProvider, type MuxWebhookEvent, type MuxWebhookOutcome } from './mux.js';

/** `passthrough` of a clip's asset: its webhooks find the clip by it, even when the create's answer was lost. */
const PASSTHROUGH = 'live-shop-clip:';
const CLIP_EVENTS = new Set(['video.asset.ready', 'video.asset.errored']);

/**
 * Mux clips: an asset clip of the show's recording asset (`POST /video/v1/assets` with
 * `inputs: [{url: "mux://assets/<id>", start_time, end_time}]`), ready on its `video.asset.ready`
 * webhook. Show-time maps to the asset's position through its recording times (Mux's
 * `recording_times`: a reconnect's gap is not in the asset); without them the asset is taken to
 * start at show-time 0 (the stream went active as the show went live).
 */
export class MuxClipCutter implements ClipCutter {
  readonly kind = 'mux';
  readonly #mux: Pick<MuxProvider, 'api' | 'recording'>;
  readonly #clips: ClipStore;
  readonly #logger: Logger;
  readonly #now: () => number;

  constructor(
    mux: Pick<MuxProvider, 'api' | 'recording'>,
    deps: { clips: ClipStore; logger: Logger; now?: () => number },
  ) {
    this.#mux = mux;
    this.#clips = deps.clips;
    this.#logger = deps.logger;
    this.#now = deps.now ?? Date.now;
  }

  async span(show: ShowRecord, startedAt: number): Promise<RecordedRange | null> {
    const recording = await this.#mux.recording(show.id);
    if (show.status !== 'ended' || !recording) return null;
    const spans = recording.spans;
    if (!spans?.length) return { startMs: 0, endMs: show.statusAt - startedAt };
    const last = spans.at(-1)!;
    return { startMs: Math.max(0, spans[0]!.at - startedAt), endMs: last.at + last.duration - startedAt };
  }

  async start(clip: ClipRecord, startedAt: number): Promise<void> {
    const recording = await this.#mux.recording(clip.showId);
    if (!recording) throw new LiveShopError(ErrorCode.InvalidState, 'This show has no recording at Mux yet');
    const source = recording.assetId;
    const position = (showTime: number) =>
      (recording.spans?.length ? recordingPositionOf(recording.spans, startedAt + showTime)! : showTime) / 1000;
    let asset;
    try {
      asset = await this.#mux.api.video.assets.create({
        inputs: [{ url: `mux://assets/${source}`, start_time: position(clip.startMs), end_time: position(clip.endMs) }],
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
