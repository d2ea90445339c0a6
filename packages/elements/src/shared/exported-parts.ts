/**
 * `exportparts` for the elements the viewer and the studio render in their shadow roots, so the
 * page can style them through the outer element: every inner part under the inner element's name
 * as a prefix, Shoelace's scheme (`live-shop-viewer::part(card-buy-button)`). Kept as literal
 * lists: test/pack/manifest.test.ts checks them against each element's parts and the manifest.
 */

/** A `<live-shop-product-card>`'s parts as `card-*`. */
export const CARD_PARTS = `base:card-base, image:card-image, title:card-title, label:card-label, price:card-price,
  stock:card-stock, social-proof:card-social-proof, description:card-description, buy-button:card-buy-button,
  list-price:card-list-price, deal-countdown:card-deal-countdown`;

/** `<live-shop-overlays>`' parts as `overlays-*`. */
export const OVERLAYS_PARTS = `base:overlays-base, announcement:overlays-announcement, question:overlays-question, poll:overlays-poll,
  poll-option:overlays-poll-option, poll-result:overlays-poll-result, poll-bar:overlays-poll-bar,
  poll-timer:overlays-poll-timer, poll-timer-bar:overlays-poll-timer-bar`;

/** A `<live-shop-chat>`'s parts as `chat-*`. */
export const CHAT_PARTS = `base:chat-base, log:chat-log, message:chat-message, badge:chat-badge, verified:chat-verified,
  held:chat-held, delete-button:chat-delete-button, actions-button:chat-actions-button, actions:chat-actions,
  notice:chat-notice, hint:chat-hint, form:chat-form, input:chat-input, send-button:chat-send-button,
  sign-in-button:chat-sign-in-button, error:chat-error, ask:chat-ask, question:chat-question`;

/** A `<live-shop-player>`'s parts as `player-*`. */
export const PLAYER_PARTS = `base:player-base, video:player-video, message:player-message, live-badge:player-live-badge,
  unmute-button:player-unmute-button, replay-button:player-replay-button, replay-controls:player-replay-controls,
  play-button:player-play-button, seek:player-seek, chapter-strip:player-chapter-strip, chapter-mark:player-chapter-mark,
  time:player-time`;

/** A `<live-shop-reactions>`'s parts as `reactions-*`. */
export const REACTIONS_PARTS = `base:reactions-base, button:reactions-button, count:reactions-count, layer:reactions-layer,
  particle:reactions-particle`;
