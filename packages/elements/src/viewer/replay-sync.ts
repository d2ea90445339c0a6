import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadReplayTimeline, type ReplayChapter, type ReplayMoment, type ReplayTimeline } from '@live-shop/client';
import type { LiveShopPlayer } from '../player/player.js';
import type { ReplayPoll } from '../overlays/overlays.js';
import { renderChapters, type ChapterContext } from './chapters.js';

export { chapterStyles } from './chapters.styles.js';

type Host = ReactiveControllerHost & Element & { readonly renderRoot?: ParentNode };

/** What makes two moments look the same on screen (cards, chat, and the poll with its countdown's second). */
const keyOf = (m: ReplayMoment | null, time: number) =>
  m ? `${m.productIds.join(',')}|${m.chat.length}|${m.chat.at(-1)?.id ?? ''}|${pollKey(m.poll, time)}` : '';

// polls in replays: a poll changes on screen when it opens, closes, or its timer's second changes
const pollKey = (poll: ReplayMoment['poll'], time: number) =>
  !poll ? '' : `${poll.id}:${poll.closedAt ?? (poll.endsAt === null ? '' : Math.ceil((poll.endsAt - time) / 1000))}`;

/**
 * A lazy chunk of the viewer, with the timeline code: only pages with an ended show load it.
 *
 * A replay re-runs the show: once the show ended, its timeline loads; while the player plays the
 * recording, every animation frame reads the moment on screen (the recording's program date time,
 * else the show-time of its position) and the viewer shows the cards and chat of that moment. A
 * seek either way lands on the moment's own state: nothing is replayed event by event.
 */
export class ReplaySync implements ReactiveController {
  /** What the replay shows now; null while no replay plays (the viewer shows the live state). */
  moment: ReplayMoment | null = null;
  /** The server time of the moment on screen (with `moment`): a replayed poll's countdown reads it. */
  time = 0;
  /** For `<live-shop-overlays>`'s `replay`: the poll on screen and the moment's time; null while no replay plays. */
  poll: ReplayPoll | null = null;
  /** Every moment a product came on screen, in time order (grows as the timeline's pages arrive). */
  chapters: ReplayChapter[] = [];
  #host: Host;
  #target = '';
  #timeline: ReplayTimeline | null = null;
  #abort: AbortController | null = null;
  #frame = 0;
  /** The video whose presented frames are followed, and the media time of the frame on screen. */
  #framesOf: HTMLVideoElement | null = null;
  #presented: number | null = null;
  /** The last moment read and the video's time then. */
  #last: { time: number; media: number } | null = null;

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.requestUpdate(); // the host's next update says what to replay (loaded again)
  }

  /** Off the page: no frame loop, and a timeline still loading is dropped. */
  hostDisconnected(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.update(null);
  }

  /** From the host's `willUpdate`: the show to replay (its status is `ended`), or null. */
  update(target: { server: string; show: string } | null): void {
    const key = target ? `${target.server} ${target.show}` : '';
    if (key === this.#target) return;
    this.#abort?.abort();
    this.#abort = null;
    this.#timeline = null;
    this.moment = null;
    this.poll = null;
    this.chapters = [];
    this.#target = key;
    if (!target) return;
    const abort = (this.#abort = new AbortController());
    const onPage = (timeline: ReplayTimeline) => {
      this.#timeline = timeline;
      this.chapters = timeline.chapters();
      this.#host.requestUpdate();
    };
    loadReplayTimeline(target, { signal: abort.signal, onPage }).catch(
      // No timeline (an older server, offline): the replay is the video alone, as before.
      () => {},
    );
    this.#watch();
  }

  /** The chapters under the video: each product at its moment (those in `onScreen` marked current). */
  renderChapters(onScreen: readonly string[], ctx: ChapterContext) {
    return renderChapters(this.chapters, onScreen, ctx);
  }

  #watch(): void {
    if (this.#frame || !this.#host.isConnected) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      if (!this.#target) return;
      const read = this.#read();
      const moment = read?.moment ?? null;
      const time = read?.time ?? 0;
      if (keyOf(moment, time) !== keyOf(this.moment, this.time)) {
        this.moment = moment;
        this.time = time;
        this.poll = moment ? { poll: moment.poll, time } : null;
        this.#host.requestUpdate();
      }
      this.#watch();
    });
  }

  #followFrames(video: HTMLVideoElement): void {
    if (video === this.#framesOf) return;
    this.#framesOf = video;
    this.#presented = null;
    if (typeof video.requestVideoFrameCallback !== 'function') return;
    const onFrame = (_now: number, frame: VideoFrameCallbackMetadata) => {
      if (this.#framesOf !== video) return;
      this.#presented = frame.mediaTime;
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  }

  #read(): { moment: ReplayMoment; time: number } | null {
    const player = this.#host.renderRoot?.querySelector?.<LiveShopPlayer>('live-shop-player');
    const video = player?.video;
    if (!this.#timeline || !video || player.status !== 'ended') return null;
    let time = player.currentPdt ?? this.#timeline.timeAt(video.currentTime * 1000);
    if (time === null) return null;
    // Cards follow the picture: on a busy device the frame on screen trails the media clock.
    this.#followFrames(video);
    const behind = this.#presented === null ? 0 : video.currentTime - this.#presented;
    if (behind > 0 && behind < 1) time -= behind * 1000;
    // The player's date can step back a little at a segment boundary while the video plays on:
    // hold it, so a card never flickers out and in. A seek (the video's time going back) is followed.
    const last = this.#last;
    if (last && !video.seeking && video.currentTime >= last.media && time < last.time && last.time - time < 1000)
      time = last.time;
    this.#last = { time, media: video.currentTime };
    return { moment: this.#timeline.at(time), time };
  }
}
