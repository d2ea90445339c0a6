import { css } from 'lit';

/**
 * The viewer's stage (video, cards, reactions, chat) and its wide layout: adopted with the viewer's
 * parts (shared/viewer-parts.ts), before the phone layout, as nothing of the stage is drawn without them.
 */
export const stageStyles = css`
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
`;
