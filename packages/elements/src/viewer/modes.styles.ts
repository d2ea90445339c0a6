import { css } from 'lit';

/** The mini-player and full screen (loaded with their code, on first use). */
export const modeStyles = css`
  /* Only the mini-player (a page without the show): nothing of the viewer shows in the page itself. */
  :host([mini]) {
    background: none;
  }
  :host([mini]) [part='base'] {
    padding: 0;
  }
  .mini-placeholder {
    display: grid;
    place-content: center;
    justify-items: center;
    gap: 0.5rem;
    aspect-ratio: var(--live-shop-player-aspect-ratio, 16 / 9);
    padding: 1rem;
    border-radius: var(--_radius);
    background: var(--_stage);
    color: #fff;
    text-align: center;
  }
  .mini-placeholder p {
    margin: 0;
    font-weight: 600;
  }
  .mini-placeholder button {
    background: #fff;
    color: #16161d;
  }

  /* The mini-player: the stage, docked in a corner of the window. */
  .stage-wrap.docked {
    position: fixed;
    z-index: 2147483000;
    width: var(--live-shop-mini-width, min(20rem, calc(100vw - 2rem)));
    gap: 0;
    overflow: hidden;
    border-radius: var(--_radius);
    background: var(--_stage);
    color: #fff;
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.45);
    touch-action: none;
    cursor: grab;
  }
  /* A portrait show docks narrower: the same height budget as a landscape one. */
  .stage-wrap.docked:has(> [orientation='portrait']) {
    width: var(--live-shop-mini-width, min(12rem, calc(100vw - 2rem)));
  }
  .stage-wrap.docked:active {
    cursor: grabbing;
  }
  .docked[data-y='top'] {
    top: max(1rem, env(safe-area-inset-top));
  }
  .docked[data-y='bottom'] {
    bottom: max(1rem, env(safe-area-inset-bottom));
  }
  .docked[data-x='start'] {
    inset-inline-start: max(1rem, env(safe-area-inset-left));
  }
  .docked[data-x='end'] {
    inset-inline-end: max(1rem, env(safe-area-inset-right));
  }
  .docked [part='stage']::part(base) {
    border-radius: 0;
  }
  .docked [part='products'] {
    padding: 0.5rem;
    overflow: hidden;
  }
  /* One card fits the mini-player: the newest pin. */
  .docked [part='products'] > :not(:first-child) {
    display: none;
  }
  .docked [part='products'] > * {
    flex: 1 1 auto;
  }
  .mini-bar {
    display: flex;
    gap: 0.25rem;
    padding: 0.25rem;
    background: rgb(0 0 0 / 0.85);
  }
  .mini-bar .icon {
    min-height: 36px;
    min-width: 36px;
    border-color: transparent;
    background: transparent;
    color: #fff;
  }
  .mini-bar [part='mini-move'] {
    margin-inline-end: auto;
    cursor: move;
  }

  /* Full screen: the whole viewer, as tall as the visible window (the keyboard's space excluded). */
  :host([fullscreen]) {
    position: fixed;
    inset: var(--_vvtop, 0) 0 auto 0;
    z-index: 2147483000;
    width: 100%;
    height: var(--_vvh, 100dvh);
    border-radius: 0;
    overflow: auto;
  }
  /* Wide: the usual layout, inside the screen's safe area (the phone layout handles its own). */
  @container (min-width: 600px) {
    :host([fullscreen]) [part='base'] {
      min-height: 100%;
      padding-top: max(0.75rem, env(safe-area-inset-top));
      padding-bottom: max(0.75rem, env(safe-area-inset-bottom));
      padding-inline: max(0.75rem, env(safe-area-inset-left)) max(0.75rem, env(safe-area-inset-right));
    }
  }
`;
