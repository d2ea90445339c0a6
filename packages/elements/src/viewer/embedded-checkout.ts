// Loaded on demand (dynamic import) the first time a server answers with an embedded checkout.

interface EmbeddedCheckout {
  mount(element: HTMLElement): void;
  destroy(): void;
}
interface EmbeddedCheckoutOptions {
  fetchClientSecret: () => Promise<string>;
  onComplete?: () => void;
}
interface StripeLike {
  /** Stripe.js from the "dahlia" release on; `initEmbeddedCheckout` before (e.g. "clover"). */
  createEmbeddedCheckoutPage?: (options: EmbeddedCheckoutOptions) => Promise<EmbeddedCheckout>;
  initEmbeddedCheckout?: (options: EmbeddedCheckoutOptions) => Promise<EmbeddedCheckout>;
}
type StripeFactory = (publishableKey: string) => StripeLike;

const loads = new Map<string, Promise<StripeFactory>>();
const loaded = () => (window as { Stripe?: StripeFactory }).Stripe;

/** Loads Stripe.js once per page (or uses the one the page already has). */
function loadStripe(url: string): Promise<StripeFactory> {
  const ready = loaded();
  if (ready) return Promise.resolve(ready);
  let load = loads.get(url);
  if (!load) {
    load = new Promise<StripeFactory>((resolve, reject) => {
      // A classic script: Stripe.js must come from Stripe's own URL and defines window.Stripe.
      const script = document.createElement('script');
      script.src = url;
      script.onload = () => (loaded() ? resolve(loaded()!) : reject(new Error('Stripe.js did not start')));
      script.onerror = () => (script.remove(), reject(new Error(`Stripe.js could not be loaded from ${url}`)));
      document.head.append(script);
    });
    loads.set(url, load);
    load.catch(() => loads.delete(url)); // the next checkout tries again
  }
  return load;
}

/** Mounts Stripe's embedded Checkout into `element` (which must be in the light DOM). */
export async function mountEmbeddedCheckout(
  stripeJsUrl: string,
  session: { clientSecret: string; publishableKey: string },
  element: HTMLElement,
  onComplete: () => void,
): Promise<EmbeddedCheckout> {
  const stripe = (await loadStripe(stripeJsUrl))(session.publishableKey);
  const create = stripe.createEmbeddedCheckoutPage ?? stripe.initEmbeddedCheckout;
  if (!create) throw new Error('This Stripe.js has no embedded Checkout');
  const checkout = await create.call(stripe, {
    fetchClientSecret: () => Promise.resolve(session.clientSecret),
    onComplete,
  });
  checkout.mount(element);
  return checkout;
}
