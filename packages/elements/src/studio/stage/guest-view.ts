import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { LiveShopClient, LiveShopState } from '@live-shop/client';
import { LIMITS, type ShowStatus } from '@live-shop/protocol';
import type { Translate } from '../../i18n/controller.js';
import type { MediaController } from '../media-controller.js';
import { renderDevices, renderStage } from '../media-view.js';
import { onStage, type StageController } from './stage-controller.js';

const NAME_KEY = 'live-shop-guest-name';
const joinedKey = (show: string) => `live-shop-stage-joined:${show}`;

function read(storage: () => Storage, key: string): string {
  try {
    return storage().getItem(key) ?? '';
  } catch {
    return '';
  }
}
function write(storage: () => Storage, key: string, value: string | null): void {
  try {
    if (value === null) storage().removeItem(key);
    else storage().setItem(key, value);
  } catch {
    // storage blocked: a reload asks to join again
  }
}

export interface GuestContext {
  run: (key: string, action: (client: LiveShopClient) => Promise<unknown>) => Promise<void>;
  busy: (key: string) => boolean;
  disabled: boolean;
  show: string;
  status: ShowStatus;
  /** The studio's messages. */
  t: Translate;
}

/**
 * A guest's page (the studio opened with a guest link): camera and mic pickers, preview, mute, a name,
 * and Join backstage; then the program from the host's studio and where the guest is. A guest who
 * reloads the page joins again by itself (the server keeps whether they were on stage).
 */
export class GuestView implements ReactiveController {
  name = read(() => localStorage, NAME_KEY);
  /** Sound of the program was blocked by the browser's autoplay policy: a click starts it. */
  muted = false;
  #joined = false;
  #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#joined = false;
  }

  /** After a reload: join again if this tab had joined (and did not leave). */
  resume(ctx: GuestContext, media: MediaController): void {
    if (this.#joined || ctx.disabled || !read(() => sessionStorage, joinedKey(ctx.show))) return;
    this.#join(ctx, media);
  }

  #join(ctx: GuestContext, media: MediaController): void {
    const name = this.name.trim();
    if (!name) return;
    this.#joined = true;
    void ctx.run('join', async (c) => {
      try {
        if (!(await media.open())) throw new Error(media.problemText);
        await c.joinStage(name);
        write(() => localStorage, NAME_KEY, name);
        write(() => sessionStorage, joinedKey(ctx.show), '1');
      } catch (error) {
        this.#joined = false;
        throw error;
      }
    });
  }

  #leave(ctx: GuestContext): void {
    void ctx.run('leave', async (c) => {
      await c.leaveStage();
      this.#joined = false;
      write(() => sessionStorage, joinedKey(ctx.show), null);
    });
  }

  #play(video: HTMLVideoElement | null | undefined): void {
    if (!video) return;
    video.muted = false;
    void video.play().then(
      () => ((this.muted = false), this.#host.requestUpdate()),
      () => {
        // No sound without a click first (autoplay policy): play muted, offer the click.
        video.muted = true;
        void video.play().catch(() => {});
        this.muted = true;
        this.#host.requestUpdate();
      },
    );
  }

  render(s: LiveShopState, ctx: GuestContext, media: MediaController, stage: StageController) {
    const guests = s.stage?.guests ?? [];
    const me = guests.find((g) => g.peer !== null && g.peer === s.peer);
    const program = stage.guest?.program ?? null;
    const live = ctx.status === 'live';
    const { t } = ctx;
    const where = t(
      !me
        ? this.#joined
          ? 'joining'
          : 'checkThenJoin'
        : me.place === 'stage'
          ? live
            ? 'onStageLive'
            : 'onStageNotLive'
          : 'backstage',
    );
    const names = onStage(guests).map((g) => g.name);
    return html`<div class="columns guesting">
      <div class="center">
        <div part="program" class="program" role="region" aria-label=${t('program')}>
          ${
            me && program
              ? html`<video class="preview" playsinline autoplay .srcObject=${guard([program], () => program)}
                  @loadedmetadata=${(e: Event) => this.#play(e.target as HTMLVideoElement)}></video>`
              : html`<p class="stage-sub">${t(me ? 'waitingForHost' : 'programAfterJoin')}</p>`
          }
          ${
            this.muted && program
              ? html`<button class="ghost on-stage unmute" @click=${(e: Event) => this.#play((e.target as HTMLElement).parentElement?.querySelector('video'))}>
                  ${t('playShowSound')}</button>`
              : nothing
          }
        </div>
        <p class="where" role="status">${where}${me?.muted ? ` ${t('hostMutedYou')}` : ''}</p>
        ${names.length ? html`<p class="hint">${t('onStageWith', { names: names.join(', ') })}</p>` : nothing}
      </div>
      <div class="center">
        ${renderStage(media, ctx.status, t, media.stream)} ${renderDevices(media, t)}
        ${
          me || this.#joined
            ? html`<div part="controls" class="controls">
                <button class="ghost" ?disabled=${ctx.disabled || ctx.busy('leave')} @click=${() => this.#leave(ctx)}>${t('leave')}</button>
              </div>`
            : html`<form part="controls" class="controls join" @submit=${(e: SubmitEvent) => (e.preventDefault(), this.#join(ctx, media))}>
                <label class="host-name">
                  <span>${t('yourNameOnScreen')}</span>
                  <input name="name" required maxlength=${LIMITS.nameMax} autocomplete="name" .value=${this.name}
                    @input=${(e: Event) => ((this.name = (e.target as HTMLInputElement).value), this.#host.requestUpdate())} />
                </label>
                <button class="primary" type="submit" ?disabled=${ctx.disabled || !this.name.trim() || ctx.busy('join')}>${t('joinBackstage')}</button>
              </form>`
        }
      </div>
    </div>`;
  }
}
