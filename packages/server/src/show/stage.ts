import {
  ErrorCode,
  LIMITS,
  LiveShopError,
  type GuestInvite,
  type StageLayout,
  type StagePlace,
  type StageState,
} from '@live-shop/protocol';
import type { Logger } from '../logger.js';
import type { StageRecord, StageRefusal, StageStore } from '../store/store.js';
import { studioPath, type IssueOptions, type ShowAccess } from './access.js';
import { guestsOnStage } from './public-show.js';
import { KeyedSerial } from './serial.js';

export interface StageDeps {
  store: StageStore;
  access: ShowAccess;
  /** Sends the show's stage room (host, moderators, guests: every node) its new `stage:state`. */
  publish: (showId: string, stage: StageState) => void;
  /** Sends everyone in the show (viewers too, every node) the names of the guests on stage, when they changed. */
  publishOnStage: (showId: string, guestsOnStage: string[]) => void;
  /** Closes every connection that used a token (revocation), on every node. */
  disconnectToken: (tokenId: string) => void;
  /** The peer ids (connection ids) of the show's stage room, on every node: what is really connected. */
  livePeers: (showId: string) => Promise<ReadonlySet<string>>;
  logger: Logger;
  now?: () => number;
}

const toState = ({ layout, guests }: StageRecord): StageState => ({
  layout,
  guests: guests.map(({ id, name, place, muted, peer, since }) => ({ id, name, place, muted, peer, since })),
});

/** Changes that may bring someone on stage, take them off, connect or disconnect them, or rename them: the public names are compared. */
const NAMES = true;
/** Changes that never do: mute and layout. */
const SAME_NAMES = false;

const FULL: Record<StageRefusal, LiveShopError> = {
  full: new LiveShopError(ErrorCode.StageFull, `The stage holds ${LIMITS.stageMax} people at most, the host included`),
  not_found: new LiveShopError(ErrorCode.NotFound, 'No such guest on this stage'),
};

/**
 * Co-hosts' stage of each show: the layout and who joined (backstage or on stage), stored so a
 * reload or a restart finds it as it was. Every change is stored first, then broadcast to the show's
 * stage room, then answered with the new state. A guest's `peer` is its live connection, or null.
 */
export class StageService {
  readonly #store: StageStore;
  readonly #access: ShowAccess;
  readonly #publish: StageDeps['publish'];
  readonly #publishOnStage: StageDeps['publishOnStage'];
  readonly #disconnectToken: StageDeps['disconnectToken'];
  readonly #livePeers: StageDeps['livePeers'];
  readonly #logger: Logger;
  readonly #now: () => number;
  /** One change of a show's stage at a time on this node: broadcasts go out in the order of the changes. */
  readonly #serial = new KeyedSerial();
  /** Presence writes in flight (connections closing as the server stops). */
  readonly #pending = new Set<Promise<unknown>>();

  constructor(deps: StageDeps) {
    this.#store = deps.store;
    this.#access = deps.access;
    this.#publish = deps.publish;
    this.#publishOnStage = deps.publishOnStage;
    this.#disconnectToken = deps.disconnectToken;
    this.#livePeers = deps.livePeers;
    this.#logger = deps.logger;
    this.#now = deps.now ?? Date.now;
  }

  async state(showId: string): Promise<StageState> {
    return toState(await this.#store.getStage(showId));
  }

  /** Host: a guest link; it never outlives the inviting host token (`notAfter`) and is revoked with it (`issuedBy`). */
  async invite(showId: string, options: IssueOptions): Promise<GuestInvite> {
    const { token, record } = await this.#access.issue(showId, 'guest', options);
    const guest = { id: record.id, label: record.label, createdAt: record.createdAt, expiresAt: record.expiresAt };
    return { token, guest, studioUrl: studioPath(showId, token) };
  }

  /** Guest: joins backstage, or comes back where it was (a reload) with this connection as its peer. */
  join(showId: string, guestId: string, name: string, peer: string): Promise<StageState> {
    return this.#change(showId, NAMES, async () => {
      const refused = await this.#store.joinStage(
        showId,
        { id: guestId, name, peer, at: this.#now() },
        LIMITS.stageGuestsMax,
      );
      if (refused === 'full')
        throw new LiveShopError(ErrorCode.StageFull, `This stage lists ${LIMITS.stageGuestsMax} guests already`);
      return true;
    });
  }

  /** Guest: leaves the list (its link stays valid: it may join again). */
  leave(showId: string, guestId: string): Promise<StageState> {
    return this.#change(showId, NAMES, async () => (await this.#store.removeStageGuests(showId, [guestId])).length > 0);
  }

  /** Host: on stage (at most `LIMITS.stageMax` people with the host: `stage_full`) or backstage. */
  move(showId: string, guestId: string, place: StagePlace): Promise<StageState> {
    return this.#change(showId, NAMES, async () => {
      const refused = await this.#store.moveStageGuest(showId, guestId, place, this.#now(), LIMITS.stageMax - 1);
      if (refused) throw FULL[refused];
      return true;
    });
  }

  mute(showId: string, guestId: string, muted: boolean): Promise<StageState> {
    return this.#change(showId, SAME_NAMES, async () => {
      if (!(await this.#store.muteStageGuest(showId, guestId, muted))) throw FULL.not_found;
      return true;
    });
  }

  layout(showId: string, layout: StageLayout): Promise<StageState> {
    return this.#change(showId, SAME_NAMES, async () => {
      await this.#store.setStageLayout(showId, layout, this.#now());
      return true;
    });
  }

  /**
   * Host: revokes a guest's link (`not_found` unless it is one of this show's guest links), drops the
   * guest from the list and closes its connections on every node. `stage:remove` and `guest:revoke`.
   */
  async revoke(showId: string, guestId: string): Promise<StageState> {
    const revoked = await this.#access.revoke(showId, guestId, 'guest');
    const stage = await this.dropRevoked(showId, revoked);
    for (const id of revoked) this.#disconnectToken(id);
    return stage;
  }

  /** Tokens were revoked (a guest's, or a host's with the guests it invited; their connections are closed by the revoker): those guests leave the list. */
  dropRevoked(showId: string, tokenIds: string[]): Promise<StageState> {
    return this.#change(showId, NAMES, async () => (await this.#store.removeStageGuests(showId, tokenIds)).length > 0);
  }

  /** A guest's connection closed: its peer clears, unless a newer connection took its place meanwhile. */
  disconnected(showId: string, guestId: string, peer: string): Promise<StageState> {
    return this.#track(this.#change(showId, NAMES, () => this.#store.setStagePeer(showId, guestId, null, peer)));
  }

  /** A guest's session resumed (Socket.IO recovery: same connection id, no new `stage:join`): connected again if listed. */
  resumed(showId: string, guestId: string, peer: string): Promise<StageState> {
    return this.#track(this.#change(showId, NAMES, () => this.#store.setStagePeer(showId, guestId, peer)));
  }

  /** Waits for the presence changes under way (the server closes the store after this). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
  }

  #track<T>(task: Promise<T>): Promise<T> {
    this.#pending.add(task);
    const done = () => this.#pending.delete(task);
    task.then(done, done);
    return task;
  }

  /**
   * Clears recorded peers that no node has as a connection any more (a node stopped or crashed while
   * its guests were connected). Only a peer still recorded as read is cleared: a guest joining
   * meanwhile keeps its new one.
   */
  async reconcile(showId: string): Promise<void> {
    const { guests } = await this.#store.getStage(showId);
    const recorded = guests.filter((g) => g.peer !== null);
    if (!recorded.length) return;
    const live = await this.#livePeers(showId);
    const stale = recorded.filter((g) => !live.has(g.peer!));
    if (!stale.length) return;
    await this.#change(showId, NAMES, async () => {
      let any = false;
      for (const g of stale) if (await this.#store.setStagePeer(showId, g.id, null, g.peer!)) any = true;
      return any;
    });
  }

  /** At startup: peers recorded before a stop are checked against the live connections (other nodes may hold some). */
  async resumeAfterRestart(): Promise<void> {
    for (const showId of await this.#store.showsWithStagePeers()) {
      await this.reconcile(showId).catch((error: unknown) =>
        this.#logger.warn(`live-shop: could not check the stage peers of show ${showId}: ${String(error)}`),
      );
    }
  }

  /**
   * Runs a change; when it changed something, broadcasts the new state, and when it may change who is
   * on stage (`NAMES`) and did, the names to the whole show. Answers the state either way.
   */
  #change(showId: string, names: boolean, change: () => Promise<boolean>): Promise<StageState> {
    return this.#serial.run(showId, async () => {
      const before = names ? guestsOnStage(await this.#store.getStage(showId)) : null;
      const changed = await change();
      const stage = await this.state(showId);
      if (!changed) return stage;
      this.#publish(showId, stage);
      const after = before && guestsOnStage(stage);
      if (after && after.join('\n') !== before.join('\n')) this.#publishOnStage(showId, after);
      return stage;
    });
  }
}
