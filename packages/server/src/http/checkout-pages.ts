import { CheckoutReturnParam, formatPrice, LiveShopError } from '@live-shop/protocol';
import express, { Router, type RequestHandler, type Response } from 'express';
import { LOCAL_CHECKOUT_PATH, type LocalCheckoutDisplay, type LocalCheckoutProvider } from '../checkout/local.js';
import type { LocalCheckoutSession } from '../store/store.js';
import { escapeHtml } from './html.js';
import { checkoutPageHeaders } from './security.js';

const STYLE = `
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; font: 16px/1.5 system-ui, sans-serif; background: #f4efe8; color: #2b2118; }
  main { background: #fff; border-radius: 16px; padding: 1.5rem 2rem 2rem; width: min(26rem, calc(100vw - 2rem)); box-sizing: border-box; box-shadow: 0 10px 30px #0000001a; }
  .test { margin: 0 0 1rem; padding: .4rem .75rem; border-radius: 8px; background: #fff3c4; color: #5c4300; font-size: .85rem; font-weight: 600; }
  .show { margin: 0; color: #6b5b4b; font-size: .9rem; }
  h1 { font-size: 1.25rem; margin: .25rem 0 1rem; }
  .item { display: flex; gap: 1rem; align-items: center; }
  .item img { width: 72px; height: 72px; object-fit: cover; border-radius: 10px; background: #f4efe8; }
  dl { display: grid; grid-template-columns: 1fr auto; gap: .25rem 1rem; margin: 1rem 0; }
  dt { color: #6b5b4b; } dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
  .total { font-weight: 700; font-size: 1.1rem; color: inherit; }
  .actions { display: flex; gap: .75rem; }
  button { flex: 1; font: inherit; font-weight: 600; padding: .7rem 1rem; border-radius: 10px; border: 1px solid #2b2118; cursor: pointer; }
  .pay { background: #2b2118; color: #fff; } .cancel { background: #fff; color: #2b2118; }
  button:focus-visible { outline: 3px solid #e0a100; outline-offset: 2px; }
  .note { color: #6b5b4b; font-size: .85rem; margin-top: 1rem; }
  s { color: #6b5b4b; margin-inline-end: .4rem; }
  .coupon { display: flex; gap: .5rem; margin: 0 0 1rem; align-items: end; }
  .coupon label { flex: 1; display: grid; font-size: .85rem; color: #6b5b4b; }
  .coupon input { font: inherit; padding: .5rem .6rem; border-radius: 8px; border: 1px solid #6b5b4b; }
  .coupon button { flex: 0 0 auto; background: #fff; color: #2b2118; }
  .error { color: #a4161a; font-size: .9rem; margin: 0 0 1rem; }
  a { color: inherit; }`;

/**
 * `test`: the local test checkout's banner; the return page after a real Stripe payment has none.
 * `returnTo`: where its forms' redirects may lead (the CSP's form-action). No Referer leaves these pages (securityHeaders).
 */
function page(
  res: Response,
  title: string,
  body: string,
  status = 200,
  test = true,
  returnTo: readonly string[] = [],
): void {
  checkoutPageHeaders(res.req, res, returnTo);
  res.status(status).type('html').set('Cache-Control', 'no-store').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
${test ? '<p class="test" role="note">Test checkout — no real payment is taken. Set STRIPE_SECRET_KEY for real payments.</p>\n' : ''}${body}
</main></body></html>`);
}

const money = (amount: number, currency: string) => escapeHtml(formatPrice({ amount, currency }, 'en-US'));

/** Where Pay leads, said on the page: the shopper sees the destination before leaving. */
const returnsTo = (url: string) => (url.startsWith('/') ? 'this show' : new URL(url).host);

function checkoutPage(res: Response, session: LocalCheckoutSession, now: number, error?: string): void {
  const d = session.data.display as LocalCheckoutDisplay;
  const total = money(d.unitAmount * d.quantity - (d.discount ?? 0), d.currency);
  // Flash deal and coupon (issue 15): the struck list price, the discount line, the code field.
  const listPrice = d.listAmount ? `<s aria-label="List price">${money(d.listAmount, d.currency)}</s>` : '';
  const discount = d.discount
    ? `<dt>Coupon ${escapeHtml(d.coupon ?? '')}</dt><dd>−${money(d.discount, d.currency)}</dd>`
    : '';
  const minutes = Math.max(1, Math.round((session.expiresAt - now) / 60_000));
  const action = `${LOCAL_CHECKOUT_PATH}/${encodeURIComponent(session.id)}`;
  page(
    res,
    `Checkout — ${d.title}`,
    `<p class="show">${escapeHtml(d.showTitle)}</p>
<h1>Checkout</h1>
<div class="item">
  ${d.imageUrl ? `<img src="${escapeHtml(d.imageUrl)}" alt="">` : ''}
  <strong>${escapeHtml(d.title)}</strong>
</div>
<dl>
  <dt>${d.listAmount ? 'Deal price' : 'Price'}</dt><dd>${listPrice}${money(d.unitAmount, d.currency)}</dd>
  <dt>Quantity</dt><dd>${d.quantity}</dd>
  ${discount}
  <dt class="total">Total</dt><dd class="total">${total}</dd>
</dl>
<form class="coupon" method="post" action="${action}/coupon">
  <label>Coupon code<input name="code" autocomplete="off" maxlength="40" required></label>
  <button type="submit">Apply</button>
</form>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<div class="actions">
  <form method="post" action="${action}/cancel" style="display:contents"><button class="cancel" type="submit">Cancel</button></form>
  <form method="post" action="${action}/pay" style="display:contents"><button class="pay" type="submit">Pay ${total}</button></form>
</div>
<p class="note">Your item is held for about ${minutes} min. Afterwards you return to ${escapeHtml(returnsTo(session.successUrl))}.</p>`,
    error ? 400 : 200,
    true,
    [session.successUrl],
  );
}

function closedPage(res: Response, session: LocalCheckoutSession): void {
  const back = `<p><a href="${escapeHtml(session.status === 'complete' ? session.successUrl : session.cancelUrl)}">Back to the show</a></p>`;
  if (session.status === 'complete') page(res, 'Paid', `<h1>Paid — thank you!</h1>${back}`);
  else
    page(
      res,
      'Checkout expired',
      `<h1>This checkout has expired</h1><p>Go back to the show and press Buy now again.</p>${back}`,
      410,
    );
}

/** Where the shopper lands when the storefront passed no return URL: Stripe sends them here too. */
export function checkoutReturnPage(test: boolean): RequestHandler {
  return (req, res) => {
    const paid = req.query[CheckoutReturnParam.Status] === 'success';
    page(
      res,
      paid ? 'Thanks for your order' : 'Checkout cancelled',
      paid
        ? '<h1>Thanks for your order!</h1><p>You can close this tab and keep watching the show.</p>'
        : '<h1>Checkout cancelled</h1><p>Nothing was charged. You can close this tab and keep watching the show.</p>',
      200,
      test,
    );
  };
}

/** The local provider's test checkout: `GET /checkout/:session`, **Pay** and **Cancel**. */
export function localCheckoutRouter(local: LocalCheckoutProvider, now: () => number = Date.now): Router {
  const router = Router();

  router.get(`${LOCAL_CHECKOUT_PATH}/:session`, async (req, res) => {
    const session = await local.session(req.params.session);
    if (!session)
      return page(
        res,
        'Checkout not found',
        '<h1>Checkout not found</h1><p>This link is not a checkout on this server.</p>',
        404,
      );
    if (session.status === 'open' && session.expiresAt <= now()) await local.expire(session.id);
    const current = (await local.session(session.id))!;
    if (current.status !== 'open') return closedPage(res, current);
    checkoutPage(res, current, now());
  });

  router.post(`${LOCAL_CHECKOUT_PATH}/:session/pay`, async (req, res) => {
    const result = await local.pay(req.params.session);
    if (!result) return page(res, 'Checkout not found', '<h1>Checkout not found</h1>', 404);
    if (result.outcome === 'closed') return closedPage(res, result.session);
    res.redirect(303, result.redirect);
  });

  // The coupon code field (issue 15): validated by the server; the page shows the new total or why not.
  router.post(
    `${LOCAL_CHECKOUT_PATH}/:session/coupon`,
    express.urlencoded({ extended: false, limit: '2kb' }),
    async (req, res) => {
      const code = typeof req.body?.code === 'string' ? req.body.code.slice(0, 40) : '';
      let error: string | undefined;
      let outcome: Awaited<ReturnType<LocalCheckoutProvider['applyCoupon']>>;
      try {
        outcome = await local.applyCoupon(req.params.session, code);
      } catch (caught) {
        if (!(caught instanceof LiveShopError)) throw caught;
        error = caught.message;
        outcome = 'applied';
      }
      if (!outcome) return page(res, 'Checkout not found', '<h1>Checkout not found</h1>', 404);
      const current = (await local.session(req.params.session))!;
      if (outcome === 'closed' || current.status !== 'open') return closedPage(res, current);
      if (error) return checkoutPage(res, current, now(), error);
      res.redirect(303, `${LOCAL_CHECKOUT_PATH}/${encodeURIComponent(current.id)}`);
    },
  );

  router.post(`${LOCAL_CHECKOUT_PATH}/:session/cancel`, async (req, res) => {
    const back = await local.cancel(req.params.session);
    if (!back) return page(res, 'Checkout not found', '<h1>Checkout not found</h1>', 404);
    res.redirect(303, back);
  });
  return router;
}
