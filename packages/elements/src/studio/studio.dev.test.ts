import { expect, fixture, html, waitUntil } from '@open-wc/testing';
// What the docs allow: the package index, and only the studio registered by the page (no define.js).
import { LiveShopStudio } from '../index.js';
import { liveServer } from '../test/live-server.js';

const root = (el: Element) => el.shadowRoot!;

describe('<live-shop-studio> registered alone', () => {
  it('defines the chat it renders, so the presenter can read and write in it', async () => {
    expect(customElements.get('live-shop-chat'), 'nothing else registered before').to.equal(undefined);
    customElements.define('live-shop-studio', LiveShopStudio);
    const server = await liveServer();
    const show = await server.createShow();
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio server=${server.url} show=${show.id} token=${show.hostToken}></live-shop-studio>`,
    );
    await waitUntil(() => root(el).querySelector('[part="header"] .viewers'), 'the studio connects', { timeout: 8000 });
    const chat = root(el).querySelector('live-shop-chat')!;
    expect(customElements.get('live-shop-chat'), 'the chat is defined').to.not.equal(undefined);
    await waitUntil(() => chat.shadowRoot?.querySelector('[part="send-button"]'), 'the chat renders');
    expect(root(chat).querySelector('[part="send-button"]')!.textContent!.trim()).to.equal('Send');
    expect(chat.getBoundingClientRect().height, 'a chat, not an empty box').to.be.greaterThan(100);
  });
});
