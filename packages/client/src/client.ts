import {
  ViewerEvent,
  ErrorCode,
  LiveShopError,
  ServerEvent,
  SOCKET_PATH,
  type ChatMessage,
  type CheckoutRequest,
  type CheckoutSession,
  type ClientToServerEvents,
  type ErrorBody,
  type GuestInvite,
  type GuestInvitePayload,
  type IngestInfo,
  type ModeratorInvite,
  type ModeratorInvitePayload,
  type PinsPayload,
  type Product,
  type ReactionKind,
  type RestrictedViewer,
  type ShowSettings,
  type ShowSnapshot,
  type StageLayout,
  type StagePlace,
  type StageSignal,
  type StatusPayload,
  type UpdateProductBody,
  type ProductDealPayload,
  type ShowAnalytics,
  type AnnouncementPayload,
  type Poll,
  type PollVote,
  type QuestionOnAirPayload,
  type SimulcastAddPayload,
  type SimulcastDestination,
} from '@live-shop/protocol';
import {
  FATAL,
  PROBE_AFTER,
  UNREACHABLE,
  WEBSOCKET_BLOCKED,
  ingestTarget,
  originRefused,
  probeHealth,
  request,
} from './connection.js';
import { defaultStorage, readCredential, writeCredential, type CredentialStorage } from './credential.js';
import { ReactionBatcher } from './reactions.js';
import { Socket, type ConnectError } from './socket.js';
import type { StageAck, StageClient } from './stage.js';
import type { StaffActions } from './staff.js';
import { type LiveShopClientEventMap, type LiveShopClientOptions, type LiveShopState } from './state.js';
import { ShowStore } from './store.js';

export {
  CHAT_CAP,
  initialState,
  type ConnectionState,
  type LiveShopClientEventMap,
  type LiveShopClientOptions,
  type LiveShopState,
  type You,
} from './state.js';

/**
 * Headless live-shop client: owns the socket, the show state and reconnection.
 *
 * @example
 * const client = new LiveShopClient({ server: location.origin, show: 'abc' });
 * client.on('change', (state) => render(state));
 * client.connect();
 */
export class LiveShopClient extends EventTarget {
  readonly options: Readonly<LiveShopClientOptions>;
  readonly #store = new ShowStore((type, detail) => this.#emit(type, detail));
  /** Co-hosting: loaded on first use (hosts and guests), so viewers never download it. */
  #stage: StageClient | null = null;
  #socket: Socket | null = null;
  #name: string;
  #retry: ReturnType<typeof setTimeout> | undefined;
  /** Failed connection attempts since the last success, and whether HTTP got through meanwhile. */
  #failures = 0;
  #blocked = false;
  readonly #storage: CredentialStorage | null;
  /** The viewer credential: sent on every (re)connection, so the viewer id (and any ban) sticks. */
  #credential: string | undefined;
  /** The server refused the signed identity (expired, forged, not accepted): connect as an anonymous viewer. */
  #noIdentity = false;
  /** A staff connection the server closed (its token revoked or expired) asks once why: the handshake answers token_expired. */
  #askWhyClosed = true;
  readonly #reactions = new ReactionBatcher((kind, count) => this.#request(ViewerEvent.ReactionSend, { kind, count }));

  constructor(options: LiveShopClientOptions) {
    super();
    this.options = options;
    this.#name = options.name ?? '';
    this.#storage = options.storage === undefined ? defaultStorage() : options.storage;
  }

  get state(): LiveShopState {
    return this.#store.state;
  }

  /** The display name chat uses: the verified one when the merchant signed it. */
  get name(): string {
    const you = this.#store.state.you;
    return you?.verified && you.name ? you.name : this.#name;
  }

  /** Typed listener helper; returns a function that removes it. */
  on<K extends keyof LiveShopClientEventMap>(
    type: K,
    listener: (detail: LiveShopClientEventMap[K]) => void,
  ): () => void {
    const handler = (event: Event) => listener((event as CustomEvent<LiveShopClientEventMap[K]>).detail);
    this.addEventListener(type, handler);
    return () => this.removeEventListener(type, handler);
  }

  connect(): void {
    if (this.#socket) return;
    const { server, show, token, identity, socketOptions } = this.options;
    if (!token) this.#credential ??= readCredential(this.#storage, server);
    // A function, so reconnections carry the latest display name and viewer credential.
    const auth = () => ({
      show,
      ...(token ? { token } : {}),
      ...(this.#name ? { name: this.#name } : {}),
      ...(this.#credential && !token ? { viewer: this.#credential } : {}),
      ...(identity && !token && !this.#noIdentity ? { identity } : {}),
    });
    const socket = new Socket(server, auth, { path: SOCKET_PATH, ...socketOptions });
    this.#socket = socket;
    this.#failures = 0;
    this.#blocked = false;
    this.#store.set({ connection: 'connecting', error: null });

    socket.on('connect', () => {
      this.#failures = 0;
      this.#blocked = false;
      // A recovered session gets the missed events replayed and no snapshot: it is live again now.
      if (!this.#store.state.ready || socket.recovered) this.#store.set({ connection: 'connected', error: null });
    });
    socket.on('disconnect', (reason: string) => {
      if (reason === 'io client disconnect') return;
      const askWhy = reason === 'io server disconnect' && !!token && this.#askWhyClosed;
      this.#store.set({ connection: socket.active || askWhy ? 'reconnecting' : 'closed' });
      if (askWhy) {
        this.#askWhyClosed = false;
        socket.connect();
      }
    });
    socket.on('connect_error', (err: ConnectError) => {
      const data = err.data as Partial<ErrorBody> | undefined;
      const error: ErrorBody = data?.code
        ? { code: data.code, message: data.message ?? err.message }
        : { code: ErrorCode.Internal, message: this.#blocked ? WEBSOCKET_BLOCKED : UNREACHABLE };
      // A viewer's only credential that can be refused is the signed identity: watch and chat without it.
      const dropIdentity =
        identity && !token && !this.#noIdentity && FATAL.includes(error.code) && error.code !== ErrorCode.NotFound;
      this.#store.set({ connection: dropIdentity ? 'connecting' : 'error', error });
      this.#emit('error', error);
      if (dropIdentity) {
        this.#noIdentity = true;
        socket.connect();
      } else if (FATAL.includes(error.code)) socket.disconnect();
      // Refused by a server middleware for another reason: the socket won't retry on its own.
      else if (!socket.active) this.#retry = setTimeout(() => socket.connect(), 3000);
      // The first failure already asks why (a refused origin never gets better); later ones every few attempts.
      if (!data?.code && !this.#blocked && (++this.#failures === 1 || this.#failures % PROBE_AFTER === 0))
        void this.#probe(socket);
    });

    socket.on(ServerEvent.ShowState, (snap: ShowSnapshot) => this.#resync(snap));
    socket.on(ServerEvent.StageState, (stage) =>
      this.#stage ? this.#stage.applyState(stage) : this.#store.set({ stage }),
    );
    socket.on(ServerEvent.StageSignal, (message) => this.#emit('stage-signal', message));
    socket.on(ServerEvent.SimulcastStatus, (status) => this.#emit('simulcast-status', status));
    this.#store.listen(socket, this.#reactions);
    socket.connect();
  }

  close(): void {
    clearTimeout(this.#retry);
    this.#store.close();
    this.#reactions.close();
    this.#socket?.disconnect();
    this.#socket = null;
    if (this.#store.state.connection !== 'idle') this.#store.set({ connection: 'closed' });
  }

  /** Stores the display name; it is sent with the next chat message (and on reconnection). */
  setName(name: string): void {
    this.#name = name.trim();
  }

  /**
   * Sends a chat message. When the show's blocklist holds it back, `message.held` is true: it is in
   * this client's `chat` only (show it as held for review) until a moderator approves it. Rejects with
   * `restricted` (timed out or banned), `rate_limited` (too fast, or slow mode), `name_required`…
   */
  async sendChat(text: string, options: { question?: boolean } = {}): Promise<{ message: ChatMessage }> {
    const named = this.#name && !this.#store.state.you?.verified;
    const ask = options.question ? { question: true } : {};
    const ack = await this.#request(ViewerEvent.ChatSend, { text, ...ask, ...(named ? { name: this.#name } : {}) });
    this.#store.addChat([ack.message]);
    return ack;
  }

  /**
   * Viewers: one tap of a reaction the show enabled (`state.settings.reactions`). Taps are batched for
   * `REACTION_LIMITS.windowMs` into one `reaction:send` per kind; false when this tap is dropped (the
   * server said `rate_limited` a moment ago, or the batch is full). Everyone's taps come back as `reactions`.
   */
  react(kind: ReactionKind): boolean {
    return this.#reactions.tap(kind);
  }

  // polls, Q&A and the announcement banner (see polls.ts)

  /** Viewers: asks a question (a chat message that joins the staff's question queue). */
  ask(text: string): Promise<{ message: ChatMessage }> {
    return this.sendChat(text, { question: true });
  }

  /** Viewers: votes once (`option`: 0-based); rejects `already_voted`, `invalid_state` (closed), `identity_required`. */
  vote(pollId: string, option: number): Promise<{ vote: PollVote }> {
    return this.#polls('vote', pollId, option);
  }

  /** Staff: opens a poll of 2–4 options, `seconds` to close it by itself; rejects `poll_open` while one is open. */
  startPoll(question: string, options: string[], seconds?: number): Promise<{ poll: Poll }> {
    return this.#polls('startPoll', question, options, seconds);
  }

  /** Staff: ends a poll now; resolves with its final counts. */
  endPoll(pollId: string): Promise<{ poll: Poll }> {
    return this.#polls('endPoll', pollId);
  }

  /** Staff: sets the announcement banner (null or blank clears it). */
  setAnnouncement(text: string | null): Promise<{ announcement: AnnouncementPayload }> {
    return this.#polls('setAnnouncement', text);
  }

  /** Staff: puts a question on air (over every viewer's video); `null` takes it off. */
  setQuestionOnAir(id: string | null): Promise<{ question: QuestionOnAirPayload }> {
    return this.#polls('setQuestionOnAir', id);
  }

  /** Staff: marks a question answered (it leaves the air); the queue follows as `questions:state`. */
  answerQuestion(id: string): Promise<{ message: ChatMessage }> {
    return this.#polls('answerQuestion', id);
  }

  /** Polls, Q&A and the banner: their actions live in a chunk of their own (polls.ts). */
  #polls<T>(action: string, ...args: unknown[]): Promise<T> {
    return import('./polls.js').then(
      (m) => m.act(this.#store, (e, p) => this.#request(e, p), action, args) as Promise<T>,
    );
  }

  /**
   * Host only: shows a product on every viewer's screen (`product:pin`), in step with their video.
   * Resolves with all pins now; the `pins` event and `state.pins` follow at once. Several may be pinned.
   */
  pin(productId: string): Promise<{ pins: PinsPayload }> {
    return this.#staff('pin', productId);
  }

  /** Host only: takes a pinned product off the screens; resolves with the pins left. */
  unpin(productId: string): Promise<{ pins: PinsPayload }> {
    return this.#staff('unpin', productId);
  }

  /** Host only: edits a product (the server checks it as on creation: `bad_request` says which field); everyone gets the new catalog. */
  updateProduct(productId: string, patch: UpdateProductBody): Promise<{ product: Product }> {
    return this.#staff('updateProduct', productId, patch);
  }

  /** Staff (flash deals): a deal price until `endsAt` (server ms), optionally pinning it; everyone gets the new catalog. */
  setDeal(deal: ProductDealPayload): Promise<{ product: Product; pins?: PinsPayload }> {
    return this.#staff('setDeal', deal);
  }

  /** Staff (flash deals): ends a product's deal now. */
  endDeal(productId: string): Promise<{ product: Product }> {
    return this.#staff('endDeal', productId);
  }

  /** Host only: deletes a product (unpinned first; its orders keep their record). */
  deleteProduct(productId: string): Promise<{ pins: PinsPayload }> {
    return this.#staff('deleteProduct', productId);
  }

  // Staff actions. Their effect on `moderation` arrives as the server's `moderation:state`, sent
  // to all staff after every change: one source of truth for every studio of the show.

  /** Staff: removes a message (held ones too) for everyone. */
  deleteMessage(id: string): Promise<Record<never, never>> {
    return this.#staff('deleteMessage', id);
  }

  /** Staff: publishes a message the blocklist held back; everyone then receives it in `chat:messages`. */
  approveMessage(id: string): Promise<{ message: ChatMessage }> {
    return this.#staff('approveMessage', id);
  }

  /** Staff: seconds a viewer waits between messages (0 = off, at most `LIMITS.slowModeMaxSeconds`). */
  setSlowMode(seconds: number): Promise<{ settings: ShowSettings }> {
    return this.#staff('setSlowMode', seconds);
  }

  /** Staff: replaces the blocklist (words and links; a message containing one is held for review). */
  setBlocklist(terms: string[]): Promise<{ blocklist: string[] }> {
    return this.#staff('setBlocklist', terms);
  }

  /** Staff: the author of a message may not chat in this show for `seconds`; their messages are removed. */
  timeoutViewer(messageId: string, seconds: number): Promise<{ restricted: RestrictedViewer }> {
    return this.#staff('timeoutViewer', messageId, seconds);
  }

  /** Staff: the author of a message may not chat in any show of this server (until unbanned). */
  banViewer(messageId: string): Promise<{ restricted: RestrictedViewer }> {
    return this.#staff('banViewer', messageId);
  }

  /** Staff: lifts a ban or timeout (`viewerId` from `moderation.restricted`). */
  unbanViewer(viewerId: string): Promise<Record<never, never>> {
    return this.#staff('unbanViewer', viewerId);
  }

  /** Host only: a moderator link for this show; `studioUrl` is resolved against the server. Secret. */
  inviteModerator(options: ModeratorInvitePayload = {}): Promise<ModeratorInvite> {
    return this.#staff('inviteModerator', options);
  }

  /** Host only: revokes a moderator link; the server closes its connections at once. */
  revokeModerator(id: string): Promise<Record<never, never>> {
    return this.#staff('revokeModerator', id);
  }

  // Co-hosts' stage (`state.stage`, from every ack and the server's `stage:state`); WebRTC signalling
  // goes through `sendSignal` and the `stage-signal` event (docs/protocol.md, Stage).

  /** Host only: a guest link (`studioUrl` resolved against the server; secret), added to `state.guestLinks`. */
  inviteGuest(options: GuestInvitePayload = {}): Promise<GuestInvite> {
    return this.#stageClient().then((stage) => stage.invite(options));
  }
  /** Host only: revokes a guest link; the guest leaves the stage and its connections close. */
  revokeGuest(id: string): Promise<StageAck> {
    return this.#stageClient().then((stage) => stage.revoke(id, 'guest:revoke'));
  }
  /** Guest only: joins backstage, or where it was; joins again after each reconnection until `leaveStage()` or removed. */
  joinStage(name: string): Promise<StageAck> {
    return this.#stageClient().then((stage) => stage.join(name));
  }
  /** Guest only: leaves the stage list. */
  leaveStage(): Promise<StageAck> {
    return this.#stageClient().then((stage) => stage.leave());
  }
  /** Host only: on stage or backstage; `stage_full` beyond `LIMITS.stageMax` people, the host included. */
  moveGuest(guestId: string, place: StagePlace): Promise<StageAck> {
    return this.#stageClient().then((stage) => stage.move(guestId, place));
  }
  /** Host only: mutes or unmutes a guest's audio on the program. */
  muteGuest(guestId: string, muted: boolean): Promise<StageAck> {
    return this.#stageClient().then((stage) => stage.mute(guestId, muted));
  }
  /** Host only: removes a guest (its link is revoked, its connections close). */
  removeGuest(guestId: string): Promise<StageAck> {
    return this.#stageClient().then((stage) => stage.revoke(guestId, 'stage:remove'));
  }
  /** Host only: the program layout, pushed to all staff and guests. */
  setStageLayout(layout: StageLayout): Promise<StageAck> {
    return this.#stageClient().then((stage) => stage.layout(layout));
  }
  /** Host and guests: signalling for another peer of the show (a guest's `peer`, or the host's); `not_found` when gone. */
  sendSignal(to: string, signal: StageSignal): Promise<Record<never, never>> {
    return this.#stageClient().then((stage) => stage.signal(to, signal));
  }

  /**
   * Host only: `scheduled` → `starting`; the show turns `live` once video reaches the server (the
   * studio's camera, or OBS with Mux). Resolves with the new status; rejects with `invalid_state`
   * when the show cannot start from its current one.
   */
  goLive(): Promise<StatusPayload> {
    return this.#staff('goLive');
  }

  /** Host only: ends the show for everyone (`ended`, final; a replay may follow as `playback`). */
  endShow(): Promise<StatusPayload> {
    return this.#staff('endShow');
  }

  /**
   * Host only: changes show settings (`{socialProof: true}` shows recent sales to viewers; slow mode
   * has `setSlowMode`). Resolves with all of them; `state.settings` follows, for every viewer too.
   */
  updateSettings(patch: Partial<ShowSettings>): Promise<{ settings: ShowSettings }> {
    return this.#staff('updateSettings', patch);
  }

  /** Host only: RTMP(S) settings for OBS (Mux, or the local RTMP listener), or null when the server has none. Secret. */
  ingestInfo(): Promise<IngestInfo | null> {
    return this.#staff('ingestInfo');
  }

  // RTMP in and simulcast out
  /** Host only (local RTMP in): a new stream key; an encoder publishing with the old one is cut off. Secret. */
  rotateIngestKey(): Promise<IngestInfo | null> {
    return this.#staff('rotateIngestKey');
  }

  /** Host only: the show's simulcast destinations, stream keys masked; statuses then come as `simulcast-status`. */
  simulcastDestinations(): Promise<SimulcastDestination[]> {
    return this.#staff('simulcastDestinations');
  }

  /** Host only: adds an RTMP destination (the key is sent once and never comes back); resolves with the list. */
  addSimulcastDestination(destination: SimulcastAddPayload): Promise<SimulcastDestination[]> {
    return this.#staff('addSimulcastDestination', destination);
  }

  /** Host only: removes a destination; resolves with the list. */
  removeSimulcastDestination(id: string): Promise<SimulcastDestination[]> {
    return this.#staff('removeSimulcastDestination', id);
  }

  /** Host only: turns a destination on or off (off: its forwarding stops); resolves with the list. */
  enableSimulcastDestination(id: string, enabled: boolean): Promise<SimulcastDestination[]> {
    return this.#staff('enableSimulcastDestination', id, enabled);
  }

  /**
   * Host only: the show's analytics (`GET /api/shows/:id/analytics` with this client's token). Loaded
   * on first use: viewers, who share this class, never download it.
   */
  async getAnalytics(options?: { signal?: AbortSignal }): Promise<ShowAnalytics> {
    const target = this.#staffTarget();
    return (await import('./analytics.js')).loadAnalytics(target, options);
  }

  /** Host only: the analytics minutes as CSV text (make a Blob of it for a download link). */
  async getAnalyticsCsv(options?: { signal?: AbortSignal }): Promise<string> {
    const target = this.#staffTarget();
    return (await import('./analytics.js')).loadAnalyticsCsv(target, options);
  }

  #staffTarget() {
    const { server, show, token } = this.options;
    if (!token) throw new LiveShopError(ErrorCode.Forbidden, 'Only the host can read the show’s analytics');
    return { server, show, token };
  }

  /**
   * Host only: where and as whom the studio publishes its camera (`ws(s)://server/ingest`).
   * The token goes into the ingest hello, never into a URL.
   */
  ingestTarget(): { url: string; show: string; token: string } {
    return ingestTarget(this.options);
  }

  /**
   * Starts a checkout for a product of the show (`POST /api/shows/:id/checkout`), for storefronts
   * with their own UI; the price comes from the server's catalog. Needs no connection. Resolves with
   * the session (`url` resolved against the server, or `embedded` for Stripe's embedded Checkout);
   * rejects with a LiveShopError (`sold_out`, `not_found`, `checkout_unavailable`…, or `internal`
   * when the server cannot be reached). Same request as the product card's Buy now.
   *
   * @example
   * const { url } = await client.checkout({ productId, quantity: 1, returnUrl: location.href });
   * if (url) location.assign(url);
   */
  checkout(request: CheckoutRequest): Promise<CheckoutSession> {
    // The viewer's own credential: who buys, for per-buyer limits (the card reads the stored one).
    const viewer = this.#credential ? { viewer: this.#credential } : {};
    return import('./checkout.js').then(({ startCheckout }) => startCheckout(this.options, { ...viewer, ...request }));
  }

  /** Staff actions live in a chunk of their own (staff.ts), loaded on the first one. */
  #staff<K extends keyof StaffActions>(
    action: K,
    ...args: Parameters<StaffActions[K]> extends [unknown, ...infer A] ? A : never
  ): ReturnType<StaffActions[K]> {
    const context = { store: this.#store, options: this.options, request: this.#request.bind(this) };
    return import('./staff.js').then(({ staffActions }) =>
      (staffActions[action] as (...all: unknown[]) => unknown)(context, ...args),
    ) as ReturnType<StaffActions[K]>;
  }

  async #stageClient(): Promise<StageClient> {
    const { StageClient } = await import('./stage.js');
    return (this.#stage ??= new StageClient(
      (event, payload) => this.#request(event, payload),
      this.#store,
      this.options.server,
      (error) => this.#emit('error', error),
    ));
  }

  #request<T extends keyof ClientToServerEvents>(event: T, payload: Parameters<ClientToServerEvents[T]>[0]) {
    return request(this.#socket, event, payload, this.options.ackTimeout ?? 10_000);
  }

  /**
   * After a failed WebSocket attempt, asks `GET /health` (readable from any origin) why: a server that
   * refuses this page's origin ends the connection for good; after repeated failures, a server that
   * answers over HTTP means WebSockets are blocked on the way.
   */
  async #probe(socket: Socket): Promise<void> {
    const health = await probeHealth(this.options.server);
    if (!health || socket !== this.#socket || socket.connected) return;
    if (health.originAllowed === false) {
      clearTimeout(this.#retry);
      socket.disconnect();
      return this.#fail({ code: ErrorCode.OriginNotAllowed, message: originRefused() });
    }
    if (this.#failures < PROBE_AFTER) return;
    this.#blocked = true;
    this.#fail({ code: ErrorCode.Internal, message: WEBSOCKET_BLOCKED });
  }

  #fail(error: ErrorBody): void {
    this.#store.set({ connection: 'error', error });
    this.#emit('error', error);
  }

  /** A snapshot (on every connection): keeps the viewer credential it carries, then replaces the state. */
  #resync(snap: ShowSnapshot): void {
    this.#askWhyClosed = true;
    const { you } = snap;
    if (you?.credential && you.credential !== this.#credential) {
      this.#credential = you.credential;
      writeCredential(this.#storage, this.options.server, you.credential);
    }
    this.#store.resync(snap);
    this.#stage?.resynced(snap);
  }

  #emit<K extends keyof LiveShopClientEventMap>(type: K, detail: LiveShopClientEventMap[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
