import { LiveShopViewer } from './viewer/viewer.js';
import { defineElement } from './shared/define-element.js';
import { autoload, loadReactions, loadStudio, provideStageLayout, provideViewerParts } from './shared/parts.js';
import * as viewerParts from './shared/viewer-parts.js';
import * as stageLayout from './viewer/stage-layout.js';

const { LiveShopChat, LiveShopPlayer, LiveShopProductCard } = provideViewerParts(viewerParts);
provideStageLayout(stageLayout);
defineElement('live-shop-viewer', LiveShopViewer);

// The studio (the presenter's page only) and reactions (the viewer loads them itself; this is for a page
// using the tag alone) are loaded and defined when their tag is in the document, or when called. Await
// `customElements.whenDefined('live-shop-studio')` to know when it is ready.
autoload({ 'live-shop-studio': loadStudio, 'live-shop-reactions': loadReactions });

export { loadReactions, loadStudio };
export { LiveShopChat, LiveShopPlayer, LiveShopProductCard, LiveShopViewer };
export { LiveShopClient } from '@live-shop/client';
export { formatPrice, LiveShopError } from '@live-shop/protocol';
// Brings the `live-shop-*` entries of GlobalEventHandlersEventMap along with this entry point's types.
export type { LiveShopEventMap } from './events.js';
