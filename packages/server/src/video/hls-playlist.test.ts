import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMediaPlaylist, renderPlaylist, type IndexedSegment } from './hls-playlist.js';

const FFMPEG = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:0
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-INDEPENDENT-SEGMENTS
#EXTINF:0.266667,
s1-000000.ts
#EXTINF:0.233333,
s1-000001.ts
#EXTINF:0.25,
`;

const segment = (msn: number, discontinuity = false): IndexedSegment => ({
  uri: `s${discontinuity || msn >= 3 ? 2 : 1}-${String(msn).padStart(6, '0')}.ts`,
  duration: 0.25,
  msn,
  pdt: Date.UTC(2025, 0, 1) + msn * 250,
  discontinuity,
});

describe('HLS playlists', () => {
  it('parses ffmpeg playlists, ignoring a trailing EXTINF without its URI', () => {
    assert.deepEqual(parseMediaPlaylist(FFMPEG), [
      { uri: 's1-000000.ts', duration: 0.266667 },
      { uri: 's1-000001.ts', duration: 0.233333 },
    ]);
    assert.deepEqual(parseMediaPlaylist(''), []);
  });

  // Issue 16: a node taking a show over numbers above the node before it.
  it('starts a live window after a jump in the numbering, so its segments stay consecutive', () => {
    const index = [segment(0), segment(1), segment(40, true), segment(41)];
    const text = renderPlaylist(index, { mode: 'live', window: 4, partTarget: 0.25, ended: false });
    assert.match(text, /#EXT-X-MEDIA-SEQUENCE:40\n#EXT-X-DISCONTINUITY-SEQUENCE:0\n/);
    assert.deepEqual(
      parseMediaPlaylist(text).map((s) => s.uri),
      ['s2-000040.ts', 's2-000041.ts'],
    );
    const full = renderPlaylist(index, { mode: 'full', window: 4, partTarget: 0.25, ended: true });
    assert.equal(parseMediaPlaylist(full).length, 4, 'the recording keeps every segment');
  });

  it('renders a live window with low-latency tags and a counted discontinuity sequence', () => {
    const index = [segment(0), segment(1), segment(2), segment(3, true), segment(4), segment(5)];
    const text = renderPlaylist(index, { mode: 'live', window: 2, partTarget: 0.25, ended: false });
    assert.match(text, /#EXT-X-TARGETDURATION:1\n/);
    assert.match(
      text,
      /#EXT-X-PART-INF:PART-TARGET=0\.250\n#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0\.750\n/,
    );
    assert.match(text, /#EXT-X-MEDIA-SEQUENCE:4\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n/);
    assert.match(text, /#EXT-X-PROGRAM-DATE-TIME:2025-01-01T00:00:01\.000Z\n#EXTINF:0\.250000,\ns2-000004\.ts\n/);
    assert.doesNotMatch(text, /ENDLIST|s1-/);
    const window = renderPlaylist(index, { mode: 'live', window: 4, partTarget: 0.25, ended: false });
    assert.match(
      window,
      /#EXT-X-DISCONTINUITY-SEQUENCE:0\n[^]*s1-000002\.ts\n#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME/,
    );
  });

  it('renders the whole show with ENDLIST once ended, without live tags', () => {
    const text = renderPlaylist([segment(0), segment(1)], { mode: 'live', window: 1, partTarget: 0.25, ended: true });
    assert.match(text, /#EXT-X-MEDIA-SEQUENCE:0\n/);
    assert.equal(text.match(/\.ts\n/g)?.length, 2);
    assert.ok(text.endsWith('#EXT-X-ENDLIST\n'));
    assert.doesNotMatch(text, /SERVER-CONTROL|PART-INF/);
  });
});
