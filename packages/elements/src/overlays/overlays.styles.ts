import { css } from 'lit';
import { tokens } from '../shared/styles.js';

export const styles = [
  tokens,
  css`
    :host {
      position: absolute;
      inset-block-start: 0.5rem;
      inset-inline: 0.5rem;
      z-index: 2;
      pointer-events: none;
    }
    [part='base'] {
      display: grid;
      justify-items: start;
      gap: 0.5rem;
    }
    [part='base'] > * {
      pointer-events: auto;
      max-inline-size: min(22rem, 100%);
      margin: 0;
      border-radius: calc(var(--_radius) * 0.75);
      box-shadow: 0 4px 16px rgb(0 0 0 / 0.25);
    }
    .announcement {
      padding: 0.5rem 0.75rem;
      background: var(--_accent);
      color: var(--_accent-text);
      font-weight: 600;
    }
    .question,
    .poll {
      padding: 0.75rem;
      background: var(--_bg);
      color: var(--_text);
    }
    .question figcaption,
    .label,
    .total {
      margin: 0;
      color: var(--_muted);
      font-size: 0.8rem;
    }
    .question blockquote {
      margin: 0.25rem 0 0;
      font-weight: 600;
    }
    .poll h3 {
      margin: 0.15rem 0 0.5rem;
      font-size: 1rem;
    }
    .options {
      display: grid;
      gap: 0.4rem;
    }
    .options button,
    .hide {
      min-block-size: 44px;
      padding: 0.4rem 0.75rem;
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) * 0.5);
      background: var(--_surface);
      color: var(--_text);
      font: inherit;
      text-align: start;
      cursor: pointer;
    }
    .hide {
      min-block-size: 2rem;
      margin-block-start: 0.5rem;
      font-size: 0.85rem;
    }
    button:focus-visible {
      outline: none;
      box-shadow: var(--_focus);
    }
    .results {
      display: grid;
      gap: 0.4rem;
      margin: 0 0 0.4rem;
      padding: 0;
      list-style: none;
    }
    .results .row {
      display: flex;
      justify-content: space-between;
      gap: 0.5rem;
      font-size: 0.9rem;
    }
    .results .mine {
      font-weight: 600;
    }
    .you {
      color: var(--_accent);
      font-size: 0.8rem;
    }
    .bar {
      display: block;
      min-inline-size: 2px;
      block-size: 0.4rem;
      margin-block-start: 0.15rem;
      border-radius: 999px;
      background: var(--_accent);
      transition: inline-size 0.3s ease;
    }
    @media (prefers-reduced-motion: reduce) {
      .bar {
        transition: none;
      }
    }
    /* a timed poll's countdown */
    .timer {
      margin: 0 0 0.2rem;
      font-size: 0.85rem;
      font-variant-numeric: tabular-nums;
    }
    .timer-bar {
      display: block;
      block-size: 0.2rem;
      margin-block-end: 0.5rem;
      border-radius: 999px;
      background: var(--live-shop-poll-timer-color, var(--_accent));
    }
    @media (prefers-reduced-motion: no-preference) {
      .timer-bar {
        transition: inline-size 1s linear;
      }
    }
    .visually-hidden {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  `,
];
