import {
  initialState,
  type CheckoutRequest,
  type LiveShopClient,
  type LiveShopClientApi,
  type LiveShopClientEventMap,
  type LiveShopClientOptions,
  type LiveShopState,
} from '@live-shop/client';

type Api = LiveShopClientApi;

/**
 * A stand-in for LiveShopClient (the elements' dependency, not the thing under test): holds a
 * state the test sets, and records the calls the element makes. It implements the real client's
 * public interface, so tsc (src/test/tsconfig.json, part of `tsc -b`) fails when the two drift.
 */
export class FakeClient extends EventTarget implements LiveShopClientApi {
  state: LiveShopState;
  readonly options: Readonly<LiveShopClientOptions> = { server: 'https://live.example', show: 's1' };
  calls: [string, ...unknown[]][] = [];
  fail: { code: string; message: string } | null = null;

  constructor(state: Partial<LiveShopState> = {}) {
    super();
    this.state = { ...initialState, connection: 'connected', ready: true, ...state };
  }
  set(patch: Partial<LiveShopState>): void {
    this.state = { ...this.state, ...patch };
    this.dispatchEvent(new CustomEvent('change', { detail: this.state }));
  }
  on<K extends keyof LiveShopClientEventMap>(
    type: K,
    listener: (detail: LiveShopClientEventMap[K]) => void,
  ): () => void {
    const h = (e: Event) => listener((e as CustomEvent<LiveShopClientEventMap[K]>).detail);
    this.addEventListener(type, h);
    return () => this.removeEventListener(type, h);
  }
  /** Records the call; resolves with `answer` (what the real ack would carry), or rejects with `fail`. */
  #call<T>(name: string, args: unknown[], answer = {} as T): Promise<T> {
    this.calls.push([name, ...args]);
    return this.fail ? Promise.reject(Object.assign(new Error(this.fail.message), this.fail)) : Promise.resolve(answer);
  }
  /** Calls held in flight until the test calls `release()` (set `hold = true` first). */
  hold = false;
  #held: (() => void)[] = [];
  release(): void {
    this.#held.splice(0).forEach((go) => go());
  }
  async #wait(): Promise<void> {
    if (this.hold) await new Promise<void>((go) => this.#held.push(go));
  }
  /** The display name the client would chat with. */
  name = '';
  connect(): void {}
  close(): void {}
  setName(name: string): void {
    this.calls.push(['setName', name]);
  }
  sendChat: Api['sendChat'] = (text, options) => this.#call('sendChat', options?.question ? [text, options] : [text]);
  react: Api['react'] = (kind) => {
    this.calls.push(['react', kind]);
    return true;
  };
  pin: Api['pin'] = (id) => this.#call('pin', [id]);
  unpin: Api['unpin'] = (id) => this.#call('unpin', [id]);
  updateProduct: Api['updateProduct'] = (id, patch) => this.#call('updateProduct', [id, patch]);
  deleteProduct: Api['deleteProduct'] = (id) => this.#call('deleteProduct', [id]);
  setDeal: Api['setDeal'] = (deal) => this.#call('setDeal', [deal]);
  endDeal: Api['endDeal'] = (id) => this.#call('endDeal', [id]);
  deleteMessage: Api['deleteMessage'] = (id) => this.#call('deleteMessage', [id]);
  goLive: Api['goLive'] = () => this.#call('goLive', []);
  endShow: Api['endShow'] = () => this.#call('endShow', []);
  checkout: Api['checkout'] = (request: CheckoutRequest) => this.#call('checkout', [request]);
  // Staff actions: recorded; those whose ack the real client applies change the state the same way.
  approveMessage: Api['approveMessage'] = (id) => this.#call('approveMessage', [id]);
  timeoutViewer: Api['timeoutViewer'] = (messageId, seconds) => this.#call('timeoutViewer', [messageId, seconds]);
  banViewer: Api['banViewer'] = (messageId) => this.#call('banViewer', [messageId]);
  unbanViewer: Api['unbanViewer'] = (viewerId) => this.#call('unbanViewer', [viewerId]);
  revokeModerator: Api['revokeModerator'] = (id) => this.#call('revokeModerator', [id]);
  setSlowMode: Api['setSlowMode'] = async (seconds) => {
    await this.#call('setSlowMode', [seconds]);
    await this.#wait();
    const settings = { ...this.state.settings, slowModeSeconds: seconds };
    this.set({ settings });
    return { settings };
  };
  setBlocklist: Api['setBlocklist'] = async (terms) => {
    await this.#call('setBlocklist', [terms]);
    await this.#wait();
    if (this.state.moderation) this.set({ moderation: { ...this.state.moderation, blocklist: terms } });
    return { blocklist: terms };
  };
  /** Answers like a server: a relative studio URL. */
  inviteModerator: Api['inviteModerator'] = async (options = {}) => {
    await this.#call('inviteModerator', [options]);
    await this.#wait();
    const moderator = {
      id: `mod-${this.calls.length}`,
      label: options.label ?? '',
      createdAt: 1,
      expiresAt: Date.now() + 12 * 3600_000,
    };
    return { token: 'mod-token', moderator, studioUrl: `/studio?show=s1&token=mod-token-${moderator.id}` };
  };
  // Co-hosts' stage: recorded; each answers with the current `state.stage` (set it with `set`), as an ack would.
  #stageAck = (name: string, args: unknown[]) =>
    this.#call(name, args, { stage: this.state.stage ?? { layout: 'solo' as const, guests: [] } });
  /** Answers like a server: a relative studio URL; the link joins `state.guestLinks` like the real client's. */
  inviteGuest: Api['inviteGuest'] = async (options = {}) => {
    await this.#call('inviteGuest', [options]);
    const guest = {
      id: `guest-${this.calls.length}`,
      label: options.label ?? '',
      createdAt: 1,
      expiresAt: Date.now() + 24 * 3600_000,
    };
    this.set({ guestLinks: [guest, ...this.state.guestLinks] });
    return { token: 'guest-token', guest, studioUrl: `/studio?show=s1#token=guest-token-${guest.id}` };
  };
  revokeGuest: Api['revokeGuest'] = (id) => this.#stageAck('revokeGuest', [id]);
  joinStage: Api['joinStage'] = (name) => this.#stageAck('joinStage', [name]);
  leaveStage: Api['leaveStage'] = () => this.#stageAck('leaveStage', []);
  moveGuest: Api['moveGuest'] = (guestId, place) => this.#stageAck('moveGuest', [guestId, place]);
  muteGuest: Api['muteGuest'] = (guestId, muted) => this.#stageAck('muteGuest', [guestId, muted]);
  removeGuest: Api['removeGuest'] = (guestId) => this.#stageAck('removeGuest', [guestId]);
  setStageLayout: Api['setStageLayout'] = (layout) => this.#stageAck('setStageLayout', [layout]);
  sendSignal: Api['sendSignal'] = (to, signal) => this.#call('sendSignal', [to, signal]);
  // polls, Q&A and the announcement banner: recorded, answered like the server would
  ask: Api['ask'] = (text) => this.#call('ask', [text]);
  vote: Api['vote'] = (pollId, option) => this.#call('vote', [pollId, option], { vote: { pollId, option } });
  startPoll: Api['startPoll'] = (question, options, seconds) =>
    this.#call('startPoll', [question, options, seconds], {
      poll: {
        id: 'p1',
        question,
        options,
        counts: options.map(() => 0),
        total: 0,
        openedAt: 1,
        endsAt: null,
        closedAt: null,
      },
    });
  endPoll: Api['endPoll'] = (pollId) => this.#call('endPoll', [pollId]);
  setAnnouncement: Api['setAnnouncement'] = (text) =>
    this.#call('setAnnouncement', [text], { announcement: { text, at: 1 } });
  setQuestionOnAir: Api['setQuestionOnAir'] = (id) => this.#call('setQuestionOnAir', [id]);
  answerQuestion: Api['answerQuestion'] = (id) => this.#call('answerQuestion', [id]);
  /** Like the real client: applies the ack's settings to the state. */
  updateSettings: Api['updateSettings'] = async (patch) => {
    await this.#call('updateSettings', [patch]);
    const settings = { ...this.state.settings, ...patch };
    this.set({ settings });
    return { settings };
  };
  /** What `getAnalytics()` answers (null: it fails with `fail`, or an internal error); each call is recorded. */
  analytics: import('@live-shop/protocol').ShowAnalytics | null = null;
  analyticsCsv = 'minute\r\n';
  getAnalytics: Api['getAnalytics'] = async () => {
    this.calls.push(['getAnalytics']);
    if (!this.analytics)
      throw Object.assign(new Error(this.fail?.message ?? 'Internal error'), this.fail ?? { code: 'internal' });
    return this.analytics;
  };
  getAnalyticsCsv: Api['getAnalyticsCsv'] = async () => {
    this.calls.push(['getAnalyticsCsv']);
    return this.analyticsCsv;
  };
  /** What `ingestInfo()` answers (null: local video, no OBS panel). */
  ingest: { rtmpsUrl: string; streamKey: string; canRotate?: boolean } | null = null;
  /** Where the studio publishes: the ingest stand-in of web-test-runner.config.mjs when set. */
  ingestUrl = 'ws://127.0.0.1:9/ingest';
  ingestInfo: Api['ingestInfo'] = () => Promise.resolve(this.ingest);
  ingestTarget: Api['ingestTarget'] = () => ({ url: this.ingestUrl, show: 's1', token: 'host-token' });
  // RTMP in and simulcast out (issue 15)
  rotateIngestKey: Api['rotateIngestKey'] = () => this.#call('rotateIngestKey', [], this.ingest);
  /** What the simulcast calls answer (the server's list after the change). */
  destinations: Awaited<ReturnType<Api['simulcastDestinations']>> = [];
  // A read, like ingestInfo(): not recorded among the calls.
  simulcastDestinations: Api['simulcastDestinations'] = () => Promise.resolve(this.destinations);
  addSimulcastDestination: Api['addSimulcastDestination'] = (d) =>
    this.#call('addSimulcastDestination', [d], this.destinations);
  removeSimulcastDestination: Api['removeSimulcastDestination'] = (id) =>
    this.#call('removeSimulcastDestination', [id], this.destinations);
  enableSimulcastDestination: Api['enableSimulcastDestination'] = (id, enabled) =>
    this.#call('enableSimulcastDestination', [id, enabled], this.destinations);

  get asClient(): LiveShopClient {
    return this as unknown as LiveShopClient;
  }
}
