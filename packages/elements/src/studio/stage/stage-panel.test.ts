import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { FakeClient, product, stubClipboard } from '../../test/fixtures.js';
import { loadStudio } from '../../define.js';
import { formatTime } from '../../shared/utils.js';
import type { LiveShopStudio } from '../studio.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const panel = (el: HTMLElement) => root(el).querySelector<HTMLElement>('[part="guests"]')!;
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const button = (el: HTMLElement, name: string) =>
  [...panel(el).querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? text(b)) === name);

describe('<live-shop-studio> Guests panel links', () => {
  before(() => loadStudio());

  it('lets the host invite a guest: an absolute link shown once with Copy link and when it ends; and revoke one', async () => {
    const client = new FakeClient({ role: 'host', title: 'Summer drop', status: 'live', products: [product()] });
    const { copied, restore } = stubClipboard();
    try {
      const el = await fixture<LiveShopStudio>(
        html`<live-shop-studio server="https://live.example" show="s1" .client=${client.asClient}></live-shop-studio>`,
      );
      expect(panel(el).querySelector('[aria-label="Guest links"]')).to.equal(null, 'no links: no list');
      const label = panel(el).querySelector<HTMLInputElement>('#guest-label')!;
      expect(label.labels?.[0]?.textContent).to.equal('Who is this link for? (optional)');
      label.value = ' Gia ';
      button(el, 'Invite a guest')!.click();
      await waitUntil(() => panel(el).querySelector('#guest-link'), 'the link');
      expect(client.calls[0]).to.deep.equal(['inviteGuest', { label: 'Gia' }]);
      const link = panel(el).querySelector<HTMLInputElement>('#guest-link')!;
      expect(link.labels?.[0]?.textContent).to.equal('Guest link for Gia');
      expect(link.value).to.match(/^https:\/\/live\.example\/studio\?show=s1#token=guest-token-/);
      expect(label.value).to.equal('');
      const until = formatTime(client.state.guestLinks[0]!.expiresAt);
      expect(text(panel(el).querySelector('.invite .hint'))).to.equal(
        `Anyone with this link can join your stage (camera and microphone only) until ${until}: send it privately. It is shown only now.`,
      );
      button(el, 'Copy link')!.click();
      await waitUntil(() => copied.length);
      expect(copied).to.deep.equal([link.value]);
      await waitUntil(() => text(panel(el).querySelector('.status')) === 'Link copied');

      const row = panel(el).querySelector('[aria-label="Guest links"] li')!;
      expect([text(row.querySelector('.who')), text(row.querySelector('.what'))]).to.deep.equal([
        'Gia',
        `until ${until}`,
      ]);
      button(el, 'Revoke guest link Gia')!.click();
      await waitUntil(() => client.calls.length === 2);
      expect(client.calls[1]).to.deep.equal(['revokeGuest', client.state.guestLinks[0]!.id]);
    } finally {
      restore();
    }
  });
});
