import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { formatPrice, isShowStatus, LiveShopError } from '@live-shop/protocol';
import { chatSendSchema, createProductSchema, describeIssue, parseIncoming } from '@live-shop/protocol/schemas';

test('formatPrice uses the currency minor unit', () => {
  assert.equal(formatPrice({ amount: 1999, currency: 'USD' }, 'en-US'), '$19.99');
  assert.equal(formatPrice({ amount: 1500, currency: 'JPY' }, 'en-US'), '¥1,500');
  assert.match(formatPrice({ amount: 1234, currency: 'KWD' }, 'en-US'), /^KWD\s1\.234$/);
});

test('chat text is trimmed and bounded', () => {
  assert.equal(chatSendSchema.parse({ text: '  hi ' }).text, 'hi');
  assert.equal(chatSendSchema.safeParse({ text: '   ' }).success, false);
  const long = chatSendSchema.safeParse({ text: 'x'.repeat(501) });
  assert.equal(long.success, false);
  assert.match(describeIssue(long.error!), /^text: /);
});

test('incoming payloads: parsed data, or the first issue as one line; NUL characters refused at any depth', () => {
  assert.deepEqual(parseIncoming(chatSendSchema, { text: ' hi ' }), { success: true, data: { text: 'hi' } });
  assert.deepEqual(parseIncoming(chatSendSchema, { text: '' }).success, false);
  assert.deepEqual(parseIncoming(chatSendSchema, { text: 'a\u0000b' }), {
    success: false,
    issue: 'text: must not contain a NUL character',
  });
  const product = { title: 'Mug', price: { amount: 1, currency: 'EUR' } };
  assert.deepEqual(parseIncoming(createProductSchema, { ...product, title: 'Mu\u0000g', description: 'a\u0000' }), {
    success: false,
    issue: 'title: must not contain a NUL character',
  });
  const deep = z.object({ items: z.array(z.object({ names: z.array(z.string()) })) });
  assert.deepEqual(parseIncoming(deep, { items: [{ names: ['a'] }, { names: ['b', 'c\u0000'] }] }), {
    success: false,
    issue: 'items.1.names.1: must not contain a NUL character',
  });
  // A NUL the schema strips (an unknown key) is gone before the check: nothing of it is kept.
  assert.equal(parseIncoming(chatSendSchema, { text: 'hi', extra: '\u0000' }).success, true);
});

test('product prices are integers in a known currency', () => {
  const ok = createProductSchema.parse({ title: 'Mug', price: { amount: 1200, currency: 'eur' } });
  assert.equal(ok.price.currency, 'EUR');
  assert.equal(
    createProductSchema.safeParse({ title: 'Mug', price: { amount: 12.5, currency: 'EUR' } }).success,
    false,
  );
  assert.equal(createProductSchema.safeParse({ title: 'Mug', price: { amount: 1, currency: 'XXY' } }).success, false);
});

test('status guard and error serialisation', () => {
  assert.equal(isShowStatus('live'), true);
  assert.equal(isShowStatus('paused'), false);
  assert.deepEqual(new LiveShopError('forbidden', 'no').toJSON(), { code: 'forbidden', message: 'no' });
});
