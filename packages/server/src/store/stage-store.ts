import type { StageGuest, StageLayout, StagePlace } from '@live-shop/protocol';

/** A guest on a show's stage list, as stored (`peer`: its current connection, null while not connected). */
export interface StageGuestRecord extends StageGuest {
  /** Join order within the show (the list's order). */
  joined: number;
}

export interface StageRecord {
  layout: StageLayout;
  guests: StageGuestRecord[];
}

/** What `joinStage` / `moveStageGuest` answer besides success. */
export type StageRefusal = 'full' | 'not_found';

/** Co-hosts: each show's layout and stage list (guests keyed by their token id). */
export interface StageStore {
  /** The layout (`solo` when never set) and the guests, in join order. */
  getStage(showId: string): Promise<StageRecord>;
  setStageLayout(showId: string, layout: StageLayout, at: number): Promise<void>;
  /**
   * A guest joins: listed backstage when new (refused `full` beyond `maxGuests`), or, when listed
   * already, keeps its place and mute and takes the new name and peer (a reload comes back where it was).
   */
  joinStage(
    showId: string,
    guest: { id: string; name: string; peer: string; at: number },
    maxGuests: number,
  ): Promise<StageRefusal | null>;
  /** Moves a guest; to the stage only while fewer than `maxOnStage` other guests are there (`full`). */
  moveStageGuest(
    showId: string,
    id: string,
    place: StagePlace,
    at: number,
    maxOnStage: number,
  ): Promise<StageRefusal | null>;
  /** False when no such guest. */
  muteStageGuest(showId: string, id: string, muted: boolean): Promise<boolean>;
  /** Sets the guest's peer; with `ifPeer`, only while that is still the recorded one (compare-and-set). True when changed. */
  setStagePeer(showId: string, id: string, peer: string | null, ifPeer?: string): Promise<boolean>;
  /** Drops these guests from the show's list; the ids that were listed. */
  removeStageGuests(showId: string, ids: string[]): Promise<string[]>;
  /** Shows with at least one guest recorded as connected (checked against live connections at startup). */
  showsWithStagePeers(): Promise<string[]>;
}
