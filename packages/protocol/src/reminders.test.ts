import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { ReminderRoute, routePath } from '@live-shop/protocol';
import { pushSubscribeSchema, pushUnsubscribeSchema } from '@live-shop/protocol/schemas';

const ecdh = createECDH('prime256v1');
ecdh.generateKeys();
// A key whose standard base64 has a '+' or '/' (about 94 % of keys do): only then is it not also valid
// base64url, which the wrong-encoding case below relies on.
for (let i = 0; i < 100 && !/[+/]/.test(ecdh.getPublicKey('base64')); i++) ecdh.generateKeys();
// What a browser's PushSubscription.toJSON() carries.
const subscription = {
  endpoint: 'https://fcm.googleapis.com/fcm/send/abc:def',
  keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
};

test('a browser subscription parses; url and lang are optional', () => {
  assert.deepEqual(pushSubscribeSchema.parse({ subscription }), { subscription });
  const full = { subscription, url: 'https://shop.example/live', lang: 'pt-BR' };
  assert.deepEqual(pushSubscribeSchema.parse(full), full);
  assert.equal(routePath(ReminderRoute.Push, { id: 's 1' }), '/api/shows/s%201/reminders/push');
});

test('keys of the wrong size or encoding, non-http URLs and odd languages are refused', () => {
  const bad = [
    { subscription: { ...subscription, keys: { ...subscription.keys, p256dh: ecdh.getPublicKey('base64') } } },
    {
      subscription: {
        ...subscription,
        keys: { ...subscription.keys, p256dh: ecdh.getPublicKey('base64url', 'compressed') },
      },
    },
    { subscription: { ...subscription, keys: { ...subscription.keys, auth: randomBytes(32).toString('base64url') } } },
    { subscription: { ...subscription, endpoint: 'ftp://push.example/x' } },
    { subscription: { ...subscription, endpoint: 'not a url' } },
    { subscription, url: 'javascript:alert(1)' },
    { subscription, lang: 'en_US; drop' },
    { subscription: { endpoint: subscription.endpoint } },
  ];
  for (const body of bad) assert.equal(pushSubscribeSchema.safeParse(body).success, false, JSON.stringify(body));
  assert.equal(pushUnsubscribeSchema.safeParse({ endpoint: subscription.endpoint }).success, true);
  assert.equal(pushUnsubscribeSchema.safeParse({}).success, false);
});
