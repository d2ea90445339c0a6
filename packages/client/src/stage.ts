/**
 * LiveShopClient's part of the co-hosts' stage: the requests, what their acks change in the show
 * state, and a guest's place on the stage kept across reconnections (`stage:join` is sent again
 * after each snapshot until `leaveStage()` or the guest is no longer listed).
 */
import {
  ClientEvent,
  ErrorCode,
  type LiveShopError,
  type ClientToServerEvents,
  type ErrorBody,
  type GuestInvite,
  type GuestInvitePayload,
  type ShowSnapshot,
  type StageLayout,
  type StagePlace,
  type StageSignal,
  type StageState,
} from '@live-shop/protocol';
import type { AckBody } from './connection.js';
import type { ShowStore } from './store.js';

/** Sends a client event and resolves with its ack (the client's `#request`). */
type Request = <T extends keyof ClientToServerEvents>(
  event: T,
  payload: Parameters<ClientToServerEvents[T]>[0],
) => Promise<AckBody<ClientToServerEvents[T]>>;

export type StageAck = { stage: StageState };

/** Errors after which joining again cannot help: the guest stops re-joining by itself. */
const FINAL: readonly string[] = [ErrorCode.StageFull, ErrorCode.Forbidden, ErrorCode.BadRequest];

export class StageClient {
  readonly #request: Request;
  readonly #store: ShowStore;
  readonly #server: string;
  readonly #fail: (error: ErrorBody) => void;
  /** The name a guest joined with: while set, each snapshot (a reconnection) sends `stage:join` again. */
  #name: string | null = null;
  /** This guest's id (its token id), learnt from the join's answer: the guest is no longer listed → forget the name. */
  #guestId: string | null = null;

  constructor(request: Request, store: ShowStore, server: string, fail: (error: ErrorBody) => void) {
    this.#request = request;
    this.#store = store;
    this.#server = server;
    this.#fail = fail;
  }

  /** The server's `stage:state`: the guest that no longer finds itself listed (removed, left elsewhere) stops re-joining. */
  applyState(stage: StageState): void {
    this.#store.set({ stage });
    if (this.#guestId && !stage.guests.some((g) => g.id === this.#guestId)) this.#forget();
  }

  /** After a snapshot (every new connection): a guest that joined joins again, where it was. */
  resynced(snap: ShowSnapshot): void {
    if (this.#name === null || snap.role !== 'guest') return;
    const name = this.#name;
    this.join(name).catch((error: LiveShopError) => {
      if (FINAL.includes(error.code)) this.#forget();
      this.#fail({ code: error.code, message: error.message });
    });
  }

  async invite(options: GuestInvitePayload): Promise<GuestInvite> {
    const { token, guest, studioUrl } = await this.#request(ClientEvent.GuestInvite, options);
    this.#store.set({ guestLinks: [guest, ...this.#store.state.guestLinks.filter((l) => l.id !== guest.id)] });
    return { token, guest, studioUrl: new URL(studioUrl, this.#server).href };
  }

  async revoke(id: string, event: 'guest:revoke' | 'stage:remove'): Promise<StageAck> {
    const ack =
      event === 'guest:revoke'
        ? await this.#request(ClientEvent.GuestRevoke, { id })
        : await this.#request(ClientEvent.StageRemove, { guestId: id });
    this.#store.set({ guestLinks: this.#store.state.guestLinks.filter((l) => l.id !== id) });
    return this.#applied(ack);
  }

  async join(name: string): Promise<StageAck> {
    this.#name = name;
    const ack = await this.#request(ClientEvent.StageJoin, { name });
    // Its own entry is the one whose peer is this connection.
    const peer = this.#store.state.peer;
    this.#guestId = ack.stage.guests.find((g) => g.peer !== null && g.peer === peer)?.id ?? this.#guestId;
    return this.#applied(ack);
  }

  async leave(): Promise<StageAck> {
    this.#forget();
    return this.#applied(await this.#request(ClientEvent.StageLeave, {}));
  }

  async move(guestId: string, place: StagePlace): Promise<StageAck> {
    return this.#applied(await this.#request(ClientEvent.StageMove, { guestId, place }));
  }

  async mute(guestId: string, muted: boolean): Promise<StageAck> {
    return this.#applied(await this.#request(ClientEvent.StageMute, { guestId, muted }));
  }

  async layout(layout: StageLayout): Promise<StageAck> {
    return this.#applied(await this.#request(ClientEvent.StageLayout, { layout }));
  }

  signal(to: string, signal: StageSignal): Promise<Record<never, never>> {
    return this.#request(ClientEvent.StageSignal, { to, signal });
  }

  #applied(ack: StageAck): StageAck {
    this.#store.set({ stage: ack.stage });
    return ack;
  }

  #forget(): void {
    this.#name = null;
    this.#guestId = null;
  }
}
