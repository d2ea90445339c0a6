import type { ReactiveControllerHost } from 'lit';

/**
 * What the staff actions need from the chat they render in: the chat imports them lazily, so they
 * depend on this shape rather than on the chat's module (no import cycle).
 */
export interface ChatHost extends ReactiveControllerHost, HTMLElement {
  readonly moderate: boolean;
  readonly renderRoot: HTMLElement | DocumentFragment;
}
