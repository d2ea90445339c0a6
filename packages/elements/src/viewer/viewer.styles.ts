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
  `,
];
