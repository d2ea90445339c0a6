import { css } from 'lit';

/** The embedded checkout's dialog: adopted by the viewer with its chunk (checkout-dialog.ts). */
export const checkoutDialogStyles = css`
    [part='checkout-dialog'] {
      width: min(40rem, calc(100vw - 2rem));
      max-height: calc(100dvh - 2rem);
      padding: 0;
      border: 0;
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
      box-shadow: 0 24px 64px rgb(0 0 0 / 0.35);
    }
    [part='checkout-dialog']::backdrop {
      background: rgb(0 0 0 / 0.55);
    }
    .dialog-head {
      position: sticky;
      top: 0;
      z-index: 1;
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 0.75rem;
      padding: 0.75rem 1rem;
      border-bottom: 1px solid var(--_border);
      background: var(--_bg);
    }
    .dialog-head h2 {
      flex: 1;
      font-size: 1rem;
    }
    [part='checkout-dialog'] .loading,
    [part='checkout-dialog'] .error-line {
      margin: 1rem;
    }
    .loading {
      color: var(--_muted);
    }
    .checkout-mount {
      min-height: 8rem;
      padding: 0.5rem;
    }
`;
