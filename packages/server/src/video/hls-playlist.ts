/**
 * The HLS playlists the local provider serves. ffmpeg writes one raw playlist per media session
 * (`s<N>.m3u8`); the server keeps a continuous index across sessions and renders what viewers get:
 * program date time from capture, a discontinuity at each resume, one media sequence, and the
 * low-latency tags hls.js needs.
 */

export interface RawSegment {
  uri: string;
  /** Seconds (EXTINF). */
  duration: number;
}

/** One segment of the show's continuous index; `msn` is its media sequence number. */
export interface IndexedSegment extends RawSegment {
  msn: number;
  /** Program date time, epoch ms: the session's capturedAt + the segment's start within the session. */
  pdt: number;
  /** First segment of a resumed session: the timestamps restart. */
  discontinuity: boolean;
}

/** Segments of an ffmpeg media playlist, in order. Tolerates partial or foreign tags. */
export function parseMediaPlaylist(text: string): RawSegment[] {
  const segments: RawSegment[] = [];
  let duration: number | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#EXTINF:')) {
      const value = Number.parseFloat(line.slice('#EXTINF:'.length));
      duration = Number.isFinite(value) && value >= 0 ? value : null;
    } else if (line && !line.startsWith('#')) {
      if (duration !== null) segments.push({ uri: line, duration });
      duration = null;
    }
  }
  return segments;
}

export interface RenderOptions {
  /** `live`: the last `window` segments with low-latency tags; `full`: every segment (replay). */
  mode: 'live' | 'full';
  window: number;
  /** Seconds: the encoder's segment target (hls_time). */
  partTarget: number;
  ended: boolean;
}

const pdt = (ms: number) => new Date(ms).toISOString();

/**
 * Renders a playlist from the index. TARGETDURATION is at least 1 (ffmpeg writes 0 for sub-second
 * segments, which players read as "reload every second"); PART-INF + SERVER-CONTROL make hls.js
 * run in low-latency mode with blocking reloads (`_HLS_msn`) and a live edge of PART-HOLD-BACK.
 */
export function renderPlaylist(index: readonly IndexedSegment[], options: RenderOptions): string {
  const live = options.mode === 'live' && !options.ended;
  let shown = live ? index.slice(-options.window) : index;
  // A takeover by another node jumps the numbering (issue 16): a live playlist's segments must be consecutive.
  for (let i = shown.length - 1; live && i > 0; i--)
    if (shown[i]!.msn !== shown[i - 1]!.msn + 1) {
      shown = shown.slice(i);
      break;
    }
  const first = shown[0];
  const skipped = first ? index.length - shown.length : 0;
  const discontinuitiesBefore = index.slice(0, skipped).filter((s) => s.discontinuity).length;
  const longest = Math.max(1, ...shown.map((s) => Math.ceil(s.duration)));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', `#EXT-X-TARGETDURATION:${longest}`];
  if (live) {
    // Spec: PART-HOLD-BACK ≥ 2 × PART-TARGET. Three parts keep one segment of slack for jitter.
    const hold = (options.partTarget * 3).toFixed(3);
    lines.push(
      `#EXT-X-PART-INF:PART-TARGET=${options.partTarget.toFixed(3)}`,
      `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=${hold}`,
    );
  }
  lines.push(
    `#EXT-X-MEDIA-SEQUENCE:${first?.msn ?? 0}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${discontinuitiesBefore}`,
    '#EXT-X-INDEPENDENT-SEGMENTS',
  );
  for (const segment of shown) {
    if (segment.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${pdt(segment.pdt)}`, `#EXTINF:${segment.duration.toFixed(6)},`, segment.uri);
  }
  if (options.ended) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** Segments of a playlist this server rendered (`recording.m3u8`): each with its program date time and discontinuity. */
export function parseRenderedPlaylist(text: string): IndexedSegment[] {
  const segments: IndexedSegment[] = [];
  let pending = { pdt: NaN, duration: NaN, discontinuity: false };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '#EXT-X-DISCONTINUITY') pending.discontinuity = true;
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pending.pdt = Date.parse(line.slice(25));
    else if (line.startsWith('#EXTINF:')) pending.duration = Number.parseFloat(line.slice(8));
    else if (line && !line.startsWith('#')) {
      if (Number.isFinite(pending.pdt) && Number.isFinite(pending.duration))
        segments.push({ uri: line, msn: segments.length, ...pending });
      pending = { pdt: NaN, duration: NaN, discontinuity: false };
    }
  }
  return segments;
}
