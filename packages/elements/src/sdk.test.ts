// The /sdk bundle's entry on its own (not define.js): the viewer is defined at once, its parts come
// from their chunk, and the stage waits for them (sdk.autoload.test.ts: a part's tag used alone).
import { expect, waitUntil } from '@open-wc/testing';
import { FakeClient } from './test/fake-client.js';
import { loadViewerParts } from './sdk.js';
import type { LiveShopViewer } from './viewer/viewer.js';

const PARTS = ['live-shop-player', 'live-shop-chat', 'live-shop-product-card'];

describe('the /sdk entry', () => {
  it('defines the viewer at once and loads its parts (and their phone layout) before drawing the stage', async () => {
    expect(customElements.get('live-shop-viewer')).to.exist;
    expect(PARTS.filter((tag) => customElements.get(tag))).to.deep.equal([]);

    const el = document.createElement('live-shop-viewer') as LiveShopViewer;
    const fake = new FakeClient({ title: 'Summer drop', status: 'live' });
    el.show = 's1';
    el.client = fake.asClient;
    el.style.width = '390px';
    document.body.append(el);
    await el.updateComplete;
    const root = el.shadowRoot!;
    const sheets = root.adoptedStyleSheets.length;

    await loadViewerParts();
    await waitUntil(() => root.querySelector('live-shop-player'), 'the stage is drawn once the parts are here');
    expect(PARTS.filter((tag) => customElements.get(tag))).to.deep.equal(PARTS);
    expect(root.adoptedStyleSheets.length, 'the stage and phone layouts adopted').to.equal(sheets + 2);
    expect(root.querySelector('live-shop-chat')).to.exist;
    // The phone layout applies at 390 px: the chat is drawn over the video.
    const player = root.querySelector('live-shop-player')!.getBoundingClientRect();
    const chat = root.querySelector('live-shop-chat')!.getBoundingClientRect();
    expect(chat.top, 'chat over the video').to.be.below(player.bottom);
    expect(chat.bottom).to.be.at.most(player.bottom + 1);
    el.remove();
  });
});
