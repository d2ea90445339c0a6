import {
  ErrorCode,
  LIMITS,
  LiveShopError,
  type GuestInfo,
  type ModeratorInfo,
  type TokenInfo,
} from '@live-shop/protocol';
import { randomId } from '../ids.js';
import type { TokenRecord, TokenStore } from '../store/store.js';
import { readShowToken, signShowToken, type TokenClaims, type TokenRole } from '../tokens.js';

const HOUR_MS = 3_600_000;
/** A host token reused for the demo or the admin list keeps at least this long. */
const REUSE_MIN_LEFT_MS = 24 * HOUR_MS;

/** The studio for a show, relative to the server; the token rides in the fragment so it never reaches server logs or a Referer. */
export const studioPath = (showId: string, token: string) =>
  `/studio?show=${encodeURIComponent(showId)}#token=${encodeURIComponent(token)}`;

const DEFAULT_HOURS: Record<TokenRole, number> = {
  host: LIMITS.hostTokenHours,
  moderator: LIMITS.moderatorTokenHours,
  guest: LIMITS.guestTokenHours,
};

export interface IssuedToken {
  token: string;
  record: TokenRecord;
}

export interface IssueOptions {
  label?: string;
  hours?: number;
  /** The token expires by then at the latest: an invited moderator never outlives the host token that invited it. */
  notAfter?: number;
  /** The staff token that invited this one: revoking it revokes this too. */
  issuedBy?: string;
}

const info = ({ id, role, label, createdAt, expiresAt, revokedAt }: TokenRecord): TokenInfo => ({
  id,
  role,
  label,
  createdAt,
  expiresAt,
  revokedAt,
});

/**
 * Host and moderator tokens: signed (scoped to one show, expiring) and recorded, so each can be
 * listed and revoked. Verifying reads the token's row: revocation holds on every node at once.
 */
export class ShowAccess {
  constructor(
    private readonly store: TokenStore,
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  async issue(showId: string, role: TokenRole, options: IssueOptions = {}): Promise<IssuedToken> {
    const createdAt = this.now();
    const hours = options.hours ?? DEFAULT_HOURS[role];
    const expiresAt = Math.min(createdAt + hours * HOUR_MS, options.notAfter ?? Infinity);
    const record: TokenRecord = {
      id: randomId(),
      showId,
      role,
      label: options.label ?? '',
      createdAt,
      expiresAt,
      revokedAt: null,
      issuedBy: options.issuedBy ?? null,
    };
    await this.store.createToken(record);
    return { token: this.sign(record), record };
  }

  /** The newest host token with a day or more left, or a new one: printing the studio link at every start must not pile up tokens. */
  async hostToken(showId: string): Promise<IssuedToken> {
    const reusable = (await this.store.listTokens(showId)).find(
      (t) => t.role === 'host' && t.revokedAt === null && t.expiresAt - this.now() >= REUSE_MIN_LEFT_MS,
    );
    return reusable ? { token: this.sign(reusable), record: reusable } : this.issue(showId, 'host');
  }

  /** Throws `unauthorized` (forged, another show's) or `token_expired` (expired or revoked). */
  async verify(showId: string, token: string): Promise<TokenClaims> {
    const claims = readShowToken(this.secret, showId, token);
    if (!claims) throw new LiveShopError(ErrorCode.Unauthorized, 'Invalid token for this show');
    if (!(await this.isActive(claims)))
      throw new LiveShopError(ErrorCode.TokenExpired, 'This token has expired or was revoked: ask for a new link');
    return claims;
  }

  async isActive(claims: Pick<TokenClaims, 'id' | 'expiresAt'>): Promise<boolean> {
    if (claims.expiresAt <= this.now()) return false;
    const record = await this.store.getToken(claims.id);
    return !!record && record.revokedAt === null && record.expiresAt > this.now();
  }

  async list(showId: string): Promise<TokenInfo[]> {
    return (await this.store.listTokens(showId)).map(info);
  }

  /** Moderator tokens still usable, newest first. */
  moderators(showId: string): Promise<ModeratorInfo[]> {
    return this.active(showId, 'moderator');
  }

  /** Guest links still usable, newest first. */
  guests(showId: string): Promise<GuestInfo[]> {
    return this.active(showId, 'guest');
  }

  private async active(showId: string, role: TokenRole): Promise<ModeratorInfo[]> {
    const now = this.now();
    return (await this.store.listTokens(showId))
      .filter((t) => t.role === role && t.revokedAt === null && t.expiresAt > now)
      .map(({ id, label, createdAt, expiresAt }) => ({ id, label, createdAt, expiresAt }));
  }

  /** `role` limits what may be revoked (the studio revokes moderators only). Returns the ids revoked: the token and those it invited. */
  async revoke(showId: string, id: string, role?: TokenRole): Promise<string[]> {
    const record = await this.store.getToken(id);
    if (!record || record.showId !== showId || (role && record.role !== role))
      throw new LiveShopError(ErrorCode.NotFound, 'Token not found');
    return this.store.revokeToken(showId, id, this.now());
  }

  private sign(record: TokenRecord): string {
    return signShowToken(this.secret, {
      showId: record.showId,
      role: record.role,
      id: record.id,
      expiresAt: record.expiresAt,
    });
  }
}
