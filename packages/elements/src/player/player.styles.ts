import { css } from 'lit';
import { tokens } from '../shared/styles.js';

export const styles = [
  tokens,
  css`
    :host {
      display: block;
      color: #fff;
    }
    [part='base'] {
      position: relative;
      aspect-ratio: var(--live-shop-player-aspect-ratio, 16 / 9);
      width: 100%;
      overflow: hidden;
      border-radius: var(--_radius);
      background: var(--_stage) center / cover no-repeat;
      isolation: isolate;
      container-type: inline-size;
    }
    /* Narrower rather than shorter: a portrait stage stays 9:16 and fits the window's height. */
    :host([orientation='portrait']) [part='base'] {
      aspect-ratio: var(--live-shop-player-aspect-ratio, 9 / 16);
      width: min(100%, var(--live-shop-player-max-height, 85vh) * 9 / 16);
      margin-inline: auto;
    }
    .video,
    .video video {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
    }
    .video video {
      object-fit: contain;
      background: #000;
    }
    .poster {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      object-fit: cover;
      opacity: 0.45;
    }
    [part='message'] {
      position: absolute;
      inset: 0;
      z-index: 1;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 0.4rem;
      padding: 1rem;
      text-align: center;
      background: radial-gradient(ellipse at center, rgb(0 0 0 / 0.15), rgb(0 0 0 / 0.55));
    }
    [part='message'].banner {
      inset: auto 0 0 0;
      flex-direction: row;
      flex-wrap: wrap;
      gap: 0.25rem 0.75rem;
      padding: 0.6rem 1rem;
      background: rgb(0 0 0 / 0.7);
    }
    .banner .headline {
      font-size: 1rem;
    }
    .banner .spinner {
      width: 18px;
      height: 18px;
    }
    .replay {
      margin-top: 0.5rem;
    }
    .badge.replay {
      background: rgb(0 0 0 / 0.7);
      color: #fff;
    }
    .headline {
      margin: 0;
      font-size: clamp(1.1rem, 4cqi, 2rem);
      font-weight: 700;
      letter-spacing: -0.01em;
    }
    .sub {
      margin: 0;
      color: rgb(255 255 255 / 0.8);
      font-size: 0.9rem;
    }
    .spinner {
      width: 28px;
      height: 28px;
      border: 3px solid rgb(255 255 255 / 0.3);
      border-top-color: #fff;
      border-radius: 50%;
      animation: spin 0.9s linear infinite;
    }
    @keyframes spin {
      to {
        transform: rotate(360deg);
      }
    }
    [part='live-badge'] {
      position: absolute;
      top: 0.75rem;
      inset-inline-start: 0.75rem;
      z-index: 2;
    }
    .unmute {
      position: absolute;
      z-index: 2;
      top: 0.75rem;
      inset-inline-end: 0.75rem;
      background: rgb(0 0 0 / 0.7);
      color: #fff;
      border-color: rgb(255 255 255 / 0.4);
    }
    .unmute:hover {
      background: rgb(0 0 0 / 0.85);
    }
    .replay-controls {
      position: absolute;
      inset: auto 0 0 0;
      z-index: 4;
      display: flex;
      align-items: center;
      gap: 0.6rem;
      padding: 1.25rem 0.75rem 0.5rem;
      background: linear-gradient(transparent, rgb(0 0 0 / 0.65));
      font: 0.8rem / 1 var(--_font);
      font-variant-numeric: tabular-nums;
    }
    .play {
      display: grid;
      place-items: center;
      width: 2rem;
      height: 2rem;
      padding: 0;
      border: 0;
      border-radius: 50%;
      background: rgb(0 0 0 / 0.5);
      color: #fff;
      cursor: pointer;
    }
    .play:focus-visible,
    [part='seek']:focus-visible {
      outline: none;
      box-shadow: var(--_focus);
    }
    .track {
      position: relative;
      flex: 1;
      display: flex;
      align-items: center;
    }
    [part='seek'] {
      width: 100%;
      margin: 0;
      accent-color: var(--_accent);
      cursor: pointer;
    }
    .chapter-strip {
      position: absolute;
      inset: 50% 0 auto 0;
      pointer-events: none;
    }
    .mark {
      position: absolute;
      top: -0.45rem;
      width: 3px;
      height: 0.9rem;
      margin-inline-start: -1.5px;
      border-radius: 2px;
      background: #fff;
      box-shadow: 0 0 0 1px rgb(0 0 0 / 0.5);
    }
    .time {
      white-space: nowrap;
    }
    .overlay {
      position: absolute;
      inset: 0;
      z-index: 3;
      pointer-events: none;
    }
    .overlay ::slotted(*) {
      pointer-events: auto;
    }
  `,
];
