// The /sdk bundle's entry on a page that uses a part's tag alone, without a viewer.
import { expect } from '@open-wc/testing';
import './sdk.js';

describe('the /sdk entry, a part alone', () => {
  it('defines live-shop-chat once its tag is added to the page', async () => {
    expect(customElements.get('live-shop-chat')).to.equal(undefined);
    const chat = document.createElement('live-shop-chat');
    document.body.append(chat);
    await customElements.whenDefined('live-shop-chat');
    expect(chat.shadowRoot, 'upgraded and rendered').to.exist;
    chat.remove();
  });
});
