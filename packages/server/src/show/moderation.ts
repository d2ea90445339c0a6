import {
  ErrorCode,
  LIMITS,
  LiveShopError,
  type BanInfo,
  type ChatMessage,
  type ModerationState,
  type ModeratorInvite,
  type Restriction,
  type RestrictedViewer,
  type Role,
  type ShowSettings,
} from '@live-shop/protocol';
import type { Logger } from '../logger.js';
import { ALL_SHOWS, type ChatStore, type ModerationStore, type RestrictionRecord } from '../store/store.js';
import type { TokenRole } from '../tokens.js';
import { studioPath, type IssueOptions } from './access.js';
import { Blocklist, checkBlocklist } from './blocklist.js';
import type { Broadcaster, SentChat, ShowService } from './service.js';

/** Who is sending: staff are never restricted, slowed or held. */
export interface ChatSender {
  role: Role;
  name: string;
  /** Issued viewer id (`v:…`); null for staff. */
  viewerId: string | null;
  /** Merchant account (`m:…`) when the identity was signed. */
  accountId: string | null;
  verified: boolean;
  /** The viewer's network as a subject (`a:…`); null when unknown. */
  address: string | null;
  /** A newly issued id without a signed identity (see identity.ts): its address's clock and restrictions hold it too. */
  fresh: boolean;
}

/** One viewer's ids, and for a fresh one their network. */
type Subjects = Pick<ChatSender, 'viewerId' | 'accountId'> & Partial<Pick<ChatSender, 'address' | 'fresh'>>;

/** Subjects one viewer is known by, primary first. */
export const subjectsOf = (who: Subjects): string[] => [who.accountId, who.viewerId].filter((s): s is string => !!s);

/** What a viewer answers to: their own ids and, for a fresh id (dropped at no cost), their network too. */
const boundSubjectsOf = (who: Subjects): string[] =>
  who.fresh && who.address ? [...subjectsOf(who), who.address] : subjectsOf(who);

/** Address subjects are the server's own bookkeeping: never listed to staff or the admin. */
const isAddress = (subject: string) => subject.startsWith('a:');

interface ShowRules {
  restrictions: RestrictionRecord[];
  blocklist: Blocklist;
  loadedAt: number;
}

/** Another node may have changed the rules and failed to tell us (Redis hiccup): re-read after this long at most. */
const RULES_TTL_MS = 5_000;
/** `GET /api/bans` lists the newest this many. */
const BANS_LISTED = 1000;
/** A ban also holds fresh ids from the banned viewer's network this long (a timeout: as long as it lasts). */
export const ADDRESS_BAN_MS = 24 * 3600_000;
/** Slow-mode bookkeeping is dropped when this many senders are tracked (older entries than the longest slow mode go). */
const SLOW_MODE_PRUNE_AT = 10_000;

const toRestricted = (r: RestrictionRecord): RestrictedViewer => ({
  viewerId: r.subject,
  name: r.name,
  kind: r.kind,
  until: r.until,
  at: r.at,
});

/** Rules, and the chat they act on (held messages, authors, deleting a banned viewer's messages). */
export type ModerationServiceStore = ModerationStore & Pick<ChatStore, 'heldChat' | 'chatAuthor' | 'deleteChatBy'>;

export interface ModerationDeps {
  store: ModerationServiceStore;
  shows: ShowService;
  broadcaster: Broadcaster;
  logger: Logger;
  /** Tells the other nodes to drop their cached rules for a show (`*` = every show). */
  notifyPeers?: (showId: string) => void;
  /** Tokens were revoked (the token and those it invited): e.g. guests leave the stage. */
  tokensRevoked?: (showId: string, ids: string[]) => void;
  /** `LIVE_SHOP_CHAT_REQUIRES_IDENTITY`: viewers chat only with a merchant-signed identity. */
  chatRequiresIdentity?: boolean;
  now?: () => number;
}

/**
 * Chat moderation: who may chat (timeouts, bans), how often (slow mode), what is held back
 * (blocklist), and the staff's view of it. Rules are cached per node and re-read on every change
 * (this node's or, through `notifyPeers`, another's).
 */
export class ModerationService {
  readonly #store: ModerationServiceStore;
  readonly #shows: ShowService;
  readonly #broadcaster: Broadcaster;
  readonly #logger: Logger;
  readonly #notifyPeers: (showId: string) => void;
  readonly #now: () => number;
  readonly #chatRequiresIdentity: boolean;
  readonly #tokensRevoked: (showId: string, ids: string[]) => void;
  readonly #rules = new Map<string, Promise<ShowRules>>();
  /** The matcher of each show's list, kept across re-reads of the rules: built once per change of the list. */
  readonly #blocklists = new Map<string, Blocklist>();
  /** `${showId} ${subject}` → when their last message was accepted. */
  readonly #lastMessage = new Map<string, number>();
  /** Restrictions being stored now (their rules not dropped yet): chat batches written meanwhile wait for them. */
  readonly #storing = new Set<Promise<void>>();

  constructor(deps: ModerationDeps) {
    this.#store = deps.store;
    this.#shows = deps.shows;
    this.#broadcaster = deps.broadcaster;
    this.#logger = deps.logger;
    this.#notifyPeers = deps.notifyPeers ?? (() => {});
    this.#now = deps.now ?? Date.now;
    this.#chatRequiresIdentity = deps.chatRequiresIdentity ?? false;
    this.#tokensRevoked = deps.tokensRevoked ?? (() => {});
  }

  /** Drops cached rules (a peer changed them). */
  invalidate(showId: string): void {
    if (showId === ALL_SHOWS) this.#rules.clear();
    else this.#rules.delete(showId);
  }

  /** True when this server lets only signed-in viewers chat and this one is not (staff always chat). */
  identityRequired(who: Pick<ChatSender, 'role' | 'accountId'>): boolean {
    return this.#chatRequiresIdentity && who.role === 'viewer' && !who.accountId;
  }

  requireIdentity(who: Pick<ChatSender, 'role' | 'accountId'>): void {
    if (this.identityRequired(who))
      throw new LiveShopError(ErrorCode.IdentityRequired, 'Sign in to chat: this chat is for signed-in customers');
  }

  /** The restriction in force on this viewer in this show, if any (for a fresh id, its network's too). */
  restrictionOf(showId: string, who: Subjects): Promise<Restriction | null> {
    return this.#restrictionOn(showId, boundSubjectsOf(who));
  }

  async #restrictionOn(showId: string, subjects: string[]): Promise<Restriction | null> {
    if (!subjects.length) return null;
    const now = this.#now();
    const holding = (await this.#rulesOf(showId)).restrictions.filter(
      (r) =>
        (subjects.includes(r.subject) || (r.alias !== null && subjects.includes(r.alias))) &&
        (r.until === null || r.until > now),
    );
    // The one that lasts longest: a ban (any show's), else the latest timeout.
    const found = holding.find((r) => r.until === null) ?? holding.sort((a, b) => b.until! - a.until!)[0];
    return found ? { kind: found.kind, until: found.until } : null;
  }

  /** `#allowed` once the restrictions being stored now are stored (ignoring whether that worked). */
  async #recheck(showId: string, sender: ChatSender): Promise<void> {
    await Promise.allSettled(this.#storing);
    await this.#allowed(showId, sender);
  }

  /** Throws the viewer's restriction in this show, if any. */
  async #allowed(showId: string, sender: ChatSender): Promise<void> {
    const restriction = await this.restrictionOf(showId, sender);
    if (restriction) throw restrictedError(restriction);
  }

  /**
   * Sends a chat message through the rules: refused when restricted or too soon (slow mode), held when
   * it matches the blocklist. A viewer restricted before the message's batch is written is refused then.
   */
  async sendChat(showId: string, sender: ChatSender, text: string, question = false): Promise<SentChat> {
    const staff = sender.role !== 'viewer';
    this.requireIdentity(sender);
    const show = await this.#shows.requireOpenChat(showId);
    let held = false;
    let slowKeys: string[] = [];
    let rules: Promise<ShowRules> | undefined;
    if (!staff) {
      const allowed = this.#allowed(showId, sender);
      // The rules it read (asked for at once): still cached when the batch is written, nothing changed.
      rules = this.#rules.get(showId);
      await allowed;
      slowKeys = this.#takeSlowModeSlot(showId, show.settings, sender);
      held = (await this.#rulesOf(showId)).blocklist.matches(text);
    }
    // Only this message's slot: a failed write may settle after the sender's next message took one.
    const taken = slowKeys.map((key) => [key, this.#lastMessage.get(key)] as const);
    const forget = () => {
      for (const [key, at] of taken) if (this.#lastMessage.get(key) === at) this.#lastMessage.delete(key);
    };
    try {
      const sent = await this.#shows.sendChat(
        showId,
        {
          name: sender.name,
          text,
          role: sender.role,
          ...(sender.verified && { verified: true }),
          ...(held && { held: true }),
          // Q&A: only viewers ask (staff answer on air).
          ...(question && !staff && { question: true }),
        },
        { viewerId: sender.viewerId, accountId: sender.accountId, address: sender.address },
        {
          checked: true,
          ...(!staff && {
            recheck: () =>
              !this.#storing.size && rules && this.#rules.get(showId) === rules
                ? undefined
                : this.#recheck(showId, sender),
          }),
        },
      );
      if (held) void this.#publishState(showId);
      // A message that was not stored must not count against the sender.
      sent.delivered.catch(forget);
      return sent;
    } catch (error) {
      forget();
      throw error;
    }
  }

  async approve(showId: string, id: string): Promise<ChatMessage> {
    const message = await this.#shows.approveChat(showId, id);
    void this.#publishState(showId);
    return message;
  }

  /** Deletes a message (held or not). */
  async delete(showId: string, id: string): Promise<void> {
    await this.#shows.deleteChat(showId, id);
    void this.#publishState(showId);
  }

  /** The author of `messageId` may not chat: in this show until `seconds` pass (timeout), or in any show (ban). Their messages here are removed. */
  async restrict(
    showId: string,
    messageId: string,
    kind: 'timeout' | 'ban',
    seconds?: number,
  ): Promise<RestrictedViewer> {
    const author = await this.#store.chatAuthor(showId, messageId);
    if (!author) throw new LiveShopError(ErrorCode.NotFound, 'Message not found');
    const [subject, alias = null] = subjectsOf(author);
    if (!subject) throw new LiveShopError(ErrorCode.InvalidState, 'Hosts and moderators cannot be timed out or banned');
    // One restriction per show and viewer: a timeout must not replace this show's ban.
    const own = (await this.#rulesOf(showId)).restrictions.find((r) => r.scope === showId && r.subject === subject);
    if (kind === 'timeout' && own?.kind === 'ban')
      throw new LiveShopError(ErrorCode.InvalidState, 'This viewer is banned from this show: unban them first');
    const at = this.#now();
    const record: RestrictionRecord = {
      // Set by this show: its staff list and lift it (a ban still holds in every show).
      scope: showId,
      subject,
      alias,
      kind,
      until: kind === 'ban' ? null : at + (seconds ?? LIMITS.timeoutMinSeconds) * 1000,
      name: author.name,
      at,
    };
    // Until the rules are dropped, a chat batch's recheck waits for this, then reads them again.
    const storing = (async () => {
      await this.#store.putRestriction(record);
      if (author.address) await this.#bindAddress(showId, author.address, record);
    })();
    this.#storing.add(storing);
    try {
      await storing;
    } finally {
      this.#changed(kind === 'ban' ? ALL_SHOWS : showId);
      this.#storing.delete(storing);
    }
    // What they sent before this is stored first, so it goes too.
    await this.#shows.flushChat(showId);
    await this.#shows.chatDeleted(showId, await this.#store.deleteChatBy(showId, subjectsOf(author), at));
    await this.#tell(showId, author.address ? [...subjectsOf(author), author.address] : subjectsOf(author));
    void this.#publishState(showId);
    return toRestricted(record);
  }

  /**
   * A viewer who drops their credential comes back as a fresh id from the same network: fresh ids
   * from there answer to the restriction too (a ban: for `ADDRESS_BAN_MS`), unless one holds longer.
   * Returning viewers and signed-in customers there are not touched (a carrier NAT is many shoppers).
   */
  async #bindAddress(showId: string, address: string, record: RestrictionRecord): Promise<void> {
    const until = record.until ?? record.at + ADDRESS_BAN_MS;
    const held = (await this.#rulesOf(showId)).restrictions.find((r) => r.scope === showId && r.subject === address);
    if (held && (held.until === null || held.until >= until)) return;
    // The alias lifts it with the viewer.
    await this.#store.putRestriction({ ...record, subject: address, alias: record.subject, until });
  }

  /** Tells each subject's connections in this show what holds for them now (another show's ban outweighs a timeout). */
  async #tell(showId: string, subjects: string[]): Promise<void> {
    for (const s of subjects) {
      this.#broadcaster.emitToViewer(showId, s, 'viewer:restriction', {
        restriction: await this.#restrictionOn(showId, [s]),
      });
    }
  }

  /** Lifts what this show set on the viewer; another show's ban is that show's (or the admin's) to lift. */
  async lift(showId: string, viewerId: string): Promise<void> {
    const lifted = await this.#store.liftRestrictions(showId, viewerId);
    if (!lifted.length) {
      const elsewhere = (await this.#store.listRestrictions(showId, this.#now())).some(
        (r) => r.subject === viewerId || r.alias === viewerId,
      );
      if (elsewhere)
        throw new LiveShopError(
          ErrorCode.Forbidden,
          'This ban was set in another show: only its staff or the admin can lift it',
        );
      throw new LiveShopError(ErrorCode.NotFound, 'No ban or timeout for this viewer');
    }
    await this.#lifted(viewerId, lifted);
  }

  /** The admin lifts every show's ban on the viewer (`DELETE /api/bans/:viewerId`). */
  async liftBan(viewerId: string): Promise<void> {
    const lifted = await this.#store.liftBans(viewerId);
    if (!lifted.length) throw new LiveShopError(ErrorCode.NotFound, 'No ban for this viewer');
    await this.#lifted(viewerId, lifted);
  }

  /** Every show's bans in force, newest first (the admin's `GET /api/bans`). */
  async bans(): Promise<BanInfo[]> {
    const bans = (await this.#store.listBans(this.#now(), BANS_LISTED)).filter((r) => !isAddress(r.subject));
    return bans.map((r) => ({ ...toRestricted(r), showId: r.scope === ALL_SHOWS ? null : r.scope }));
  }

  /** After a lift: every node re-reads; in each show concerned the viewer (and their network) learn what still holds, staff see it. */
  async #lifted(viewerId: string, lifted: Array<Pick<RestrictionRecord, 'scope' | 'subject'>>): Promise<void> {
    this.#changed(ALL_SHOWS);
    for (const showId of new Set(lifted.map((r) => r.scope))) {
      if (showId === ALL_SHOWS) continue;
      const addresses = lifted.filter((r) => r.scope === showId && isAddress(r.subject)).map((r) => r.subject);
      await this.#tell(showId, [viewerId, ...addresses]);
      void this.#publishState(showId);
    }
  }

  async inviteModerator(showId: string, options: IssueOptions): Promise<ModeratorInvite> {
    const { token, record } = await this.#shows.access.issue(showId, 'moderator', options);
    void this.#publishState(showId);
    const moderator = { id: record.id, label: record.label, createdAt: record.createdAt, expiresAt: record.expiresAt };
    return { token, moderator, studioUrl: studioPath(showId, token) };
  }

  /** Revokes a token and closes its connections on every node; `role` limits what may be revoked. */
  async revokeToken(showId: string, id: string, role?: TokenRole): Promise<void> {
    const revoked = await this.#shows.access.revoke(showId, id, role);
    for (const tokenId of revoked) this.#broadcaster.disconnectToken(tokenId);
    this.#tokensRevoked(showId, revoked);
    void this.#publishState(showId);
  }

  async setSlowMode(showId: string, seconds: number): Promise<{ settings: ShowSettings }> {
    return this.#shows.updateSettings(showId, { slowModeSeconds: seconds });
  }

  async setBlocklist(showId: string, terms: string[]): Promise<{ blocklist: string[] }> {
    await this.#shows.requireShow(showId);
    // Matching ignores case, so do duplicates: the first spelling stays.
    const byKey = new Map(
      terms
        .map((t) => t.trim())
        .filter(Boolean)
        .reverse()
        .map((t) => [t.toLowerCase(), t]),
    );
    const blocklist = [...byKey.values()].reverse();
    checkBlocklist(blocklist);
    // Built here, in the moderator's request: the next chat message finds it ready.
    this.#blocklistOf(showId, blocklist);
    await this.#store.setBlocklist(showId, blocklist);
    this.#changed(showId);
    void this.#publishState(showId);
    return { blocklist };
  }

  async state(showId: string): Promise<ModerationState> {
    const [rules, held, moderators] = await Promise.all([
      this.#rulesOf(showId),
      this.#store.heldChat(showId, LIMITS.heldMessages),
      this.#shows.access.moderators(showId),
    ]);
    const now = this.#now();
    // Other shows' bans hold here too, but they are theirs to list and lift.
    const listed = (r: RestrictionRecord) =>
      r.scope === showId && !isAddress(r.subject) && (r.until === null || r.until > now);
    const restricted = rules.restrictions.filter(listed).map(toRestricted);
    return { restricted, held, blocklist: [...rules.blocklist.terms], moderators };
  }

  /** Sends the staff the current state (after a change made elsewhere, e.g. a moderator invited). */
  async publishState(showId: string): Promise<void> {
    await this.#publishState(showId);
  }

  async #publishState(showId: string): Promise<void> {
    try {
      this.#broadcaster.emitToStaff(showId, 'moderation:state', await this.state(showId));
    } catch (error) {
      this.#logger.error('live-shop: sending the moderation state failed', error);
    }
  }

  #changed(showId: string): void {
    this.invalidate(showId);
    this.#notifyPeers(showId);
  }

  #rulesOf(showId: string): Promise<ShowRules> {
    const cached = this.#rules.get(showId);
    if (cached)
      return cached.then((rules) => (this.#now() - rules.loadedAt < RULES_TTL_MS ? rules : this.#load(showId)));
    return this.#load(showId);
  }

  #load(showId: string): Promise<ShowRules> {
    const loading = Promise.all([
      this.#store.listRestrictions(showId, this.#now()),
      this.#store.getBlocklist(showId),
    ]).then(([restrictions, terms]) => ({
      restrictions,
      blocklist: this.#blocklistOf(showId, terms),
      loadedAt: this.#now(),
    }));
    this.#rules.set(showId, loading);
    loading.catch(() => this.#rules.delete(showId));
    return loading;
  }

  #blocklistOf(showId: string, terms: readonly string[]): Blocklist {
    const kept = this.#blocklists.get(showId);
    if (kept?.sameTerms(terms)) return kept;
    const built = new Blocklist(terms);
    this.#blocklists.set(showId, built);
    return built;
  }

  /**
   * One clock per viewer, and one per network that all its fresh ids share (five new ids are still one
   * shopper's budget). Returns the keys it took (to give back if the message is not stored), or throws rate_limited.
   */
  #takeSlowModeSlot(showId: string, settings: ShowSettings, sender: ChatSender): string[] {
    const seconds = settings.slowModeSeconds;
    const [subject] = subjectsOf(sender);
    if (!seconds || !subject) return [];
    const keys = [subject, ...(sender.fresh && sender.address ? [sender.address] : [])].map((s) => `${showId} ${s}`);
    const now = this.#now();
    const wait = Math.max(...keys.map((key) => (this.#lastMessage.get(key) ?? -Infinity) + seconds * 1000 - now));
    if (wait > 0)
      throw new LiveShopError(
        ErrorCode.RateLimited,
        `Slow mode: wait ${Math.ceil(wait / 1000)} s before your next message`,
      );
    if (this.#lastMessage.size >= SLOW_MODE_PRUNE_AT) {
      for (const [k, at] of this.#lastMessage)
        if (now - at > LIMITS.slowModeMaxSeconds * 1000) this.#lastMessage.delete(k);
    }
    for (const key of keys) this.#lastMessage.set(key, now);
    return keys;
  }
}

export function restrictedError(restriction: Restriction): LiveShopError {
  const message =
    restriction.kind === 'ban'
      ? 'You have been banned from this chat'
      : `You are timed out: you can chat again in ${Math.ceil(((restriction.until ?? 0) - Date.now()) / 1000)} s`;
  return new LiveShopError(ErrorCode.Restricted, message);
}
