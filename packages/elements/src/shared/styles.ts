import { css } from 'lit';

/**
 * Theme tokens. Every public `--live-shop-*` property has its fallback here, once, and is read
 * through a private `--_*` alias so the rest of the styles stay short.
 */
export const tokens = css`
  :host {
    --_font: var(--live-shop-font, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif);
    --_accent: var(--live-shop-accent, #4f46e5);
    --_accent-text: var(--live-shop-accent-text, #fff);
    --_radius: var(--live-shop-radius, 12px);
    --_bg: var(--live-shop-bg, #fff);
    --_surface: var(--live-shop-surface, #f4f4f6);
    --_text: var(--live-shop-text, #16161d);
    --_muted: var(--live-shop-muted, #52525b);
    --_border: var(--live-shop-border, #e4e4e7);
    --_stage: var(--live-shop-stage-bg, #0c0c10);
    --_live: var(--live-shop-live, #dc2626);
    --_danger: var(--live-shop-danger, #b91c1c);
    --_focus: var(--live-shop-focus-ring, 0 0 0 2px var(--_bg), 0 0 0 4px var(--_accent));
    font-family: var(--_font);
    color: var(--_text);
    -webkit-font-smoothing: antialiased;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  button,
  input {
    font: inherit;
    color: inherit;
  }
  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4em;
    min-height: 40px;
    min-width: 40px;
    padding: 0 1rem;
    border: 1px solid transparent;
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface);
    font-weight: 600;
    cursor: pointer;
    transition: background-color 0.15s, border-color 0.15s, transform 0.05s;
  }
  button:active:not(:disabled) {
    transform: translateY(1px);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_accent-text);
  }
  button.primary:hover:not(:disabled) {
    filter: brightness(1.08);
  }
  button.danger {
    background: var(--_danger);
    color: #fff;
  }
  button.ghost {
    background: transparent;
    border-color: var(--_border);
  }
  button.ghost:hover:not(:disabled) {
    background: var(--_surface);
  }
  button:focus-visible,
  input:focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }
  input {
    min-height: 40px;
    padding: 0 0.75rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_bg);
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    padding: 0.2em 0.6em;
    border-radius: 999px;
    background: var(--_surface);
    color: var(--_text);
    font-size: 0.75rem;
    font-weight: 700;
    letter-spacing: 0.02em;
    white-space: nowrap;
  }
  .badge.live {
    background: var(--_live);
    color: #fff;
    text-transform: uppercase;
  }
  .badge.live::before {
    content: '';
    width: 0.5em;
    height: 0.5em;
    border-radius: 50%;
    background: currentColor;
    animation: pulse 1.6s ease-in-out infinite;
  }
  .badge.ended {
    background: #3f3f46;
    color: #fff;
  }
  .badge.reconnecting {
    background: #fef3c7;
    color: #78350f;
  }
  @keyframes pulse {
    50% {
      opacity: 0.35;
    }
  }
  .viewers {
    color: var(--_muted);
    font-size: 0.875rem;
    font-variant-numeric: tabular-nums;
  }
  .error-line {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border-radius: calc(var(--_radius) * 0.75);
    background: #fef2f2;
    color: #991b1b;
    font-size: 0.875rem;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
`;
