import { css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { live } from 'lit/directives/live.js';
import type { LiveShopClient, LiveShopState } from '@live-shop/client';
import { REACTION_EMOJI, REACTION_KINDS, type ReactionCounts, type ReactionKind } from '@live-shop/protocol';
import type { Translate } from '../i18n/controller.js';
import type { MessageKey } from '../i18n/keys.js';

/** The live rate is the taps of this long, per second. */
const RATE_WINDOW_MS = 10_000;

const NAME = {
  heart: 'reactionHeart',
  fire: 'reactionFire',
  clap: 'reactionClap',
  laugh: 'reactionLaugh',
  wow: 'reactionWow',
  sad: 'reactionSad',
  party: 'reactionParty',
  thumbs: 'reactionThumbs',
} as const satisfies Record<ReactionKind, MessageKey>;

const total = (counts: ReactionCounts | number[]) => Object.values(counts).reduce((a: number, n: number) => a + n, 0);

/** Reaction taps per second over the last 10 s, from the client's `reactions` windows; re-renders its host while it decays. */
export class ReactionRate implements ReactiveController {
  #client: LiveShopClient | null = null;
  #off: (() => void) | undefined;
  /** Local receive time and taps of each window. */
  #seen: { at: number; taps: number }[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  sync(client: LiveShopClient | null): void {
    if (client === this.#client) return;
    this.#stop();
    this.#client = client;
    this.#off = client?.on('reactions', ({ counts }) => {
      this.#seen.push({ at: Date.now(), taps: total(counts) });
      this.#timer ??= setInterval(() => this.host.requestUpdate(), 1000);
    });
  }

  get perSecond(): number {
    const since = Date.now() - RATE_WINDOW_MS;
    while (this.#seen.length && this.#seen[0]!.at < since) this.#seen.shift();
    if (!this.#seen.length) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
    return total(this.#seen.map((w) => w.taps)) / (RATE_WINDOW_MS / 1000);
  }

  hostDisconnected(): void {
    this.#stop();
    this.#client = null;
  }

  #stop(): void {
    this.#off?.();
    this.#off = undefined;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#seen = [];
  }
}

/** The header's "N reactions · r/s", once there are any. */
export function renderReactionStat(s: LiveShopState, rate: number, t: Translate, locale: string) {
  const taps = total(s.reactions);
  if (!taps && !rate) return nothing;
  const perSecond = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate);
  return html`<span class="reaction-stat">${t('reactionStat', { count: taps, rate: perSecond })}</span>`;
}

export interface ReactionsPanelOptions {
  /** The settings change waits for the server's answer. */
  busy: boolean;
  disabled: boolean;
  onChange: (kinds: ReactionKind[]) => void;
  t: Translate;
}

/** The studio's Reactions panel (part `reactions`, hosts): which reactions viewers may send, and each one's total so far. */
export function renderReactions(s: LiveShopState | null, { busy, disabled, onChange, t }: ReactionsPanelOptions) {
  const on = s?.settings.reactions ?? [];
  const toggle = (kind: ReactionKind, checked: boolean) =>
    onChange(REACTION_KINDS.filter((k) => (k === kind ? checked : on.includes(k))));
  return html`<section part="reactions" class="panel reactions" aria-labelledby="reactions-h">
    <h2 id="reactions-h">${t('reactionsTitle')}</h2>
    <fieldset class="reactions-body" ?disabled=${disabled || busy}>
      <legend>${t('reactionsViewersCanSend')}</legend>
      <div class="reaction-grid">
      ${REACTION_KINDS.map(
        (kind) => html`<label class="reaction">
          <input
            type="checkbox"
            .checked=${live(on.includes(kind))}
            @change=${(e: Event) => toggle(kind, (e.target as HTMLInputElement).checked)}
          />
          <span aria-hidden="true">${REACTION_EMOJI[kind]}</span>
          <span>${t(NAME[kind])}</span>
          <span class="count">${s?.reactions[kind] ?? 0}</span>
        </label>`,
      )}
      </div>
    </fieldset>
  </section>`;
}

export const reactionsStyles = css`
  .reactions-body {
    margin: 0;
    padding: 0.75rem 1rem 1rem;
    border: 0;
  }
  .reactions-body legend {
    padding: 0;
    color: var(--_muted);
    font-size: 0.85rem;
  }
  .reaction-grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
    gap: 0.25rem 0.75rem;
  }
  .reaction {
    display: flex;
    align-items: center;
    gap: 0.4rem;
    min-height: 2.25rem;
    font-size: 0.9rem;
    cursor: pointer;
  }
  .reaction input {
    width: 1.1rem;
    height: 1.1rem;
    min-height: 0;
    margin: 0;
    accent-color: var(--_accent);
  }
  .reaction .count {
    margin-left: auto;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .reaction-stat {
    color: var(--_muted);
    font-size: 0.9rem;
    font-variant-numeric: tabular-nums;
  }
`;
