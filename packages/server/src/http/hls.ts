import { ErrorCode } from '@live-shop/protocol';
import { Router, type Response } from 'express';
import { PLAYLISTS, SHOW_ID_PATTERN, type LocalVideoProvider, type PlaylistName } from '../video/local.js';
import { sendError } from './errors.js';

/** Segment files ffmpeg writes: `s<session>-<number>.ts`. Nothing else on disk is served. */
const SEGMENT = /^s\d{1,6}-\d{6,9}\.ts$/;
const PLAYLIST_NAMES = new Map<string, PlaylistName>(
  Object.entries(PLAYLISTS).map(([name, file]) => [file, name as PlaylistName]),
);

const shared = (res: Response) => {
  // The viewer plays from the merchant's origin; media is public like the show itself.
  res.set('Access-Control-Allow-Origin', '*');
};

/**
 * `GET /hls/:showId/:file`: the local provider's playlists (rendered per request, with blocking
 * reloads on `_HLS_msn`) and segments (immutable files).
 */
export function hlsRouter(video: LocalVideoProvider): Router {
  const router = Router();
  router.get('/hls/:showId/:file', async (req, res, next) => {
    const { showId, file } = req.params;
    shared(res);
    if (!SHOW_ID_PATTERN.test(showId)) return sendError(res, ErrorCode.NotFound, 'No such media');
    const playlist = PLAYLIST_NAMES.get(file);
    if (playlist) {
      const rawMsn = req.query._HLS_msn;
      let msn: number | undefined;
      if (rawMsn !== undefined) {
        msn = typeof rawMsn === 'string' && /^\d{1,9}$/.test(rawMsn) ? Number(rawMsn) : NaN;
        if (Number.isNaN(msn)) return sendError(res, ErrorCode.BadRequest, '_HLS_msn must be a non-negative integer');
      }
      try {
        const text = await video.playlist(showId, playlist, msn);
        if (text === null) return sendError(res, ErrorCode.NotFound, 'No media yet for this show');
        res
          .set({ 'Content-Type': 'application/vnd.apple.mpegurl', 'Cache-Control': 'no-cache' })
          .send(Buffer.from(text));
      } catch (error) {
        next(error);
      }
      return;
    }
    if (!SEGMENT.test(file)) return sendError(res, ErrorCode.NotFound, 'No such media');
    res.set({ 'Content-Type': 'video/mp2t', 'Cache-Control': 'public, max-age=31536000, immutable' });
    res.sendFile(
      file,
      { root: video.showDir(showId), dotfiles: 'deny', cacheControl: false, lastModified: false },
      (error) => {
        if (!error || res.headersSent) return;
        res.removeHeader('Cache-Control');
        res.removeHeader('Content-Type');
        sendError(res, ErrorCode.NotFound, 'No such media');
      },
    );
  });
  return router;
}
