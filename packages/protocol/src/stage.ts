/**
 * Co-hosts on one stage: guests invited by the host join backstage, the host brings them on stage,
 * and the host's studio composites the program. Media flows over WebRTC between the host's studio and
 * each guest (a star); the server only relays the signalling and keeps the stage list.
 */

export const STAGE_LAYOUTS = ['solo', 'side-by-side', 'grid', 'pip'] as const;
/** How the host's studio draws the people on stage: `solo` the first tile only, `pip` the first full frame with the others inset. */
export type StageLayout = (typeof STAGE_LAYOUTS)[number];

export const STAGE_PLACES = ['backstage', 'stage'] as const;
export type StagePlace = (typeof STAGE_PLACES)[number];

/** A guest who joined (backstage or on stage). Survives reloads and server restarts: keyed by the guest's token id. */
export interface StageGuest {
  /** The guest's token id (stable across reloads; `guest:revoke` and `stage:*` take it). */
  id: string;
  /** The name the guest gave when joining. */
  name: string;
  place: StagePlace;
  /** The host muted this guest's audio on the program. */
  muted: boolean;
  /** The guest's peer id (its current connection) for `stage:signal`; null while the guest is not connected. */
  peer: string | null;
  /** Epoch ms when the guest joined, or was brought on stage (tiles are ordered by it). */
  since: number;
}

/** The guests on stage, in the order they were brought on: the program's tiles after the host's. */
export function onStage(guests: readonly StageGuest[]): StageGuest[] {
  return guests.filter((g) => g.place === 'stage').sort((a, b) => a.since - b.since);
}

/**
 * `show:stage`, to everyone in the show (viewers too) when the names on stage change. Names only:
 * no guest ids, peers or backstage guests. The host is not listed (the server does not know the
 * name the host shows on screen; their chat name is the role's).
 */
export interface ShowStagePayload {
  /** Names of the guests on stage with the host, in the order they were brought on; empty when the host is alone. */
  guestsOnStage: string[];
}

/** `stage:state`, to the show's host, moderators and guests: in their snapshot and after every change. */
export interface StageState {
  layout: StageLayout;
  /** Guests who joined, in the order they joined (on stage: in the order they were brought on). */
  guests: StageGuest[];
}

/** `RTCIceServer` as the server hands it out (`LIVE_SHOP_ICE_SERVERS`), without depending on DOM types. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/**
 * One WebRTC signalling message: a session description, an ICE candidate (null: end of candidates),
 * or the size the host draws a guest at.
 */
export interface StageSignal {
  description?: { type: 'offer' | 'answer'; sdp: string };
  /**
   * Host → guest: the largest picture of this guest the host's studio draws now (their tile on the
   * program, or the backstage preview). The guest's browser sends its camera scaled down to cover it
   * (`scaleResolutionDownBy`): nobody encodes, sends and decodes pixels the program throws away.
   */
  video?: { width: number; height: number };
  candidate?: {
    candidate: string;
    sdpMid?: string | null;
    sdpMLineIndex?: number | null;
    usernameFragment?: string | null;
  } | null;
}

/** `stage:signal` (client → server): relayed only to `to`, a host or guest connection of the same show. */
export interface StageSignalPayload {
  /** The peer id of a host studio or a guest of this show. */
  to: string;
  signal: StageSignal;
}

/** `stage:signal` (server → client): who sent it. */
export interface StageSignalMessage {
  /** The sender's peer id (answer to it). */
  from: string;
  /** The sender's role: `host` or `guest`. */
  role: 'host' | 'guest';
  /** The sending guest's id (its token id); null when a host sent it. */
  guestId: string | null;
  signal: StageSignal;
}

/** `stage:join` (guest): join backstage, or return where this guest was (stage or backstage) after a reload. */
export interface StageJoinPayload {
  name: string;
}
/** `stage:move` (host): bring a guest on stage or send them backstage. */
export interface StageMovePayload {
  guestId: string;
  place: StagePlace;
}
/** `stage:mute` (host): mute or unmute a guest's audio on the program. */
export interface StageMutePayload {
  guestId: string;
  muted: boolean;
}
/** `stage:remove` (host): the guest leaves the stage list, their link is revoked and their connections closed. */
export interface StageRemovePayload {
  guestId: string;
}
export interface StageLayoutPayload {
  layout: StageLayout;
}

/** A guest link as the studio lists it (the token itself is only in the `guest:invite` ack). */
export interface GuestInfo {
  id: string;
  label: string;
  createdAt: number;
  expiresAt: number;
}
export interface GuestInvitePayload {
  label?: string;
  /** 1 … `LIMITS.guestTokenMaxHours`, default `LIMITS.guestTokenHours`. */
  hours?: number;
}
export interface GuestInvite {
  token: string;
  guest: GuestInfo;
  /** The guest page for this link (relative to the server): `/studio?show=…#token=…`. */
  studioUrl: string;
}
