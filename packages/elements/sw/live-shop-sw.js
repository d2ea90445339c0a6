/*
 * live-shop's service worker: shows the Web Push reminder a live-shop server sends when a show goes
 * live, and opens (or focuses) the shop's page when it is tapped. Serve it from your storefront's own
 * origin: copy this file there, or serve a one-line worker that imports it from your live-shop server:
 *   importScripts('https://live.example.com/sdk/live-shop-sw.js');
 * Payload (JSON, encrypted by the server): {title, body, url, showId, icon?}.
 */
'use strict';

// Imported outside a worker (a server build walking the package's files): there is nothing to listen to.
const worker = typeof self === 'undefined' ? null : self;

worker?.addEventListener('push', (event) => {
  let data;
  try {
    data = (event.data && event.data.json()) || {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const text = (value) => (typeof value === 'string' ? value : '');
  // userVisibleOnly: every push must show a notification, even a malformed one.
  const title = text(data.title) || new URL(self.registration.scope).hostname;
  event.waitUntil(
    self.registration.showNotification(title, {
      body: text(data.body),
      icon: text(data.icon) || undefined,
      // One notification per show: a repeat replaces it instead of stacking.
      tag: data.showId ? `live-shop:${data.showId}` : undefined,
      data: { url: text(data.url) },
    }),
  );
});

/** The page to open: the reminder's own when it is on this origin, else the worker's scope (never another site). */
function pageOf(notification) {
  const scope = self.registration.scope;
  try {
    const url = new URL((notification.data && notification.data.url) || scope, scope);
    return url.origin === new URL(scope).origin ? url.href : scope;
  } catch {
    return scope;
  }
}

worker?.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = pageOf(event.notification);
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((tabs) => {
      const open = tabs.find((tab) => tab.url === url && 'focus' in tab);
      return open ? open.focus() : self.clients.openWindow(url);
    }),
  );
});
