import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { live } from 'lit/directives/live.js';
import type { LiveShopClient, LiveShopState } from '@live-shop/client';
import { ErrorCode, LIMITS, LiveShopError, type ModeratorInvite, type RestrictedViewer } from '@live-shop/protocol';
import { formatTime, resolveUrl } from '../shared/utils.js';
import { copyText } from './clipboard.js';

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
}

/** Blocklist text → terms: one per line, trimmed, without blanks or repeats (case-insensitive). */
export function parseBlocklist(text: string): string[] {
  const seen = new Set<string>();
  const terms = text
    .split('\n')
    .map((t) => t.trim())
    .filter((t) => t && !seen.has(t.toLowerCase()) && seen.add(t.toLowerCase()));
  if (terms.length > LIMITS.blocklistTerms)
    throw new LiveShopError(ErrorCode.BadRequest, `The blocklist holds at most ${LIMITS.blocklistTerms} terms`);
  const long = terms.find((t) => t.length > LIMITS.blocklistTermMax);
  if (long)
    throw new LiveShopError(
      ErrorCode.BadRequest,
      `“${long.slice(0, 20)}…” is too long: at most ${LIMITS.blocklistTermMax} characters per term`,
    );
  return terms;
}

/**
 * The studio's Moderation panel (part `moderation`), for hosts and moderators: messages the
 * blocklist held back (Approve / Delete), slow mode, the blocklist, restricted viewers (Unban), and
 * for hosts the moderator links (Invite, Copy, Revoke). Renders from `state.moderation`, which the
 * server pushes after every change; keeps only what the presenter is doing here (the last invite).
 */
export class ModerationPanel implements ReactiveController {
  /** The link made by the last Invite: shown once, until the next invite. */
  invite: ModeratorInvite | null = null;
  /** What the last copy or save did, for the status line. */
  status = '';
  #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** A moderator link is shown once: not again after the studio was taken off the page. */
  hostDisconnected(): void {
    this.invite = null;
    this.status = '';
  }

  #set(patch: Partial<Pick<ModerationPanel, 'invite' | 'status'>>): void {
    Object.assign(this, patch);
    this.#host.requestUpdate();
  }

  #saveBlocklist(ctx: ModerationContext, form: HTMLFormElement): void {
    const text = (form.elements.namedItem('blocklist') as HTMLTextAreaElement).value;
    void ctx.run('blocklist', async (c) => {
      this.#set({ status: '' });
      await c.setBlocklist(parseBlocklist(text));
      this.#set({ status: 'Blocklist saved' });
    });
  }

  #invite(ctx: ModerationContext, form: HTMLFormElement): void {
    const input = form.elements.namedItem('label') as HTMLInputElement;
    const label = input.value.trim();
    void ctx.run('invite', async (c) => {
      this.#set({ invite: null, status: '' });
      const invite = await c.inviteModerator(label ? { label } : {});
      input.value = '';
      this.#set({ invite: { ...invite, studioUrl: resolveUrl(invite.studioUrl, ctx.server) } });
    });
  }

  #renderRestricted(r: RestrictedViewer, ctx: ModerationContext, offset: number) {
    return html`<li class="row">
      <span class="who">${r.name}</span>
      <span class="what">${r.kind === 'ban' ? 'Banned' : r.until ? `Timed out until ${formatTime(r.until - offset)}` : 'Timed out'}</span>
      <button class="ghost" aria-label="Unban ${r.name}" ?disabled=${ctx.disabled || ctx.busy(`unban:${r.viewerId}`)}
        @click=${() => ctx.run(`unban:${r.viewerId}`, (c) => c.unbanViewer(r.viewerId))}>Unban</button>
    </li>`;
  }

  #renderModerators(s: LiveShopState, ctx: ModerationContext) {
    const invite = this.invite;
    const moderators = s.moderation?.moderators ?? [];
    return html`<section class="mod-section" aria-labelledby="moderators-h">
      <h3 id="moderators-h">Moderators</h3>
      <form class="field" @submit=${(e: SubmitEvent) => (e.preventDefault(), this.#invite(ctx, e.target as HTMLFormElement))}>
        <label for="mod-label" class="sr-only">Who is this link for? (optional)</label>
        <input id="mod-label" name="label" maxlength=${LIMITS.nameMax} placeholder="Who is it for? (optional)" autocomplete="off" />
        <button class="ghost" type="submit" ?disabled=${ctx.disabled || ctx.busy('invite')}>Invite moderator</button>
      </form>
      ${
        invite
          ? html`<div class="invite">
            <label for="mod-link">Moderator link${invite.moderator.label ? ` for ${invite.moderator.label}` : ''}</label>
            <div class="field">
              <input id="mod-link" readonly .value=${invite.studioUrl} />
              <button class="ghost" @click=${async () => this.#set({ status: await copyText('Link', invite.studioUrl) })}>Copy link</button>
            </div>
            <p class="hint">Anyone with this link can moderate this show until ${formatTime(invite.moderator.expiresAt - s.clockOffset)}: send it privately. It is shown only now.</p>
          </div>`
          : nothing
      }
      ${
        moderators.length
          ? html`<ul class="rows">
            ${moderators.map(
              (m) => html`<li class="row">
                <span class="who">${m.label || 'Moderator'}</span>
                <span class="what">until ${formatTime(m.expiresAt - s.clockOffset)}</span>
                <button class="ghost" aria-label="Revoke moderator ${m.label || m.id}" ?disabled=${ctx.disabled || ctx.busy(`revoke:${m.id}`)}
                  @click=${() => ctx.run(`revoke:${m.id}`, (c) => c.revokeModerator(m.id))}>Revoke</button>
              </li>`,
            )}
          </ul>`
          : html`<p class="empty">No moderator links yet.</p>`
      }
    </section>`;
  }

  render(s: LiveShopState, ctx: ModerationContext) {
    const m = s.moderation;
    const held = m?.held ?? [];
    const restricted = m?.restricted ?? [];
    const slow = s.settings.slowModeSeconds;
    const choices = SLOW_MODES.includes(slow) ? SLOW_MODES : [...SLOW_MODES, slow].sort((a, b) => a - b);
    return html`<section part="moderation" class="panel moderation" aria-labelledby="moderation-h">
      <h2 id="moderation-h">Moderation</h2>
      <div class="moderation-body">
        <section class="mod-section" aria-labelledby="held-h">
          <h3 id="held-h">Held for review${held.length ? ` (${held.length})` : ''}</h3>
          ${
            held.length
              ? html`<ul class="rows">
                ${held.map(
                  (h) => html`<li class="row held">
                    <p><strong>${h.name}</strong> <span class="text">${h.text}</span></p>
                    <button class="primary" aria-label="Approve message from ${h.name}" ?disabled=${ctx.disabled || ctx.busy(`approve:${h.id}`)}
                      @click=${() => ctx.run(`approve:${h.id}`, (c) => c.approveMessage(h.id))}>Approve</button>
                    <button class="ghost" aria-label="Delete held message from ${h.name}" ?disabled=${ctx.disabled || ctx.busy(`delete:${h.id}`)}
                      @click=${() => ctx.run(`delete:${h.id}`, (c) => c.deleteMessage(h.id))}>Delete</button>
                  </li>`,
                )}
              </ul>`
              : html`<p class="empty">Nothing held for review.</p>`
          }
        </section>
        <section class="mod-section" aria-labelledby="rules-h">
          <h3 id="rules-h">Chat rules</h3>
          <label class="inline" for="slow-mode">Slow mode</label>
          <select id="slow-mode" ?disabled=${ctx.disabled || ctx.busy('slow')}
            @change=${(e: Event) => ctx.run('slow', (c) => c.setSlowMode(Number((e.target as HTMLSelectElement).value)))}>
            ${choices.map((n) => html`<option value=${n} .selected=${live(n === slow)}>${n ? `${n} seconds between messages` : 'Off'}</option>`)}
          </select>
          <form class="blocklist" @submit=${(e: SubmitEvent) => (e.preventDefault(), this.#saveBlocklist(ctx, e.target as HTMLFormElement))}>
            <label for="blocklist">Blocked words and links</label>
            <p id="blocklist-hint" class="hint">One per line. A message containing one is held for review instead of being shown.</p>
            <textarea id="blocklist" name="blocklist" rows="4" aria-describedby="blocklist-hint" .value=${(m?.blocklist ?? []).join('\n')}></textarea>
            <button class="ghost" type="submit" ?disabled=${ctx.disabled || ctx.busy('blocklist')}>Save blocklist</button>
          </form>
        </section>
        <section class="mod-section" aria-labelledby="restricted-h">
          <h3 id="restricted-h">Timed out and banned</h3>
          ${
            restricted.length
              ? html`<ul class="rows">${restricted.map((r) => this.#renderRestricted(r, ctx, s.clockOffset))}</ul>`
              : html`<p class="empty">No one is timed out or banned.</p>`
          }
        </section>
        ${s.role === 'host' ? this.#renderModerators(s, ctx) : nothing}
        <p class="status" role="status">${this.status}</p>
      </div>
    </section>`;
  }
}
