import { css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { updateShow, type LiveShopState } from '@live-shop/client';
import type { TrailerKind, UpdateShowBody } from '@live-shop/protocol';
import type { ProductsContext as PanelContext } from './products-panel.js';

/** The form's fields as typed. */
interface ScheduleDraft {
  title: string;
  description: string;
  /** `YYYY-MM-DDTHH:mm` in the host's time zone (a datetime-local input), or ''. */
  startsAt: string;
  trailerUrl: string;
  trailerKind: TrailerKind;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch ms as a datetime-local value in this browser's time zone. */
export function toLocalInput(ms: number | null): string {
  if (ms === null) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (this browser's time zone) as epoch ms; null when empty or unreadable. */
export function fromLocalInput(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi).getTime();
}

const draftOf = (s: LiveShopState): ScheduleDraft => ({
  title: s.title,
  description: s.description,
  startsAt: toLocalInput(s.startsAt),
  trailerUrl: s.trailer?.url ?? '',
  trailerKind: s.trailer?.kind ?? 'image',
});

/**
 * The studio's Schedule panel (part `schedule`, hosts, before going live): the show's title,
 * description, start time (in the host's time zone) and trailer, saved with the host token
 * (`PATCH /api/shows/:id`); viewers already waiting see the change at once.
 */
export class SchedulePanel implements ReactiveController {
  #host: ReactiveControllerHost;
  #draft: ScheduleDraft | null = null;
  #saved = false;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** An unsaved edit goes with the studio. */
  hostDisconnected(): void {
    this.#draft = null;
    this.#saved = false;
  }

  #edit(patch: Partial<ScheduleDraft>, s: LiveShopState): void {
    this.#draft = { ...(this.#draft ?? draftOf(s)), ...patch };
    this.#saved = false;
    this.#host.requestUpdate();
  }

  #save(e: Event, s: LiveShopState, ctx: PanelContext): void {
    e.preventDefault();
    const draft = this.#draft ?? draftOf(s);
    const url = draft.trailerUrl.trim();
    const body: UpdateShowBody = {
      title: draft.title,
      description: draft.description,
      startsAt: fromLocalInput(draft.startsAt),
      trailer: url ? { url, kind: draft.trailerKind } : null,
    };
    void ctx.run('schedule', async (c) => {
      const { server, show, token } = c.options;
      await updateShow({ server, show, token: token ?? '' }, body);
      this.#draft = null;
      this.#saved = true;
    });
  }

  render(s: LiveShopState | null, ctx: PanelContext) {
    if (!s?.ready || s.role !== 'host' || s.status !== 'scheduled') return nothing;
    const { t } = ctx;
    const draft = this.#draft ?? draftOf(s);
    const busy = ctx.busy('schedule') || ctx.disabled;
    const zone = Intl.DateTimeFormat(ctx.locale).resolvedOptions().timeZone;
    const field = (name: keyof ScheduleDraft) => (e: Event) =>
      this.#edit({ [name]: (e.target as HTMLInputElement).value }, s);
    return html`<section part="schedule" class="panel schedule" aria-labelledby="schedule-h">
      <h2 id="schedule-h">${t('scheduleHeading')}</h2>
      <form class="schedule-form" novalidate @submit=${(e: Event) => this.#save(e, s, ctx)}>
        <label class="edit-field">
          <span>${t('title')}</span>
          <input name="title" .value=${draft.title} @input=${field('title')} />
        </label>
        <label class="edit-field">
          <span>${t('scheduleDescription')}</span>
          <textarea name="description" rows="3" .value=${draft.description} @input=${field('description')}></textarea>
        </label>
        <label class="edit-field">
          <span>${t('scheduleStartsAt')} <small>${t('scheduleTimeZone', { zone })}</small></span>
          <input name="startsAt" type="datetime-local" .value=${draft.startsAt} @input=${field('startsAt')} />
        </label>
        <label class="edit-field">
          <span>${t('scheduleTrailerUrl')}</span>
          <input name="trailerUrl" type="url" inputmode="url" .value=${draft.trailerUrl} @input=${field('trailerUrl')} />
        </label>
        <label class="edit-field">
          <span>${t('scheduleTrailerKind')}</span>
          <select name="trailerKind" .value=${draft.trailerKind} @change=${field('trailerKind')}>
            <option value="image" ?selected=${draft.trailerKind === 'image'}>${t('scheduleTrailerImage')}</option>
            <option value="video" ?selected=${draft.trailerKind === 'video'}>${t('scheduleTrailerVideo')}</option>
          </select>
        </label>
        <div class="schedule-actions">
          <button class="primary" type="submit" ?disabled=${busy}>${t('save')}</button>
          <span role="status">${this.#saved ? t('scheduleSaved') : ''}</span>
        </div>
      </form>
    </section>`;
  }
}

export const scheduleStyles = css`
  .schedule-form {
    display: grid;
    gap: 0.6rem;
    padding: 0.75rem 1rem 1rem;
  }
  .schedule-form textarea,
  .schedule-form select {
    font: inherit;
    padding: 0.45rem 0.6rem;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_bg);
    color: var(--_text);
  }
  .schedule-actions {
    display: flex;
    align-items: center;
    gap: 0.75rem;
  }
`;
