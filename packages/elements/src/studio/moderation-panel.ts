import { html, nothing, type ReactiveControllerHost } from 'lit';
import { live } from 'lit/directives/live.js';
import type { LiveShopClient, LiveShopState } from '@live-shop/client';
import { ErrorCode, LIMITS, LiveShopError, type ModeratorInvite, type RestrictedViewer } from '@live-shop/protocol';
import type { Translate } from '../i18n/controller.js';
import { englishStudio } from '../i18n/studio-bundle.js';
import { formatTime } from '../shared/utils.js';
import { LinkPanel, type LinkKind } from './link-panel.js';

/** Slow mode choices in seconds (0 = off); a value set elsewhere is listed too. */
const SLOW_MODES = [0, 5, 10, 30, 60];

export interface ModerationContext {
  /** Runs a client action with the studio's busy marking and error line. */
  run: (key: string, action: (client: LiveShopClient) => Promise<unknown>) => Promise<void>;
  busy: (key: string) => boolean;
  /** The live-shop server (moderator links are absolute on it). */
  server: string;
  /** Not connected: nothing to change. */
  disabled: boolean;
  /** The studio's messages and language. */
  t: Translate;
  locale: string;
}

/** Blocklist text → terms: one per line, trimmed, without blanks or repeats (case-insensitive). */
export function parseBlocklist(text: string, t: Translate = englishStudio): string[] {
  const seen = new Set<string>();
  const terms = text
    .split('\n')
    .map((t) => t.trim())
    .filter((t) => t && !seen.has(t.toLowerCase()) && seen.add(t.toLowerCase()));
  if (terms.length > LIMITS.blocklistTerms)
    throw new LiveShopError(ErrorCode.BadRequest, t('blocklistMax', { count: LIMITS.blocklistTerms }));
  const long = terms.find((t) => t.length > LIMITS.blocklistTermMax);
  if (long)
    throw new LiveShopError(
      ErrorCode.BadRequest,
      t('blocklistTermLong', { term: long.slice(0, 20), count: LIMITS.blocklistTermMax }),
    );
  return terms;
}

const MODERATOR_LINKS: LinkKind<ModeratorInvite> = {
  prefix: 'mod',
  inviteText: 'inviteModerator',
  inviteKey: 'invite',
  revokeKey: 'revoke',
  linkName: 'moderatorLink',
  unlabelled: 'moderator',
  revokeName: 'revokeModerator',
  hint: 'moderatorLinkHint',
  empty: 'noModeratorLinks',
  create: (c, options) => c.inviteModerator(options),
  info: (invite) => invite.moderator,
  revoke: (c, id) => c.revokeModerator(id),
};

/**
 * The studio's Moderation panel (part `moderation`), for hosts and moderators: messages the
 * blocklist held back (Approve / Delete), slow mode, the blocklist, restricted viewers (Unban), and
 * for hosts the moderator links (Invite, Copy, Revoke). Renders from `state.moderation`, which the
 * server pushes after every change; keeps only what the presenter is doing here (the last invite).
 */
export class ModerationPanel extends LinkPanel<ModeratorInvite> {
  constructor(host: ReactiveControllerHost) {
    super(host, MODERATOR_LINKS);
  }

  #saveBlocklist(ctx: ModerationContext, form: HTMLFormElement): void {
    const text = (form.elements.namedItem('blocklist') as HTMLTextAreaElement).value;
    void ctx.run('blocklist', async (c) => {
      this.set({ status: '' });
      await c.setBlocklist(parseBlocklist(text, ctx.t));
      this.set({ status: ctx.t('blocklistSaved') });
    });
  }

  #renderRestricted(r: RestrictedViewer, ctx: ModerationContext, offset: number) {
    const { t } = ctx;
    return html`<li class="row">
      <span class="who">${r.name}</span>
      <span class="what">${r.kind === 'ban' ? t('banned') : r.until ? t('restrictedUntil', { time: formatTime(r.until - offset, ctx.locale) }) : t('timedOut')}</span>
      <button class="ghost" aria-label=${t('unbanName', { name: r.name })} ?disabled=${ctx.disabled || ctx.busy(`unban:${r.viewerId}`)}
        @click=${() => ctx.run(`unban:${r.viewerId}`, (c) => c.unbanViewer(r.viewerId))}>${t('unban')}</button>
    </li>`;
  }

  #renderModerators(s: LiveShopState, ctx: ModerationContext) {
    return html`<section class="mod-section" aria-labelledby="moderators-h">
      <h3 id="moderators-h">${ctx.t('moderators')}</h3>
      ${this.renderLinks(s.moderation?.moderators ?? [], s.clockOffset, ctx)}
    </section>`;
  }

  render(s: LiveShopState, ctx: ModerationContext) {
    const m = s.moderation;
    const held = m?.held ?? [];
    const restricted = m?.restricted ?? [];
    const slow = s.settings.slowModeSeconds;
    const { t } = ctx;
    const choices = SLOW_MODES.includes(slow) ? SLOW_MODES : [...SLOW_MODES, slow].sort((a, b) => a - b);
    return html`<section part="moderation" class="panel moderation" aria-labelledby="moderation-h">
      <h2 id="moderation-h">${t('moderation')}</h2>
      <div class="moderation-body">
        <section class="mod-section" aria-labelledby="held-h">
          <h3 id="held-h">${held.length ? t('heldCount', { count: held.length }) : t('heldForReview')}</h3>
          ${
            held.length
              ? html`<ul class="rows">
                ${held.map(
                  (h) => html`<li class="row held">
                    <p><strong>${h.name}</strong> <span class="text">${h.text}</span></p>
                    <button class="primary" aria-label=${t('approveFrom', { name: h.name })} ?disabled=${ctx.disabled || ctx.busy(`approve:${h.id}`)}
                      @click=${() => ctx.run(`approve:${h.id}`, (c) => c.approveMessage(h.id))}>${t('approve')}</button>
                    <button class="ghost" aria-label=${t('deleteHeldFrom', { name: h.name })} ?disabled=${ctx.disabled || ctx.busy(`delete:${h.id}`)}
                      @click=${() => ctx.run(`delete:${h.id}`, (c) => c.deleteMessage(h.id))}>${t('delete')}</button>
                  </li>`,
                )}
              </ul>`
              : html`<p class="empty">${t('nothingHeld')}</p>`
          }
        </section>
        <section class="mod-section" aria-labelledby="rules-h">
          <h3 id="rules-h">${t('chatRules')}</h3>
          <label class="inline" for="slow-mode">${t('slowMode')}</label>
          <select id="slow-mode" ?disabled=${ctx.disabled || ctx.busy('slow')}
            @change=${(e: Event) => ctx.run('slow', (c) => c.setSlowMode(Number((e.target as HTMLSelectElement).value)))}>
            ${choices.map((n) => html`<option value=${n} .selected=${live(n === slow)}>${n ? t('slowModeSeconds', { count: n }) : t('off')}</option>`)}
          </select>
          <form class="blocklist" @submit=${(e: SubmitEvent) => (e.preventDefault(), this.#saveBlocklist(ctx, e.target as HTMLFormElement))}>
            <label for="blocklist">${t('blockedWords')}</label>
            <p id="blocklist-hint" class="hint">${t('blocklistHint')}</p>
            <textarea id="blocklist" name="blocklist" rows="4" aria-describedby="blocklist-hint" .value=${(m?.blocklist ?? []).join('\n')}></textarea>
            <button class="ghost" type="submit" ?disabled=${ctx.disabled || ctx.busy('blocklist')}>${t('saveBlocklist')}</button>
          </form>
        </section>
        <section class="mod-section" aria-labelledby="restricted-h">
          <h3 id="restricted-h">${t('timedOutAndBanned')}</h3>
          ${
            restricted.length
              ? html`<ul class="rows">${restricted.map((r) => this.#renderRestricted(r, ctx, s.clockOffset))}</ul>`
              : html`<p class="empty">${t('noOneRestricted')}</p>`
          }
        </section>
        ${s.role === 'host' ? this.#renderModerators(s, ctx) : nothing}
        <p class="status" role="status">${this.status}</p>
      </div>
    </section>`;
  }
}
