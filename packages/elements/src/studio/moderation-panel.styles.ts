import { css } from 'lit';

export const moderationStyles = css`
  .moderation-body {
    display: grid;
    gap: 1rem;
    padding: 0.75rem 1rem 1rem;
  }
  .mod-section {
    display: grid;
    gap: 0.5rem;
  }
  .moderation h3 {
    margin: 0;
    font-size: 0.85rem;
    color: var(--_muted);
  }
  .rows {
    display: grid;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
    padding: 0.4rem 0.5rem;
    border-radius: calc(var(--_radius) * 0.5);
    background: var(--_surface);
    font-size: 0.9rem;
  }
  .row p {
    flex: 1 1 12rem;
    margin: 0;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .row .text {
    white-space: pre-wrap;
  }
  .row .who {
    font-weight: 700;
  }
  .row .what {
    flex: 1;
    color: var(--_muted);
  }
  .row button {
    min-height: 32px;
    padding: 0 0.75rem;
    font-size: 0.85rem;
  }
  .moderation .empty {
    margin: 0;
    padding: 0;
    font-size: 0.9rem;
  }
  .moderation label {
    font-size: 0.8rem;
    font-weight: 600;
  }
  /* The look comes from the studio's form controls; a textarea needs room above and below its text. */
  .moderation textarea {
    padding: 0.4rem 0.5rem;
    resize: vertical;
    font-family: ui-monospace, monospace;
  }
  .moderation select:focus-visible,
  .moderation textarea:focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }
  .blocklist,
  .invite {
    display: grid;
    gap: 0.4rem;
  }
  .blocklist button {
    justify-self: start;
  }
  .moderation .field input {
    background: var(--_bg);
    font: inherit;
    font-size: 0.9rem;
  }
  .invite .field input {
    background: var(--_surface);
    font: 0.85rem ui-monospace, monospace;
  }
  .moderation .status:empty {
    display: none;
  }
  .moderation .status {
    margin: 0;
    color: var(--_muted);
    font-size: 0.85rem;
  }
`;
