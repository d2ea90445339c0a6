import {
  ErrorCode,
  LIMITS,
  LiveShopError,
  PROTOCOL_VERSION,
  type ChatMessage,
  type CreateProductBody,
  type CreateShowBody,
  type PinsPayload,
  type Product,
  type PublicShow,
  type Role,
  type ServerToClientEvents,
  type ShowSettings,
  type ShowSnapshot,
  type StatusPayload,
  type IngestInfo,
} from '@live-shop/protocol';
import type { Logger } from '../logger.js';
import type { IngestContext, VideoProvider, VideoSignals } from '../video/provider.js';
import type { VideoSignalHub } from '../video/signals.js';
import { randomId, timeOrderedId } from '../ids.js';
import {
  DEFAULT_SHOW_SETTINGS,
  refusedForItsData,
  type ChatAuthor,
  type ChatStore,
  type NewProduct,
  type ShowRecord,
  type ShowStore,
  type TimelineStore,
  type TokenStore,
} from '../store/store.js';
import { ShowAccess } from './access.js';
import { ChatBatcher } from './chat-batcher.js';
import { notFound, PublicShows, type PublicShowStore } from './public-show.js';
import { KeyedSerial } from './serial.js';
import { nextStatus, type ShowInput } from './state-machine.js';
import { TimelineReader } from './timeline.js';

/** How the service reaches everyone watching a show (Socket.IO rooms in practice). */
export interface Broadcaster {
  emit<E extends keyof ServerToClientEvents>(
    showId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** The show's host connections only: sales figures are the merchant's business, not the viewers'. */
  emitToHosts<E extends keyof ServerToClientEvents>(
    showId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** Hosts and moderators of the show. */
  emitToStaff<E extends keyof ServerToClientEvents>(
    showId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** The connections of one viewer (by subject id) in this show. */
  emitToViewer<E extends keyof ServerToClientEvents>(
    showId: string,
    subject: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** Closes every connection that authenticated with this token (revocation), on every node. */
  disconnectToken(tokenId: string): void;
}

/** What the show service reads and writes. */
export type ShowServiceStore = ShowStore & ChatStore & TokenStore & PublicShowStore & TimelineStore;

export interface ShowServiceDeps {
  store: ShowServiceStore;
  broadcaster: Broadcaster;
  tokenSecret: Buffer;
  /** Go live / End show drive it. */
  video?: VideoProvider;
  /** Where `video` reports: the service subscribes (`signal()`, `streamOver()`, `playbackChanged()`). */
  videoSignals?: VideoSignalHub;
  /** The public view of shows, shared with the snapshot cache (default: one of its own over `store`). */
  publicShows?: PublicShows;
  /** How long `reconnecting` may last before the show ends (default 60 s). */
  reconnectGraceMs?: number;
  logger?: Logger;
  now?: () => number;
  /** A chat message was stored (it is broadcast with its batch, up to 100 ms later): the snapshot cache's cue. */
  chatStored?: (showId: string) => void;
  /** Messages were deleted (Q&A drops them from the queue and the air). */
  chatRemoved?: (showId: string, ids: string[]) => void;
  /**
   * Where chat reads its show's status and settings, once per message: the snapshot cache, which every
   * broadcast to the show keeps true (default: the store). Rejects with not_found like `requireShow`.
   */
  chatShow?: (showId: string) => Promise<ChatShow>;
  /** A transition was stored and broadcast (Web Push reminders: sent on `live`, dropped on `ended`); must not throw or wait. */
  onStatus?: (showId: string, status: StatusPayload['status']) => void;
}

export const DEFAULT_RECONNECT_GRACE_MS = 60_000;

/** What chat needs of its show: whether it is open, and its slow mode. */
export type ChatShow = Pick<ShowRecord, 'status' | 'settings'>;

/** A chat message taken by `sendChat`, and when it is stored and on its way to everyone. */
export interface SentChat {
  message: ChatMessage;
  delivered: Promise<void>;
}

/**
 * What moderation did with a message before `sendChat`: `checked`, its rules ran (and `requireOpenChat`);
 * `recheck` runs them again when its batch is written, so a ban meanwhile still stops it.
 */
export interface ChatChecks {
  checked?: boolean;
  recheck?: () => Promise<void> | void;
}

/** The only writer of show state: every change is stored first, then broadcast, then returned for the ack. */
export class ShowService {
  private readonly store: ShowServiceStore;
  private readonly broadcaster: Broadcaster;
  /** Host and moderator tokens. */
  readonly access: ShowAccess;
  /** The replay timeline's pages (`GET /api/shows/:id/timeline`). */
  readonly timeline: TimelineReader;
  private readonly shows: PublicShows;
  private readonly now: () => number;
  private readonly serial = new KeyedSerial();
  private readonly chatBatcher: ChatBatcher;
  private readonly video: VideoProvider | null;
  private readonly reconnectGraceMs: number;
  private readonly logger: Logger | null;
  private readonly chatStored: (showId: string) => void;
  private readonly chatRemoved: (showId: string, ids: string[]) => void;
  private readonly onStatus: (showId: string, status: StatusPayload['status']) => void;
  private readonly chatShow: (showId: string) => Promise<ChatShow>;
  /** Per show in `reconnecting`: ends the show when the presenter does not come back in time. */
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();

  constructor(deps: ShowServiceDeps) {
    this.store = deps.store;
    this.video = deps.video ?? null;
    this.reconnectGraceMs = deps.reconnectGraceMs ?? DEFAULT_RECONNECT_GRACE_MS;
    this.logger = deps.logger ?? null;
    this.broadcaster = deps.broadcaster;
    this.now = deps.now ?? Date.now;
    this.access = new ShowAccess(deps.store, deps.tokenSecret, this.now);
    this.shows = deps.publicShows ?? new PublicShows(deps.store, this.now);
    this.timeline = new TimelineReader(deps.store, (id) => this.requireShow(id), this.now);
    this.chatStored = deps.chatStored ?? (() => {});
    this.chatRemoved = deps.chatRemoved ?? (() => {});
    this.onStatus = deps.onStatus ?? (() => {});
    this.chatShow = deps.chatShow ?? ((showId) => this.requireShow(showId));
    this.chatBatcher = new ChatBatcher(
      LIMITS.chatBatchMs,
      (showId, entries) => this.store.addChatMessages(showId, entries),
      (showId, messages) => {
        this.chatStored(showId);
        this.broadcaster.emit(showId, 'chat:messages', messages);
      },
      refusedForItsData,
    );
    deps.videoSignals?.subscribe(this.videoSignalHandlers());
  }

  // ---- shows & tokens

  async createShow(body: CreateShowBody): Promise<{ show: PublicShow; hostToken: string; hostTokenExpiresAt: number }> {
    const at = this.now();
    const settings = { ...DEFAULT_SHOW_SETTINGS, ...body.settings };
    const record: ShowRecord = {
      id: randomId(),
      title: body.title,
      status: 'scheduled',
      statusAt: at,
      createdAt: at,
      settings,
      startsAt: body.startsAt ?? null,
      description: body.description ?? '',
      trailer: body.trailer ?? null,
    };
    const products = (body.products ?? []).map((p) => this.newProduct(p, at));
    await this.store.createShow(record, products);
    const { token, record: issued } = await this.access.issue(record.id, 'host');
    return { show: await this.publicShow(record.id), hostToken: token, hostTokenExpiresAt: issued.expiresAt };
  }

  requireShow(showId: string): Promise<ShowRecord> {
    return this.shows.requireShow(showId);
  }

  publicShow(showId: string): Promise<PublicShow> {
    return this.shows.publicShow(showId);
  }

  listShows(): Promise<PublicShow[]> {
    return this.shows.listShows();
  }

  async snapshot(showId: string, role: Role, viewers: number): Promise<ShowSnapshot> {
    const [show, chat] = await Promise.all([
      this.publicShow(showId),
      this.store.recentChat(showId, LIMITS.chatHistory),
    ]);
    return { protocolVersion: PROTOCOL_VERSION, show, chat, viewers, role, now: this.now() };
  }

  /** Host: changes settings (e.g. social proof) and tells everyone watching. */
  updateSettings(showId: string, patch: Partial<ShowSettings>): Promise<{ settings: ShowSettings }> {
    return this.serial.run(showId, async () => {
      const show = await this.requireShow(showId);
      // The studio captures in this shape and ffmpeg keeps it: it is chosen before going live, not mid-stream.
      const orientation = show.settings.orientation ?? 'landscape';
      if (patch.orientation && patch.orientation !== orientation && show.status !== 'scheduled')
        throw new LiveShopError(
          ErrorCode.InvalidState,
          `The orientation is chosen before going live (the show is ${show.status})`,
        );
      const settings = { ...show.settings, ...patch };
      await this.store.setShowSettings(showId, settings);
      this.broadcaster.emit(showId, 'show:settings', settings);
      return { settings };
    });
  }

  // ---- lifecycle

  /**
   * Host "Go live": `starting`, and the provider prepares the stream. `live` follows when the
   * provider reports media (`mediaUp`), never before.
   */
  async start(showId: string): Promise<StatusPayload> {
    const show = await this.requireShow(showId);
    if (!nextStatus(show.status, 'start'))
      throw new LiveShopError(ErrorCode.InvalidState, `Cannot start a show that is ${show.status}`);
    // First, so a missing encoder answers Go live with video_unavailable and the show stays scheduled.
    await this.video?.start(showId);
    return (await this.submit(showId, 'start', true))!;
  }

  async end(showId: string): Promise<StatusPayload> {
    const show = await this.requireShow(showId);
    if (!nextStatus(show.status, 'end'))
      throw new LiveShopError(ErrorCode.InvalidState, `Cannot end a show that is ${show.status}`);
    // Video first: when viewers hear `ended`, the replay (playlist with ENDLIST) is complete.
    await this.finishVideo(showId);
    return (await this.submit(showId, 'end', true))!;
  }

  /** Provider signals: inputs that do not apply (duplicate or late webhooks) are ignored. */
  async signal(showId: string, input: 'mediaUp' | 'mediaDown'): Promise<StatusPayload | null> {
    return this.submit(showId, input, false);
  }

  /** The provider gave up on the stream (Mux idle): the show ends if it had not yet. */
  async streamOver(showId: string): Promise<StatusPayload | null> {
    const show = await this.store.getShow(showId);
    if (!show || !nextStatus(show.status, 'end')) return null;
    await this.finishVideo(showId);
    return this.submit(showId, 'end', false);
  }

  /** The provider stored new playback info: everyone watching gets it. */
  async playbackChanged(showId: string): Promise<void> {
    const playback = (await this.store.getVideoStream(showId))?.playback ?? null;
    this.broadcaster.emit(showId, 'show:playback', { playback });
  }

  /** What the video provider's signals do; a failure is logged (nobody waits for a signal). */
  private videoSignalHandlers(): VideoSignals {
    const report = (what: keyof VideoSignals) => (error: unknown) =>
      this.logger?.error(`live-shop: video signal ${what} failed`, error);
    return {
      mediaUp: (showId) => void this.signal(showId, 'mediaUp').catch(report('mediaUp')),
      mediaDown: (showId) => void this.signal(showId, 'mediaDown').catch(report('mediaDown')),
      streamOver: (showId) => void this.streamOver(showId).catch(report('streamOver')),
      playbackChanged: (showId) => void this.playbackChanged(showId).catch(report('playbackChanged')),
    };
  }

  /** Host only: how to push from OBS (null for the local provider without RTMP in). */
  async videoIngest(showId: string, context: IngestContext = {}): Promise<{ ingest: IngestInfo | null }> {
    await this.requireShow(showId);
    return { ingest: this.video ? await this.video.ingest(showId, context) : null };
  }

  /**
   * At start-up no presenter media is flowing yet: a show that was live waits for its presenter
   * (reconnecting, with the grace timer), and one that was already reconnecting gets its timer back.
   * Without this a show would stay "live" forever after a restart if the studio never came back.
   */
  async resumeAfterRestart(): Promise<void> {
    // Mux keeps streaming while a node restarts (a deploy): its webhooks, not this start, say what is live.
    if (this.video?.mediaOutlivesServer) return;
    for (const show of await this.store.listShows()) {
      // Another node's pipeline (issue 16): that node, or the presenter reconnecting elsewhere, decides.
      if ((show.status === 'live' || show.status === 'reconnecting') && this.video?.ownsMedia)
        if (!(await this.video.ownsMedia(show.id))) continue;
      if (show.status === 'live') await this.submit(show.id, 'mediaDown', false);
      else if (show.status === 'reconnecting') this.statusChanged(show.id, 'reconnecting', show.statusAt);
    }
  }

  /** Stops reconnect timers (server shutdown). */
  close(): void {
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
  }

  private async finishVideo(showId: string): Promise<void> {
    try {
      await this.video?.end(showId);
    } catch (error) {
      // The show is ended either way; a provider failure must not turn End show into an error.
      this.logger?.error('live-shop: ending the video stream failed', error);
    }
  }

  private statusChanged(showId: string, status: StatusPayload['status'], at: number): void {
    const timer = this.graceTimers.get(showId);
    if (timer) clearTimeout(timer);
    this.graceTimers.delete(showId);
    if (status !== 'reconnecting') return;
    this.graceTimers.set(
      showId,
      setTimeout(() => {
        this.graceTimers.delete(showId);
        this.graceOver(showId, at).catch((error: unknown) =>
          this.logger?.error('live-shop: ending after the reconnect grace failed', error),
        );
      }, this.reconnectGraceMs),
    );
  }

  /**
   * The reconnect grace that began at `since` is over: the show ends if it is still reconnecting since
   * then. With several nodes, the presenter may have come back on another node, whose `live` this
   * node's timer never heard of (or the show went down again, with a newer grace of its own).
   */
  async graceOver(showId: string, since: number): Promise<StatusPayload | null> {
    const show = await this.store.getShow(showId);
    if (show?.status !== 'reconnecting' || show.statusAt !== since) return null;
    return this.streamOver(showId);
  }

  /** `strict`: host actions that do not apply are errors; provider signals are not. */
  private submit(showId: string, input: ShowInput, strict: boolean): Promise<StatusPayload | null> {
    return this.serial.run(showId, async () => {
      const show = await this.requireShow(showId);
      const status = nextStatus(show.status, input);
      if (!status) {
        if (strict) throw new LiveShopError(ErrorCode.InvalidState, `Cannot ${input} a show that is ${show.status}`);
        return null;
      }
      const at = this.now();
      await this.store.setShowStatus(showId, status, at);
      this.statusChanged(showId, status, at);
      this.broadcaster.emit(showId, 'show:status', { status, at });
      this.onStatus(showId, status);
      return { status, at };
    });
  }

  // ---- catalog & pins

  async addProduct(showId: string, body: CreateProductBody): Promise<Product> {
    await this.requireShow(showId);
    const product = await this.store.addProduct(showId, this.newProduct(body, this.now()));
    this.broadcaster.emit(showId, 'show:products', { products: await this.store.listProducts(showId) });
    return product;
  }

  async requireProduct(showId: string, productId: string): Promise<Product> {
    const product = await this.store.getProduct(showId, productId);
    if (!product) throw notFound('Product');
    return product;
  }

  /** Idempotent: pinning a pinned product changes nothing and broadcasts nothing (nor calls `onPinned`). */
  pin(showId: string, productId: string, onPinned?: () => void): Promise<PinsPayload> {
    return this.changePins(
      showId,
      productId,
      (ids) => (ids.includes(productId) ? null : [...ids, productId]),
      onPinned,
    );
  }

  unpin(showId: string, productId: string): Promise<PinsPayload> {
    return this.changePins(showId, productId, (ids) =>
      ids.includes(productId) ? ids.filter((id) => id !== productId) : null,
    );
  }

  /** A product left the catalog: unpinned without asking whether it exists. */
  dropPin(showId: string, productId: string): Promise<PinsPayload> {
    return this.changePins(showId, null, (ids) =>
      ids.includes(productId) ? ids.filter((id) => id !== productId) : null,
    );
  }

  private changePins(
    showId: string,
    productId: string | null,
    change: (ids: string[]) => string[] | null,
    onChanged?: () => void,
  ): Promise<PinsPayload> {
    return this.serial.run(showId, async () => {
      if (productId !== null) await this.requireProduct(showId, productId);
      const current = await this.store.getPins(showId);
      const productIds = change(current.productIds);
      if (!productIds) return current;
      const pins = { productIds, at: this.now() };
      await this.store.setPins(showId, pins);
      this.broadcaster.emit(showId, 'product:pins', pins);
      onChanged?.();
      return pins;
    });
  }

  // ---- chat

  async requireOpenChat(showId: string): Promise<ChatShow> {
    const show = await this.chatShow(showId);
    if (show.status === 'ended') throw new LiveShopError(ErrorCode.InvalidState, 'The show has ended: chat is closed');
    return show;
  }

  /**
   * Takes the message into its show's next batch, which is stored in one write and then sent to
   * everyone: `delivered` settles then (it rejects, and nobody sees the message, if the write
   * fails, or its `recheck` does). A `held` one is stored at once and not broadcast (staff decide).
   * Messages keep the order of their calls.
   */
  async sendChat(
    showId: string,
    input: Omit<ChatMessage, 'id' | 'at'>,
    author?: ChatAuthor,
    { checked = false, recheck }: ChatChecks = {},
  ): Promise<SentChat> {
    if (!checked) await this.requireOpenChat(showId);
    const at = this.now();
    const message: ChatMessage = { id: timeOrderedId(at), ...input, at };
    if (!message.held) return { message, delivered: this.chatBatcher.add(showId, { message, author, recheck }) };
    // A held message is in nobody's snapshot: nothing to refresh.
    await this.store.addChatMessages(showId, [{ message, author }]);
    return { message, delivered: Promise.resolve() };
  }

  /** Publishes a held message to everyone. */
  async approveChat(showId: string, id: string): Promise<ChatMessage> {
    const message = await this.store.releaseChat(showId, id);
    if (!message) throw notFound('Held message');
    await this.chatBatcher.add(showId, { message, stored: true });
    return message;
  }

  async deleteChat(showId: string, id: string): Promise<void> {
    if (!(await this.store.deleteChatMessage(showId, id, this.now()))) throw notFound('Message');
    await this.chatDeleted(showId, [id]);
  }

  /** Tells everyone these messages are gone; pending batches go first so no client sees a message after its deletion. */
  async chatDeleted(showId: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.chatBatcher.flush(showId);
    this.broadcaster.emit(showId, 'chat:deleted', { ids });
    this.chatRemoved(showId, ids);
  }

  /** Stores and sends the show's pending chat now (before deleting messages by their author). */
  flushChat(showId: string): Promise<void> {
    return this.chatBatcher.flush(showId);
  }

  /** Stores and sends pending chat batches; call before shutting the sockets down. */
  flush(): Promise<void> {
    return this.chatBatcher.flushAll();
  }

  private newProduct(body: CreateProductBody, at: number): NewProduct {
    return {
      id: randomId(),
      title: body.title,
      description: body.description ?? '',
      imageUrl: body.imageUrl ?? null,
      price: { amount: body.price.amount, currency: body.price.currency },
      checkoutUrl: body.checkoutUrl ?? null,
      stripePriceId: body.stripePriceId ?? null,
      stock: body.stock ?? null,
      ...(body.limitPerBuyer !== undefined && { limitPerBuyer: body.limitPerBuyer }),
      createdAt: at,
    };
  }
}
