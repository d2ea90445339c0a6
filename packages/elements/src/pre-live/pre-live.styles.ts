import { css } from 'lit';
import { tokens } from '../shared/styles.js';

export const styles = [
  tokens,
  css`
    :host {
      display: block;
    }
    [part='base'] {
      display: grid;
      gap: 1rem;
      padding: 1rem;
      border-radius: var(--_radius);
      background: var(--live-shop-pre-live-bg, var(--_surface));
      color: var(--_text);
    }
    [part='trailer'] {
      inline-size: 100%;
      max-block-size: var(--live-shop-pre-live-trailer-max-height, 60vh);
      object-fit: cover;
      border-radius: var(--_radius);
      background: var(--_stage);
      aspect-ratio: var(--live-shop-player-aspect-ratio, 16 / 9);
    }
    [part='countdown'] {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      margin: 0;
      font-size: 1.5rem;
      font-weight: 700;
      font-variant-numeric: tabular-nums;
    }
    [part='starts-at'],
    [part='description'] {
      margin: 0;
      color: var(--_muted);
    }
    [part='description'] {
      white-space: pre-line;
    }
    [part='products'] {
      display: flex;
      gap: 0.75rem;
      overflow-x: auto;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    [part='product'] {
      display: grid;
      gap: 0.25rem;
      inline-size: 8rem;
      flex: none;
      font-size: 0.875rem;
    }
    [part='product'] img {
      inline-size: 100%;
      aspect-ratio: 1;
      object-fit: cover;
      border-radius: calc(var(--_radius) / 2);
      background: var(--_bg);
    }
    h3 {
      margin: 0;
      font-size: 1rem;
    }
    .remind {
      position: relative;
      justify-self: start;
    }
    button,
    a[role='menuitem'] {
      font: inherit;
      cursor: pointer;
    }
    [part='remind-button'] {
      border: 0;
      border-radius: 999px;
      padding: 0.6rem 1.2rem;
      background: var(--_accent);
      color: var(--_accent-text);
      font-weight: 600;
    }
    [part='remind-menu'] {
      position: absolute;
      inset-block-start: calc(100% + 0.25rem);
      inset-inline-start: 0;
      z-index: 2;
      display: grid;
      min-inline-size: 12rem;
      padding: 0.25rem;
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) / 2);
      background: var(--_bg);
    }
    [role='menuitem'] {
      display: block;
      padding: 0.5rem 0.75rem;
      border: 0;
      border-radius: 6px;
      background: none;
      color: var(--_text);
      text-align: start;
      text-decoration: none;
    }
    [role='menuitem']:hover,
    [role='menuitem']:focus-visible {
      background: var(--_surface);
    }
    button:focus-visible,
    a:focus-visible {
      outline: none;
      box-shadow: var(--_focus);
    }
    [part='reminder-status'] {
      margin: 0;
      color: var(--_muted);
    }
    [part='reminder-status'].failed {
      color: var(--_danger);
    }
  `,
];
