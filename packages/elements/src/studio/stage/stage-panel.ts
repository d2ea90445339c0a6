import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { LiveShopState } from '@live-shop/client';
import { LIMITS, type GuestInvite, type StageGuest, type StageLayout } from '@live-shop/protocol';
import type { MessageKey } from '../../i18n/keys.js';
import { LinkPanel, type LinkKind } from '../link-panel.js';
import type { ProductsContext as PanelContext } from '../products-panel.js';
import { onStage, type StageController } from './stage-controller.js';

export const LAYOUT_LABEL: Record<StageLayout, MessageKey> = {
  solo: 'layoutSolo',
  'side-by-side': 'layoutSideBySide',
  grid: 'layoutGrid',
  pip: 'layoutPip',
};

const LINK_TEXT: Record<string, MessageKey> = {
  connecting: 'peerConnecting',
  connected: 'peerConnected',
  failed: 'peerFailed',
};

const GUEST_LINKS: LinkKind<GuestInvite> = {
  prefix: 'guest',
  inviteText: 'inviteGuest',
  inviteKey: 'guest-invite',
  revokeKey: 'guest-revoke',
  linkName: 'guestLink',
  unlabelled: 'guest',
  revokeName: 'revokeGuestLink',
  hint: 'guestLinkHint',
  listLabel: 'guestLinks',
  create: (c, options) => c.inviteGuest(options),
  info: (invite) => invite.guest,
  revoke: (c, id) => c.revokeGuest(id),
};

/**
 * The host's Guests panel (part `guests`): guest links (Invite, Copy, Revoke), the program layout, and
 * each guest who joined with their camera preview: Bring on stage / Send backstage, Mute, Remove.
 * Renders from `state.stage` (pushed by the server after every change) and the stage's WebRTC links.
 */
export class StagePanel extends LinkPanel<GuestInvite> {
  constructor(host: ReactiveControllerHost) {
    super(host, GUEST_LINKS);
  }

  #renderGuest(g: StageGuest, full: boolean, stage: StageController, ctx: PanelContext) {
    const media = stage.peers?.media(g.id);
    const { t } = ctx;
    const state = t(!g.peer ? 'notConnected' : media ? LINK_TEXT[media.state]! : 'peerConnecting');
    const there = g.place === 'stage';
    const key = (what: string) => `${what}:${g.id}`;
    return html`<li class="guest ${g.place}" aria-label=${g.name}>
      <div class="guest-tile">
        ${media ? media.video : nothing}
        <span class="guest-place">${t(there ? 'onStage' : 'backstagePlace')}</span>
      </div>
      <div class="guest-info">
        <strong>${g.name}</strong>
        <span class="guest-link ${media?.state ?? 'away'}" role="status">${g.muted ? t('guestMuted', { state }) : state}</span>
      </div>
      <div class="guest-actions">
        ${
          there
            ? html`<button class="ghost" ?disabled=${ctx.disabled || ctx.busy(key('move'))}
                @click=${() => ctx.run(key('move'), (c) => c.moveGuest(g.id, 'backstage'))}>${t('sendBackstage')}</button>`
            : html`<button class="primary" ?disabled=${ctx.disabled || full || ctx.busy(key('move'))}
                title=${full ? t('stageFull', { count: LIMITS.stageMax }) : ''}
                @click=${() => this.#bring(ctx, g, stage)}>${t('bringOnStage')}</button>`
        }
        <button class="ghost toggle" aria-pressed=${g.muted ? 'true' : 'false'} aria-label=${t('muteName', { name: g.name })}
          ?disabled=${ctx.disabled || ctx.busy(key('mute'))}
          @click=${() => ctx.run(key('mute'), (c) => c.muteGuest(g.id, !g.muted))}>${t('mute')}</button>
        <button class="ghost" aria-label=${t('removeName', { name: g.name })} ?disabled=${ctx.disabled || ctx.busy(key('remove'))}
          @click=${() => ctx.run(key('remove'), (c) => c.removeGuest(g.id))}>${t('remove')}</button>
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

  render(s: LiveShopState, ctx: PanelContext, stage: StageController) {
    const guests = s.stage?.guests ?? [];
    const layout = s.stage?.layout ?? 'solo';
    const full = onStage(guests).length >= LIMITS.stageMax - 1;
    const { t } = ctx;
    return html`<section part="guests" class="panel guests" aria-labelledby="guests-h" @pointerdown=${() => stage.resumeAudio()}>
      <h2 id="guests-h">${t('guests')}</h2>
      <div class="guests-body">
        <div class="layouts" role="radiogroup" aria-label=${t('layout')}>
          ${Object.entries(LAYOUT_LABEL).map(
            ([
              value,
              label,
            ]) => html`<button class="ghost toggle" role="radio" aria-checked=${value === layout ? 'true' : 'false'}
              ?disabled=${ctx.disabled || ctx.busy('layout')}
              @click=${() => value !== layout && ctx.run('layout', (c) => c.setStageLayout(value as StageLayout))}>${t(label)}</button>`,
          )}
        </div>
        <label class="host-name">
          <span>${t('yourNameOnScreen')}</span>
          <input .value=${stage.hostName} maxlength=${LIMITS.nameMax} autocomplete="name"
            @change=${(e: Event) => stage.setHostName((e.target as HTMLInputElement).value)} />
        </label>
        ${
          guests.length
            ? html`<ul class="guest-list">${guests.map((g) => this.#renderGuest(g, full, stage, ctx))}</ul>`
            : html`<p class="empty">${t('noGuests')}</p>`
        }
        ${this.renderLinks(s.guestLinks, s.clockOffset, ctx)}
        ${this.status ? html`<p class="status" role="status">${this.status}</p>` : nothing}
      </div>
    </section>`;
  }
}
