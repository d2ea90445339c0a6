import { ErrorCode, LIMITS, LiveShopError, onStage, type PublicShow, type StageGuest } from '@live-shop/protocol';
import type {
  CommerceStore,
  PollRecord,
  PollStore,
  ShowRecord,
  ShowStore,
  StageStore,
  VideoStore,
} from '../store/store.js';
import { isExpired, toPoll } from './polls.js';

export const notFound = (what: string) => new LiveShopError(ErrorCode.NotFound, `${what} not found`);

/** What the public view of a show is read from. */
export type PublicShowStore = Pick<ShowStore, 'getShow' | 'listShows' | 'listProducts' | 'getPins'> &
  Pick<VideoStore, 'getVideoStream'> &
  Pick<CommerceStore, 'recentSold'> &
  Pick<StageStore, 'getStage'> & { polls: PollStore };

/**
 * What viewers may know of a stage: the names of the guests on it, in the order they came on (no ids,
 * peers or backstage guests). Only connected ones: a guest whose tab closed is not in the picture.
 */
export const guestsOnStage = (stage: { guests: readonly StageGuest[] }): string[] =>
  onStage(stage.guests)
    .filter((g) => g.peer !== null)
    .map((g) => g.name);

/**
 * The public view of a show, as the REST API, join snapshots and the snapshot cache read it. It only
 * reads, so the show service and the cache share one without either needing the other.
 */
export class PublicShows {
  /** Polls: told when a read meets an open poll whose timer ran out (it is shown closed meanwhile). */
  onExpiredPoll: (poll: PollRecord) => void = () => {};

  constructor(
    private readonly store: PublicShowStore,
    private readonly now: () => number = Date.now,
    /** Web Push reminders: the VAPID public key viewers subscribe with (null: reminders off). */
    private readonly webPushKey: string | null = null,
  ) {}

  async requireShow(showId: string): Promise<ShowRecord> {
    const show = await this.store.getShow(showId);
    if (!show) throw notFound('Show');
    return show;
  }

  async publicShow(showId: string): Promise<PublicShow> {
    return this.toPublic(await this.requireShow(showId));
  }

  async listShows(): Promise<PublicShow[]> {
    return Promise.all((await this.store.listShows()).map((s) => this.toPublic(s)));
  }

  private async toPublic(show: ShowRecord): Promise<PublicShow> {
    const [products, pins, video, recentSales, stage] = await Promise.all([
      this.store.listProducts(show.id),
      this.store.getPins(show.id),
      this.store.getVideoStream(show.id),
      show.settings.socialProof
        ? this.store.recentSold(show.id, this.now() - LIMITS.soldWindowMs, LIMITS.recentSalesMax)
        : [],
      this.store.getStage(show.id),
    ]);
    const overlays = await this.overlays(show.id);
    // Field by field: anything private (ShowRecord fields, a provider's stream key) must not leak to viewers.
    const playback = video?.playback ?? null;
    const { id, title, status, statusAt, createdAt, startsAt, description, trailer } = show;
    return {
      id,
      title,
      status,
      statusAt,
      createdAt,
      products,
      pins,
      playback,
      settings: { ...show.settings },
      recentSales,
      guestsOnStage: guestsOnStage(stage),
      ...overlays,
      startsAt,
      description,
      trailer: trailer && { url: trailer.url, kind: trailer.kind },
      webPushKey: this.webPushKey,
    };
  }

  /** Polls, Q&A and the announcement banner: the latest poll with its counts, the banner, the question on air. */
  private async overlays(showId: string): Promise<Pick<PublicShow, 'poll' | 'announcement' | 'question'>> {
    const { polls } = this.store;
    const [latest, banner] = await Promise.all([polls.latest(showId), polls.getBanner(showId)]);
    const now = this.now();
    if (latest && isExpired(latest, now)) this.onExpiredPoll(latest);
    const [counts, message] = await Promise.all([
      latest ? polls.counts(latest.id, latest.options.length) : null,
      banner.question.id ? polls.publishedQuestion(showId, banner.question.id) : null,
    ]);
    return {
      poll: latest ? toPoll(latest, counts!, now) : null,
      announcement: banner.announcement,
      question: { message, at: banner.question.at },
    };
  }
}
