import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { FakeClient, product } from '../test/fixtures.js';
import type { LiveShopChat } from '../chat/chat.js';
import type { LiveShopProductCard } from '../product-card/product-card.js';
import type { LiveShopViewer } from '../viewer/viewer.js';
import '../define.js';
import { resolveLocale } from './controller.js';
import { LOCALES, load, negotiate, translate, type Bundle, type Message } from './i18n.js';
import { partsBundle } from './parts-bundle.js';
import { studioBundle } from './studio-bundle.js';
import { viewerBundle } from './viewer-bundle.js';

const root = (el: Element) => el.shadowRoot!;
/** Catalog chunks this page fetched (`…/i18n/locales/de.ts` in tests, `i18n-de-….js` in the CDN bundle). */
const catalogsFetched = () =>
  performance
    .getEntriesByType('resource')
    .map((e) => /\/i18n\/locales\/([\w.-]+)\.[jt]s/.exec(e.name)?.[1])
    .filter((name) => !!name);
const buyButton = (card: Element) => root(card).querySelector<HTMLButtonElement>('[part="buy-button"]')!;
const textOf = (el: Element, part: string) => root(el).querySelector(`[part="${part}"]`)?.textContent?.trim();

function card(lang = '', over = {}) {
  return fixture<LiveShopProductCard>(
    html`<live-shop-product-card lang=${lang} .product=${product(over)}></live-shop-product-card>`,
  );
}

function viewer(lang: string, client = new FakeClient({ title: 'Show', status: 'live', viewers: 1234 })) {
  return fixture<LiveShopViewer>(
    html`<live-shop-viewer lang=${lang} show="s1" .client=${client.asClient}></live-shop-viewer>`,
  );
}

/** `{name}` params of a message, all plural forms together. */
const params = (m: Message) =>
  [
    ...new Set([...(typeof m === 'string' ? m : Object.values(m).join(' ')).matchAll(/\{(\w+)\}/g)].map((x) => x[1])),
  ].sort();

describe('i18n', () => {
  // First: nothing else in this page has asked for a catalog yet.
  it('loads no catalog for English, and only the shopper-side catalogs of the locale in use', async () => {
    const el = await viewer('en');
    expect(textOf(el, 'header')).to.contain('1,234 watching');
    expect(catalogsFetched()).to.deep.equal([]);
    const de = await card('de');
    await waitUntil(() => buyButton(de).textContent!.trim() === 'Jetzt kaufen', 'German card');
    expect(catalogsFetched().sort()).to.deep.equal(['de', 'de.parts']);
  });

  it('has every English key in every catalog, no other key, and the same params', async () => {
    for (const bundle of [viewerBundle, partsBundle, studioBundle])
      for (const locale of LOCALES.filter((l) => l !== 'en')) {
        const { default: catalog } = await bundle.load(locale as Exclude<typeof locale, 'en'>);
        const where = `${bundle.name} ${locale}`;
        expect(Object.keys(catalog).sort(), where).to.deep.equal(Object.keys(bundle.en).sort());
        for (const [key, message] of Object.entries(bundle.en))
          expect(params(catalog[key]!), `${where} ${key}`).to.deep.equal(params(message));
      }
  });

  it('gives each key one home: no key in two of the viewer, parts and studio bundles', () => {
    const keys = [viewerBundle, partsBundle, studioBundle].flatMap((b) => Object.keys(b.en));
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).to.deep.equal([]);
  });

  it('negotiates exact tag, then language, else nothing', () => {
    expect(negotiate(['pt-BR'])).to.equal('pt-BR');
    expect(negotiate(['pt'])).to.equal('pt-BR');
    expect(negotiate(['pt-PT'])).to.equal('pt-BR');
    expect(negotiate(['de-AT'])).to.equal('de');
    expect(negotiate(['zh-CN', 'fr-CA'])).to.equal('fr');
    expect(negotiate(['zh-CN'])).to.equal(undefined);
  });

  it('takes the element lang, else the nearest lang ancestor (across shadow roots), else the page, else the browser', async () => {
    const html_ = document.documentElement;
    const before = html_.getAttribute('lang');
    try {
      html_.removeAttribute('lang');
      const wrap = await fixture<HTMLDivElement>(html`<div><live-shop-product-card></live-shop-product-card></div>`);
      const el = wrap.firstElementChild!;
      expect(resolveLocale(el)).to.equal(negotiate(navigator.languages) ?? 'en');
      html_.lang = 'ja';
      expect(resolveLocale(el)).to.equal('ja');
      wrap.lang = 'es-MX';
      expect(resolveLocale(el)).to.equal('es');
      el.setAttribute('lang', 'fr');
      expect(resolveLocale(el)).to.equal('fr');
      // An unsupported page language is English, not the browser's.
      el.setAttribute('lang', 'zh');
      expect(resolveLocale(el)).to.equal('en');
      // Parts inside an element's shadow root follow the element.
      const v = await viewer('de');
      const chat = root(v).querySelector('live-shop-chat')!;
      expect(resolveLocale(chat)).to.equal('de');
    } finally {
      if (before === null) html_.removeAttribute('lang');
      else html_.setAttribute('lang', before);
    }
  });

  it('re-renders when lang changes on the element or the page', async () => {
    const el = await card('fr');
    await waitUntil(() => buyButton(el).textContent!.trim() === 'Acheter', 'French');
    el.setAttribute('lang', 'es');
    await waitUntil(() => buyButton(el).textContent!.trim() === 'Comprar ahora', 'Spanish after lang changed');
    const html_ = document.documentElement;
    const before = html_.getAttribute('lang');
    try {
      el.removeAttribute('lang');
      html_.lang = 'pt-BR';
      await waitUntil(() => buyButton(el).textContent!.trim() === 'Comprar agora', 'the page language');
    } finally {
      if (before === null) html_.removeAttribute('lang');
      else html_.setAttribute('lang', before);
    }
  });

  it('falls back to English for a key a catalog lacks', async () => {
    const bundle: Bundle = {
      name: 'fallback-test',
      en: { hello: 'Hello {name}', bye: 'Goodbye' },
      load: () => Promise.resolve({ default: { hello: 'Hallo {name}' } }),
    };
    await new Promise<void>((done) => load([bundle], 'de', done));
    expect(translate('hello', { name: 'Ana' }, 'de', [bundle])).to.equal('Hallo Ana');
    expect(translate('bye', undefined, 'de', [bundle])).to.equal('Goodbye');
  });

  it('lets strings override any catalog, on the element and on the parts it renders', async () => {
    const client = new FakeClient({
      title: 'Show',
      status: 'live',
      products: [product()],
      pins: { productIds: [product().id], at: 1 },
    });
    const el = await viewer('de', client);
    el.strings = { buyNow: 'In den Korb', send: 'Posten' };
    const chat = () => root(el).querySelector<LiveShopChat>('live-shop-chat')!;
    const shown = () => root(el).querySelector('live-shop-product-card')!;
    await waitUntil(() => shown() && buyButton(shown()).textContent!.trim() === 'In den Korb', 'card override');
    await waitUntil(() => textOf(chat(), 'send-button') === 'Posten', 'chat override');
    // Everything else still speaks German.
    await waitUntil(() => textOf(el, 'header')!.includes('Live'), 'header');
    expect(root(chat()).querySelector('input#text')!.getAttribute('placeholder')).to.equal('Schreib etwas…');
    // The attribute form: JSON.
    const alone = await fixture<LiveShopProductCard>(
      html`<live-shop-product-card strings='{"buyNow":"Add to bag"}' .product=${product()}></live-shop-product-card>`,
    );
    expect(buyButton(alone).textContent!.trim()).to.equal('Add to bag');
  });

  it('formats prices and counts the locale’s way', async () => {
    const de = await card('de', { price: { amount: 4900, currency: 'EUR' }, stock: 3 });
    await waitUntil(() => textOf(de, 'stock') === 'Nur noch 3 verfügbar', 'German');
    expect(textOf(de, 'price')).to.equal('49,00\u00a0€');
    const ja = await card('ja', { price: { amount: 1500, currency: 'JPY' } });
    await waitUntil(() => buyButton(ja).textContent!.trim() === '今すぐ購入', 'Japanese');
    expect(textOf(ja, 'price')).to.equal('￥1,500');
    const v = await viewer('de');
    await waitUntil(() => textOf(v, 'header')!.includes('1.234 schauen zu'), 'German count');
    v.lang = 'ja';
    await waitUntil(() => textOf(v, 'header')!.includes('1,234人が視聴中'), 'Japanese count');
    // Arabic has six plural forms: two viewers are the dual.
    const two = await viewer('ar', new FakeClient({ title: 'Show', status: 'live', viewers: 2 }));
    await waitUntil(() => textOf(two, 'header')!.includes('مشاهدان'), 'Arabic dual');
  });

  it('mirrors the viewer in Arabic: dir rtl, overlay cards in the start (right) corner', async function () {
    this.timeout(20000);
    const client = () =>
      new FakeClient({
        title: 'Show',
        status: 'live',
        products: [product()],
        pins: { productIds: [product().id], at: 1 },
      });
    const boxes = async (lang: string) => {
      const el = await fixture<LiveShopViewer>(
        html`<div style="width: 1000px"><live-shop-viewer lang=${lang} show="s1" .client=${client().asClient}></live-shop-viewer></div>`,
      ).then((d) => d.firstElementChild as LiveShopViewer);
      await waitUntil(() => root(el).querySelector('live-shop-product-card'), 'a card');
      const stage = root(el).querySelector('[part="stage"]')!.getBoundingClientRect();
      const products = root(el).querySelector('[part="products"]')!.getBoundingClientRect();
      return { el, stage, products };
    };
    const ltr = await boxes('en');
    expect(ltr.products.left - ltr.stage.left).to.be.closeTo(12, 2);
    const rtl = await boxes('ar');
    expect(rtl.el.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(root(rtl.el).querySelector('[part="base"]')!).direction).to.equal('rtl');
    expect(rtl.stage.right - rtl.products.right).to.be.closeTo(12, 2);
    await waitUntil(() => textOf(rtl.el, 'header')!.includes('مباشر'), 'Arabic header');
  });
});
