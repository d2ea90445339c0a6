import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseMediaPlaylist, renderPlaylist, type IndexedSegment, type RenderOptions } from './hls-playlist.js';

/** What the server remembers about one media session (one ffmpeg run), next to its files. */
export interface SessionMeta {
  session: number;
  /** Server-clock epoch ms of the session's first captured frame (from the studio's hello). */
  capturedAt: number;
  mimeType: string;
  /** The media sequence number its first segment gets (issue 16: numbering carried over from another node). */
  msnStart?: number;
}

interface SessionState extends SessionMeta {
  /** Segments of this session already in the index. */
  taken: number;
  /** Seconds of media of this session already in the index. */
  elapsed: number;
}

export const sessionPlaylist = (session: number) => `s${session}.m3u8`;
export const sessionSegmentPattern = (session: number) => `s${session}-%06d.ts`;
const sessionMetaFile = (session: number) => `s${session}.json`;
const META_NAME = /^s(\d{1,6})\.json$/;

const readText = (file: string) => readFile(file, 'utf8').catch(() => '');

/**
 * One show's HLS output: the continuous segment index over every media session, rebuilt from the
 * files on disk after a restart, and the blocking-reload waiters (`_HLS_msn`).
 */
export class HlsShow {
  readonly #sessions: SessionState[] = [];
  readonly #index: IndexedSegment[] = [];
  readonly #waiters = new Set<(force: boolean) => void>();
  #ended = false;
  /** The next segment's media sequence number: the index's length unless a takeover moved it on. */
  #nextMsn = 0;
  #refreshing: Promise<void> = Promise.resolve();

  private constructor(readonly dir: string) {}

  /** Reads every session's meta and ffmpeg playlist found in `dir` (none for a new show). */
  static async load(dir: string, ended: boolean): Promise<HlsShow> {
    const show = new HlsShow(dir);
    const names = await readdir(dir).catch(() => [] as string[]);
    const sessions = names.flatMap((name) => {
      const match = META_NAME.exec(name);
      return match ? [Number(match[1])] : [];
    });
    for (const session of sessions.sort((a, b) => a - b)) {
      try {
        const meta = JSON.parse(await readFile(path.join(dir, sessionMetaFile(session)), 'utf8')) as SessionMeta;
        show.#sessions.push({ ...meta, session, taken: 0, elapsed: 0 });
        if (typeof meta.msnStart === 'number') show.advanceTo(meta.msnStart);
        await show.refresh(session);
      } catch {
        // A meta file torn by a crash: that session's segments stay on disk, unlisted.
      }
    }
    show.#ended = ended;
    return show;
  }

  get ended(): boolean {
    return this.#ended;
  }

  nextSession(): number {
    return (this.#sessions.at(-1)?.session ?? 0) + 1;
  }

  /** The media sequence number the next segment gets. */
  get nextMsn(): number {
    return this.#nextMsn;
  }

  /** Numbers the next segments from `msn` on, if that is higher (another node listed segments up to it). */
  advanceTo(msn: number): void {
    this.#nextMsn = Math.max(this.#nextMsn, msn);
  }

  async addSession(meta: SessionMeta): Promise<void> {
    meta = { ...meta, msnStart: this.#nextMsn };
    await writeFile(path.join(this.dir, sessionMetaFile(meta.session)), JSON.stringify(meta));
    this.#sessions.push({ ...meta, taken: 0, elapsed: 0 });
    this.#ended = false;
  }

  /** Takes the segments ffmpeg listed since the last refresh; resolves with how many were new. */
  refresh(session: number): Promise<number> {
    const run = this.#refreshing.then(async () => {
      const state = this.#sessions.find((s) => s.session === session);
      if (!state) return 0;
      const raw = parseMediaPlaylist(await readText(path.join(this.dir, sessionPlaylist(session))));
      const fresh = raw.slice(state.taken);
      for (const [i, segment] of fresh.entries()) {
        this.#index.push({
          ...segment,
          msn: this.#nextMsn++,
          pdt: Math.round(state.capturedAt + state.elapsed * 1000),
          discontinuity: state.taken === 0 && i === 0 && this.#index.length > 0,
        });
        state.elapsed += segment.duration;
      }
      state.taken = raw.length;
      if (fresh.length) this.#wake();
      return fresh.length;
    });
    this.#refreshing = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  render(options: Omit<RenderOptions, 'ended'>): string | null {
    if (this.#index.length === 0) return null;
    return renderPlaylist(this.#index, { ...options, ended: this.#ended });
  }

  /** Resolves once segment `msn` is listed, the show ended, `timeoutMs` passed, or on release. */
  waitFor(msn: number, timeoutMs: number): Promise<void> {
    if (msn < this.#nextMsn || this.#ended) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = (force: boolean) => {
        if (!force && msn >= this.#nextMsn && !this.#ended) return;
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve();
      };
      const timer = setTimeout(() => waiter(true), timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /** The show is over: playlists get `#EXT-X-ENDLIST`; the full one is also written as `recording.m3u8`. */
  async finish(options: Omit<RenderOptions, 'ended' | 'mode'>): Promise<void> {
    this.#ended = true;
    this.#wake();
    const full = this.render({ ...options, mode: 'full' });
    if (full) await writeFile(path.join(this.dir, 'recording.m3u8'), full);
  }

  /** Answers every held playlist request now (shutdown). */
  releaseAll(): void {
    for (const waiter of [...this.#waiters]) waiter(true);
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter(false);
  }
}
