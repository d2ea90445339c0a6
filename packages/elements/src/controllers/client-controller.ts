import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LiveShopClient, type LiveShopClientOptions, type LiveShopState } from '@live-shop/client';
import type { LiveShopChatSendEvent } from '../events.js';
import { english, type Translate } from '../i18n/controller.js';
import { errorText } from '../shared/utils.js';

/**
 * Subscribes a host element to a LiveShopClient and re-renders it on every state change.
 * The client is either injected (`use`, never closed here) or owned (`ensure`, created from
 * options, recreated when they change, closed when the host leaves the DOM).
 */
export class ClientController implements ReactiveController {
  client: LiveShopClient | null = null;
  #host: ReactiveControllerHost;
  #owned = false;
  #key = '';
  #off: (() => void) | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  get state(): LiveShopState | null {
    return this.client?.state ?? null;
  }

  /** Uses a client someone else owns. */
  use(client: LiveShopClient): void {
    if (client === this.client) return;
    this.#release();
    this.#attach(client, false);
  }

  /** Makes sure an owned client for exactly these options exists and is connecting. */
  ensure(options: LiveShopClientOptions): void {
    const key = JSON.stringify([options.server, options.show, options.token, options.identity]);
    if (this.#owned && key === this.#key) return;
    this.#release();
    this.#key = key;
    const client = new LiveShopClient(options);
    this.#attach(client, true);
    client.connect();
  }

  /**
   * Picks the client for a host's current properties: the injected one if any, else an owned
   * one for `server` (default: the page origin) and `show`, else none.
   */
  sync(props: {
    client?: LiveShopClient | null;
    server?: string;
    show?: string;
    token?: string;
    name?: string;
    identity?: string;
  }): void {
    if (props.client) this.use(props.client);
    else if (props.show) {
      this.ensure({
        server: props.server || location.origin,
        show: props.show,
        ...(props.token ? { token: props.token } : {}),
        ...(props.name ? { name: props.name } : {}),
        ...(props.identity ? { identity: props.identity } : {}),
      });
    } else this.#release();
  }

  /**
   * Sends a chat draft from a `live-shop-chat-send` event; on failure reports a sentence for
   * people (give it to the chat's `error`: the chat then gives the draft back and lets it send again).
   */
  sendChatFrom(event: LiveShopChatSendEvent, onError: (text: string) => void, t: Translate = english): void {
    const { text, question } = event.detail;
    this.client
      ?.sendChat(text, { question })
      .catch((err: unknown) => onError(errorText(err, t) || t('messageNotSent')));
  }

  hostConnected(): void {
    // The host decides (in willUpdate) which client to use; make it run again after a re-attach.
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#release();
  }

  #attach(client: LiveShopClient, owned: boolean): void {
    this.client = client;
    this.#owned = owned;
    this.#off = client.on('change', () => this.#host.requestUpdate());
    this.#host.requestUpdate();
  }

  #release(): void {
    this.#off?.();
    this.#off = undefined;
    if (this.#owned) this.client?.close();
    this.client = null;
    this.#owned = false;
    this.#key = '';
  }
}
