import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../test/fixtures.js';
import { snapshot, stubSocketServer } from '../test/fake-socket.js';
import type { LiveShopViewer } from './viewer.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const line = (el: HTMLElement) => root(el).querySelector<HTMLElement>('[part="on-stage"]');
const SERVER = 'https://live.example';

describe('<live-shop-viewer> with co-hosts', () => {
  it('says who is on stage with the host above the video, follows show:stage, and hides the line when the host is alone', async () => {
    const server = stubSocketServer((c) =>
      c.emit('show:state', snapshot({ show: { ...snapshot().show, guestsOnStage: ['Ana'] } })),
    );
    try {
      const el = await fixture<LiveShopViewer>(html`<live-shop-viewer server=${SERVER} show="s1"></live-shop-viewer>`);
      await waitUntil(() => line(el), 'the snapshot names a guest on stage');
      expect(line(el)!.textContent).to.equal('Guests on stage: Ana');
      // Text in the accessibility tree, above the player (not an overlay on the picture).
      expect(line(el)!.closest('[aria-hidden="true"]')).to.equal(null);
      expect(line(el)!.nextElementSibling?.querySelector(':scope > live-shop-player'), 'right above the player').to
        .exist;
      await expect(el).to.be.accessible();

      server.connections[0]!.emit('show:stage', { guestsOnStage: ['Ana', 'Ben'] });
      await waitUntil(() => line(el)?.textContent === 'Guests on stage: Ana, Ben', 'Ben comes on stage');
      server.connections[0]!.emit('show:stage', { guestsOnStage: [] });
      await waitUntil(() => !line(el), 'the host alone again: no line');
      expect(root(el).querySelector('live-shop-player')).to.exist;
    } finally {
      server.restore();
    }
  });

  it('shows no line for a server that predates co-hosts (no guestsOnStage in the show)', async () => {
    const server = stubSocketServer((c) => c.emit('show:state', snapshot()));
    try {
      const el = await fixture<LiveShopViewer>(html`<live-shop-viewer server=${SERVER} show="s1"></live-shop-viewer>`);
      await waitUntil(() => root(el).querySelector('.badge'), 'the snapshot arrives');
      expect(line(el)).to.equal(null);
    } finally {
      server.restore();
    }
  });
});
