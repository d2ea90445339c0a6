import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow } from '@live-shop/protocol';
import ICAL from 'ical.js';
import { startHarness, type Harness } from '../testing/harness.js';

const START = Date.UTC(2031, 4, 17, 18, 30);
const HOSTILE = 'Kettles, mugs; & more \\ 🫖☕ </script><script>alert(1)</script> "quoted" <b>bold</b>';
const LONG = `First line, with a comma; and a semicolon.\n${'Ünïcödé ☕ long words '.repeat(30)}\nLast line \\ done`;

/** The first `<script type="application/ld+json">` of a page, parsed. */
const jsonLd = (html: string) => {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(match, 'JSON-LD present');
  return JSON.parse(match[1]!) as { '@graph': Array<Record<string, any>> };
};
const meta = (html: string, attr: string, name: string) =>
  new RegExp(`<meta ${attr}="${name.replace(/[.+]/g, '\\$&')}" content="([^"]*)">`).exec(html)?.[1];

describe('calendar file and public show page', () => {
  let h: Harness;
  let show: CreatedShow;
  before(async () => {
    h = await startHarness();
    show = await h.createShow({
      title: HOSTILE,
      description: LONG,
      startsAt: START,
      products: [
        { title: 'Kettle', price: { amount: 6400, currency: 'USD' }, imageUrl: '/demo/kettle.svg', stock: 3 },
        { title: 'Yen cup', price: { amount: 1500, currency: 'JPY' }, stock: 0 },
      ],
    });
  });
  after(() => h.close());

  it('GET /api/shows/:id/calendar.ics is RFC 5545 that ical.js reads back exactly', async () => {
    const res = await h.api('GET', `/api/shows/${show.id}/calendar.ics`, { admin: false });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/calendar/);
    assert.match(res.headers.get('content-disposition')!, /attachment; filename="show-.+\.ics"/);
    const raw = Buffer.from(res.text);
    const lines = res.text.split('\r\n');
    assert.equal(lines.at(-1), '', 'ends with CRLF');
    assert.ok(!/[^\r]\n/.test(res.text), 'every line break is CRLF');
    for (const line of lines) assert.ok(Buffer.byteLength(line) <= 75, `folded: ${line}`);
    assert.ok(raw.includes('\r\n '), 'long lines were folded');
    assert.match(res.text, /DTSTART:20310517T183000Z\r\n/);
    assert.match(res.text, /DTEND:20310517T193000Z\r\n/);
    assert.match(res.text, /DTSTAMP:\d{8}T\d{6}Z\r\n/);

    const calendar = new ICAL.Component(ICAL.parse(res.text));
    assert.match(String(calendar.getFirstPropertyValue('prodid')), /live-shop/);
    assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    assert.equal(event.summary, HOSTILE);
    assert.equal(event.description, LONG);
    assert.equal(event.startDate.toJSDate().getTime(), START);
    assert.equal(event.endDate.toJSDate().getTime(), START + 3_600_000);
    assert.equal(event.startDate.zone?.tzid, 'UTC');
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    assert.equal(vevent.getFirstPropertyValue('url'), `${h.url}/shows/${show.id}`);
    const again = new ICAL.Component(
      ICAL.parse((await h.api('GET', `/api/shows/${show.id}/calendar.ics`, { admin: false })).text),
    );
    assert.equal(event.uid, new ICAL.Event(again.getFirstSubcomponent('vevent')!).uid, 'UID stable per show');
    assert.match(event.uid, new RegExp(show.id));
  });

  it('calendar.ics: not_found for an unknown show, invalid_state for one without a start time', async () => {
    const missing = await h.api('GET', '/api/shows/nope/calendar.ics', { admin: false });
    assert.deepEqual([missing.status, missing.json.error.code], [404, 'not_found']);
    const undated = await h.createShow({ title: 'Someday' });
    const res = await h.api('GET', `/api/shows/${undated.id}/calendar.ics`, { admin: false });
    assert.deepEqual([res.status, res.json.error.code], [409, 'invalid_state']);
  });

  it('GET /shows/:id: escaped title and meta, Open Graph, Twitter card, the viewer embedded', async () => {
    const res = await h.api('GET', `/shows/${show.id}`, { admin: false });
    assert.equal(res.status, 200);
    assert.ok(!res.text.includes('<script>alert(1)'), 'no injected script');
    assert.ok(!res.text.includes('<b>bold</b>'), 'no injected markup');
    assert.ok(!res.text.includes(show.hostToken));
    const escaped = HOSTILE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    assert.ok(res.text.includes(`<title>${escaped}</title>`));
    assert.equal(meta(res.text, 'property', 'og:title'), escaped);
    assert.equal(meta(res.text, 'property', 'og:type'), 'video.other');
    assert.equal(meta(res.text, 'property', 'og:url'), `${h.url}/shows/${show.id}`);
    assert.equal(meta(res.text, 'property', 'og:image'), `${h.url}/demo/kettle.svg`, 'first product image');
    assert.equal(meta(res.text, 'name', 'twitter:card'), 'summary_large_image');
    assert.match(meta(res.text, 'name', 'description')!, /^First line, with a comma; and a semicolon\. Ünïcödé/);
    assert.equal(res.text.match(/<script type="module" src="\/sdk\/live-shop\.js"><\/script>/g)?.length, 1);
    assert.ok(res.text.includes(`<live-shop-viewer show="${show.id}"></live-shop-viewer>`));
  });

  it('GET /shows/:id: JSON-LD Event with its broadcast and products, safe against </script>', async () => {
    const res = await h.api('GET', `/shows/${show.id}`, { admin: false });
    // Exactly two script elements: the data block cannot be closed early by the title.
    assert.equal(res.text.match(/<\/script>/g)?.length, 2);
    const graph = jsonLd(res.text)['@graph'];
    const event = graph.find((n) => n['@type'] === 'Event')!;
    assert.equal(event.name, HOSTILE);
    assert.equal(event.description, LONG);
    assert.equal(event.startDate, new Date(START).toISOString());
    assert.equal(event.eventAttendanceMode, 'https://schema.org/OnlineEventAttendanceMode');
    assert.equal(event.eventStatus, 'https://schema.org/EventScheduled');
    assert.deepEqual(event.location, { '@type': 'VirtualLocation', url: `${h.url}/shows/${show.id}` });
    assert.equal(event.subEvent['@type'], 'BroadcastEvent');
    assert.equal(event.subEvent.isLiveBroadcast, true);
    assert.equal(event.subEvent.startDate, new Date(START).toISOString());
    assert.equal(event.subEvent.publishedOn['@type'], 'BroadcastService');
    const products = graph.filter((n) => n['@type'] === 'Product');
    assert.deepEqual(
      products.map((p) => [p.name, p.offers.price, p.offers.priceCurrency, p.offers.availability]),
      [
        ['Kettle', '64.00', 'USD', 'https://schema.org/InStock'],
        ['Yen cup', '1500', 'JPY', 'https://schema.org/SoldOut'],
      ],
    );
    assert.equal(products[0]!.image, `${h.url}/demo/kettle.svg`);
  });

  it('GET /shows/:id prefers the trailer image for og:image; unknown show is 404', async () => {
    const trailer = { url: 'https://cdn.example/t.jpg?a=1&b=2', kind: 'image' } as const;
    const withTrailer = await h.createShow({ title: 'T', trailer });
    const res = await h.api('GET', `/shows/${withTrailer.id}`, { admin: false });
    assert.equal(meta(res.text, 'property', 'og:image'), 'https://cdn.example/t.jpg?a=1&amp;b=2');
    assert.equal((await h.api('GET', '/shows/nope', { admin: false })).status, 404);
  });
});
