import { css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { live } from 'lit/directives/live.js';
import type { LiveShopState } from '@live-shop/client';
import { ANNOUNCEMENT_LIMITS, POLL_LIMITS, pollPercents, type ChatMessage, type Poll } from '@live-shop/protocol';
import type { ProductsContext as PanelContext } from './products-panel.js';
import { CountdownVoice, countdownClock, secondsLeft, untilNextSecond } from '../shared/countdown.js';

const percent = (locale: string, value: number) =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);

/**
 * The studio's Polls and Q&A panel (part `engage`, hosts and moderators): the announcement banner,
 * a poll (2–4 options, optional timer; live results; End poll) and the question queue (on air, answered).
 */
export class EngagePanel implements ReactiveController {
  #host: ReactiveControllerHost;
  #question = '';
  #options = ['', ''];
  #seconds = '';
  #announcement: string | null = null;
  // a timed poll's countdown: the next second's redraw and the spoken thresholds
  #tick = 0;
  #voice = new CountdownVoice();

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    clearTimeout(this.#tick);
    this.#tick = 0;
  }

  render(s: LiveShopState, ctx: PanelContext) {
    const { t } = ctx;
    return html`<section part="engage" class="panel engage" aria-labelledby="engage-h">
      <h2 id="engage-h">${t('engageTitle')}</h2>
      <div class="engage-body">
        ${this.#renderAnnouncement(s, ctx)} ${this.#renderPoll(s.poll, ctx, s.clockOffset)}
        ${this.#renderQuestions(s, ctx)}
      </div>
    </section>`;
  }

  #renderAnnouncement(s: LiveShopState, ctx: PanelContext) {
    const { t } = ctx;
    const current = s.announcement.text;
    const draft = this.#announcement ?? current ?? '';
    const submit = (e: Event) => {
      e.preventDefault();
      const text = draft.trim() || null;
      void ctx.run('announcement', (c) => c.setAnnouncement(text)).then(() => (this.#announcement = null));
    };
    return html`<form class="announce" @submit=${submit}>
      <label>
        <span>${t('announcementLabel')}</span>
        <input
          name="announcement"
          maxlength=${ANNOUNCEMENT_LIMITS.textMax}
          .value=${live(draft)}
          @input=${(e: Event) => ((this.#announcement = (e.target as HTMLInputElement).value), this.#host.requestUpdate())}
        />
      </label>
      <span class="row">
        <button type="submit" ?disabled=${ctx.disabled || ctx.busy('announcement') || !draft.trim()}>
          ${t('announcementSet')}
        </button>
        ${
          current
            ? html`<button
              type="button"
              class="ghost"
              ?disabled=${ctx.disabled || ctx.busy('announcement')}
              @click=${() => void ctx.run('announcement', (c) => c.setAnnouncement(null)).then(() => (this.#announcement = null))}
            >
              ${t('announcementClear')}
            </button>`
            : nothing
        }
      </span>
    </form>`;
  }

  /** Staff see the server's clock: the time left until the timer closes it, redrawn each second. */
  #renderTimer(poll: Poll, ctx: PanelContext, clockOffset: number) {
    if (poll.closedAt !== null || poll.endsAt === null) return nothing;
    const { t } = ctx;
    const now = Date.now() + clockOffset;
    const left = secondsLeft(poll.endsAt, now);
    const spoken = this.#voice.follow(poll.id, left);
    if (!this.#tick && left > 0)
      this.#tick = window.setTimeout(
        () => {
          this.#tick = 0;
          this.#host.requestUpdate();
        },
        untilNextSecond(poll.endsAt, now),
      );
    const said =
      spoken === null
        ? ''
        : spoken >= 60
          ? t('pollClosesInMinutes', { count: spoken / 60 })
          : t('pollClosesInSeconds', { count: spoken });
    return html`<p class="muted poll-timer" role="timer">${t('pollClosesIn', { time: countdownClock(left) })}</p>
      <p class="sr-only" role="status">${said}</p>`;
  }

  #renderResults(poll: Poll, ctx: PanelContext) {
    const { t, locale } = ctx;
    const shares = pollPercents(poll.counts);
    return html`<p class="poll-question">${poll.question}</p>
      <ul class="results">
        ${poll.options.map(
          (option, i) => html`<li>
            <span>${t('pollResultLine', { option, count: poll.counts[i] ?? 0, percent: percent(locale, shares[i]!) })}</span>
            <span class="bar" style="inline-size: ${shares[i]}%"></span>
          </li>`,
        )}
      </ul>
      <p class="muted" aria-live="polite">
        ${t(poll.closedAt === null ? 'pollOpenNow' : 'pollClosedNow')} · ${t('pollVoteCount', { count: poll.total })}
      </p>`;
  }

  #renderPoll(poll: Poll | null, ctx: PanelContext, clockOffset: number) {
    const { t } = ctx;
    const open = poll && poll.closedAt === null;
    if (open)
      return html`<div class="poll" role="group" aria-labelledby="poll-h">
        <h3 id="poll-h">${t('pollTitle')}</h3>
        ${this.#renderResults(poll, ctx)} ${this.#renderTimer(poll, ctx, clockOffset)}
        <button
          class="danger"
          ?disabled=${ctx.disabled || ctx.busy('poll')}
          @click=${() => void ctx.run('poll', (c) => c.endPoll(poll.id))}
        >
          ${t('pollEnd')}
        </button>
      </div>`;
    const options = this.#options;
    const ready = this.#question.trim() && options.every((o) => o.trim());
    const start = (e: Event) => {
      e.preventDefault();
      const seconds = Number(this.#seconds) || undefined;
      void ctx.run('poll', async (c) => {
        await c.startPoll(
          this.#question.trim(),
          options.map((o) => o.trim()),
          seconds,
        );
        [this.#question, this.#options, this.#seconds] = ['', ['', ''], ''];
      });
    };
    const edit = (fn: () => void) => (fn(), this.#host.requestUpdate());
    return html`<form class="poll" aria-labelledby="poll-h" @submit=${start}>
      <h3 id="poll-h">${t('pollTitle')}</h3>
      ${poll ? this.#renderResults(poll, ctx) : nothing}
      <label>
        <span>${t('pollQuestionLabel')}</span>
        <input
          name="question"
          maxlength=${POLL_LIMITS.questionMax}
          .value=${live(this.#question)}
          @input=${(e: Event) => edit(() => (this.#question = (e.target as HTMLInputElement).value))}
        />
      </label>
      ${options.map(
        (value, i) => html`<span class="row option">
          <label>
            <span>${t('pollOptionLabel', { number: i + 1 })}</span>
            <input
              name="option"
              maxlength=${POLL_LIMITS.optionMax}
              .value=${live(value)}
              @input=${(e: Event) => edit(() => (options[i] = (e.target as HTMLInputElement).value))}
            />
          </label>
          ${
            options.length > POLL_LIMITS.optionsMin
              ? html`<button
                type="button"
                class="ghost icon"
                aria-label=${t('pollRemoveOption', { number: i + 1 })}
                @click=${() => edit(() => (this.#options = options.filter((_, j) => j !== i)))}
              >
                ✕
              </button>`
              : nothing
          }
        </span>`,
      )}
      <span class="row">
        ${
          options.length < POLL_LIMITS.optionsMax
            ? html`<button type="button" class="ghost" @click=${() => edit(() => (this.#options = [...options, '']))}>
              ${t('pollAddOption')}
            </button>`
            : nothing
        }
        <label>
          <span>${t('pollTimerLabel')}</span>
          <input
            name="seconds"
            type="number"
            inputmode="numeric"
            min=${POLL_LIMITS.secondsMin}
            max=${POLL_LIMITS.secondsMax}
            .value=${live(this.#seconds)}
            @input=${(e: Event) => edit(() => (this.#seconds = (e.target as HTMLInputElement).value))}
          />
        </label>
      </span>
      <button type="submit" class="primary" ?disabled=${ctx.disabled || ctx.busy('poll') || !ready}>
        ${t('pollStart')}
      </button>
    </form>`;
  }

  #renderQuestion(m: ChatMessage, onAir: boolean, ctx: PanelContext) {
    const { t } = ctx;
    return html`<li class=${onAir ? 'on-air' : ''}>
      <p><strong>${m.name}</strong> ${m.text}</p>
      ${onAir ? html`<span class="badge live">${t('questionOnAirBadge')}</span>` : nothing}
      ${
        m.answeredAt
          ? nothing
          : html`<span class="row">
            <button
              class="ghost"
              aria-pressed=${onAir ? 'true' : 'false'}
              ?disabled=${ctx.disabled || ctx.busy('question')}
              @click=${() => void ctx.run('question', (c) => c.setQuestionOnAir(onAir ? null : m.id))}
            >
              ${t(onAir ? 'questionTakeOffAir' : 'questionPutOnAir')}
            </button>
            <button
              class="ghost"
              ?disabled=${ctx.disabled || ctx.busy('question')}
              @click=${() => void ctx.run('question', (c) => c.answerQuestion(m.id))}
            >
              ${t('questionMarkAnswered')}
            </button>
          </span>`
      }
    </li>`;
  }

  #renderQuestions(s: LiveShopState, ctx: PanelContext) {
    const { t } = ctx;
    const { open = [], answered = [] } = s.questions ?? {};
    const onAir = s.question.message?.id;
    return html`<div class="questions" role="group" aria-labelledby="questions-h">
      <h3 id="questions-h">${t('questionsTitle')}</h3>
      ${
        open.length
          ? html`<ol>
            ${open.map((m) => this.#renderQuestion(m, m.id === onAir, ctx))}
          </ol>`
          : html`<p class="muted">${t('questionsEmpty')}</p>`
      }
      ${
        answered.length
          ? html`<details>
            <summary>${t('questionsAnswered', { count: answered.length })}</summary>
            <ol>
              ${answered.map((m) => this.#renderQuestion(m, false, ctx))}
            </ol>
          </details>`
          : nothing
      }
    </div>`;
  }
}

export const engageStyles = css`
  .engage-body {
    display: grid;
    gap: 1rem;
    padding: 0.75rem 1rem 1rem;
  }
  .engage h3 {
    margin: 0 0 0.5rem;
    font-size: 0.95rem;
  }
  .engage form,
  .engage .poll,
  .engage .questions {
    display: grid;
    gap: 0.5rem;
  }
  .engage label {
    display: grid;
    gap: 0.25rem;
    font-size: 0.85rem;
  }
  .engage .row {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5rem;
  }
  .engage .option label {
    flex: 1;
  }
  .engage .results {
    display: grid;
    gap: 0.35rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .engage .results li {
    display: grid;
    gap: 0.15rem;
  }
  .engage .bar {
    display: block;
    block-size: 0.4rem;
    min-inline-size: 2px;
    border-radius: 999px;
    background: var(--_accent);
  }
  .engage .muted,
  .engage .poll-question {
    margin: 0;
  }
  .engage .muted {
    color: var(--_muted);
    font-size: 0.85rem;
  }
  .engage ol {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding-inline-start: 1.25rem;
  }
  .engage li p {
    margin: 0 0 0.25rem;
  }
  .engage li.on-air {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
    border-radius: 4px;
  }
`;
