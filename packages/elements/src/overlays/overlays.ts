import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { AtSync, type LiveShopClient } from '@live-shop/client';
import {
  pollPercents,
  type AnnouncementPayload,
  type Poll,
  type PollStatePayload,
  type PollVote,
  type QuestionOnAirPayload,
} from '@live-shop/protocol';
import { partsBundles } from '../i18n/parts-bundle.js';
import { I18n, type Strings } from '../i18n/controller.js';
import type { LiveShopPlayer } from '../player/player.js';
import { CountdownVoice, countdownClock, secondsLeft, untilNextSecond } from '../shared/countdown.js';
import { LiveShopEvent, type VoteDetail } from '../events.js';
import { styles } from './overlays.styles.js';

/** The vote a viewer picked (the viewer sends it with its client). */
export const VOTE_EVENT = LiveShopEvent.Vote;
export type { VoteDetail };

/** In a replay: the poll over the video at the moment on screen (final counts, read-only) and that moment's server time. */
export interface ReplayPoll {
  poll: Poll | null;
  time: number;
}

type PollShown = Omit<PollStatePayload, 'poll'> & { poll: Poll | null };
const NO_POLL: PollShown = { poll: null, at: 0 };

/**
 * What staff put over the video: the announcement banner, the question on air and the poll, each
 * shown when the picture on screen reaches its server time (`at`), like pinned products. A vote is
 * told to the page as `live-shop-vote`, then sent with the client; results are announced politely.
 *
 * @tagname live-shop-overlays
 *
 * @fires {CustomEvent<VoteDetail>} live-shop-vote - An option of the open poll was picked (cancelable: the vote is then not sent). detail: `{pollId, option}`.
 *
 * @csspart base - The overlays' column.
 * @csspart announcement - The announcement banner.
 * @csspart question - The question on air.
 * @csspart poll - The poll card.
 * @csspart poll-option - One option's button (open poll, not voted yet).
 * @csspart poll-result - One option's result row (its bar is `poll-bar`).
 * @csspart poll-bar - A result's bar.
 * @csspart poll-timer - A timed poll's time left (`m:ss left`, ending when the picture reaches the poll's end).
 * @csspart poll-timer-bar - The time left as a shrinking bar.
 *
 * @cssprop --live-shop-accent - Bars and the banner.
 * @cssprop --live-shop-accent-text - Text on the banner.
 * @cssprop --live-shop-bg - Card background.
 * @cssprop --live-shop-text - Card text.
 * @cssprop --live-shop-radius - Corner radius.
 * @cssprop --live-shop-focus-ring - Keyboard focus ring (a `box-shadow`).
 * @cssprop --live-shop-poll-timer-color - The time-left bar (defaults to the accent).
 * @cssprop --live-shop-surface - Result bars' track.
 * @cssprop --live-shop-border - Option and card borders.
 * @cssprop --live-shop-muted - Secondary text (counts, time left).
 * @cssprop --live-shop-font - Font family.
 */
export class LiveShopOverlays extends LitElement {
  static override styles = styles;

  /** The viewer's client: its `poll`, `announcement` and `question` events are shown in step with the video. */
  @property({ attribute: false }) client: LiveShopClient | null = null;

  /** Your words for any of its strings, by catalog key. As an attribute: JSON. */
  @property({ type: Object }) strings: Strings | null = null;

  /**
   * A replay's poll (the viewer's replay sets it): shown instead of the live one, with its final
   * results and no voting; the banner and question (not in the timeline) are not shown. Null: live.
   */
  @property({ attribute: false }) replay: ReplayPoll | null | undefined = null;

  /** A closed poll this viewer hid. */
  @state() private dismissed = '';
  /** This viewer's vote (`state.you.vote`): the poll shows results once there is one. */
  @state() private vote: PollVote | null = null;

  readonly i18n = new I18n(this, partsBundles);
  #poll = new AtSync<PollShown>(NO_POLL);
  #announcement = new AtSync<AnnouncementPayload>({ text: null, at: 0 });
  #question = new AtSync<QuestionOnAirPayload>({ message: null, at: 0 });
  #off: (() => void)[] = [];
  #synced: LiveShopClient | null = null;
  #frame = 0;
  // a timed poll's countdown: the picture's server time, the next second's timer and the spoken thresholds
  #pictureTime = 0;
  #tick = 0;
  #voice = new CountdownVoice();

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    clearTimeout(this.#tick);
    this.#tick = 0;
    this.#listen(null);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client') || this.#synced !== this.client) this.#listen(this.client);
    this.#advance();
  }

  protected override updated(): void {
    this.#schedule(this.#poll.shown.poll);
  }

  #listen(client: LiveShopClient | null): void {
    this.#off.splice(0).forEach((off) => off());
    for (const sync of [this.#poll, this.#announcement, this.#question]) sync.reset();
    this.#synced = client;
    if (!client) return;
    const { poll, announcement, question } = client.state;
    if (poll) this.#poll.push({ poll, at: Math.max(poll.openedAt, poll.closedAt ?? 0) });
    this.#announcement.push(announcement);
    this.#question.push(question);
    const later = () => this.#advance() && this.requestUpdate();
    this.vote = client.state.you?.vote ?? null;
    this.#off.push(
      client.on('change', (s) => (this.vote = s.you?.vote ?? null)),
      client.on('poll', (e) => (this.#poll.push(e), later())),
      client.on('announcement', (e) => (this.#announcement.push(e), later())),
      client.on('question', (e) => (this.#question.push(e), later())),
    );
  }

  /** Shows what is due at the frame on screen (as the viewer's pinned cards do); checks every frame while states wait. */
  #advance(): boolean {
    const s = this.client?.state;
    const now = Date.now() + (s?.clockOffset ?? 0);
    const root = this.getRootNode() as ParentNode;
    const player = root.querySelector?.<LiveShopPlayer>('live-shop-player');
    const video = !!s?.playback && (s.status === 'live' || s.status === 'reconnecting');
    const pdt = video ? (player?.currentPdt ?? null) : null;
    const latency = video && pdt === null ? (player?.latency ?? null) : null;
    const t = pdt ?? (latency === null ? null : now - latency * 1000);
    this.#pictureTime = t ?? now;
    let changed = false;
    for (const sync of [this.#poll, this.#announcement, this.#question]) changed = sync.advance(t, now) || changed;
    const pending = this.#poll.pending || this.#announcement.pending || this.#question.pending;
    if (pending && !this.#frame && this.isConnected)
      this.#frame = requestAnimationFrame(() => {
        this.#frame = 0;
        if (this.#advance()) this.requestUpdate();
      });
    return changed;
  }

  /** The seconds left of a timed open poll at the picture's time (the replay's moment in a replay), else null. */
  #left(poll: Poll): number | null {
    if (poll.closedAt !== null || poll.endsAt === null) return null;
    return secondsLeft(poll.endsAt, this.replay ? this.replay.time : this.#pictureTime);
  }

  /** Live: redraws when the shown second changes (a replay's moments come from the viewer). */
  #schedule(poll: Poll | null): void {
    if (this.#tick || this.replay || !poll || poll.closedAt !== null || poll.endsAt === null || !this.isConnected)
      return;
    const endsAt = poll.endsAt;
    if (secondsLeft(endsAt, this.#pictureTime) === 0) return; // at 0:00 until its closing state is due
    this.#tick = window.setTimeout(
      () => {
        this.#tick = 0;
        this.#advance();
        this.requestUpdate();
      },
      untilNextSecond(endsAt, this.#pictureTime),
    );
  }

  #renderTimer(poll: Poll, left: number) {
    const { t } = this.i18n;
    const spoken = this.#voice.follow(poll.id, left);
    const span = Math.max(1, (poll.endsAt! - poll.openedAt) / 1000);
    return html`<p part="poll-timer" class="timer" role="timer">${t('pollTimeLeft', { time: countdownClock(left) })}</p>
      <span part="poll-timer-bar" class="timer-bar" style="inline-size: ${Math.min(100, (left / span) * 100)}%"></span>
      <p class="visually-hidden" role="status">
        ${spoken === null ? '' : spoken >= 60 ? t('pollMinutesLeft', { count: spoken / 60 }) : t('pollSecondsLeft', { count: spoken })}
      </p>`;
  }

  /** Tells the page (it may take the vote over: cancelable), then votes with the client. */
  #pick(poll: Poll, option: number): void {
    const detail = { pollId: poll.id, option };
    const event = new CustomEvent<VoteDetail>(VOTE_EVENT, { detail, bubbles: true, composed: true, cancelable: true });
    // A refusal (already voted, closed) changes nothing on screen: the poll's state says the rest.
    if (this.dispatchEvent(event)) this.client?.vote(poll.id, option).catch(() => {});
  }

  #renderPoll(poll: Poll) {
    const { t, locale } = this.i18n;
    const replay = !!this.replay;
    const mine = !replay && this.vote?.pollId === poll.id ? this.vote.option : null;
    const closed = poll.closedAt !== null;
    const results = closed || mine !== null || replay;
    const left = this.#left(poll);
    const shares = pollPercents(poll.counts);
    const pct = (n: number) => new Intl.NumberFormat(locale, { style: 'percent' }).format(n / 100);
    return html`<section part="poll" class="poll" aria-labelledby="poll-q">
      <p class="label">${t(closed ? 'pollFinal' : 'pollHeading')}</p>
      <h3 id="poll-q">${poll.question}</h3>
      ${left === null ? nothing : this.#renderTimer(poll, left)}
      ${
        results
          ? html`<ul class="results">
            ${poll.options.map(
              (option, i) => html`<li part="poll-result" class=${i === mine ? 'mine' : ''}>
                <span class="row">
                  <span>${t('pollOptionResult', { option, percent: pct(shares[i]!) })}</span>
                  ${i === mine ? html`<span class="you">${t('pollYourVote')}</span>` : nothing}
                </span>
                <span part="poll-bar" class="bar" style="inline-size: ${shares[i]}%"></span>
              </li>`,
            )}
          </ul>`
          : html`<div class="options" role="group" aria-labelledby="poll-q">
            ${poll.options.map(
              (option, i) =>
                html`<button part="poll-option" type="button" @click=${() => this.#pick(poll, i)}>${option}</button>`,
            )}
          </div>`
      }
      <p class="total" role="status">
        ${mine !== null && !closed ? `${t('pollThanks')} ` : ''}${t('pollVotes', { count: poll.total })}
      </p>
      ${
        closed
          ? html`<button class="hide" type="button" @click=${() => (this.dismissed = poll.id)}>${t('pollHide')}</button>`
          : nothing
      }
    </section>`;
  }

  override render() {
    const { t } = this.i18n;
    const { text } = this.#announcement.shown;
    const { message } = this.#question.shown;
    const poll = this.replay ? this.replay.poll : this.#poll.shown.poll;
    return html`<div part="base">
      ${
        text && !this.replay
          ? html`<p part="announcement" class="announcement" role="status">
            <span class="visually-hidden">${t('announcementHeading')}: </span>${text}
          </p>`
          : nothing
      }
      ${
        message && !this.replay
          ? html`<figure part="question" class="question">
            <figcaption>${t('questionFrom', { name: message.name })}</figcaption>
            <blockquote>${message.text}</blockquote>
          </figure>`
          : nothing
      }
      ${poll && poll.id !== this.dismissed ? this.#renderPoll(poll) : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'live-shop-overlays': LiveShopOverlays;
  }
  interface HTMLElementEventMap {
    'live-shop-vote': CustomEvent<VoteDetail>;
  }
}
