import { LiveShopError } from '@live-shop/protocol';
import type { Logger } from '../logger.js';
import type { ShowService } from '../show/service.js';
import type { LocalVideoProvider } from './local.js';
import { RtmpRefusal, RtmpServer, type RtmpSink } from './rtmp/server.js';

/** The application name in every show's RTMP URL: `rtmp://HOST:PORT/live` + the show's stream key. */
export const RTMP_APP = 'live';

export interface RtmpIngestOptions {
  port: number;
  host?: string;
  /** LIVE_SHOP_RTMP_URL: what hosts are shown (behind NAT or a TCP proxy); else `rtmp://<Host>:<port>/live`. */
  publicUrl?: string;
}

export interface RtmpIngestDeps {
  service: Pick<ShowService, 'requireShow'>;
  video: LocalVideoProvider;
  logger: Logger;
}

/** States in which a publisher is taken: after Go live, as for the studio's own upload (ingest.ts). */
const PUBLISHABLE: ReadonlySet<string> = new Set(['starting', 'live', 'reconnecting']);

/**
 * RTMP in for the local provider: OBS pushes to one port for every show; the stream key picks the
 * show, and its FLV goes through the same ffmpeg → HLS as the studio's WebM. Our own small server
 * (rtmp/server.ts) rather than a package or ffmpeg `-listen 1`: ffmpeg listens on one port per
 * process and only warns on a wrong stream name, and the Node RTMP servers bring a whole media server.
 */
export async function startRtmpIngest(deps: RtmpIngestDeps, options: RtmpIngestOptions): Promise<RtmpServer> {
  const { service, video, logger } = deps;
  const open = async (key: string): Promise<RtmpSink> => {
    const showId = await video.showForKey(key);
    if (!showId) throw new RtmpRefusal('Unknown stream key');
    const show = await service.requireShow(showId);
    if (!PUBLISHABLE.has(show.status))
      throw new RtmpRefusal(`The show is ${show.status}: press Go live in the studio first`);
    const session = await video.openRtmp(showId);
    return {
      write: (flv) => session.write(flv),
      onDrain: (listener) => session.onDrain(listener),
      onError: (listener) => session.onError(listener),
      close: () => {
        // The encoder left without End show: reconnecting, as when the studio's upload drops.
        session.close('drop').catch((error: unknown) => logger.error('live-shop: closing RTMP media failed', error));
      },
    };
  };
  const server = new RtmpServer({
    app: RTMP_APP,
    logger,
    async authorize(key): Promise<RtmpSink> {
      try {
        return await open(key);
      } catch (error) {
        // The show was deleted, ffmpeg is missing, another publisher is on: say why, as a refusal.
        if (error instanceof LiveShopError) throw new RtmpRefusal(error.message);
        throw error;
      }
    },
  });
  const address = await server.listen(options.port, options.host);
  video.rtmpUrl = (requestHost) => {
    if (options.publicUrl) return options.publicUrl;
    // The hostname the studio reached this server by (no port: RTMP has its own).
    let hostname = 'localhost';
    try {
      if (requestHost) hostname = new URL(`http://${requestHost}`).hostname;
    } catch {
      // A Host header that is no host: keep localhost.
    }
    return `rtmp://${hostname}:${address.port}/${RTMP_APP}`;
  };
  return server;
}
