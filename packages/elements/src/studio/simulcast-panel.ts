import { css, html, nothing, type ReactiveControllerHost } from 'lit';
import type { LiveShopClient } from '@live-shop/client';
import type { SimulcastDestination, SimulcastState, SimulcastStatus } from '@live-shop/protocol';
import type { Translate } from '../i18n/controller.js';
import type { MessageKey } from '../i18n/keys.js';
import { errorText } from '../shared/utils.js';

const STATE_KEY = {
  idle: 'simulcastIdle',
  connecting: 'simulcastConnecting',
  live: 'simulcastLive',
  retrying: 'simulcastRetrying',
  failed: 'simulcastFailed',
} as const satisfies Record<SimulcastState, MessageKey>;

/**
 * The studio's Simulcast panel (part `simulcast`, hosts, local video): RTMP destinations to forward
 * the show to, each with its live status, an on/off switch and Remove, and a form to add one. The
 * stream key is typed once and never shown again (the server answers it masked).
 */
export class SimulcastPanel {
  destinations: SimulcastDestination[] | null = null;
  #client: LiveShopClient | null = null;
  #off: (() => void) | undefined;
  #busy = false;
  #error = '';

  constructor(private readonly host: ReactiveControllerHost) {}

  /** Asks a host's client for the destinations once; servers without simulcast (Mux, older) show no panel. */
  sync(client: LiveShopClient | null, current: () => LiveShopClient | null): void {
    const s = client?.state;
    if (!client || !s?.ready || s.role !== 'host' || client === this.#client) return;
    this.#off?.();
    this.#client = client;
    this.destinations = null;
    this.#off = client.on('simulcast-status', (status) => this.#status(status));
    client.simulcastDestinations().then(
      (list) => {
        if (client !== current()) return;
        this.destinations = list;
        this.host.requestUpdate();
      },
      () => {},
    );
  }

  #status(status: SimulcastStatus): void {
    if (!this.destinations) return;
    this.destinations = this.destinations.map((d) => (d.id === status.id ? { ...d, status } : d));
    this.host.requestUpdate();
  }

  async #run(action: (c: LiveShopClient) => Promise<SimulcastDestination[]>, t: Translate): Promise<boolean> {
    const client = this.#client;
    if (!client || this.#busy) return false;
    this.#busy = true;
    this.#error = '';
    this.host.requestUpdate();
    try {
      this.destinations = await action(client);
      return true;
    } catch (error) {
      this.#error = errorText(error, t);
      return false;
    } finally {
      this.#busy = false;
      this.host.requestUpdate();
    }
  }

  async #add(event: SubmitEvent, t: Translate): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const field = (name: string) => String(data.get(name) ?? '').trim();
    const added = await this.#run(
      (c) => c.addSimulcastDestination({ name: field('name'), url: field('url'), streamKey: field('key') }),
      t,
    );
    if (added) form.reset();
  }

  render(t: Translate) {
    const list = this.destinations;
    if (!list) return nothing;
    return html`<section part="simulcast" class="panel simulcast" aria-labelledby="simulcast-h">
      <h2 id="simulcast-h">${t('simulcastTitle')}</h2>
      <div class="simulcast-body">
        <p class="hint">${t('simulcastHint')}</p>
        ${
          list.length === 0
            ? html`<p class="hint">${t('simulcastNone')}</p>`
            : html`<ul class="destinations">
              ${list.map((d) => this.#renderDestination(d, t))}
            </ul>`
        }
        <form class="add-destination" @submit=${(e: SubmitEvent) => this.#add(e, t)}>
          <label>${t('simulcastName')} <input name="name" required maxlength="60" autocomplete="off" /></label>
          <label
            >${t('simulcastUrl')}
            <input name="url" required type="url" placeholder="rtmps://…" maxlength="500" autocomplete="off"
          /></label>
          <label
            >${t('streamKey')} <input name="key" required type="password" maxlength="500" autocomplete="off"
          /></label>
          <button class="ghost" type="submit" ?disabled=${this.#busy}>${t('simulcastAdd')}</button>
        </form>
        <p class="error" role="alert">${this.#error}</p>
      </div>
    </section>`;
  }

  #renderDestination(d: SimulcastDestination, t: Translate) {
    const { state, error } = d.status;
    return html`<li class="destination" data-state=${state}>
      <label class="switch">
        <input
          type="checkbox"
          .checked=${d.enabled}
          ?disabled=${this.#busy}
          aria-label=${t('simulcastSendTo', { name: d.name })}
          @change=${(e: Event) =>
            this.#run((c) => c.enableSimulcastDestination(d.id, (e.target as HTMLInputElement).checked), t)}
        />
        <span class="name">${d.name}</span>
      </label>
      <span class="state" role="status">${t(STATE_KEY[state])}</span>
      <button
        class="ghost"
        ?disabled=${this.#busy}
        aria-label=${t('simulcastRemove', { name: d.name })}
        @click=${() => this.#run((c) => c.removeSimulcastDestination(d.id), t)}
      >
        ${t('remove')}
      </button>
      <span class="where">${d.url} · ${d.streamKeyMasked}</span>
      ${
        error && state !== 'live' && state !== 'idle'
          ? html`<span class="why">${t('simulcastLastError', { error })}</span>`
          : nothing
      }
    </li>`;
  }
}

export const simulcastStyles = css`
  .simulcast-body {
    display: grid;
    gap: 0.5rem;
    padding: 0.75rem 1rem;
  }
  .destinations {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .destination {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
    padding-block: 0.4rem;
    border-block-end: 1px solid var(--_border);
  }
  .destination .where,
  .destination .why {
    flex-basis: 100%;
    color: var(--_muted);
    font-size: 0.8rem;
    overflow-wrap: anywhere;
  }
  .destination .state {
    margin-inline-start: auto;
    font-size: 0.85rem;
    font-weight: 600;
  }
  .destination[data-state='live'] .state {
    color: var(--live-shop-live, #b91c1c);
  }
  .destination[data-state='failed'] .why,
  .simulcast .error {
    color: var(--live-shop-danger, #b91c1c);
  }
  .simulcast .error {
    margin: 0;
    font-size: 0.85rem;
  }
  .add-destination {
    display: grid;
    gap: 0.4rem;
  }
  .add-destination label {
    display: grid;
    gap: 0.2rem;
    font-size: 0.8rem;
    font-weight: 600;
  }
  .add-destination input {
    min-height: 40px;
    padding: 0 0.5rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_bg);
    color: var(--_text);
    font: inherit;
    font-size: 0.9rem;
  }
`;
