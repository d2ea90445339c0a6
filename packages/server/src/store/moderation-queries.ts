import type { ChatMessage, Role } from '@live-shop/protocol';
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { ChatAuthor, LiftedRestriction, NewChat, RestrictionRecord, TokenRecord } from './store.js';
import type { ChatMessagesTable, Database, RestrictionsTable, ShowTokensTable } from './tables.js';

type Db = Kysely<Database>;

export const CHAT_COLUMNS = [
  'id',
  'name',
  'text',
  'role',
  'at',
  'verified',
  'held',
  'question',
  'answered_at',
] as const;
export const toChatMessage = (r: Pick<Selectable<ChatMessagesTable>, (typeof CHAT_COLUMNS)[number]>): ChatMessage => ({
  id: r.id,
  name: r.name,
  text: r.text,
  role: r.role as Role,
  at: Number(r.at),
  ...(Number(r.verified) ? { verified: true as const } : {}),
  ...(Number(r.held) ? { held: true as const } : {}),
  ...(Number(r.question) ? { question: true as const } : {}),
  ...(r.answered_at !== null && r.answered_at !== undefined ? { answeredAt: Number(r.answered_at) } : {}),
});

/** Rows per insert: well under SQLite's and PostgreSQL's bound variables, and few statement shapes to cache. */
const CHAT_ROWS_PER_INSERT = 100;

/** Stores messages (a chat batch) in order: one statement per 100, in one transaction when more. */
export async function addChatMessages(db: Db, showId: string, entries: readonly NewChat[]): Promise<void> {
  if (entries.length > CHAT_ROWS_PER_INSERT)
    return db.transaction().execute(async (tx) => {
      for (let i = 0; i < entries.length; i += CHAT_ROWS_PER_INSERT)
        await insertChat(tx, showId, entries.slice(i, i + CHAT_ROWS_PER_INSERT));
    });
  if (entries.length) await insertChat(db, showId, entries);
}

async function insertChat(db: Db, showId: string, entries: readonly NewChat[]): Promise<void> {
  await db
    .insertInto('chat_messages')
    .values(
      entries.map(({ message: m, author }) => ({
        id: m.id,
        show_id: showId,
        name: m.name,
        text: m.text,
        role: m.role,
        at: m.at,
        deleted_at: null,
        viewer_id: author?.viewerId ?? null,
        account_id: author?.accountId ?? null,
        address: author?.address ?? null,
        verified: m.verified ? 1 : 0,
        held: m.held ? 1 : 0,
        question: m.question ? 1 : 0,
        answered_at: null,
      })),
    )
    .execute();
}

export async function chatMessages(db: Db, showId: string, held: boolean, limit: number): Promise<ChatMessage[]> {
  const rows = await db
    .selectFrom('chat_messages')
    .select(CHAT_COLUMNS)
    .where('show_id', '=', showId)
    .where('deleted_at', 'is', null)
    .where('held', '=', held ? 1 : 0)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map(toChatMessage);
}

export async function releaseChat(db: Db, showId: string, id: string): Promise<ChatMessage | null> {
  const result = await db
    .updateTable('chat_messages')
    .set({ held: 0 })
    .where('show_id', '=', showId)
    .where('id', '=', id)
    .where('held', '=', 1)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return null;
  // Deleted between the two (another moderator): it must not be sent after its `chat:deleted`.
  const row = await db
    .selectFrom('chat_messages')
    .select(CHAT_COLUMNS)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? toChatMessage(row) : null;
}

export async function chatAuthor(db: Db, showId: string, id: string): Promise<(ChatAuthor & { name: string }) | null> {
  const row = await db
    .selectFrom('chat_messages')
    .select(['name', 'viewer_id', 'account_id', 'address'])
    .where('show_id', '=', showId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { name: row.name, viewerId: row.viewer_id, accountId: row.account_id, address: row.address } : null;
}

export async function deleteChatBy(db: Db, showId: string, subjects: string[], at: number): Promise<string[]> {
  if (!subjects.length) return [];
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('chat_messages')
      .select('id')
      .where('show_id', '=', showId)
      .where('deleted_at', 'is', null)
      .where((eb) => eb.or([eb('viewer_id', 'in', subjects), eb('account_id', 'in', subjects)]))
      .execute();
    const ids = rows.map((r) => r.id);
    if (ids.length) await trx.updateTable('chat_messages').set({ deleted_at: at }).where('id', 'in', ids).execute();
    return ids;
  });
}

export async function deleteChatMessage(db: Db, showId: string, id: string, at: number): Promise<boolean> {
  const row = await db
    .selectFrom('chat_messages')
    .select('deleted_at')
    .where('show_id', '=', showId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return false;
  if (row.deleted_at === null) {
    await db.updateTable('chat_messages').set({ deleted_at: at }).where('id', '=', id).execute();
  }
  return true;
}

const toToken = (r: Selectable<ShowTokensTable>): TokenRecord => ({
  id: r.id,
  showId: r.show_id,
  role: r.role as TokenRecord['role'],
  label: r.label,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  issuedBy: r.issued_by,
});

export async function createToken(db: Db, t: TokenRecord): Promise<void> {
  await db
    .insertInto('show_tokens')
    .values({
      id: t.id,
      show_id: t.showId,
      role: t.role,
      label: t.label,
      created_at: t.createdAt,
      expires_at: t.expiresAt,
      revoked_at: t.revokedAt,
      issued_by: t.issuedBy,
    })
    .execute();
}

export async function getToken(db: Db, id: string): Promise<TokenRecord | null> {
  const row = await db.selectFrom('show_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toToken(row) : null;
}

export async function listTokens(db: Db, showId: string): Promise<TokenRecord[]> {
  const rows = await db
    .selectFrom('show_tokens')
    .selectAll()
    .where('show_id', '=', showId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toToken);
}

export async function revokeToken(db: Db, showId: string, id: string, at: number): Promise<string[]> {
  const token = await getToken(db, id);
  if (!token || token.showId !== showId) return [];
  // Invited tokens go with the one that invited them (moderators cannot invite: one level deep).
  const invited = await db
    .selectFrom('show_tokens')
    .select('id')
    .where('issued_by', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  const ids = [id, ...invited.map((r) => r.id)];
  await db
    .updateTable('show_tokens')
    .set({ revoked_at: at })
    .where('id', 'in', ids)
    .where('revoked_at', 'is', null)
    .execute();
  return ids;
}

const toRestriction = (r: Selectable<RestrictionsTable>): RestrictionRecord => ({
  scope: r.scope,
  subject: r.subject,
  alias: r.alias,
  kind: r.kind as RestrictionRecord['kind'],
  until: r.until === null ? null : Number(r.until),
  name: r.name,
  at: Number(r.at),
});

export async function putRestriction(db: Db, r: RestrictionRecord): Promise<void> {
  const values = { alias: r.alias, kind: r.kind, until: r.until, name: r.name, at: r.at };
  await db
    .insertInto('restrictions')
    .values({ scope: r.scope, subject: r.subject, ...values })
    .onConflict((oc) => oc.columns(['scope', 'subject']).doUpdateSet(values))
    .execute();
}

const inForce = (now: number) => (eb: ExpressionBuilder<Database, 'restrictions'>) =>
  eb.or([eb('until', 'is', null), eb('until', '>', now)]);
const concerns = (subject: string) => (eb: ExpressionBuilder<Database, 'restrictions'>) =>
  eb.or([eb('subject', '=', subject), eb('alias', '=', subject)]);

export function liftRestrictions(db: Db, showId: string, subject: string): Promise<LiftedRestriction[]> {
  return db
    .deleteFrom('restrictions')
    .where('scope', '=', showId)
    .where(concerns(subject))
    .returning(['scope', 'subject'])
    .execute();
}

export function liftBans(db: Db, subject: string): Promise<LiftedRestriction[]> {
  return db
    .deleteFrom('restrictions')
    .where('kind', '=', 'ban')
    .where(concerns(subject))
    .returning(['scope', 'subject'])
    .execute();
}

export async function listRestrictions(db: Db, showId: string, now: number): Promise<RestrictionRecord[]> {
  const rows = await db
    .selectFrom('restrictions')
    .selectAll()
    .where((eb) => eb.or([eb('scope', '=', showId), eb('kind', '=', 'ban')]))
    .where(inForce(now))
    .orderBy('at', 'desc')
    .execute();
  return rows.map(toRestriction);
}

export async function listBans(db: Db, now: number, limit: number): Promise<RestrictionRecord[]> {
  const rows = await db
    .selectFrom('restrictions')
    .selectAll()
    .where('kind', '=', 'ban')
    .where(inForce(now))
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRestriction);
}

export async function getBlocklist(db: Db, showId: string): Promise<string[]> {
  const row = await db.selectFrom('blocklists').select('terms').where('show_id', '=', showId).executeTakeFirst();
  return row ? (JSON.parse(row.terms) as string[]) : [];
}

export async function setBlocklist(db: Db, showId: string, terms: string[]): Promise<void> {
  const json = JSON.stringify(terms);
  await db
    .insertInto('blocklists')
    .values({ show_id: showId, terms: json })
    .onConflict((oc) => oc.column('show_id').doUpdateSet({ terms: json }))
    .execute();
}
