import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { FakeClient, message } from '../test/fixtures.js';
import { loadStudio } from '../define.js';
import type { LiveShopChat } from '../chat/chat.js';
import type { LiveShopStudio } from './studio.js';

const root = (el: Element) => el.shadowRoot!;
const buttons = (el: Element) => [...root(el).querySelectorAll('button')].map((b) => b.textContent!.trim());
/** Catalog chunks this page fetched, by module name (`de`, `de.studio`). */
const catalogsFetched = () =>
  performance
    .getEntriesByType('resource')
    .map((e) => /\/i18n\/locales\/([\w.-]+)\.[jt]s/.exec(e.name)?.[1])
    .filter((name) => !!name)
    .sort();

describe('<live-shop-studio> in other languages', () => {
  before(() => loadStudio());

  it('speaks German with its panels and chat (viewer, parts and studio catalogs), strings overriding', async () => {
    const client = new FakeClient({ role: 'host', title: 'Sommer', viewers: 2, chat: [message()] });
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio lang="de" show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    await waitUntil(() => buttons(el).includes('Live gehen'), 'Go live in German');
    expect(buttons(el)).to.include('Show beenden');
    expect(root(el).querySelector('[part="header"]')!.textContent).to.contain('2 schauen zu');
    expect(catalogsFetched()).to.deep.equal(['de', 'de.parts', 'de.studio']);
    el.strings = { goLive: 'Sendung starten' };
    await waitUntil(() => buttons(el).includes('Sendung starten'), 'the override');
    const chat = root(el).querySelector<LiveShopChat>('live-shop-chat')!;
    await waitUntil(
      () =>
        root(chat).querySelector('[part="actions-button"]')?.getAttribute('aria-label') ===
        'Weitere Aktionen für die Nachricht von Ada',
      'the staff actions in German',
    );
  });

  it('mirrors in Arabic', async () => {
    const client = new FakeClient({ role: 'host', title: 'عرض' });
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio lang="ar" show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    await waitUntil(() => buttons(el).includes('ابدأ البث المباشر'), 'Go live in Arabic');
    expect(getComputedStyle(root(el).querySelector('[part="base"]')!).direction).to.equal('rtl');
  });
});
