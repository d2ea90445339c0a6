import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { REACTION_EMOJI, reactionEntries, type ReactionCounts, type ReactionKind } from '@live-shop/protocol';
import { LiveShopEvent, emit } from '../events.js';
import { I18n, type Strings } from '../i18n/controller.js';
import type { MessageKey } from '../i18n/keys.js';
import { styles } from './reactions.styles.js';

/** What each button says to assistive technology ("Send a heart"): its catalog key. */
const LABEL = {
  heart: 'reactHeart',
  fire: 'reactFire',
  clap: 'reactClap',
  laugh: 'reactLaugh',
  wow: 'reactWow',
  sad: 'reactSad',
  party: 'reactParty',
  thumbs: 'reactThumbs',
} as const satisfies Record<ReactionKind, MessageKey>;

interface Particle {
  id: number;
  kind: ReactionKind;
  /** Horizontal drift in px and start delay in ms: a window's taps rise as a spread-out stream. */
  x: number;
  delay: number;
}

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

/**
 * The show's reaction buttons and a layer of emoji floating up from them. Taps go up as
 * `live-shop-react` (the viewer sends them); everyone's taps come down as `burst`, one server
 * window's counts at a time. Your own tap floats at once. With `prefers-reduced-motion: reduce`
 * nothing floats: each button's count changes instead.
 *
 * @tagname live-shop-reactions
 *
 * @fires {CustomEvent<ReactDetail>} live-shop-react - A reaction button was pressed. detail: `{kind}`.
 *
 * @csspart base - The buttons' row.
 * @csspart button - One reaction button (its accessible name is "Send a heart"…).
 * @csspart count - A button's running count (shown with reduced motion, where nothing floats).
 * @csspart layer - The floating emoji (`aria-hidden`, lets clicks through).
 * @csspart particle - One floating emoji.
 *
 * @cssprop --live-shop-reaction-size - Button size (default 44px, a comfortable touch target).
 * @cssprop --live-shop-reaction-bg - Button background (default a translucent dark).
 * @cssprop --live-shop-reaction-height - How far the emoji float up (default 160px).
 * @cssprop --live-shop-bg - A count's background.
 * @cssprop --live-shop-text - A count's text color.
 * @cssprop --live-shop-focus-ring - Keyboard focus ring (a `box-shadow`).
 * @cssprop --live-shop-font - Font family.
 */
export class LiveShopReactions extends LitElement {
  static override styles = styles;

  /** Most emoji floating at once (older ones make room). */
  static maxParticles = 24;

  /** The kinds to offer, in order (the show's `settings.reactions`). */
  @property({ attribute: false }) kinds: readonly ReactionKind[] = [];

  /** One window's counts from everyone else (a new object each time: each one floats). */
  @property({ attribute: false }) burst: { counts: ReactionCounts } | null = null;

  /** Running counts per kind, shown on the buttons when motion is reduced. */
  @property({ attribute: false }) totals: ReactionCounts = {};

  /** Your words for any of its strings, by catalog key (e.g. `{reactHeart: 'Love it'}`). As an attribute: JSON. */
  @property({ type: Object }) strings: Strings | null = null;

  @state() private particles: Particle[] = [];
  @state() private reduced = false;
  /** Own taps not in `totals` yet (shown at once; `totals` catches up with the server's counts). */
  @state() private own: ReactionCounts = {};

  readonly i18n = new I18n(this);
  #next = 0;
  #motion: MediaQueryList | null = null;
  #onMotion = () => (this.reduced = !!this.#motion?.matches);

  override connectedCallback(): void {
    super.connectedCallback();
    this.#motion = matchMedia(REDUCED_MOTION);
    this.#motion.addEventListener('change', this.#onMotion);
    this.#onMotion();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#motion?.removeEventListener('change', this.#onMotion);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('totals')) this.own = {};
    if (changed.has('burst') && this.burst)
      for (const [kind, n] of reactionEntries(this.burst.counts)) this.#float(kind, n);
  }

  #float(kind: ReactionKind, count: number): void {
    if (this.reduced || count <= 0) return;
    const max = LiveShopReactions.maxParticles;
    const added = Array.from({ length: Math.min(count, max) }, (_, i) => ({
      id: this.#next++,
      kind,
      x: Math.round(Math.random() * 40 - 20),
      delay: i === 0 ? 0 : Math.round(Math.random() * 250),
    }));
    this.particles = [...this.particles, ...added].slice(-max);
  }

  #onTap(kind: ReactionKind): void {
    this.#float(kind, 1);
    this.own = { ...this.own, [kind]: (this.own[kind] ?? 0) + 1 };
    emit(this, LiveShopEvent.React, { kind });
  }

  /** Where a kind's emoji rise from: above its button (% of the row). */
  #column(kind: ReactionKind): number {
    const i = Math.max(0, this.kinds.indexOf(kind));
    return Math.round(((i + 0.5) / Math.max(1, this.kinds.length)) * 100);
  }

  #onGone(id: number): void {
    this.particles = this.particles.filter((p) => p.id !== id);
  }

  override render() {
    return html`<div part="base" class=${this.reduced ? 'reduced' : ''}>
      <div part="layer" aria-hidden="true">
        ${repeat(
          this.particles,
          (p) => p.id,
          (p) =>
            html`<span
              part="particle"
              style="--x:${p.x}px;--at:${this.#column(p.kind)}%;animation-delay:${p.delay}ms"
              @animationend=${() => this.#onGone(p.id)}
              >${REACTION_EMOJI[p.kind]}</span
            >`,
        )}
      </div>
      ${this.kinds.map((kind) => {
        const count = (this.totals[kind] ?? 0) + (this.own[kind] ?? 0);
        return html`<button part="button" type="button" aria-label=${this.i18n.t(LABEL[kind])} @click=${() => this.#onTap(kind)}>
          <span aria-hidden="true">${REACTION_EMOJI[kind]}</span>
          ${this.reduced && count ? html`<span part="count" aria-hidden="true">${count}</span>` : nothing}
        </button>`;
      })}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'live-shop-reactions': LiveShopReactions;
  }
}
