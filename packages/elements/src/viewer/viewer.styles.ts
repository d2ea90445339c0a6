import { css } from 'lit';
import { tokens } from '../shared/styles.js';

export const styles = [
  tokens,
  css`
    /* Its own surface and text color: readable on any page, dark or light, without theming. */
    :host {
      display: block;
      container-type: inline-size;
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
    }
    [part='base'] {
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
      padding: 0.75rem;
    }
    [part='header'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 0.75rem;
    }
    h2 {
      flex: 1 1 12rem;
      margin: 0;
      font-size: 1.25rem;
      line-height: 1.3;
      letter-spacing: -0.01em;
      overflow-wrap: anywhere;
    }
    .layout {
      display: grid;
      gap: 0.75rem;
    }
    .stage-col {
      position: relative;
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
      min-width: 0;
    }
    .stage-wrap {
      position: relative;
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
    }
    /* Over the video's lower right: a margin in % is of the width, so this is the player's height. */
    .stage-wrap > [part='reactions'] {
      position: absolute;
      top: 0;
      inset-inline-end: 0.75rem;
      z-index: 5;
      margin-top: calc(100% / (var(--live-shop-player-aspect-ratio, 16 / 9)));
      transform: translateY(calc(-100% - 0.75rem));
    }
    [part='chapters'] ol {
      display: flex;
      gap: 0.5rem;
      margin: 0;
      padding: 0 0 0.25rem;
      overflow-x: auto;
      list-style: none;
      scroll-snap-type: x proximity;
    }
    [part='chapters'] li {
      flex: none;
      scroll-snap-align: start;
    }
    [part='chapter'] {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      max-width: 16rem;
      min-height: 44px;
      padding: 0.3rem 0.75rem 0.3rem 0.3rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
      font: inherit;
      font-size: 0.875rem;
      text-align: start;
      cursor: pointer;
    }
    [part='chapter'][aria-current='true'] {
      border-color: var(--_accent);
      box-shadow: inset 0 0 0 1px var(--_accent);
    }
    [part='chapter']:focus-visible {
      outline: none;
      box-shadow: var(--_focus);
    }
    [part='chapter'] img {
      width: 2.25rem;
      height: 2.25rem;
      border-radius: calc(var(--_radius) / 2);
      object-fit: cover;
      background: var(--_surface);
    }
    .chapter-title {
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }
    .chapter-time {
      color: var(--_muted);
      font-variant-numeric: tabular-nums;
    }
    [part='on-stage'] {
      margin: 0;
      color: var(--_muted);
      font-size: 0.875rem;
      overflow-wrap: anywhere;
    }
    [part='products'] {
      display: flex;
      gap: 0.75rem;
      overflow-x: auto;
      scroll-snap-type: x mandatory;
    }
    [part='products']:empty {
      display: none;
    }
    [part='products'] > * {
      flex: 0 0 min(20rem, 85%);
      scroll-snap-align: start;
      animation: card-in 0.3s ease-out both;
    }
    [part='products'] > .leaving {
      animation: card-out 0.25s ease-in both;
      pointer-events: none;
    }
    @keyframes card-in {
      from {
        opacity: 0;
        transform: translateY(12px) scale(0.98);
      }
    }
    @keyframes card-out {
      to {
        opacity: 0;
        transform: translateY(12px) scale(0.98);
      }
    }
    [part='chat'] {
      height: 22rem;
    }
    [part='notice'] {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
      padding: 0.25rem 0.25rem 0.25rem 0.75rem;
      border-radius: calc(var(--_radius) * 0.75);
      background: #ecfdf5;
      color: #065f46;
      font-weight: 600;
    }
    /* Empty but still in the accessibility tree (a live region must exist before its text arrives). */
    [part='notice'].empty {
      position: absolute;
      height: 0;
      padding: 0;
      overflow: hidden;
    }
    [part='notice'].error {
      background: #fef2f2;
      color: #991b1b;
    }
    [part='notice'].cancel {
      background: var(--_surface);
      color: var(--_text);
    }
    [part='notice'] button {
      min-height: 32px;
      border: 0;
      background: transparent;
      color: inherit;
    }
    [part='checkout-dialog'] {
      width: min(40rem, calc(100vw - 2rem));
      max-height: calc(100dvh - 2rem);
      padding: 0;
      border: 0;
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
      box-shadow: 0 24px 64px rgb(0 0 0 / 0.35);
    }
    [part='checkout-dialog']::backdrop {
      background: rgb(0 0 0 / 0.55);
    }
    .dialog-head {
      position: sticky;
      top: 0;
      z-index: 1;
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 0.75rem;
      padding: 0.75rem 1rem;
      border-bottom: 1px solid var(--_border);
      background: var(--_bg);
    }
    .dialog-head h2 {
      flex: 1;
      font-size: 1rem;
    }
    [part='checkout-dialog'] .loading,
    [part='checkout-dialog'] .error-line {
      margin: 1rem;
    }
    .loading {
      color: var(--_muted);
    }
    .checkout-mount {
      min-height: 8rem;
      padding: 0.5rem;
    }
    .notice {
      display: grid;
      place-items: center;
      aspect-ratio: 16 / 9;
      padding: 1.5rem;
      border-radius: var(--_radius);
      background: var(--_stage);
      color: #fff;
      text-align: center;
      font-size: 1.1rem;
      font-weight: 600;
    }
    @container (min-width: 760px) {
      .layout {
        grid-template-columns: minmax(0, 1fr) clamp(280px, 32%, 380px);
        align-items: stretch;
      }
      [part='chat'] {
        height: auto;
        min-height: 0;
      }
      .layout.no-chat {
        grid-template-columns: 1fr;
      }
      /* Wide: pinned products float over the lower start corner (left; right in RTL) of the video, unless the stage shows its status message. */
      .overlay [part='stage']:not(:state(message)) + [part='products'] {
        position: absolute;
        inset-inline-start: 0.75rem;
        bottom: 0.75rem;
        z-index: 4;
        flex-direction: column-reverse;
        width: min(22rem, 45%);
        max-height: calc(100% - 4rem);
        overflow: visible;
      }
      .overlay [part='stage']:state(replay):not(:state(message)) + [part='products'] {
        bottom: 3.5rem;
        max-height: calc(100% - 6.75rem);
      }
      .overlay [part='stage']:not(:state(message)) + [part='products'] > * {
        flex: none;
      }
    }
  `,
];
