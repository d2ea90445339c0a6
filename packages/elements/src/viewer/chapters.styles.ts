import { css } from 'lit';

/** The replay's chapter strip: adopted by the viewer with the replay's chunk (replay-sync.ts), not in its first load. */
export const chapterStyles = css`
    [part='chapters'] ol {
      display: flex;
      gap: 0.5rem;
      margin: 0;
      padding: 0 0 0.25rem;
      overflow-x: auto;
      list-style: none;
      scroll-snap-type: x proximity;
    }
    [part='chapters'] li {
      flex: none;
      scroll-snap-align: start;
    }
    [part='chapter'] {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      max-width: 16rem;
      min-height: 44px;
      padding: 0.3rem 0.75rem 0.3rem 0.3rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
      font: inherit;
      font-size: 0.875rem;
      text-align: start;
      cursor: pointer;
    }
    [part='chapter'][aria-current='true'] {
      border-color: var(--_accent);
      box-shadow: inset 0 0 0 1px var(--_accent);
    }
    [part='chapter']:focus-visible {
      outline: none;
      box-shadow: var(--_focus);
    }
    [part='chapter'] img {
      width: 2.25rem;
      height: 2.25rem;
      border-radius: calc(var(--_radius) / 2);
      object-fit: cover;
      background: var(--_surface);
    }
    .chapter-title {
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }
    .chapter-time {
      color: var(--_muted);
      font-variant-numeric: tabular-nums;
    }
`;
