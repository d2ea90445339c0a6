import { css } from 'lit';
import { tokens } from '../shared/styles.js';

export const styles = [
  tokens,
  css`
    :host {
      display: block;
      --_card-bg: var(--live-shop-card-bg, var(--_bg));
    }
    [part='base'] {
      display: grid;
      grid-template-columns: 96px 1fr;
      gap: 0.75rem;
      padding: 0.75rem;
      border-radius: var(--_radius);
      background: var(--_card-bg);
      box-shadow: 0 1px 2px rgb(0 0 0 / 0.06), 0 8px 24px rgb(0 0 0 / 0.12);
    }
    .media {
      aspect-ratio: 1;
      border-radius: calc(var(--_radius) * 0.75);
      background: var(--_surface);
      overflow: hidden;
    }
    img {
      display: block;
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
    .body {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      min-width: 0;
    }
    h3 {
      margin: 0;
      font-size: 1rem;
      line-height: 1.3;
      overflow-wrap: anywhere;
    }
    [part='label'] {
      color: var(--_muted);
      font-size: 0.875rem;
    }
    .hints {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 0.5rem;
      margin: 0;
      font-size: 0.8rem;
      font-weight: 600;
    }
    [part='stock'] {
      color: var(--_danger);
    }
    [part='social-proof'] {
      color: var(--_muted);
    }
    [part='price'] {
      font-size: 1rem;
      font-weight: 700;
      font-variant-numeric: tabular-nums;
    }
    /* Flash deals (issue 15): struck list price, deal price, countdown. */
    .deal {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25rem 0.5rem;
    }
    .deal [part='price'] {
      color: var(--_danger);
    }
    [part='list-price'] {
      color: var(--_muted);
      font-size: 0.875rem;
    }
    [part='deal-countdown'] {
      font-size: 0.8rem;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
      color: var(--_danger);
    }
    @media (prefers-reduced-motion: no-preference) {
      [part='deal-countdown'].soon {
        animation: deal-pulse 1s ease-in-out infinite alternate;
      }
    }
    @keyframes deal-pulse {
      to {
        opacity: 0.55;
      }
    }
    .sr {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    [part='description'] {
      margin: 0;
      color: var(--_muted);
      font-size: 0.875rem;
      line-height: 1.4;
      display: -webkit-box;
      -webkit-line-clamp: 3;
      -webkit-box-orient: vertical;
      overflow: hidden;
    }
    [part='buy-button'] {
      margin-top: auto;
      align-self: start;
    }
    :host([compact]) [part='base'] {
      grid-template-columns: 64px 1fr;
      gap: 0.6rem;
      padding: 0.5rem;
    }
    :host([compact]) [part='description'] {
      font-size: 0.8rem;
      -webkit-line-clamp: 2;
    }
    :host([compact]) h3 {
      font-size: 0.9rem;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    :host([compact]) .body {
      gap: 0.15rem;
    }
  `,
];
