import { currencyDigits, type Product, type PublicShow, type ShowListItem } from '@live-shop/protocol';
import { escapeHtml } from '../http/html.js';
import { absolute, showImage } from './list.js';

// Server-rendered public pages: a show (link previews, search engines, the viewer) and the list of shows.

/** JSON for an inline <script>: `<`, `>`, `&` and line separators escaped, so no text can close the element. */
export const inlineJson = (value: unknown) =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const decimal = ({ amount, currency }: Product['price']) => {
  const digits = currencyDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
};

const iso = (ms: number | null | undefined) => (ms == null ? undefined : new Date(ms).toISOString());

/** schema.org: the show as an online Event with its broadcast, and its products with their offers. */
export function showJsonLd(show: PublicShow, pageUrl: string, origin: string): object {
  const start = iso(show.startsAt ?? (show.status === 'scheduled' ? null : show.statusAt));
  const image = absolute(
    origin,
    showImage(
      { trailer: show.trailer ?? null },
      show.products.map((p) => p.imageUrl),
    ),
  );
  const products = show.products.map((p) => ({
    '@type': 'Product',
    '@id': `${pageUrl}#product-${p.id}`,
    name: p.title,
    ...(p.description && { description: p.description }),
    ...(p.imageUrl && { image: absolute(origin, p.imageUrl) }),
    offers: {
      '@type': 'Offer',
      price: decimal(p.price),
      priceCurrency: p.price.currency,
      availability: `https://schema.org/${p.stock === 0 ? 'SoldOut' : 'InStock'}`,
      url: pageUrl,
    },
  }));
  const event = {
    '@type': 'Event',
    '@id': `${pageUrl}#event`,
    name: show.title,
    ...(show.description && { description: show.description }),
    ...(image && { image }),
    url: pageUrl,
    ...(start && { startDate: start }),
    eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
    eventStatus: 'https://schema.org/EventScheduled',
    location: { '@type': 'VirtualLocation', url: pageUrl },
    subEvent: {
      '@type': 'BroadcastEvent',
      isLiveBroadcast: true,
      ...(start && { startDate: start }),
      ...(show.status === 'ended' && { endDate: iso(show.statusAt) }),
      url: pageUrl,
      publishedOn: { '@type': 'BroadcastService', url: origin },
    },
    ...(products.length && { workFeatured: products.map((p) => ({ '@id': p['@id'] })) }),
  };
  return { '@context': 'https://schema.org', '@graph': [event, ...products] };
}

const PAGE_STYLE = `body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1d1d1f;background:#fafafa}
main{max-inline-size:60rem;margin-inline:auto;padding:1.5rem 1rem}h1{margin-block:0 .5rem}
.desc{white-space:pre-line}live-shop-viewer{display:block;margin-block:1rem}
ul.shows{list-style:none;padding:0;display:grid;gap:1rem}ul.shows a{font-weight:600}time{color:#555}`;

function page(head: string, body: string, lang = 'en'): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${head}
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** `GET /shows/:id`: meta tags for link previews, JSON-LD, and the viewer (the pre-live screen until the show starts). */
export function renderShowPage(show: PublicShow, pageUrl: string, origin: string): string {
  const title = escapeHtml(show.title);
  const summary = (show.description ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);
  const description = escapeHtml(summary);
  const image = absolute(
    origin,
    showImage(
      { trailer: show.trailer ?? null },
      show.products.map((p) => p.imageUrl),
    ),
  );
  const head = [
    `<title>${title}</title>`,
    `<meta name="description" content="${description}">`,
    `<link rel="canonical" href="${escapeHtml(pageUrl)}">`,
    `<meta property="og:type" content="video.other">`,
    `<meta property="og:title" content="${title}">`,
    `<meta property="og:description" content="${description}">`,
    `<meta property="og:url" content="${escapeHtml(pageUrl)}">`,
    ...(image ? [`<meta property="og:image" content="${escapeHtml(image)}">`] : []),
    `<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}">`,
    `<meta name="twitter:title" content="${title}">`,
    `<meta name="twitter:description" content="${description}">`,
    ...(image ? [`<meta name="twitter:image" content="${escapeHtml(image)}">`] : []),
    `<script type="application/ld+json">${inlineJson(showJsonLd(show, pageUrl, origin))}</script>`,
    `<script type="module" src="/sdk/live-shop.js"></script>`,
  ].join('\n');
  const body = `<h1>${title}</h1>
<live-shop-viewer show="${escapeHtml(show.id)}"></live-shop-viewer>
${summary ? `<p class="desc">${escapeHtml(show.description ?? '')}</p>` : ''}
<p><a href="/shows">All shows</a> · <a href="/api/shows/${encodeURIComponent(show.id)}/calendar.ics" download>Add to calendar</a></p>`;
  return page(head, body);
}

const listEntry = (show: ShowListItem) => {
  const when = show.startsAt ?? (show.status === 'ended' ? show.statusAt : null);
  return `<li><a href="/shows/${encodeURIComponent(show.id)}">${escapeHtml(show.title)}</a>${
    when === null ? '' : ` <time datetime="${new Date(when).toISOString()}">${new Date(when).toUTCString()}</time>`
  }</li>`;
};

/** `GET /shows`: upcoming shows (and those on air), then past ones; `next` links the following page. */
export function renderShowsPage(shows: readonly ShowListItem[], next: string | null): string {
  const upcoming = shows.filter((s) => s.status !== 'ended');
  const past = shows.filter((s) => s.status === 'ended');
  const section = (heading: string, list: readonly ShowListItem[]) =>
    list.length ? `<h2>${heading}</h2>\n<ul class="shows">${list.map(listEntry).join('\n')}</ul>` : '';
  const body = `<h1>Shows</h1>
${section('Upcoming', upcoming)}
${section('Past shows', past)}
${shows.length ? '' : '<p>No shows yet.</p>'}
${next ? `<p><a href="/shows?cursor=${encodeURIComponent(next)}" rel="next">More shows</a></p>` : ''}`;
  return page('<title>Shows</title>\n<meta name="description" content="Upcoming and past live shows.">', body);
}
