import { css } from 'lit';
import { tokens } from '../shared/styles.js';

export const styles = [
  tokens,
  css`
    :host {
      display: block;
      min-height: 16rem;
    }
    [part='base'] {
      display: flex;
      flex-direction: column;
      height: 100%;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      overflow: hidden;
    }
    [part='log'] {
      flex: 1 1 0;
      min-height: 8rem;
      overflow-y: auto;
      overscroll-behavior: contain;
      margin: 0;
      padding: 0.75rem;
      list-style: none;
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
    }
    .empty {
      margin: auto;
      color: var(--_muted);
      font-size: 0.875rem;
    }
    .msg {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      gap: 0.5rem;
      line-height: 1.4;
      font-size: 0.9375rem;
    }
    .msg p {
      flex: 1;
      margin: 0;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .text {
      white-space: pre-wrap;
    }
    .name {
      font-weight: 700;
      margin-inline-end: 0.35em;
    }
    .badge {
      margin-inline-end: 0.35em;
      vertical-align: 0.1em;
      background: var(--_accent);
      color: var(--_accent-text);
      font-size: 0.6875rem;
      padding: 0.1em 0.5em;
    }
    .verified {
      margin-inline-end: 0.35em;
      color: var(--_accent);
      font-weight: 700;
    }
    .msg.held {
      padding: 0.25rem 0.5rem;
      border: 1px dashed var(--_border);
      border-radius: calc(var(--_radius) * 0.5);
      color: var(--_muted);
    }
    .held-label {
      display: block;
      font-size: 0.75rem;
      font-weight: 600;
    }
    .notice {
      margin: 0 0.75rem 0.5rem;
      padding: 0.5rem 0.75rem;
      border-radius: calc(var(--_radius) * 0.75);
      background: #fffbeb;
      color: #78350f;
      font-size: 0.875rem;
    }
    .notice.empty {
      position: absolute;
      height: 0;
      padding: 0;
      overflow: hidden;
    }
    .hint,
    .as {
      grid-column: 1 / -1;
      margin: 0;
      color: var(--_muted);
      font-size: 0.8125rem;
    }

    .error-line {
      margin: 0 0.75rem 0.5rem;
    }
    [part='form'] {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 0.5rem;
      padding: 0.75rem;
      border-top: 1px solid var(--_border);
    }
    .name-row {
      grid-column: 1 / -1;
      display: grid;
      gap: 0.25rem;
    }
    .name-row label {
      font-size: 0.8125rem;
      font-weight: 600;
    }
    [part='input'] {
      width: 100%;
      min-width: 0;
    }
    /* Q&A: the "Ask as a question" toggle, under the input */
    .ask {
      grid-column: 1 / -1;
      display: flex;
      align-items: center;
      gap: 0.4rem;
      font-size: 0.8125rem;
    }
    .ask input {
      width: 1rem;
      height: 1rem;
      margin: 0;
      accent-color: var(--_accent);
    }
  `,
];
