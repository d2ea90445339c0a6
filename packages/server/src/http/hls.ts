import { ErrorCode } from '@live-shop/protocol';
import { Router, type Response } from 'express';
import {
  PLAYLISTS,
  SEGMENT_PATTERN,
  SHOW_ID_PATTERN,
  type LocalVideoProvider,
  type PlaylistName,
} from '../video/local.js';
import { CLIP_PLAYLIST, CLIP_SEGMENT_PATTERN, localClipDir } from '../video/local-clips.js';
import { HLS_HOP_HEADER } from '../video/node-owner.js';
import { sendError } from './errors.js';
import { proxyHls } from './hls-proxy.js';

const PLAYLIST_NAMES = new Map<string, PlaylistName>(
  Object.entries(PLAYLISTS).map(([name, file]) => [file, name as PlaylistName]),
);

const shared = (res: Response) => {
  // The viewer plays from the merchant's origin; media is public like the show itself.
  res.set('Access-Control-Allow-Origin', '*');
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
/**
 * Playlists for a CDN in front (`s-maxage`: shared caches only; browsers always ask again). The live
 * edge for a second; a blocking reload's answer (its URL names the segment it waited for) for longer;
 * a finished recording for a minute. Nothing that could go stale in a way a player would loop on.
 */
const LIVE_EDGE = 'public, max-age=0, s-maxage=1';
const BLOCKING_ANSWER = 'public, max-age=0, s-maxage=10';
const ENDED = 'public, max-age=60';
const NOT_CACHED = 'no-store';

/** Whether a rendered playlist lists segment `msn` (or the show is over: nothing more will come). */
function reaches(text: string, msn: number): boolean {
  if (text.includes('#EXT-X-ENDLIST')) return true;
  const first = Number(/^#EXT-X-MEDIA-SEQUENCE:(\d+)/m.exec(text)?.[1]);
  let segments = 0;
  for (const line of text.split('\n')) if (line && !line.startsWith('#')) segments++;
  return first + segments > msn;
}

/** The cache policy of a playlist answer; a blocking reload that timed out before its segment must not be cached. */
function playlistCaching(text: string, msn: number | undefined): string {
  if (text.includes('#EXT-X-ENDLIST')) return ENDED;
  if (msn === undefined) return LIVE_EDGE;
  return reaches(text, msn) ? BLOCKING_ANSWER : NOT_CACHED;
}

/** A file under `root` with these headers, or not_found (without them) when it is not there. */
function sendMedia(res: Response, file: string, root: string, type: string, cacheControl: string): void {
  res.set({ 'Content-Type': type, 'Cache-Control': cacheControl });
  res.sendFile(file, { root, dotfiles: 'deny', cacheControl: false, lastModified: false }, (error) => {
    if (!error || res.headersSent) return;
    res.removeHeader('Content-Type');
    res.set('Cache-Control', NOT_CACHED);
    sendError(res, ErrorCode.NotFound, 'No such media');
  });
}

/**
 * `GET /hls/:showId/:file`: the local provider's playlists (rendered per request, with blocking
 * reloads on `_HLS_msn`) and segments (immutable files).
 */
export function hlsRouter(video: LocalVideoProvider): Router {
  const router = Router();
  router.get('/hls/:showId/:file', async (req, res, next) => {
    const { showId, file } = req.params;
    shared(res);
    // Errors and "not yet" must not be kept by a CDN (the show's media is about to exist).
    res.set('Cache-Control', NOT_CACHED);
    if (!SHOW_ID_PATTERN.test(showId)) return sendError(res, ErrorCode.NotFound, 'No such media');
    // Another node runs this show's ffmpeg (issue 16); a request that already hopped is served from here.
    if (!req.get(HLS_HOP_HEADER) && (PLAYLIST_NAMES.has(file) || SEGMENT_PATTERN.test(file))) {
      try {
        const owner = await video.remoteOwner(showId);
        // Bounded: a blocking reload's hold plus a few seconds for the owner to start answering.
        if (owner) return proxyHls(req, res, owner, video.segmentSeconds * 3000 + 5000);
      } catch (error) {
        return next(error);
      }
    }
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
          .set({ 'Content-Type': 'application/vnd.apple.mpegurl', 'Cache-Control': playlistCaching(text, msn) })
          .send(Buffer.from(text));
      } catch (error) {
        next(error);
      }
      return;
    }
    if (!SEGMENT_PATTERN.test(file)) return sendError(res, ErrorCode.NotFound, 'No such media');
    sendMedia(res, file, video.showDir(showId), 'video/mp2t', IMMUTABLE);
  });
  // A clip: a finished VOD playlist (revalidated like the recording's) and its segments (immutable).
  router.get('/hls/:showId/clips/:clipId/:file', (req, res) => {
    const { showId, clipId, file } = req.params;
    shared(res);
    res.set('Cache-Control', NOT_CACHED);
    const playlist = file === CLIP_PLAYLIST;
    if (
      !SHOW_ID_PATTERN.test(showId) ||
      !SHOW_ID_PATTERN.test(clipId) ||
      !(playlist || CLIP_SEGMENT_PATTERN.test(file))
    )
      return sendError(res, ErrorCode.NotFound, 'No such media');
    const root = localClipDir(video, showId, clipId);
    if (playlist) sendMedia(res, file, root, 'application/vnd.apple.mpegurl', 'no-cache');
    else sendMedia(res, file, root, 'video/mp2t', IMMUTABLE);
  });
  return router;
}
