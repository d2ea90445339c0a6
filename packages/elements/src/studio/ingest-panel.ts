import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { LiveShopClient } from '@live-shop/client';
import type { IngestInfo } from '@live-shop/protocol';
import type { Translate } from '../i18n/controller.js';
import { errorText } from '../shared/utils.js';
import { copyText } from './clipboard.js';

/**
 * The studio's "Stream from OBS" panel (part `ingest`, hosts only, servers with Mux or RTMP in): the
 * server URL and the stream key, hidden until asked, each with Copy (local RTMP in: New stream key).
 * Asks the server once per client.
 */
export class IngestPanel {
  /** The show's OBS settings; null until known, or when the server has none. */
  ingest: IngestInfo | null = null;
  #revealKey = false;
  #rotating = false;
  /** What the last copy did, for the status line. */
  #copied = '';
  /** The client whose OBS ingest settings were asked for. */
  #asked: LiveShopClient | null = null;
  #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  /** Asks a host's client for the ingest settings (once per client); `current` says whether it is still the studio's. */
  sync(client: LiveShopClient | null, current: () => LiveShopClient | null): void {
    const s = client?.state;
    if (!client || !s?.ready || s.role !== 'host' || client === this.#asked) return;
    this.#asked = client;
    this.ingest = null;
    // Older servers do not know video:ingest: no OBS panel then.
    client.ingestInfo().then(
      (ingest) => {
        if (client !== current()) return;
        this.ingest = ingest;
        this.#host.requestUpdate();
      },
      () => {},
    );
  }

  async #copy(what: string, text: string, t: Translate): Promise<void> {
    this.#copied = await copyText(what, text, t);
    this.#host.requestUpdate();
  }

  /** RTMP in: a new key (the old one stops working, an encoder using it is cut off). */
  async #rotate(t: Translate): Promise<void> {
    const client = this.#asked;
    if (!client || this.#rotating) return;
    this.#rotating = true;
    this.#host.requestUpdate();
    try {
      const ingest = await client.rotateIngestKey();
      if (ingest) this.ingest = ingest;
      this.#copied = t('newStreamKeyDone');
    } catch (error) {
      this.#copied = errorText(error, t);
    } finally {
      this.#rotating = false;
      this.#host.requestUpdate();
    }
  }

  #toggleKey(): void {
    this.#revealKey = !this.#revealKey;
    this.#host.requestUpdate();
  }

  render(t: Translate) {
    const ingest = this.ingest;
    if (!ingest) return nothing;
    return html`<section part="ingest" class="panel ingest" aria-labelledby="ingest-h">
      <h2 id="ingest-h">${t('streamFromObs')}</h2>
      <div class="ingest-body">
        <p class="hint">${t('obsHint')}</p>
        <label for="ingest-url">${t('server')}</label>
        <div class="field">
          <input id="ingest-url" readonly .value=${ingest.rtmpsUrl} />
          <button class="ghost" @click=${() => this.#copy(t('serverUrl'), ingest.rtmpsUrl, t)}>${t('copyServerUrl')}</button>
        </div>
        <label for="ingest-key">${t('streamKey')}</label>
        <div class="field">
          <input id="ingest-key" readonly type=${this.#revealKey ? 'text' : 'password'} .value=${ingest.streamKey} />
          <button class="ghost" aria-pressed=${this.#revealKey ? 'true' : 'false'} @click=${() => this.#toggleKey()}>
            ${t('showKey')}
          </button>
          <button class="ghost" @click=${() => this.#copy(t('streamKey'), ingest.streamKey, t)}>${t('copyStreamKey')}</button>
        </div>
        ${
          ingest.canRotate
            ? html`<div class="field">
              <button class="ghost" ?disabled=${this.#rotating} @click=${() => this.#rotate(t)}>${t('newStreamKey')}</button>
            </div>`
            : nothing
        }
        <p class="copied" role="status">${this.#copied}</p>
      </div>
    </section>`;
  }
}
