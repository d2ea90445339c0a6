import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckoutRoute, routePath } from '@live-shop/protocol';

test('routePath fills each :param, URI-encoded', () => {
  assert.equal(routePath(CheckoutRoute.Start, { id: 's 1/x' }), '/api/shows/s%201%2Fx/checkout');
  assert.equal(routePath(CheckoutRoute.CancelOrder, { id: 's1', order: 'o?1' }), '/api/shows/s1/orders/o%3F1/cancel');
  assert.equal(routePath(CheckoutRoute.CancelPage, { order: 'o1' }), '/checkout/cancel/o1');
  assert.equal(routePath(CheckoutRoute.ReturnPage, {}), '/checkout/return');
  // @ts-expect-error a route's parameters are all required
  assert.equal(routePath(CheckoutRoute.CancelOrder, { id: 's1' }), '/api/shows/s1/orders//cancel');
});
