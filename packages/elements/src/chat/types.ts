import type { ReactiveControllerHost } from 'lit';
import type { I18n } from '../i18n/controller.js';

/**
 * What the staff actions need from the chat they render in: the chat imports them lazily, so they
 * depend on this shape rather than on the chat's module (no import cycle).
 */
export interface ChatHost extends ReactiveControllerHost, HTMLElement {
  readonly moderate: boolean;
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** The chat's language and messages. */
  readonly i18n: I18n;
}
