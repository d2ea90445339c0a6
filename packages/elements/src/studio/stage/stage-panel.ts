import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { LiveShopState } from '@live-shop/client';
import { LIMITS, type GuestInvite, type StageGuest, type StageLayout } from '@live-shop/protocol';
import { formatTime, resolveUrl } from '../../shared/utils.js';
import { copyText } from '../clipboard.js';
import type { ProductsContext as PanelContext } from '../products-panel.js';
import { onStage, type StageController } from './stage-controller.js';

export const LAYOUT_LABEL: Record<StageLayout, string> = {
  solo: 'Solo',
  'side-by-side': 'Side by side',
  grid: 'Grid',
  pip: 'Picture in picture',
};

const LINK_TEXT = {
  connecting: 'Connecting…',
  connected: 'Connected',
  failed: 'Connection failed, retrying…',
} as const;

/**
 * The host's Guests panel (part `guests`): guest links (Invite, Copy, Revoke), the program layout, and
 * each guest who joined with their camera preview: Bring on stage / Send backstage, Mute, Remove.
 * Renders from `state.stage` (pushed by the server after every change) and the stage's WebRTC links.
 */
export class StagePanel implements ReactiveController {
  /** The link made by the last Invite: shown once. */
  invite: GuestInvite | null = null;
  status = '';
  #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.invite = null;
    this.status = '';
  }

  #set(patch: Partial<Pick<StagePanel, 'invite' | 'status'>>): void {
    Object.assign(this, patch);
    this.#host.requestUpdate();
  }

  #invite(ctx: PanelContext, form: HTMLFormElement): void {
    const input = form.elements.namedItem('label') as HTMLInputElement;
    const label = input.value.trim();
    void ctx.run('guest-invite', async (c) => {
      this.#set({ invite: null, status: '' });
      const invite = await c.inviteGuest(label ? { label } : {});
      input.value = '';
      this.#set({ invite: { ...invite, studioUrl: resolveUrl(invite.studioUrl, ctx.server) } });
    });
  }

  #renderGuest(g: StageGuest, full: boolean, stage: StageController, ctx: PanelContext) {
    const media = stage.peers?.media(g.id);
    const state = !g.peer ? 'Not connected' : media ? LINK_TEXT[media.state] : 'Connecting…';
    const there = g.place === 'stage';
    const key = (what: string) => `${what}:${g.id}`;
    return html`<li class="guest ${g.place}" aria-label=${g.name}>
      <div class="guest-tile">
        ${media ? media.video : nothing}
        <span class="guest-place">${there ? 'On stage' : 'Backstage'}</span>
      </div>
      <div class="guest-info">
        <strong>${g.name}</strong>
        <span class="guest-link ${media?.state ?? 'away'}" role="status">${state}${g.muted ? ' · muted' : ''}</span>
      </div>
      <div class="guest-actions">
        ${
          there
            ? html`<button class="ghost" ?disabled=${ctx.disabled || ctx.busy(key('move'))}
                @click=${() => ctx.run(key('move'), (c) => c.moveGuest(g.id, 'backstage'))}>Send backstage</button>`
            : html`<button class="primary" ?disabled=${ctx.disabled || full || ctx.busy(key('move'))}
                title=${full ? `The stage holds ${LIMITS.stageMax} people` : ''}
                @click=${() => this.#bring(ctx, g, stage)}>Bring on stage</button>`
        }
        <button class="ghost toggle" aria-pressed=${g.muted ? 'true' : 'false'} aria-label="Mute ${g.name}"
          ?disabled=${ctx.disabled || ctx.busy(key('mute'))}
          @click=${() => ctx.run(key('mute'), (c) => c.muteGuest(g.id, !g.muted))}>Mute</button>
        <button class="ghost" aria-label="Remove ${g.name}" ?disabled=${ctx.disabled || ctx.busy(key('remove'))}
          @click=${() => ctx.run(key('remove'), (c) => c.removeGuest(g.id))}>Remove</button>
      </div>
    </li>`;
  }

  /** Bringing the first guest on stage in the solo layout would show nobody new: switch to side by side. */
  #bring(ctx: PanelContext, g: StageGuest, stage: StageController): void {
    stage.resumeAudio();
    void ctx.run(`move:${g.id}`, async (c) => {
      const s = c.state.stage;
      if (s && s.layout === 'solo' && onStage(s.guests).length === 0) await c.setStageLayout('side-by-side');
      await c.moveGuest(g.id, 'stage');
    });
  }

  #renderLinks(s: LiveShopState, ctx: PanelContext) {
    const invite = this.invite;
    return html`<form class="field" @submit=${(e: SubmitEvent) => (e.preventDefault(), this.#invite(ctx, e.target as HTMLFormElement))}>
        <label for="guest-label" class="sr-only">Who is this link for? (optional)</label>
        <input id="guest-label" name="label" maxlength=${LIMITS.nameMax} placeholder="Who is it for? (optional)" autocomplete="off" />
        <button class="ghost" type="submit" ?disabled=${ctx.disabled || ctx.busy('guest-invite')}>Invite a guest</button>
      </form>
      ${
        invite
          ? html`<div class="invite">
            <label for="guest-link">Guest link${invite.guest.label ? ` for ${invite.guest.label}` : ''}</label>
            <div class="field">
              <input id="guest-link" readonly .value=${invite.studioUrl} />
              <button class="ghost" @click=${async () => this.#set({ status: await copyText('Link', invite.studioUrl) })}>Copy link</button>
            </div>
            <p class="hint">Anyone with this link can join your stage (camera and microphone only) until
              ${formatTime(invite.guest.expiresAt - s.clockOffset)}: send it privately. It is shown only now.</p>
          </div>`
          : nothing
      }
      ${
        s.guestLinks.length
          ? html`<ul class="rows" aria-label="Guest links">
            ${s.guestLinks.map(
              (l) => html`<li class="row">
                <span class="who">${l.label || 'Guest'}</span>
                <span class="what">until ${formatTime(l.expiresAt - s.clockOffset)}</span>
                <button class="ghost" aria-label="Revoke guest link ${l.label || l.id}" ?disabled=${ctx.disabled || ctx.busy(`guest-revoke:${l.id}`)}
                  @click=${() => ctx.run(`guest-revoke:${l.id}`, (c) => c.revokeGuest(l.id))}>Revoke</button>
              </li>`,
            )}
          </ul>`
          : nothing
      }`;
  }

  render(s: LiveShopState, ctx: PanelContext, stage: StageController) {
    const guests = s.stage?.guests ?? [];
    const layout = s.stage?.layout ?? 'solo';
    const full = onStage(guests).length >= LIMITS.stageMax - 1;
    return html`<section part="guests" class="panel guests" aria-labelledby="guests-h" @pointerdown=${() => stage.resumeAudio()}>
      <h2 id="guests-h">Guests</h2>
      <div class="guests-body">
        <div class="layouts" role="radiogroup" aria-label="Layout">
          ${Object.entries(LAYOUT_LABEL).map(
            ([
              value,
              label,
            ]) => html`<button class="ghost toggle" role="radio" aria-checked=${value === layout ? 'true' : 'false'}
              ?disabled=${ctx.disabled || ctx.busy('layout')}
              @click=${() => value !== layout && ctx.run('layout', (c) => c.setStageLayout(value as StageLayout))}>${label}</button>`,
          )}
        </div>
        <label class="host-name">
          <span>Your name on screen</span>
          <input .value=${stage.hostName} maxlength=${LIMITS.nameMax} autocomplete="name"
            @change=${(e: Event) => stage.setHostName((e.target as HTMLInputElement).value)} />
        </label>
        ${
          guests.length
            ? html`<ul class="guest-list">${guests.map((g) => this.#renderGuest(g, full, stage, ctx))}</ul>`
            : html`<p class="empty">No guests yet. Invite one: they join backstage, and you bring them on stage.</p>`
        }
        ${this.#renderLinks(s, ctx)}
        ${this.status ? html`<p class="status" role="status">${this.status}</p>` : nothing}
      </div>
    </section>`;
  }
}
