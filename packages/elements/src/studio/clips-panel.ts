import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import {
  createClip,
  listClips,
  loadReplayTimeline,
  type LiveShopClient,
  type LiveShopState,
  type ReplayChapter,
  type ReplayTimeline,
} from '@live-shop/client';
import { CLIP_LIMITS, type Clip } from '@live-shop/protocol';
import { errorText, formatClock, resolveUrl } from '../shared/utils.js';
import type { Translate } from '../i18n/controller.js';
import { englishStudio } from '../i18n/studio-bundle.js';
import { copyText } from './clipboard.js';
import type { ProductsContext as PanelContext } from './products-panel.js';

/** A clip still being cut is asked about again this often (ms), at most `POLL_MAX` times in a row. */
const POLL_MS = 3000;
const POLL_MAX = 100;
/** A chapter whose product stayed pinned to the end gets this much by default. */
const DEFAULT_CLIP_MS = 30_000;

/** `m:ss` of a show-time (ms). */
const clock = (ms: number) => formatClock(ms / 1000);

/** The viewer's tag, in text the studio shows (it renders no viewer). */
const VIEWER = 'live-shop-viewer';

/** The embed for a product page. */
export const clipSnippet = (server: string, id: string) =>
  `<${VIEWER} server="${new URL(resolveUrl('/', server)).origin}" clip="${id}"></${VIEWER}>`;

/**
 * After the show: each pinned moment (a chapter of the replay) with **Make clip** over its span
 * (from the pin until the product left the screen, editable in seconds), and the show's clips with
 * their status and a copyable embed snippet.
 */
export class ClipsPanel implements ReactiveController {
  #host: ReactiveControllerHost;
  #key = '';
  #timeline: ReplayTimeline | null = null;
  #clips: Clip[] = [];
  #status = '';
  /** The studio's messages, as of the last render (for what async work says). */
  #t: Translate = englishStudio;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #polls = 0;
  /** The server the client talks to (the embed points there). */
  #server = '';

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#key = '';
  }

  /** From the host's `willUpdate`: loads the timeline and the clips once the host's show has ended. */
  sync(client: LiveShopClient | null, s: LiveShopState | null): void {
    const on = !!client && !!s?.ready && s.role === 'host' && s.status === 'ended';
    const key = on ? `${client.options.server}\n${client.options.show}` : '';
    if (key === this.#key) return;
    clearTimeout(this.#timer);
    this.#key = key;
    this.#timeline = null;
    this.#clips = [];
    if (!client || !key) return;
    const target = { server: resolveUrl('/', client.options.server), show: client.options.show };
    this.#server = target.server;
    void Promise.all([loadReplayTimeline(target), listClips(target)]).then(
      ([timeline, clips]) => {
        if (this.#key !== key) return;
        [this.#timeline, this.#clips] = [timeline, clips];
        this.#poll(client);
        this.#host.requestUpdate();
      },
      (error: unknown) => this.#say(this.#t('clipsUnavailable', { reason: errorText(error, this.#t) })),
    );
  }

  #say(status: string): void {
    this.#status = status;
    this.#host.requestUpdate();
  }

  /** Asks again while a clip is still being cut (bounded). */
  #poll(client: LiveShopClient): void {
    clearTimeout(this.#timer);
    if (!this.#clips.some((c) => c.status === 'processing') || this.#polls >= POLL_MAX) return;
    const key = this.#key;
    this.#timer = setTimeout(() => {
      this.#polls += 1;
      const target = { server: resolveUrl('/', client.options.server), show: client.options.show };
      void listClips(target).then(
        (clips) => {
          if (this.#key !== key) return;
          this.#clips = clips;
          this.#host.requestUpdate();
          this.#poll(client);
        },
        () => this.#poll(client),
      );
    }, POLL_MS);
  }

  /** A chapter's default span in show-time ms: until its product left the screen, within the clip limits. */
  #span(chapter: ReplayChapter): [number, number] {
    const start = Math.max(0, chapter.t ?? 0);
    const left = this.#timeline?.until(chapter);
    const startedAt = this.#timeline?.startedAt ?? 0;
    const end = left == null ? start + DEFAULT_CLIP_MS : left - startedAt;
    return [start, Math.min(Math.max(end, start + CLIP_LIMITS.minMs), start + CLIP_LIMITS.maxMs)];
  }

  #make(ctx: PanelContext, form: HTMLFormElement, productId: string, key: string): void {
    const seconds = (name: string) => Number((form.elements.namedItem(name) as HTMLInputElement).value);
    void ctx.run(`clip:${key}`, async (c) => {
      const target = { server: resolveUrl('/', c.options.server), show: c.options.show };
      const start = Math.round(seconds('start') * 1000);
      const clip = await createClip(target, c.options.token ?? '', {
        productId,
        start,
        end: Math.round(seconds('end') * 1000),
      });
      this.#clips = [...this.#clips, clip];
      this.#polls = 0;
      this.#say(this.#t('clipStarted'));
      this.#poll(c);
    });
  }

  render(s: LiveShopState | null, ctx: PanelContext) {
    if (!this.#key || !s) return nothing;
    const t = (this.#t = ctx.t);
    const title = (id: string) => s.products.find((p) => p.id === id)?.title ?? t('deletedProduct');
    const chapters = this.#timeline?.chapters() ?? [];
    return html`<section part="clips" class="panel clips" aria-labelledby="clips-h">
      <h2 id="clips-h">${t('clips')}</h2>
      ${this.#status ? html`<p class="hint" role="status">${this.#status}</p>` : nothing}
      ${
        chapters.length
          ? html`<ul class="rows" aria-label=${t('pinnedMoments')}>
            ${chapters.map((chapter, i) => {
              const [start, end] = this.#span(chapter);
              const key = `${chapter.productId}:${i}`;
              const name = `${title(chapter.productId)} · ${clock(start)}`;
              return html`<li class="row">
                <form class="field" aria-label=${name} @submit=${(e: SubmitEvent) => (e.preventDefault(), this.#make(ctx, e.target as HTMLFormElement, chapter.productId, key))}>
                  <span class="who">${name}</span>
                  <label>${t('clipFrom')} <input name="start" type="number" min="0" step="0.1" .value=${String(start / 1000)} /> ${t('secondsUnit')}</label>
                  <label>${t('clipTo')} <input name="end" type="number" min="0" step="0.1" .value=${String(end / 1000)} /> ${t('secondsUnit')}</label>
                  <button class="ghost" type="submit" ?disabled=${ctx.disabled || ctx.busy(`clip:${key}`)}>${t('makeClip')}</button>
                </form>
              </li>`;
            })}
          </ul>`
          : html`<p class="empty">${t(this.#timeline ? 'noPins' : 'loading')}</p>`
      }
      ${
        this.#clips.length
          ? html`<ul class="rows" aria-label=${t('clipsOfShow')}>
            ${this.#clips.map((clip) => {
              const snippet = clipSnippet(this.#server, clip.id);
              return html`<li class="row">
                <span class="who">${title(clip.productId)} · ${clock(clip.startMs)}–${clock(clip.endMs)}</span>
                <span class="what">${t(clip.status === 'ready' ? 'clipReady' : clip.status === 'failed' ? 'clipFailed' : 'clipProcessing')}</span>
                ${
                  clip.status === 'ready'
                    ? html`<input readonly aria-label=${t('embedCode')} .value=${snippet} />
                      <button class="ghost" @click=${async () => this.#say(await copyText(t('embedCode'), snippet, t))}>${t('copyEmbed')}</button>`
                    : nothing
                }
              </li>`;
            })}
          </ul>`
          : nothing
      }
    </section>`;
  }
}
