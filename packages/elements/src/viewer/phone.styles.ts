import { css } from 'lit';

/** The phone layout (vertical, everything over the video) and the header's stage controls. */
export const phoneStyles = css`
  .stage-controls {
    display: flex;
    gap: 0.25rem;
    margin-inline-start: auto;
  }
  .icon {
    min-width: 40px;
    padding: 0;
  }
  /* Phone: a vertical, full-bleed stage with the title, the pinned card and the last chat lines over the video. */
  @container (max-width: 599.98px) {
    [part='base'] {
      --_stage-h: min(calc(100cqi * 16 / 9), 100dvh);
      --_chat-h: calc(var(--_stage-h) * 0.36);
      position: relative;
      gap: 0;
      padding: 0;
      border-radius: inherit;
      overflow: hidden;
      background: var(--_stage);
      color: #fff;
    }
    :host([fullscreen]) [part='base'] {
      --_stage-h: var(--_vvh, 100dvh);
      min-height: 0;
      padding: 0;
    }
    [part='header'] {
      position: absolute;
      inset: 0 0 auto;
      z-index: 5;
      flex-wrap: nowrap;
      padding: max(0.6rem, env(safe-area-inset-top)) max(0.6rem, env(safe-area-inset-right)) 1.5rem
        max(0.75rem, env(safe-area-inset-left));
      background: linear-gradient(rgb(0 0 0 / 0.72), rgb(0 0 0 / 0.35) 65%, transparent);
      color: #fff;
      pointer-events: none;
    }
    [part='header'] > * {
      pointer-events: auto;
    }
    h2 {
      flex: 1 1 auto;
      min-width: 0;
      font-size: 1rem;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      text-shadow: 0 1px 2px rgb(0 0 0 / 0.6);
    }
    .viewers {
      white-space: nowrap;
      font-size: 0.8125rem;
      color: #fff;
      text-shadow: 0 1px 2px rgb(0 0 0 / 0.6);
    }
    .stage-controls .icon {
      border-color: transparent;
      background: rgb(0 0 0 / 0.45);
      color: #fff;
    }
    [part='notice']:not(.empty),
    .error-line {
      position: absolute;
      inset: 3.5rem 0.75rem auto;
      z-index: 6;
      margin: 0;
    }
    .error-line {
      padding: 0.4rem 0.75rem;
      border-radius: calc(var(--_radius) * 0.75);
      background: rgb(0 0 0 / 0.75);
      color: #fff;
    }
    .notice {
      aspect-ratio: auto;
      min-height: var(--_stage-h);
      border-radius: 0;
    }
    .layout {
      grid-template-columns: 100%;
      gap: 0;
    }
    .stage-col {
      display: contents;
    }
    .stage-wrap:not(.docked),
    .mini-placeholder,
    [part='on-stage'],
    [part='chat'] {
      grid-area: 1 / 1;
    }
    .stage-wrap:not(.docked) {
      gap: 0;
    }
    .stage-wrap:not(.docked) [part='stage']::part(base) {
      aspect-ratio: auto;
      width: 100%;
      height: var(--_stage-h);
      border-radius: 0;
    }
    .mini-placeholder {
      aspect-ratio: auto;
      height: var(--_stage-h);
      border-radius: 0;
    }
    /* The header says LIVE and holds the controls: the player's own badge and unmute move out of its way. */
    .stage-wrap:not(.docked) [part='stage']::part(live-badge) {
      display: none;
    }
    .stage-wrap:not(.docked) [part='stage']::part(unmute-button) {
      top: 3.75rem;
    }
    [part='on-stage'] {
      z-index: 5;
      align-self: start;
      margin: 3.25rem 0.75rem 0;
      color: rgb(255 255 255 / 0.9);
      text-shadow: 0 1px 2px rgb(0 0 0 / 0.8);
      pointer-events: none;
    }
    .stage-wrap:not(.docked) [part='products'] {
      position: absolute;
      inset-inline: 0.75rem;
      bottom: calc(var(--_chat-h) + 0.25rem);
      z-index: 4;
      flex-direction: column-reverse;
      overflow: visible;
    }
    .no-chat .stage-wrap:not(.docked) [part='products'] {
      bottom: max(0.75rem, env(safe-area-inset-bottom));
    }
    .stage-wrap:not(.docked) [part='products'] > * {
      flex: none;
    }
    /* Reactions: a column at the end edge, just above the chat input; the chat lines keep clear of it. */
    .stage-wrap > [part='reactions'] {
      --live-shop-reaction-bg: rgb(255 255 255 / 0.22);
      top: auto;
      inset-inline-end: 0.6rem;
      /* Above the chat's composer: its input row and the "Ask as a question" line under it. */
      bottom: calc(6rem + env(safe-area-inset-bottom));
      margin-top: 0;
      transform: none;
    }
    .stage-wrap > [part='reactions']::part(base) {
      flex-direction: column-reverse;
      gap: 0.35rem;
    }
    .live [part='chat']::part(log) {
      padding-inline-end: 3.75rem;
    }
    .live .stage-wrap:has(> [part='reactions']):not(.docked) [part='products'] {
      inset-inline-end: 3.75rem;
    }
    [part='chat'] {
      --live-shop-text: #fff;
      --live-shop-muted: rgb(255 255 255 / 0.85);
      --live-shop-border: rgb(255 255 255 / 0.4);
      z-index: 4;
      align-self: end;
      height: var(--_chat-h);
      min-height: 0;
    }
    /* A replay's seek bar stays uncovered under the chat. */
    .ended [part='chat'] {
      margin-bottom: 3rem;
    }
    .ended .stage-wrap:not(.docked) [part='products'] {
      bottom: calc(var(--_chat-h) + 3.25rem);
    }
    [part='chat']::part(base) {
      border: 0;
      border-radius: 0;
      background: linear-gradient(transparent, rgb(0 0 0 / 0.6) 2.5rem);
      color: #fff;
    }
    /* The newest lines sit just above the input; older ones fade out upwards. */
    [part='chat']::part(log) {
      justify-content: safe flex-end;
      min-height: 0;
      padding-bottom: 0.25rem;
      mask-image: linear-gradient(transparent, #000 40%);
    }
    [part='chat']::part(message) {
      text-shadow:
        0 1px 2px rgb(0 0 0 / 0.9),
        0 0 8px rgb(0 0 0 / 0.6);
    }
    [part='chat']::part(form) {
      border-top: 0;
      padding-bottom: max(0.6rem, env(safe-area-inset-bottom));
      background: linear-gradient(transparent, rgb(0 0 0 / 0.7));
    }
    [part='chat']::part(input) {
      border-color: rgb(255 255 255 / 0.4);
      background: rgb(0 0 0 / 0.45);
      color: #fff;
    }
    [part='chat']::part(input)::placeholder {
      color: rgb(255 255 255 / 0.75);
    }
    [part='chapters'] {
      grid-row: 2;
      padding: 0.5rem 0.75rem;
    }
  }
`;
