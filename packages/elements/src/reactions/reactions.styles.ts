import { css } from 'lit';
import { tokens } from '../shared/styles.js';

export const styles = [
  tokens,
  css`
    :host {
      display: inline-block;
      --_size: var(--live-shop-reaction-size, 44px);
      --_reaction-bg: var(--live-shop-reaction-bg, rgb(0 0 0 / 0.45));
      --_rise: var(--live-shop-reaction-height, 160px);
    }
    [part='base'] {
      position: relative;
      display: flex;
      gap: 0.5rem;
    }
    [part='button'] {
      position: relative;
      width: var(--_size);
      height: var(--_size);
      min-width: 44px;
      min-height: 44px;
      border: 0;
      border-radius: 50%;
      background: var(--_reaction-bg);
      font-size: calc(var(--_size) * 0.5);
      line-height: 1;
      cursor: pointer;
      touch-action: manipulation;
    }
    [part='button']:focus-visible {
      outline: none;
      box-shadow: var(--_focus);
    }
    [part='button']:active {
      transform: scale(0.92);
    }
    [part='count'] {
      position: absolute;
      right: -4px;
      bottom: -4px;
      padding: 0 0.3em;
      border-radius: 999px;
      background: var(--_bg);
      color: var(--_text);
      font: 600 0.6875rem/1.4 var(--_font);
    }
    [part='layer'] {
      position: absolute;
      bottom: 100%;
      left: 0;
      width: 100%;
      height: var(--_rise);
      pointer-events: none;
      overflow: visible;
    }
    [part='particle'] {
      position: absolute;
      bottom: 0;
      left: var(--at, 50%);
      font-size: calc(var(--_size) * 0.55);
      opacity: 0;
      animation: rise 1.6s ease-out both;
    }
    @keyframes rise {
      0% {
        transform: translate(-50%, 0) scale(0.6);
        opacity: 0;
      }
      15% {
        opacity: 1;
      }
      100% {
        transform: translate(calc(-50% + var(--x, 0px)), calc(-1 * var(--_rise))) scale(1.1);
        opacity: 0;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      [part='particle'] {
        display: none;
      }
      [part='button']:active {
        transform: none;
      }
    }
  `,
];
