import type { ChatMessage } from '@live-shop/protocol';
import type { Kysely } from 'kysely';
import { CHAT_COLUMNS, toChatMessage } from './moderation-queries.js';
import { countsArray, countVotes, toPollRecord, type PollRecord } from './poll-rows.js';
import { publishedChat } from './timeline-queries.js';
import type { BannerRecord, PollStore, VoteOutcome } from './poll-store.js';
import type { Database } from './tables.js';

type Db = Kysely<Database>;

const PUBLISHED_QUESTION = CHAT_COLUMNS.map((c) => `m.${c}` as const);

export class KyselyPollStore implements PollStore {
  constructor(private readonly db: Db) {}

  async start(poll: PollRecord): Promise<boolean> {
    try {
      await this.db
        .insertInto('polls')
        .values({
          id: poll.id,
          show_id: poll.showId,
          question: poll.question,
          options: JSON.stringify(poll.options),
          opened_at: poll.openedAt,
          ends_at: poll.endsAt,
          closed_at: null,
        })
        .execute();
      return true;
    } catch (error) {
      // The partial unique index refused it: another open poll (any other failure is rethrown).
      const open = await this.db
        .selectFrom('polls')
        .select('id')
        .where('show_id', '=', poll.showId)
        .where('closed_at', 'is', null)
        .executeTakeFirst();
      if (open) return false;
      throw error;
    }
  }

  async get(showId: string, pollId: string): Promise<PollRecord | null> {
    const row = await this.db
      .selectFrom('polls')
      .selectAll()
      .where('show_id', '=', showId)
      .where('id', '=', pollId)
      .executeTakeFirst();
    return row ? toPollRecord(row) : null;
  }

  async latest(showId: string): Promise<PollRecord | null> {
    const row = await this.db
      .selectFrom('polls')
      .selectAll()
      .where('show_id', '=', showId)
      .orderBy('opened_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toPollRecord(row) : null;
  }

  async close(pollId: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('polls')
      .set({ closed_at: at })
      .where('id', '=', pollId)
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async vote(pollId: string, voter: string, option: number, now: number): Promise<VoteOutcome> {
    // One statement: the vote goes in only while the poll is open; the primary key refuses a second one.
    const result = await this.db
      .insertInto('poll_votes')
      .columns(['poll_id', 'voter', 'option', 'at'])
      .expression((eb) =>
        eb
          .selectFrom('polls')
          .select([
            eb.val(pollId).as('poll_id'),
            eb.val(voter).as('voter'),
            eb.val(option).as('option'),
            eb.val(now).as('at'),
          ])
          .where('id', '=', pollId)
          .where('closed_at', 'is', null)
          .where((w) => w.or([w('ends_at', 'is', null), w('ends_at', '>', now)])),
      )
      .onConflict((oc) => oc.columns(['poll_id', 'voter']).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) return 'counted';
    return (await this.voteOf(pollId, [voter])) === null ? 'closed' : 'duplicate';
  }

  async voteOf(pollId: string, voters: readonly string[]): Promise<number | null> {
    if (!voters.length) return null;
    const row = await this.db
      .selectFrom('poll_votes')
      .select('option')
      .where('poll_id', '=', pollId)
      .where('voter', 'in', voters)
      .orderBy('at')
      .limit(1)
      .executeTakeFirst();
    return row ? Number(row.option) : null;
  }

  async counts(pollId: string, options: number): Promise<number[]> {
    return countsArray((await countVotes(this.db, [pollId])).get(pollId), options);
  }

  countsOf(pollIds: readonly string[]): Promise<Map<string, Map<number, number>>> {
    return countVotes(this.db, pollIds);
  }

  async getBanner(showId: string): Promise<BannerRecord> {
    const row = await this.db.selectFrom('show_banners').selectAll().where('show_id', '=', showId).executeTakeFirst();
    return {
      announcement: { text: row?.announcement ?? null, at: Number(row?.announcement_at ?? 0) },
      question: { id: row?.question_id ?? null, at: Number(row?.question_at ?? 0) },
    };
  }

  async setAnnouncement(showId: string, text: string | null, at: number): Promise<void> {
    await this.db
      .insertInto('show_banners')
      .values({ show_id: showId, announcement: text, announcement_at: at, question_id: null, question_at: 0 })
      .onConflict((oc) => oc.column('show_id').doUpdateSet({ announcement: text, announcement_at: at }))
      .execute();
  }

  async setQuestionOnAir(showId: string, id: string | null, at: number): Promise<void> {
    await this.db
      .insertInto('show_banners')
      .values({ show_id: showId, announcement: null, announcement_at: 0, question_id: id, question_at: at })
      .onConflict((oc) => oc.column('show_id').doUpdateSet({ question_id: id, question_at: at }))
      .execute();
  }

  async publishedQuestion(showId: string, id: string): Promise<ChatMessage | null> {
    const row = await publishedChat(this.db, showId)
      .select(PUBLISHED_QUESTION)
      .where('m.id', '=', id)
      .where('m.question', '=', 1)
      .executeTakeFirst();
    return row ? toChatMessage(row) : null;
  }

  async answer(showId: string, id: string, at: number): Promise<ChatMessage | null> {
    if (!(await this.publishedQuestion(showId, id))) return null;
    await this.db
      .updateTable('chat_messages')
      .set({ answered_at: at })
      .where('id', '=', id)
      .where('answered_at', 'is', null)
      .execute();
    return this.publishedQuestion(showId, id);
  }

  async questions(showId: string, limit: number): Promise<{ open: ChatMessage[]; answered: ChatMessage[] }> {
    const [open, answered] = await Promise.all([
      publishedChat(this.db, showId)
        .select(PUBLISHED_QUESTION)
        .where('m.question', '=', 1)
        .where('m.answered_at', 'is', null)
        .orderBy('m.at')
        .orderBy('m.id')
        .limit(limit)
        .execute(),
      publishedChat(this.db, showId)
        .select(PUBLISHED_QUESTION)
        .where('m.question', '=', 1)
        .where('m.answered_at', 'is not', null)
        .orderBy('m.answered_at', 'desc')
        .limit(limit)
        .execute(),
    ]);
    return { open: open.map(toChatMessage), answered: answered.map(toChatMessage) };
  }
}
