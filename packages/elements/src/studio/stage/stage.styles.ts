import { css } from 'lit';

/** The host's Guests panel and a guest's page. */
export const stageStyles = css`
  .sources {
    position: fixed;
    left: 0;
    top: 0;
    width: 2px;
    height: 2px;
    overflow: hidden;
    /* Not 0: a fully transparent video may not be presented, and the compositor draws on its new frames. */
    opacity: 0.01;
    pointer-events: none;
  }
  .guests-body {
    display: grid;
    gap: 0.75rem;
    padding: 0.75rem 1rem;
  }
  .layouts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }
  .layouts button[aria-checked='true'],
  .layouts button[aria-checked='true']:hover:not(:disabled) {
    background: var(--_text);
    color: var(--_bg);
  }
  .host-name {
    display: grid;
    gap: 0.25rem;
    font-size: 0.8rem;
    color: var(--_muted);
  }
  .guest-list {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .guest {
    display: grid;
    grid-template-columns: 8rem 1fr;
    gap: 0.4rem 0.75rem;
    align-items: center;
    padding: 0.5rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
  }
  .guest.stage {
    border-color: var(--_accent);
    background: color-mix(in srgb, var(--_accent) 8%, var(--_bg));
  }
  .guest-tile {
    position: relative;
    grid-row: span 2;
    aspect-ratio: 16 / 9;
    border-radius: 6px;
    overflow: hidden;
    background: var(--_stage);
  }
  .guest-tile video {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .guest-place {
    position: absolute;
    inset-inline-start: 0.25rem;
    bottom: 0.25rem;
    padding: 0 0.3rem;
    border-radius: 4px;
    background: rgb(0 0 0 / 0.7);
    color: #fff;
    font-size: 0.7rem;
  }
  .guest-info {
    display: grid;
    min-width: 0;
  }
  .guest-info strong {
    overflow-wrap: anywhere;
  }
  .guest-link {
    color: var(--_muted);
    font-size: 0.8rem;
  }
  .guest-link.failed {
    color: var(--live-shop-danger, #b91c1c);
  }
  .guest-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem;
  }
  .guest-actions button {
    min-height: 32px;
    padding: 0 0.6rem;
    font-size: 0.85rem;
  }
  .program {
    position: relative;
    display: grid;
    place-content: center;
    aspect-ratio: 16 / 9;
    border-radius: var(--_radius);
    overflow: hidden;
    background: var(--_stage);
    color: #fff;
    text-align: center;
  }
  .program .unmute {
    position: relative;
    z-index: 1;
  }
  .where {
    margin: 0;
    font-weight: 600;
  }
  .join {
    align-items: end;
  }
  .join .host-name {
    flex: 1 1 12rem;
  }
  @container (min-width: 760px) {
    .columns.guesting {
      grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr);
      align-items: start;
    }
  }
`;
