import {
  ErrorCode,
  LiveShopError,
  QUESTION_LIMITS,
  type AnnouncementPayload,
  type ChatMessage,
  type QuestionOnAirPayload,
  type QuestionsState,
} from '@live-shop/protocol';
import type { Logger } from '../logger.js';
import type { PollStore } from '../store/store.js';
import type { Broadcaster } from './service.js';

export interface BannerServiceDeps {
  store: { polls: PollStore };
  broadcaster: Pick<Broadcaster, 'emit' | 'emitToStaff'>;
  logger: Logger;
  now?: () => number;
}

/** The announcement banner and Q&A (the queue and the question on air): stored first, then broadcast. */
export class BannerService {
  readonly #deps: BannerServiceDeps;
  readonly #now: () => number;

  constructor(deps: BannerServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  async setAnnouncement(showId: string, text: string | null): Promise<AnnouncementPayload> {
    const announcement = { text, at: this.#now() };
    await this.#store.setAnnouncement(showId, text, announcement.at);
    this.#deps.broadcaster.emit(showId, 'show:announcement', announcement);
    return announcement;
  }

  /** Puts a published question on air (replacing the one there). */
  async onAir(showId: string, id: string): Promise<QuestionOnAirPayload> {
    const message = await this.#store.publishedQuestion(showId, id);
    if (!message) throw new LiveShopError(ErrorCode.NotFound, 'Question not found');
    return this.#setOnAir(showId, message);
  }

  clear(showId: string): Promise<QuestionOnAirPayload> {
    return this.#setOnAir(showId, null);
  }

  /** Marks a question answered; it leaves the air if it was on. */
  async answer(showId: string, id: string): Promise<ChatMessage> {
    const message = await this.#store.answer(showId, id, this.#now());
    if (!message) throw new LiveShopError(ErrorCode.NotFound, 'Question not found');
    if ((await this.#store.getBanner(showId)).question.id === id) await this.#setOnAir(showId, null);
    this.#deps.broadcaster.emitToStaff(showId, 'questions:state', await this.questions(showId));
    return message;
  }

  questions(showId: string): Promise<QuestionsState> {
    return this.#store.questions(showId, QUESTION_LIMITS.queueMax);
  }

  /** Messages were deleted (by staff, or with a ban): a question among them leaves the air and the queue. */
  deleted(showId: string, ids: readonly string[]): void {
    void (async () => {
      if (ids.includes((await this.#store.getBanner(showId)).question.id ?? '')) await this.#setOnAir(showId, null);
      this.#deps.broadcaster.emitToStaff(showId, 'questions:state', await this.questions(showId));
    })().catch((error: unknown) => this.#deps.logger.error('live-shop: question update failed', error));
  }

  get #store(): PollStore {
    return this.#deps.store.polls;
  }

  async #setOnAir(showId: string, message: ChatMessage | null): Promise<QuestionOnAirPayload> {
    const question = { message, at: this.#now() };
    await this.#store.setQuestionOnAir(showId, message?.id ?? null, question.at);
    this.#deps.broadcaster.emit(showId, 'show:question', question);
    return question;
  }
}
