import { css } from 'lit';
import { tokens } from '../shared/styles.js';
import { analyticsStyles } from './analytics-panel.js';
import { moderationStyles } from './moderation-panel.styles.js';
import { productsStyles } from './products-panel.styles.js';
import { reactionsStyles } from './reactions-panel.js';
import { engageStyles } from './engage-panel.js';
import { salesStyles } from './sales-panel.js';
import { simulcastStyles } from './simulcast-panel.js';
import { scheduleStyles } from './schedule-panel.js';
import { stageStyles } from './stage/stage.styles.js';

export const styles = [
  tokens,
  salesStyles,
  reactionsStyles,
  engageStyles,
  simulcastStyles,
  moderationStyles,
  analyticsStyles,
  productsStyles,
  stageStyles,
  scheduleStyles,
  css`
    :host {
      display: block;
      height: 100%;
      min-height: 100%;
      background: var(--live-shop-studio-bg, #f4f4f6);
      container-type: inline-size;
    }
    /* Its own background too: content taller than the host (narrow windows) keeps the studio's color. */
    [part='base'] {
      display: flex;
      flex-direction: column;
      min-height: 100%;
      padding: 1rem;
      background: var(--live-shop-studio-bg, #f4f4f6);
    }
    [part='header'] {
      margin-bottom: 1rem;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 0.75rem;
    }
    h1 {
      margin: 0;
      font-size: 1.25rem;
      letter-spacing: -0.01em;
      overflow-wrap: anywhere;
    }
    .spacer {
      flex: 1;
    }
    /* Spaced only when it says something: an empty alert line takes no room from the one screen. */
    .alerts {
      display: grid;
      gap: 0.5rem;
    }
    .alerts:has(*) {
      margin-bottom: 1rem;
    }
    .alerts .error-line {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
    }
    .alerts button {
      min-height: 32px;
      background: transparent;
      color: inherit;
      padding: 0 0.5rem;
    }
    .columns {
      flex: 1;
      min-height: 0;
      display: grid;
      gap: 1rem;
    }
    .panel {
      display: flex;
      flex-direction: column;
      min-height: 0;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      overflow: hidden;
    }
    .panel h2 {
      margin: 0;
      padding: 0.75rem 1rem;
      border-bottom: 1px solid var(--_border);
      font-size: 0.875rem;
      text-transform: uppercase;
      letter-spacing: 0.05em;
      color: var(--_muted);
    }
    .products {
      flex: 1;
      margin: 0;
      padding: 0.5rem;
      list-style: none;
      overflow-y: auto;
      display: grid;
      align-content: start;
      gap: 0.25rem;
    }
    .product {
      display: grid;
      grid-template-columns: 48px 1fr auto;
      align-items: center;
      gap: 0.75rem;
      padding: 0.5rem;
      border: 1px solid transparent;
      border-radius: calc(var(--_radius) * 0.75);
    }
    .product.pinned {
      border-color: var(--_accent);
      background: color-mix(in srgb, var(--_accent) 8%, var(--_bg));
    }
    .thumb {
      width: 48px;
      height: 48px;
      border-radius: 8px;
      background: var(--_surface);
      object-fit: cover;
    }
    .info {
      min-width: 0;
    }
    .info strong {
      display: -webkit-box;
      -webkit-line-clamp: 2;
      -webkit-box-orient: vertical;
      overflow: hidden;
      line-height: 1.3;
      overflow-wrap: anywhere;
    }
    .info span {
      color: var(--_muted);
      font-size: 0.875rem;
      font-variant-numeric: tabular-nums;
    }
    .empty {
      padding: 1rem;
      color: var(--_muted);
    }
    .center,
    .console,
    .panels {
      display: flex;
      flex-direction: column;
      gap: 1rem;
      min-width: 0;
    }
    .console {
      gap: 0.75rem;
    }
    [part='stage'] {
      position: relative;
      display: grid;
      place-content: center;
      gap: 0.5rem;
      aspect-ratio: 16 / 9;
      max-height: 70vh;
      border-radius: var(--_radius);
      background: var(--_stage);
      color: #fff;
      text-align: center;
    }
    [part='stage'] .badge {
      position: absolute;
      top: 0.75rem;
      inset-inline-start: 0.75rem;
    }
    [part='stage'] {
      overflow: hidden;
    }
    .preview {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      object-fit: contain;
      background: #000;
    }
    .camera-off {
      position: relative;
    }
    [part='stage'] .badge {
      z-index: 1;
    }
    .on-stage {
      justify-self: center;
      color: #fff;
      border-color: rgb(255 255 255 / 0.5);
    }
    .devices {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: 0.5rem;
    }
    .devices label {
      display: grid;
      gap: 0.25rem;
      flex: 1 1 8rem;
      min-width: 0;
      font-size: 0.8rem;
      color: var(--_muted);
    }
    /* Form controls in the studio: device pickers, the OBS fields, the moderation controls, the product editor, stage names. */
    .devices select,
    .host-name input,
    .field input,
    .edit-field input,
    .moderation select,
    .moderation textarea {
      min-width: 0;
      min-height: 40px;
      padding: 0 0.5rem;
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) * 0.75);
      background: var(--_bg);
      color: var(--_text);
      font: inherit;
      font-size: 0.9rem;
    }
    .devices select {
      width: 100%;
    }
    button.ghost.toggle[aria-pressed='true'],
    button.ghost.toggle[aria-pressed='true']:hover:not(:disabled) {
      background: var(--_text);
      color: var(--_bg);
    }
    .publish-state {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.25rem 1rem;
      padding: 0.5rem 0.75rem;
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) * 0.75);
      background: var(--_bg);
      font-size: 0.9rem;
    }
    .publish-state p {
      margin: 0;
    }
    .publish-state.behind,
    .publish-state.reconnecting {
      border-color: #b45309;
      background: #fffbeb;
      color: #78350f;
    }
    .publish-state.error {
      border-color: var(--live-shop-danger, #b91c1c);
      background: #fef2f2;
      color: #7f1d1d;
    }
    .stats {
      color: var(--_muted);
      font-variant-numeric: tabular-nums;
    }
    .ingest-body {
      display: grid;
      gap: 0.4rem;
      padding: 0.75rem 1rem;
    }
    .ingest-body label {
      font-size: 0.8rem;
      font-weight: 600;
    }
    .hint,
    .copied {
      margin: 0;
      color: var(--_muted);
      font-size: 0.85rem;
    }
    .field {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
    }
    .field input {
      flex: 1 1 12rem;
      background: var(--_surface);
      font: 0.85rem ui-monospace, monospace;
    }
    .stage-title {
      margin: 0;
      font-size: 1.25rem;
      font-weight: 700;
    }
    .stage-sub {
      margin: 0;
      color: rgb(255 255 255 / 0.75);
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .controls .toggles {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin-left: auto;
    }
    [part='chat'] {
      min-height: 20rem;
    }
    /* The chat and, under it, its moderation. */
    .side {
      display: flex;
      flex-direction: column;
      gap: 1rem;
      min-width: 0;
    }
    @container (min-width: 760px) {
      .columns.moderating {
        grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr);
        align-items: start;
      }
      .moderating [part='chat'] {
        height: calc(100vh - 8rem);
        min-height: 24rem;
      }
    }
    /* Wide: one screen (in a host given a height, e.g. the /studio page); each column scrolls inside itself. */
    @container (min-width: 980px) {
      [part='base'] {
        height: 100%;
      }
      /* In the source, the order for one column (preview, chat, panels); here, three columns. */
      .columns:not(.moderating) {
        grid-template-columns: minmax(240px, 1fr) minmax(0, 2.2fr) minmax(260px, 1fr);
        grid-template-rows: auto minmax(0, 1fr);
        grid-template-areas: 'products console side' 'products panels side';
      }
      .columns > [part='products'] {
        grid-area: products;
      }
      .columns > .console {
        grid-area: console;
      }
      .columns > .side {
        grid-area: side;
      }
      .columns > .panels {
        grid-area: panels;
      }
      [part='chat'] {
        min-height: 0;
      }
      .center,
      .side {
        min-height: 0;
      }
      .side [part='chat'] {
        flex: 1 1 0;
        min-height: 12rem;
      }
      /* Held messages and the rest of moderation scroll under the chat, which keeps most of the column. */
      .side [part='moderation'] {
        position: relative;
        flex: 0 1 auto;
        max-height: 45%;
        overflow-y: auto;
        overscroll-behavior: contain;
      }
      /* The preview leaves room on a laptop screen for the controls and the panels under it. */
      .console [part='stage'] {
        max-height: 40vh;
      }
      /* Positioned: its visually hidden status lines scroll with it instead of stretching the page. */
      .panels {
        position: relative;
        min-height: 0;
        overflow-y: auto;
        overscroll-behavior: contain;
        border-radius: var(--_radius);
      }
      .panels > * {
        flex: none;
      }
    }
  `,
];
