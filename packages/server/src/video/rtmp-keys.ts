import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { VideoStore } from '../store/store.js';
import type { Playback } from '@live-shop/protocol';

/** The stream key's lookup id: its hash, so the index never holds the key itself. */
const keyId = (key: string) => `rtmp:${createHash('sha256').update(key).digest('hex')}`;

const newKey = () => `ls_${randomBytes(24).toString('base64url')}`;

/**
 * Local RTMP stream keys, one per show, kept with the show's video record like Mux's stream key
 * (`data.rtmpKey`, private) and found back by `external_id` = the key's hash.
 */
export class RtmpKeys {
  constructor(
    private readonly store: VideoStore,
    private readonly now: () => number,
  ) {}

  /** The show's key, made on first ask. Callers serialize per show (local.ts). */
  async key(showId: string): Promise<string> {
    const record = await this.store.getVideoStream(showId);
    const existing = record?.provider === 'local' ? record.data.rtmpKey : undefined;
    return typeof existing === 'string' ? existing : this.rotate(showId);
  }

  async rotate(showId: string): Promise<string> {
    const record = await this.store.getVideoStream(showId);
    const kept = record?.provider === 'local' ? record : null;
    const key = newKey();
    await this.store.putVideoStream({
      showId,
      provider: 'local',
      externalId: keyId(key),
      data: { ended: false, ...kept?.data, rtmpKey: key },
      playback: (kept?.playback ?? null) as Playback | null,
      updatedAt: this.now(),
    });
    return key;
  }

  async showFor(key: string): Promise<string | null> {
    if (!/^ls_[\w-]{32}$/.test(key)) return null;
    const record = await this.store.findVideoStream('local', keyId(key));
    const stored = record?.data.rtmpKey;
    if (typeof stored !== 'string' || stored.length !== key.length) return null;
    return timingSafeEqual(Buffer.from(stored), Buffer.from(key)) ? record!.showId : null;
  }
}
