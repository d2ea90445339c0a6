import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { LiveShopClient } from '@live-shop/client';
import { LIMITS } from '@live-shop/protocol';
import { formatTime, resolveUrl } from '../shared/utils.js';
import type { MessageKey } from '../i18n/keys.js';
import { copyText } from './clipboard.js';
import type { ProductsContext as PanelContext } from './products-panel.js';

/** A link as the studio lists it (moderator or guest): never the token itself. */
interface LinkInfo {
  id: string;
  label: string;
  expiresAt: number;
}

/** What an Invite answers: the token's page (relative to the server until the panel resolves it). */
interface Invite {
  studioUrl: string;
}

/** What differs between the studio's kinds of links (moderators, guests): names, ids, busy keys and client calls. */
export interface LinkKind<I extends Invite> {
  /** Element ids: `${prefix}-label` (the Invite field) and `${prefix}-link` (the new link). */
  prefix: string;
  /** The Invite button. */
  inviteText: MessageKey;
  /** Busy key of an invite; of a revoke, `${revokeKey}:${id}`. */
  inviteKey: string;
  revokeKey: string;
  /** "Moderator link" ("… for Mia"). */
  linkName: MessageKey;
  /** What a link without a label is called in the list. */
  unlabelled: MessageKey;
  /** Accessible name of a Revoke button, with `{name}` the link's label (or id). */
  revokeName: MessageKey;
  /** The one-time hint: who may do what with the link until `{time}`. */
  hint: MessageKey;
  /** The list's accessible name (unset: its section's heading names it). */
  listLabel?: MessageKey;
  /** Shown while there are no links (unset: nothing). */
  empty?: MessageKey;
  create(client: LiveShopClient, options: { label?: string }): Promise<I>;
  /** The created link, as listed. */
  info(invite: I): LinkInfo;
  revoke(client: LiveShopClient, id: string): Promise<unknown>;
}

/**
 * A studio panel that hands out links (Invite, the new link once with Copy link, the active links with
 * Revoke), with its status line. The invite is shown once: not again after the studio left the page.
 */
export class LinkPanel<I extends Invite> implements ReactiveController {
  /** The link made by the last Invite: shown once, until the next invite. */
  invite: I | null = null;
  /** What the last copy (or the panel's last action) did, for the status line. */
  status = '';
  readonly #host: ReactiveControllerHost;
  readonly #kind: LinkKind<I>;

  constructor(host: ReactiveControllerHost, kind: LinkKind<I>) {
    this.#host = host;
    this.#kind = kind;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.invite = null;
    this.status = '';
  }

  protected set(patch: Partial<Pick<LinkPanel<I>, 'invite' | 'status'>>): void {
    Object.assign(this, patch);
    this.#host.requestUpdate();
  }

  #invite(ctx: PanelContext, form: HTMLFormElement): void {
    const input = form.elements.namedItem('label') as HTMLInputElement;
    const label = input.value.trim();
    void ctx.run(this.#kind.inviteKey, async (c) => {
      this.set({ invite: null, status: '' });
      const invite = await this.#kind.create(c, label ? { label } : {});
      input.value = '';
      this.set({ invite: { ...invite, studioUrl: resolveUrl(invite.studioUrl, ctx.server) } });
    });
  }

  /** The Invite form, the new link (once), and the active links; times on this device's clock. */
  protected renderLinks(links: readonly LinkInfo[], clockOffset: number, ctx: PanelContext) {
    const k = this.#kind;
    const invite = this.invite;
    const made = invite && k.info(invite);
    const { t, locale } = ctx;
    const until = (at: number) => formatTime(at - clockOffset, locale);
    return html`<form class="field" @submit=${(e: SubmitEvent) => (e.preventDefault(), this.#invite(ctx, e.target as HTMLFormElement))}>
        <label for="${k.prefix}-label" class="sr-only">${t('linkFor')}</label>
        <input id="${k.prefix}-label" name="label" maxlength=${LIMITS.nameMax} placeholder=${t('linkForPlaceholder')} autocomplete="off" />
        <button class="ghost" type="submit" ?disabled=${ctx.disabled || ctx.busy(k.inviteKey)}>${t(k.inviteText)}</button>
      </form>
      ${
        invite && made
          ? html`<div class="invite">
            <label for="${k.prefix}-link">${made.label ? t('linkNamed', { link: t(k.linkName), name: made.label }) : t(k.linkName)}</label>
            <div class="field">
              <input id="${k.prefix}-link" readonly .value=${invite.studioUrl} />
              <button class="ghost" @click=${async () => this.set({ status: await copyText(t('link'), invite.studioUrl, t) })}>${t('copyLink')}</button>
            </div>
            <p class="hint">${t(k.hint, { time: until(made.expiresAt) })}</p>
          </div>`
          : nothing
      }
      ${
        links.length
          ? html`<ul class="rows" aria-label=${k.listLabel ? t(k.listLabel) : nothing}>
            ${links.map(
              (l) => html`<li class="row">
                <span class="who">${l.label || t(k.unlabelled)}</span>
                <span class="what">${t('until', { time: until(l.expiresAt) })}</span>
                <button class="ghost" aria-label=${t(k.revokeName, { name: l.label || l.id })} ?disabled=${ctx.disabled || ctx.busy(`${k.revokeKey}:${l.id}`)}
                  @click=${() => ctx.run(`${k.revokeKey}:${l.id}`, (c) => k.revoke(c, l.id))}>${t('revoke')}</button>
              </li>`,
            )}
          </ul>`
          : k.empty
            ? html`<p class="empty">${t(k.empty)}</p>`
            : nothing
      }`;
  }
}
