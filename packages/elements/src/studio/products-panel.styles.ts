import { css } from 'lit';

/** The products panel's editor (inside the studio's shadow root, next to studio.styles.ts). */
export const productsStyles = css`
  .info .edit-link {
    display: block;
    min-height: 24px;
    min-width: 0;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_accent);
    font: inherit;
    font-size: 0.8rem;
    font-weight: 600;
    text-decoration: underline;
    text-underline-offset: 2px;
    cursor: pointer;
  }
  .info .edit-link:disabled {
    color: var(--_muted);
    cursor: default;
  }
  .product.editing {
    border-color: var(--_border);
  }
  .editor {
    grid-column: 1 / -1;
    display: grid;
    gap: 0.5rem;
    padding-top: 0.25rem;
  }
  .edit-field {
    display: grid;
    gap: 0.2rem;
    font-size: 0.8rem;
    font-weight: 600;
  }
  .edit-field small {
    font-weight: 400;
    color: var(--_muted);
  }
  .editor .edit-field input {
    font-weight: 400;
  }
  .edit-field input[aria-invalid='true'] {
    border-color: var(--live-shop-danger, #b91c1c);
  }
  .field-error {
    margin: 0;
    color: var(--live-shop-danger, #b91c1c);
    font-weight: 400;
    font-size: 0.8rem;
  }
  .editor-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }
  .editor-actions .delete {
    margin-inline-start: auto;
    color: var(--live-shop-danger, #b91c1c);
  }
  /* Flash deals (issue 15) */
  .deal-mark {
    color: var(--live-shop-danger, #b91c1c);
    font-weight: 600;
  }
  .deal-controls {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5rem;
    padding-block-start: 0.5rem;
    border-block-start: 1px dashed var(--_border);
  }
  .deal-controls .edit-field input {
    inline-size: 7rem;
    font-weight: 400;
  }
  .deal-controls .field-error {
    flex-basis: 100%;
  }
  .deal-pin {
    display: flex;
    gap: 0.3rem;
    align-items: center;
    font-size: 0.8rem;
  }
`;
