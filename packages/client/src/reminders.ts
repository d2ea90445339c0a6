/**
 * Web Push reminders: "tell me when this show goes live". Needs the page's own service worker (the
 * SDK ships one: `/sdk/live-shop-sw.js`), the browser's permission, and a server with LIVE_SHOP_WEB_PUSH on
 * (its key is `show.webPushKey`). Call `subscribeToShowReminders` from a click: browsers only ask for
 * permission during a user gesture.
 */
import { ErrorCode, LiveShopError, PUSH_LIMITS, ReminderRoute, routePath, type ErrorBody } from '@live-shop/protocol';

export interface ShowReminderOptions {
  /** The live-shop server, an absolute URL. */
  server: string;
  show: string;
  /** The server's VAPID public key, base64url (`PublicShow.webPushKey`). */
  publicKey: string;
  /** The service worker's URL on this page's origin (e.g. `/live-shop-sw.js`); its folder is its scope. */
  worker: string;
  /** The page the notification opens (default: this page). */
  url?: string;
  /** The language of the notification's text (default: the document's, else the browser's). */
  lang?: string;
}

/** How long a newly registered worker may take to activate before the attempt counts as failed. */
const ACTIVATE_TIMEOUT_MS = 10_000;

const fail = (code: ErrorCode, message: string) => new LiveShopError(code, message);

/** Throws push_unsupported where Web Push cannot work: no service workers, Push API or notifications, or no secure context. */
function requireSupport(worker: string): URL {
  if (
    typeof window === 'undefined' ||
    !window.isSecureContext ||
    !('serviceWorker' in navigator) ||
    !('PushManager' in window) ||
    !('Notification' in window)
  )
    throw fail(ErrorCode.PushUnsupported, 'This browser cannot receive notifications from this page');
  const url = new URL(worker, location.href);
  // Service workers are same-origin only: a worker on the live-shop server cannot serve the storefront.
  if (url.origin !== location.origin)
    throw fail(ErrorCode.PushUnsupported, `The service worker must be on this page's origin (${location.origin})`);
  return url;
}

/** Resolves once the registration has an active worker (pushManager.subscribe needs one), or rejects after a while. */
function activated(registration: ServiceWorkerRegistration): Promise<ServiceWorker> {
  if (registration.active) return Promise.resolve(registration.active);
  const worker = registration.installing ?? registration.waiting;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the service worker did not activate')), ACTIVATE_TIMEOUT_MS);
    const check = () => {
      if (registration.active) {
        clearTimeout(timer);
        resolve(registration.active);
      } else if (worker?.state === 'redundant') {
        clearTimeout(timer);
        reject(new Error('the service worker failed to install'));
      }
    };
    worker?.addEventListener('statechange', check);
    check();
  });
}

const sameKey = (a: ArrayBuffer | null, b: Uint8Array) =>
  !!a && a.byteLength === b.byteLength && new Uint8Array(a).every((byte, i) => byte === b[i]);

async function send(
  options: { server: string; show: string },
  method: 'POST' | 'DELETE',
  body: unknown,
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(new URL(routePath(ReminderRoute.Push, { id: options.show }), options.server), {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw fail(ErrorCode.PushFailed, "Can't reach the shop right now");
  }
  if (res.ok) return;
  const error = ((await res.json().catch(() => null)) as { error?: ErrorBody } | null)?.error;
  throw fail((error?.code as ErrorCode) ?? ErrorCode.PushFailed, error?.message ?? `HTTP ${res.status}`);
}

/**
 * Asks for permission, subscribes this browser with the show's server key through the page's service
 * worker, and registers the subscription for the show. Rejects with a `LiveShopError`:
 * `push_unsupported`, `push_denied` (the shopper or browser said no), `push_failed` (the worker or the
 * browser's push service failed, or the server is unreachable), or the server's own (`push_unavailable`,
 * `invalid_state` once the show is live, `not_found`, `rate_limited`).
 */
export async function subscribeToShowReminders(options: ShowReminderOptions): Promise<void> {
  const workerUrl = requireSupport(options.worker);
  // First, while the click's user activation still holds: some browsers ask only during one.
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw fail(ErrorCode.PushDenied, 'Notifications are blocked for this site');
  let subscription: PushSubscription;
  try {
    const key = Uint8Array.from(atob(options.publicKey.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const registration = await navigator.serviceWorker.register(workerUrl.href);
    await activated(registration);
    let existing = await registration.pushManager.getSubscription();
    // Made with another server's key: the browser refuses a second key for the same worker until it is dropped.
    if (existing && !sameKey(existing.options.applicationServerKey, key)) {
      await existing.unsubscribe();
      existing = null;
    }
    subscription =
      existing ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }));
  } catch (error) {
    if ((error as Error).name === 'NotAllowedError')
      throw fail(ErrorCode.PushDenied, 'Notifications are blocked for this site');
    throw fail(ErrorCode.PushFailed, `Could not subscribe to notifications: ${(error as Error).message}`);
  }
  const { endpoint, keys } = subscription.toJSON();
  const lang = options.lang ?? (document.documentElement.lang || navigator.language);
  await send(options, 'POST', {
    subscription: { endpoint, keys },
    url: options.url ?? location.href,
    // A tag the server would refuse (`x-pig-latin`, `en_US`) falls back to English rather than failing.
    ...(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(lang) && lang.length <= PUSH_LIMITS.langMax && { lang }),
  });
}

/**
 * Withdraws this browser's reminder for the show. The browser's own push subscription stays: the page
 * may hold reminders for other shows with it. Resolves at once when there is nothing to withdraw.
 */
export async function unsubscribeFromShowReminders(options: Omit<ShowReminderOptions, 'publicKey'>): Promise<void> {
  const workerUrl = requireSupport(options.worker);
  const registration = await navigator.serviceWorker.getRegistration(workerUrl.href);
  const subscription = await registration?.pushManager.getSubscription();
  if (!subscription) return;
  await send(options, 'DELETE', { endpoint: subscription.endpoint });
}
