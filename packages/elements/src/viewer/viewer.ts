import { LitElement, html, nothing, type CSSResult, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CheckoutReturn, LiveShopClient, ReplayChapter } from '@live-shop/client';
import {
  ErrorCode,
  STRIPE_JS_URL,
  type ErrorBody,
  type Playback,
  type Product,
  type Restriction,
  type ShowStatus,
} from '@live-shop/protocol';
import { ClientController } from '../controllers/client-controller.js';
import type { LiveShopPlayer, PlayerChapter } from '../player/player.js';
import { ReactionFeed } from '../reactions/reaction-feed.js';
import {
  loadOverlays,
  loadReactions,
  loadViewerParts,
  provideStageLayout,
  stageLayout,
  viewerParts,
} from '../shared/parts.js';
import { DEV_MODE } from '../shared/dev-mode.js';
import {
  LiveShopEvent,
  emit,
  type LiveShopChatSendEvent,
  type LiveShopBuyErrorEvent,
  type LiveShopChatNameChangeEvent,
  type LiveShopReactEvent,
  type LiveShopCheckoutEvent,
} from '../events.js';
import { I18n, type Strings } from '../i18n/controller.js';
import { STATUS_KEY, readStoredName, resolveUrl, storeName } from '../shared/utils.js';
import type { CheckoutDialog } from './checkout-dialog.js';
import { minimizedHere } from './mini-key.js';
import type { MiniPlayer } from './mini-player.js';
import type { ViewerFullscreen } from './fullscreen.js';
import { CheckoutReturns, RETURN_KEY } from './checkout-return.js';
import type { ProductHydrator, HydrateProduct } from './hydration.js';
import { buyErrorText, renderNotice, showProblem } from './notices.js';
import type { PinnedCards } from './pinned-cards.js';
import type { ReplaySync } from './replay-sync.js';
import type { ClipViewController } from './clip-view.js';
import type { SoldCounts } from './social-proof.js';
import { styles } from './viewer.styles.js';

/**
 * The shopper's view of a live show: video stage, pinned products, live chat.
 * Drop it on any page; it connects to the live-shop server by itself. Product cards follow the
 * video: a pin shows when the frame on screen reaches the pin's time (program date time), not
 * when the event arrives seconds before the picture.
 *
 * Phones: below 600 px wide (its own width, a container query) the viewer is a vertical, full-bleed
 * video with the title, the pinned card and the last chat lines over it. "Full screen" takes the
 * whole screen (video, card and chat), as tall as the visible window so the chat input stays above
 * the on-screen keyboard. "Mini-player" floats the video and its card in a Picture-in-Picture window
 * where the browser has Document Picture-in-Picture, else docks them in a corner of the page
 * (draggable, arrow keys on its Move handle); the store's next page resumes it there.
 *
 * Commerce: `hydrateProduct` lets the storefront show its own title, price, stock and variant label
 * on the cards; with the show's social proof on, cards say how many sold in the last minute. When
 * the checkout sends the shopper back (`?live_shop_checkout=success|cancel&live_shop_show=…`), the
 * viewer says so, cleans the address bar, and tells viewers of the show in the shopper's other tabs.
 * A Stripe embedded checkout opens in a modal dialog over the video (Stripe.js loads on demand).
 *
 * Moderation: a viewer a moderator timed out or banned reads the chat but sees why they cannot write;
 * in slow mode Send waits between messages; a message the blocklist held back is shown to its
 * author only, "Held for review". Bans stick to this browser's viewer id (kept in `localStorage`).
 *
 * The parts of the elements inside are exported with their element's prefix (`card-`, `chat-`,
 * `player-`): `live-shop-viewer::part(card-buy-button)` styles every card's Buy now button.
 *
 * @tagname live-shop-viewer
 *
 * @fires {CustomEvent<BuyDetail>} live-shop-buy - Bubbles up from a product card (cancelable). detail: `{show, product, quantity}`.
 * @fires {CustomEvent<CheckoutDetail>} live-shop-checkout - Bubbles up from a product card: an embedded checkout. The viewer opens it
 *   in its dialog unless a listener calls `preventDefault()`. detail: `{show, product, quantity, session}`.
 * @fires {CustomEvent<BuyErrorDetail>} live-shop-buy-error - Bubbles up from a product card: Buy now could not open a checkout
 *   (`code` `sold_out`…); the viewer says why in its notice. detail: `{message, code, product}`.
 * @fires {CustomEvent<ConnectionErrorDetail>} live-shop-connection-error - The viewer could not connect and stopped trying:
 *   `code: 'origin_not_allowed'`, the server does not allow this page's origin (`LIVE_SHOP_ALLOWED_ORIGINS`); the viewer says
 *   so. Fired once per refusal. detail: `{message, code}`.
 * @fires {CustomEvent<ErrorDetail>} live-shop-error - Deprecated (removed in 0.3.0): fired after each `live-shop-buy-error`
 *   and `live-shop-connection-error` with the same detail (not cancelable). detail: `{message, code, product?}`.
 * @fires {CustomEvent<ProductsDetail>} live-shop-products - The show's catalog changed (products added or removed), e.g. to load your
 *   own product data, then call `rehydrate()`. detail: `{products}` (the server's products).
 * @fires {CustomEvent<ChatSendDetail>} live-shop-chat-send - Bubbles up from the chat; the viewer sends it. detail: `{text}`.
 * @fires {CustomEvent<NameChangeDetail>} live-shop-chat-name-change - Bubbles up from the chat; the viewer remembers the name. detail: `{name}`.
 * @fires {CustomEvent<NameChangeDetail>} live-shop-name-change - Deprecated (removed in 0.3.0): fired after each
 *   `live-shop-chat-name-change` with the same detail (not cancelable). detail: `{name}`.
 * @fires {CustomEvent<MiniPlayerDetail>} live-shop-mini-player - The video went into the mini-player (`mode: 'picture-in-picture'` or `'docked'`) or came back
 *   (`mode: 'off'`). detail: `{mode}`.
 * @fires {CustomEvent<SignInDetail>} live-shop-sign-in - Bubbles up from the chat when only signed-in customers may chat: open your
 *   login, then set `identity`. detail: `{}`.
 *
 * @fires {CustomEvent<ReactDetail>} live-shop-react - Bubbles up from the reaction buttons; the viewer sends the tap. detail: `{kind}`.
 *
 * @slot checkout - Used by the viewer itself: Stripe's embedded checkout must be mounted in the light DOM.
 *
 * @csspart base - The whole viewer.
 * @csspart header - Title, status badge and viewer count.
 * @csspart notice - "Thanks for your order!" / "Checkout cancelled." after a checkout (or why Buy now failed), with
 *   Dismiss. A status live region that is always there, collapsed (class `empty`) while it has nothing to say.
 * @csspart on-stage - "Guests on stage: Ana, Ben" above the video while guests are on stage with the host (not
 *   rendered while the host is alone).
 * @csspart stage - The `<live-shop-player>`.
 * @csspart products - The pinned product cards.
 * @csspart chat - The `<live-shop-chat>`.
 * @csspart checkout-dialog - The modal `<dialog>` holding an embedded checkout.
 * @csspart minimize-button - "Mini-player" in the header (a toggle: `aria-pressed` while docked).
 * @csspart fullscreen-button - "Full screen" / "Exit full screen" in the header.
 * @csspart mini-bar - The mini-player's bar: Move, Back to the show, Close.
 * @csspart mini-move - The mini-player's move handle (arrow keys move it to another corner).
 * @csspart mini-expand - "Back to the show".
 * @csspart mini-close - "Close the mini-player".
 * @csspart mini-placeholder - Where the video was, while it plays in the mini-player.
 * @csspart card-base - A product card (its `base`).
 * @csspart card-image - A card's product image.
 * @csspart card-title - A card's product title.
 * @csspart card-label - A card's variant label.
 * @csspart card-price - A card's price.
 * @csspart card-stock - A card's "Only N left".
 * @csspart card-social-proof - A card's "N sold in the last minute".
 * @csspart card-description - A card's description.
 * @csspart card-buy-button - A card's Buy now button.
 * @csspart card-list-price - A card's struck list price during a flash deal.
 * @csspart card-deal-countdown - A card's flash deal countdown.
 * @csspart chat-base - The chat's container.
 * @csspart chat-log - The chat's message list.
 * @csspart chat-message - One chat message (class `held` for the shopper's own held messages).
 * @csspart chat-badge - The Host / Moderator badge.
 * @csspart chat-verified - The ✓ after a verified name.
 * @csspart chat-held - "Held for review" on a held message.
 * @csspart chat-delete-button - A message's delete button (staff only, not shown to shoppers).
 * @csspart chat-actions-button - A message's "More actions" toggle (staff only).
 * @csspart chat-actions - Time out and Ban (staff only).
 * @csspart chat-notice - Why the shopper cannot chat (timed out, banned).
 * @csspart chat-hint - The slow mode hint and countdown.
 * @csspart chat-form - The chat composer.
 * @csspart chat-input - The message input.
 * @csspart chat-send-button - The Send button.
 * @csspart chat-sign-in-button - "Sign in to chat".
 * @csspart chat-error - The chat's error line.
 * @csspart chat-ask - The chat's "Ask as a question" toggle.
 * @csspart chat-question - A chat message's "Question" label.
 * @csspart overlays - Polls, the question on air and the announcement banner over the video (`<live-shop-overlays>`, a lazy chunk).
 * @csspart overlays-base - The overlays' column.
 * @csspart overlays-announcement - The announcement banner.
 * @csspart overlays-question - The question on air.
 * @csspart overlays-poll - The poll card.
 * @csspart overlays-poll-option - One poll option's button (open poll, not voted yet).
 * @csspart overlays-poll-result - One poll option's result row.
 * @csspart overlays-poll-bar - A poll result's bar.
 * @csspart overlays-poll-timer - A timed poll's time left.
 * @csspart overlays-poll-timer-bar - A timed poll's time left as a shrinking bar.
 * @csspart player-base - The video stage inside `stage`.
 * @csspart player-video - The container of the video element.
 * @csspart player-message - The status message (Starting soon, Reconnecting…, ended).
 * @csspart player-live-badge - The LIVE (or REPLAY) badge.
 * @csspart player-unmute-button - "Tap to unmute".
 * @csspart player-replay-button - "Watch the replay".
 * @csspart player-replay-controls - A replay's play/pause, seek bar and time.
 * @csspart player-play-button - Play / Pause of a replay.
 * @csspart player-seek - A replay's seek bar.
 * @csspart player-chapter-strip - The chapters marked along the seek bar.
 * @csspart player-chapter-mark - One chapter's mark on the seek bar.
 * @csspart player-time - A replay's position and duration.
 * @csspart reactions - The `<live-shop-reactions>` over the lower right of the video (live only; `no-reactions` hides it).
 * @csspart reactions-base - The reaction buttons' row.
 * @csspart reactions-button - One reaction button.
 * @csspart reactions-count - A reaction button's count (reduced motion).
 * @csspart reactions-layer - The floating emoji layer.
 * @csspart reactions-particle - One floating emoji.
 * @csspart chapters - The replay's chapters under the video: each product at its moment.
 * @csspart chapter - One chapter (a button that seeks the replay there; `aria-current` while its product shows).
 * @csspart pre-live - The `<live-shop-pre-live>` screen in place of the player while the show is scheduled.
 * @csspart pre-live-base - The pre-live screen's container.
 * @csspart pre-live-trailer - The trailer image or muted looping video.
 * @csspart pre-live-countdown - Days, hours, minutes and seconds to the start (or "Starting soon").
 * @csspart pre-live-starts-at - The start date and time in the shopper's time zone.
 * @csspart pre-live-description - The show's description.
 * @csspart pre-live-products - The products to come.
 * @csspart pre-live-product - One product to come.
 * @csspart pre-live-remind-button - Remind me.
 * @csspart pre-live-remind-menu - Remind me's menu.
 * @csspart pre-live-calendar-link - Add to calendar (the .ics).
 * @csspart pre-live-notify-button - Notify me (Web Push; only with `push-worker` and the server's reminders).
 * @csspart pre-live-reminder-status - Whether Notify me worked.
 *
 * @cssprop --live-shop-accent - Accent color (Buy now, Send, host badge).
 * @cssprop --live-shop-accent-text - Text on the accent color.
 * @cssprop --live-shop-font - Font family.
 * @cssprop --live-shop-radius - Corner radius.
 * @cssprop --live-shop-bg - Surface background.
 * @cssprop --live-shop-surface - Subtle fills (image wells, secondary buttons).
 * @cssprop --live-shop-text - Text color.
 * @cssprop --live-shop-muted - Secondary text color.
 * @cssprop --live-shop-border - Border color.
 * @cssprop --live-shop-stage-bg - Video stage background.
 * @cssprop --live-shop-live - LIVE badge color.
 * @cssprop --live-shop-danger - The cards' "Only N left".
 * @cssprop --live-shop-focus-ring - Keyboard focus ring (a `box-shadow`).
 * @cssprop --live-shop-card-bg - Product card background (default `--live-shop-bg`).
 * @cssprop --live-shop-reaction-size - Reaction button size (default 44px).
 * @cssprop --live-shop-reaction-bg - Reaction button background.
 * @cssprop --live-shop-reaction-height - How far reaction emoji float up (default 160px).
 * @cssprop --live-shop-player-aspect-ratio - Stage aspect ratio (default: the show's orientation, 16 / 9 or 9 / 16).
 * @cssprop --live-shop-player-max-height - Tallest a portrait stage grows (default 85vh): it narrows (centered) to stay 9:16.
 * @cssprop --live-shop-mini-width - The mini-player's width (default `min(20rem, 100vw - 2rem)`).
 * @cssprop --live-shop-pre-live-bg - The pre-live screen's background (default `--live-shop-surface`).
 * @cssprop --live-shop-pre-live-trailer-max-height - Tallest the pre-live trailer grows (default 60vh).
 * @cssprop --live-shop-poll-timer-color - A timed poll's time-left bar (default the accent).
 */
export class LiveShopViewer extends LitElement {
  static override styles = styles;

  /** Default Stripe.js URL for every viewer: the release paired with the API version the server pins. */
  static stripeJsUrl = STRIPE_JS_URL;

  /** How often (ms) "N sold in the last minute" is recounted while there are recent sales. */
  static soldRefreshMs = 5000;

  /** live-shop server URL (default: the page origin). */
  @property() server = '';

  /** Show id. */
  @property() show = '';

  /**
   * A clip id (`POST /api/shows/:id/clips`): plays that clip of a show's recording with its product's
   * card, for a product page. Takes precedence over `show`; no chat, no connection.
   */
  @property() clip = '';

  /** Hide the chat. */
  @property({ type: Boolean, attribute: 'no-chat' }) noChat = false;

  /** Hide the reaction buttons (and everyone's floating reactions). */
  @property({ type: Boolean, attribute: 'no-reactions' }) noReactions = false;

  /**
   * Embed the show's replay: once the show has ended it plays at once (no "Watch the replay" to
   * press), re-running its pins and chat. Before that, the viewer shows the show as usual.
   */
  @property({ type: Boolean }) replay = false;

  /**
   * Where pinned product cards go: `overlay`, over the lower left of the video when the viewer is
   * wide enough (760 px), or `below` the video, always. Cards never cover the stage's status
   * message (Starting soon, Reconnecting…): while it shows they sit below the video.
   */
  @property({ attribute: 'product-placement', reflect: true }) productPlacement: 'overlay' | 'below' = 'overlay';

  /**
   * Merchant-signed identity of a logged-in customer: a JWT (HS256, the server's
   * `LIVE_SHOP_IDENTITY_SECRET`) with `{viewerId, name, exp?}`. The chat then shows that name,
   * verified, and does not ask for one.
   */
  @property() identity = '';

  /**
   * The video (with the pinned card's Buy now) plays in the mini-player, docked in a corner of the
   * page, while the shopper browses; set by the viewer's minimize control, settable by the page. The
   * store's next page in the same tab resumes it there (the viewer on that page, or `sdk/resume.js`).
   */
  @property({ type: Boolean, reflect: true }) docked = false;

  /**
   * Only the mini-player, for a page without a place for the show (what `sdk/resume.js` creates):
   * "Back to the show" returns to the page the shopper minimized it on.
   */
  @property({ type: Boolean, reflect: true }) mini = false;

  /**
   * The mini-player always docks in the page. Without it, where the browser has Document
   * Picture-in-Picture (Chrome, Edge), "Mini-player" floats the video and its card's Buy now in a
   * window over every app instead.
   */
  @property({ type: Boolean, attribute: 'docked-only' }) dockedOnly = false;

  /**
   * URL of your service worker for Web Push (it shows the show's reminder): with it, and when the
   * server sends reminders, the pre-live screen's Remind me also offers **Notify me**.
   */
  @property({ attribute: 'push-worker' }) pushWorker = '';

  /** Use this client instead of creating one (it is not closed by the element). */
  @property({ attribute: false }) client: LiveShopClient | null = null;

  /** Your reference for the shopper (cart or customer id), sent with each checkout and kept on the order. */
  @property({ attribute: 'shopper-ref' }) shopperRef = '';

  /**
   * Called once per product the first time the viewer sees it (and for all of them on `rehydrate()`):
   * return your storefront's `{title, price, stock, imageUrl, label}` for display (fields you return
   * win over the server's, except its sold out: stock 0 shows Sold out), or null. May be async; a
   * failing hook is ignored.
   */
  @property({ attribute: false }) hydrateProduct: HydrateProduct | null = null;

  /** Where Stripe.js comes from for embedded checkouts (default: `LiveShopViewer.stripeJsUrl`). */
  @property({ attribute: 'stripe-js-url' }) stripeJsUrl = '';

  /**
   * Console warnings about integration mistakes (e.g. a hydrated price checkout will not charge) even
   * in a minified build; development builds (unminified code) always warn.
   */
  @property({ type: Boolean }) debug = false;

  /**
   * Your words for any of the viewer's strings, by catalog key, in every language (e.g.
   * `{buyNow: 'Add to bag'}`); the parts inside use them too. As an attribute: JSON.
   */
  @property({ type: Object }) strings: Strings | null = null;

  @state() private name = readStoredName();
  @state() private chatError = '';
  @state() private returned: CheckoutReturn | null = null;
  /** Why the last Buy now could not open a checkout (shown in the notice until dismissed). */
  @state() private buyError = '';

  #i18n = new I18n(this);
  #shop = new ClientController(this);
  /** The mini-player and full screen (a lazy chunk: loaded on the first press, or to resume a minimized show). */
  #modes: { mini: MiniPlayer; fullscreen: ViewerFullscreen } | null = null;
  #loadingModes: Promise<void> | null = null;
  /** The pinned cards in step with the video: with the parts (nothing shows them before). */
  #pins: PinnedCards | null = null;
  /** The replay's sync (a lazy chunk: only an ended show loads it). */
  #replay: ReplaySync | null = null;
  #loadingReplay: Promise<void> | null = null;
  /** The player, chat and product card are defined and the phone layout adopted: the stage can be drawn. */
  #parts = false;
  #loadingParts: Promise<void> | null = null;
  #reactions = new ReactionFeed(this);
  /** Clip mode (a lazy chunk: only product pages with `clip` load it). */
  #clip: ClipViewController | null = null;
  /** The storefront's product data on the cards (a lazy chunk: loaded once `hydrateProduct` is set). */
  #hydrator: ProductHydrator | null = null;
  #loadingHydrator: Promise<void> | null = null;
  /** Product ids of the last `live-shop-products`; null before the first. */
  #catalog: string | null = null;
  /** "N sold in the last minute" (a lazy chunk: loaded when the show turns social proof on). */
  #sold: SoldCounts | null = null;
  #loadingSold = false;
  /** The connection error last fired as `live-shop-connection-error` (once each). */
  #firedError: ErrorBody | null = null;
  #returns = new CheckoutReturns(
    this,
    () => this.show,
    (back) => (this.returned = back),
  );
  /** The pre-live screen (a lazy chunk: only a scheduled show loads it). */
  #preLive: typeof import('./pre-live.js') | null = null;
  #loadingPreLive = false;
  /** The embedded checkout's dialog (a lazy chunk: loaded when a checkout is embedded). */
  #checkout: CheckoutDialog | null = null;

  /** Handles `live-shop-checkout`: opens an embedded checkout unless a listener on the page took it over. */
  #onCheckout = (e: LiveShopCheckoutEvent): void => {
    // Listeners on the page run later in this same dispatch: give them the chance to take it over.
    queueMicrotask(() => {
      if (e.defaultPrevented || !e.detail.session.embedded) return;
      void import('./checkout-dialog.js').then(({ CheckoutDialog, checkoutDialogStyles }) => {
        if (!this.#checkout) this.#adopt(checkoutDialogStyles);
        this.#checkout ??= new CheckoutDialog(this, {
          stripeJsUrl: () => this.stripeJsUrl || LiveShopViewer.stripeJsUrl,
          server: () => this.server,
          onComplete: ({ show, session }) => (this.returned = { show, status: 'success', order: session.orderId }),
          t: (key, params) => this.#i18n.t(key, params),
        });
        return this.#checkout.open(e.detail);
      });
    });
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The parts it renders (and its phone layout): from their chunk, unless the page has them (define.js).
    if (!this.#loadingParts)
      this.#loadingParts = Promise.all([
        loadViewerParts(),
        stageLayout() ?? import('./stage-layout.js').then(provideStageLayout),
      ]).then(() => {
        if (this.#withParts()) this.requestUpdate();
      });
    if (this.docked || this.mini || (changed.has('show') && minimizedHere(this.show))) void this.#loadModes();
    if (this.clip && !this.#clip)
      void import('./clip-view.js').then(({ ClipViewController }) => {
        this.#clip ??= new ClipViewController(this);
        this.requestUpdate();
      });
    this.#clip?.update(this.clip, this.server);
    this.#shop.sync({
      client: this.clip ? null : this.client,
      server: this.server,
      show: this.clip ? '' : this.show,
      name: this.name,
      identity: this.identity,
    });
    if (changed.has('show') && this.#returns.take()) this.buyError = '';
    if (this.hydrateProduct && !this.#loadingHydrator)
      this.#loadingHydrator = import('./hydration.js').then(({ ProductHydrator }) => {
        this.#hydrator = new ProductHydrator(
          () => this.requestUpdate(),
          () => DEV_MODE || this.debug,
        );
        this.requestUpdate();
      });
    if (changed.has('hydrateProduct')) this.#hydrator?.reset(!this.hydrateProduct);
    this.#hydrator?.see(this.#shop.state?.products ?? [], this.hydrateProduct);
    if (this.#shop.state?.settings.socialProof && !this.#loadingSold) {
      this.#loadingSold = true;
      void import('./social-proof.js').then(({ SoldCounts }) => {
        this.#sold = new SoldCounts(this, () => LiveShopViewer.soldRefreshMs);
        this.requestUpdate();
      });
    }
    this.#sold?.count(this.#shop.state);
    if (this.#preLiveOn() && !this.#loadingPreLive) {
      this.#loadingPreLive = true;
      void import('./pre-live.js').then((m) => ((this.#preLive = m), this.requestUpdate()));
    }
    this.#pins?.update(this.#shop.client, (id) => this.#product(id));
    const client = this.#shop.client;
    this.#reactions.update(client);
    if (this.#reactionsOn()) void loadReactions();
    if (this.#overlaysOn()) void loadOverlays();
    const ended = client && this.#shop.state?.status === 'ended' ? client.options : null;
    if (ended && !this.#loadingReplay)
      this.#loadingReplay = import('./replay-sync.js').then(({ ReplaySync, chapterStyles }) => {
        this.#adopt(chapterStyles);
        this.#replay = new ReplaySync(this);
        this.requestUpdate();
      });
    this.#replay?.update(ended);
    if (changed.has('show')) this.chatError = '';
  }

  protected override updated(): void {
    const s = this.#shop.state;
    // Nothing on screen reaches the merchant's code: tell the page, once, why the viewer stopped.
    if (s?.error?.code === ErrorCode.OriginNotAllowed && s.error !== this.#firedError) {
      this.#firedError = s.error;
      emit(this, LiveShopEvent.ConnectionError, { code: s.error.code, message: s.error.message });
    }
    const catalog = s?.ready ? s.products.map((p) => p.id).join('\n') : null;
    if (s && catalog !== null && catalog !== this.#catalog) {
      this.#catalog = catalog;
      emit(this, LiveShopEvent.Products, { products: s.products });
    }
  }

  #resolved: [Playback | null, string, Playback | null] = [null, '', null];

  /** The show's playback with its HLS URL resolved against the server (same object while unchanged). */
  #playback(): Playback | null {
    const playback = this.#shop.state?.playback ?? null;
    const [from, server, to] = this.#resolved;
    if (from === playback && server === this.server) return to;
    const resolved = playback?.kind === 'hls' ? { ...playback, url: resolveUrl(playback.url, this.server) } : playback;
    this.#resolved = [playback, this.server, resolved];
    return resolved;
  }

  #localRestriction: [Restriction | null, Restriction | null] = [null, null];

  /** This viewer's restriction with its end on this device's clock, for the chat (same object while unchanged). */
  #restriction(): Restriction | null {
    const r = this.#shop.state?.you?.restriction ?? null;
    if (this.#localRestriction[0] !== r) {
      this.#localRestriction = [r, r?.until ? { ...r, until: r.until - (this.#shop.state?.clockOffset ?? 0) } : r];
    }
    return this.#localRestriction[1];
  }

  #chapterMarks: [ReplayChapter[] | null, readonly Product[] | null, PlayerChapter[]] = [null, null, []];

  /** The replay's chapters for the seek bar (same array while unchanged). */
  #playerChapters(): PlayerChapter[] {
    const chapters = this.#replay?.chapters ?? [];
    const products = this.#shop.state?.products ?? null;
    const [c, p, marks] = this.#chapterMarks;
    if (c === chapters && p === products) return marks;
    const next = chapters.flatMap(({ at, productId }) => {
      const title = this.#product(productId)?.title;
      return title ? [{ at, label: title }] : [];
    });
    this.#chapterMarks = [chapters, products, next];
    return next;
  }

  protected override createRenderRoot() {
    const root = super.createRenderRoot();
    this.#withParts();
    return root;
  }

  /** The stage's layout comes with the parts: adopts it once they, it and the shadow root are here. True when it did now. */
  #withParts(): boolean {
    const parts = viewerParts();
    const layout = stageLayout();
    if (this.#parts || !parts || !layout || !this.shadowRoot) return false;
    layout.forEach((styles) => this.#adopt(styles));
    this.#pins = new parts.PinnedCards(this);
    return (this.#parts = true);
  }

  /** Adds the styles of a lazily loaded feature after the viewer's own. */
  #adopt(styles: CSSResult): void {
    const root = this.shadowRoot!;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles.styleSheet!];
  }

  #loadModes(): Promise<void> {
    return (this.#loadingModes ??= import('./stage-modes.js').then(({ MiniPlayer, ViewerFullscreen, modeStyles }) => {
      this.#adopt(modeStyles);
      this.#modes = { mini: new MiniPlayer(this), fullscreen: new ViewerFullscreen(this) };
      this.requestUpdate();
    }));
  }

  #withModes(act: (modes: { mini: MiniPlayer; fullscreen: ViewerFullscreen }) => unknown): void {
    void this.#loadModes().then(() => act(this.#modes!));
  }

  /** The show and its server (absolute), for the mini-player to resume on the next page. */
  get miniIdentity(): { server: string; show: string } | null {
    return this.show && !this.clip
      ? { server: new URL(this.server || location.origin, location.href).href, show: this.show }
      : null;
  }

  /** @internal The viewer's language (the mini-player's window speaks it too). */
  get i18n(): I18n {
    return this.#i18n;
  }

  #product(id: string): Product | undefined {
    return this.#shop.state?.products.find((p) => p.id === id);
  }

  #onSend(e: LiveShopChatSendEvent): void {
    this.chatError = '';
    this.#shop.sendChatFrom(e, (error) => (this.chatError = error), this.#i18n.t);
  }

  #onName(e: LiveShopChatNameChangeEvent): void {
    this.name = e.detail.name;
    this.#shop.client?.setName(this.name);
    storeName(this.name);
  }

  /** A scheduled show with a start time, trailer or description has the pre-live screen; one without keeps the player's "Starting soon". */
  #preLiveOn(): boolean {
    const s = this.#shop.state;
    return s?.status === 'scheduled' && (s.startsAt !== null || !!s.trailer || !!s.description);
  }

  /** Reaction buttons show while the show is live with reactions on (their chunk loads then). */
  #reactionsOn(): boolean {
    const s = this.#shop.state;
    return !this.noReactions && s?.status === 'live' && s.settings.reactions.length > 0;
  }

  /** Polls, the question on air and the banner: drawn (and their chunk loaded) once the show has had one. */
  #overlaysOn(): boolean {
    const s = this.#shop.state;
    return !!s && (!!s.poll || s.announcement.at > 0 || s.question.at > 0);
  }

  #onReact(e: LiveShopReactEvent): void {
    this.#shop.client?.react(e.detail.kind);
  }

  #onBuyError(e: LiveShopBuyErrorEvent): void {
    this.returned = null;
    this.buyError = buyErrorText(e.detail, this.#i18n.t);
  }

  #renderClip() {
    const view = this.#clip?.view;
    const { t } = this.#i18n;
    return html`<div part="base" @live-shop-checkout=${this.#onCheckout} @live-shop-buy-error=${this.#onBuyError}>
      <header part="header"><h2>${view?.title || view?.product?.title || t('clip')}</h2></header>
      ${renderNotice(this.buyError, this.buyError ? 'error' : 'empty', () => (this.buyError = ''), t)}
      ${this.#clip?.render(this.server, this.shopperRef, t, this.strings)} ${this.#checkout?.render() ?? nothing}
    </div>`;
  }

  /** Asks `hydrateProduct` again about every product (e.g. after your prices or stock changed). */
  rehydrate(): void {
    this.#hydrator?.reset();
    this.requestUpdate();
  }

  #renderCards(cards: readonly Product[], status: string) {
    const { CARD_PARTS } = viewerParts()!;
    return html`<div part="products" role="region" aria-label=${this.#i18n.t('productsInShow')}>${repeat(
      cards,
      (p) => p.id,
      (p) => html`<live-shop-product-card
        exportparts=${CARD_PARTS}
        class=${this.#pins?.leaving.has(p.id) ? 'leaving' : ''}
        compact
        .strings=${this.strings}
        .product=${this.#hydrator?.product(p) ?? p}
        label=${this.#hydrator?.label(p.id) ?? ''}
        .sold=${this.#sold?.get(p.id) ?? 0}
        .clock=${this.#pins?.clock}
        show=${this.show}
        server=${this.server}
        shopper-ref=${this.shopperRef}
        source=${status === 'ended' ? 'replay' : 'live'}
      ></live-shop-product-card>`,
    )}</div>`;
  }

  #renderReactions() {
    const s = this.#shop.state;
    const { REACTIONS_PARTS } = viewerParts()!;
    return s && this.#reactionsOn()
      ? html`<live-shop-reactions
          part="reactions"
          exportparts=${REACTIONS_PARTS}
          .strings=${this.strings}
          .kinds=${s.settings.reactions}
          .burst=${this.#reactions.burst}
          .totals=${s.reactions}
          @live-shop-react=${this.#onReact}
        ></live-shop-reactions>`
      : nothing;
  }

  /** The video and its cards; docked, the mini-player (the same elements: the video never restarts). */
  #renderStage(status: ShowStatus, cards: readonly Product[]) {
    const mini = this.#modes?.mini;
    const docked = this.docked && !!mini;
    const drag = docked ? mini.pointer : null;
    const { PLAYER_PARTS, OVERLAYS_PARTS } = viewerParts()!;
    return html`<div
      class="stage-wrap ${docked ? 'docked' : ''}"
      data-x=${mini?.corner.x ?? nothing}
      data-y=${mini?.corner.y ?? nothing}
      role=${docked ? 'region' : nothing}
      aria-label=${docked ? this.#i18n.t('miniPlayer') : nothing}
      style=${mini?.stageStyle ?? nothing}
      @pointerdown=${drag?.down}
      @pointermove=${drag?.move}
      @pointerup=${drag?.up}
      @pointercancel=${drag?.up}
    >
      ${mini?.renderBar(this.#i18n.t) ?? nothing}
      <live-shop-player
        part="stage"
        exportparts=${PLAYER_PARTS}
        .strings=${this.strings}
        status=${status}
        orientation=${this.#shop.state?.settings.orientation ?? 'landscape'}
        .playback=${this.#playback()}
        ?auto-replay=${this.replay}
        .chapters=${this.#playerChapters()}
      ></live-shop-player>
      ${this.#renderCards(cards, status)} ${docked ? nothing : this.#renderReactions()}
      ${
        !docked && this.#overlaysOn()
          ? html`<live-shop-overlays
            part="overlays"
            exportparts=${OVERLAYS_PARTS}
            .client=${this.#shop.client}
            .strings=${this.strings}
            .replay=${this.#replay?.poll}
          ></live-shop-overlays>`
          : nothing
      }
    </div>`;
  }

  #renderFullscreenButton() {
    const on = !!this.#modes?.fullscreen.on;
    return html`<button
      part="fullscreen-button"
      class="icon"
      aria-label=${this.#i18n.t(on ? 'exitFullScreen' : 'fullScreen')}
      @click=${() => this.#withModes(({ fullscreen }) => fullscreen.toggle())}
    >
      <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true">
        <path
          fill="none"
          stroke="currentColor"
          stroke-width="2"
          stroke-linecap="round"
          d=${on ? 'M9 4v5H4m11-5v5h5M9 20v-5H4m11 5v-5h5' : 'M4 9V4h5m6 0h5v5M4 15v5h5m6 0h5v-5'}
        />
      </svg>
    </button>`;
  }

  override render() {
    if (this.clip) return this.#parts ? this.#renderClip() : nothing;
    const s = this.#shop.state;
    const { t } = this.#i18n;
    const { CHAT_PARTS } = viewerParts() ?? {};
    const notice = showProblem(this.show, s, t);
    const status = s?.status ?? 'scheduled';
    const offline = s?.connection === 'reconnecting' || (s?.ready && s.connection === 'error');
    // A replay playing shows its moment's cards and chat; otherwise the live state.
    const replay = this.#replay?.moment;
    const cards = replay
      ? replay.productIds.map((id) => this.#product(id)).filter((p) => !!p)
      : [
          ...(this.#pins?.shown.map((id) => this.#product(id)).filter((p) => !!p) ?? []),
          ...(this.#pins?.leaving.values() ?? []),
        ];
    // A page without the show (the resume loader's viewer): only the mini-player.
    if (this.mini)
      return html`<div part="base" @live-shop-checkout=${this.#onCheckout} @live-shop-buy-error=${this.#onBuyError}>
        ${this.docked && !notice && this.#parts ? this.#renderStage(status, cards) : nothing} ${this.#checkout?.render() ?? nothing}
      </div>`;
    const back = this.returned;
    const you = s?.you;
    // Names only (the host is not listed: a shopper knows whose show it is).
    const guests = s?.guestsOnStage;
    const placement = this.productPlacement === 'below' ? 'below' : this.docked && this.#modes ? '' : 'overlay';
    return html`<div
      part="base"
      class=${status}
      style=${this.#modes?.fullscreen.baseStyle ?? nothing}
      @keydown=${(e: KeyboardEvent) => this.#modes?.fullscreen.onKeydown(e)}
      @live-shop-checkout=${this.#onCheckout}
      @live-shop-buy-error=${this.#onBuyError}
    >
      <header part="header">
        <h2>${s?.title || t(notice ? 'liveShow' : 'loadingShow')}</h2>
        ${s?.ready ? html`<span class="badge ${status}">${t(STATUS_KEY[status])}</span>` : nothing}
        ${s?.ready ? html`<span class="viewers">${t('watching', { count: s.viewers })}</span>` : nothing}
        ${
          s?.ready && !notice
            ? html`<div class="stage-controls">
              <button
                part="minimize-button"
                class="icon"
                aria-label=${t('miniPlayer')}
                aria-pressed=${this.docked ? 'true' : 'false'}
                @click=${() => this.#withModes(({ mini }) => mini.toggle())}
              >
                <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true">
                  <path fill="none" stroke="currentColor" stroke-width="2" d="M3 5h18v14H3z" />
                  <path fill="currentColor" d="M12 12h7v5h-7z" />
                </svg>
              </button>
              ${this.#renderFullscreenButton()}
            </div>`
            : nothing
        }
      </header>
      ${renderNotice(
        back ? t(RETURN_KEY[back.status]) : this.buyError,
        back?.status ?? (this.buyError ? 'error' : 'empty'),
        () => ((this.returned = null), (this.buyError = '')),
        t,
      )}
      ${offline ? html`<p class="error-line" role="status">${t('connectionLost')}</p>` : nothing}
      ${
        notice
          ? html`<div class="notice" role="alert">${notice}</div>`
          : !this.#parts
            ? nothing
            : html`<div class="layout ${this.noChat ? 'no-chat' : ''}">
            <div class="stage-col ${placement}">
              ${guests?.length ? html`<p part="on-stage">${t('guestsOnStage', { names: guests.join(', ') })}</p>` : nothing}
              ${
                (this.docked || this.#modes?.mini.floating.open) && this.#modes
                  ? html`<div part="mini-placeholder" class="mini-placeholder">
                    <p>${t(this.#modes.mini.floating.open ? 'playingInPip' : 'playingInMiniPlayer')}</p>
                    <button @click=${() => this.#modes?.mini.expand()}>${t('backToShow')}</button>
                  </div>`
                  : nothing
              }
              ${
                // Scheduled: the pre-live screen instead of the player; cards pinned before the start still show.
                this.#preLiveOn() && this.#preLive && s
                  ? html`${this.#preLive.render(this, s)}${this.#renderCards(cards, status)}`
                  : this.#renderStage(status, cards)
              }
              ${
                status === 'ended'
                  ? this.#replay?.renderChapters(replay?.productIds ?? [], {
                      product: (id) => this.#product(id),
                      server: this.server,
                      label: t('chapters'),
                      seek: (at) => this.renderRoot.querySelector<LiveShopPlayer>('live-shop-player')?.seekTo?.(at),
                    })
                  : nothing
              }
            </div>
            ${
              this.noChat
                ? nothing
                : html`<live-shop-chat
                  part="chat"
                  exportparts=${CHAT_PARTS}
                  .strings=${this.strings}
                  .messages=${replay?.chat ?? s?.chat ?? []}
                  .name=${you?.verified && you.name ? you.name : this.name}
                  ?verified=${!!you?.verified}
                  ?sign-in-required=${!!you?.identityRequired}
                  ?ask=${status !== 'ended'}
                  slow-mode=${s?.settings.slowModeSeconds ?? 0}
                  .restriction=${this.#restriction()}
                  .error=${this.chatError}
                  ?disabled=${!s?.ready || status === 'ended' || s.connection !== 'connected'}
                  @live-shop-chat-send=${this.#onSend}
                  @live-shop-chat-name-change=${this.#onName}
                ></live-shop-chat>`
            }
          </div>`
      }
      ${this.#checkout?.render() ?? nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'live-shop-viewer': LiveShopViewer;
  }
}
