import { defineElement } from '../shared/define-element.js';

let loading: Promise<void> | null = null;

/**
 * Defines `live-shop-reactions` from its own chunk: only a live show with reactions on draws them, so
 * the viewer's first load does not carry them. Resolves once the tag is defined.
 */
export function loadReactions(): Promise<void> {
  return (loading ??= import('./reactions.js').then(({ LiveShopReactions }) =>
    defineElement('live-shop-reactions', LiveShopReactions),
  ));
}
