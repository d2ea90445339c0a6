import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import webpush from 'web-push';
import { createLiveShopServer } from '../app.js';
import { ConfigError, HELP, parseCliConfig } from '../config.js';
import { silentLogger } from '../logger.js';

const fails = (env: Record<string, string>, message: RegExp) =>
  assert.throws(
    () => parseCliConfig([], env),
    (e: unknown) => e instanceof ConfigError && message.test(e.message),
  );

describe('LIVE_SHOP_WEB_PUSH and the VAPID variables', () => {
  const keys = webpush.generateVAPIDKeys();

  it('are off by default and on with LIVE_SHOP_WEB_PUSH=1 (keys generated later, subject optional)', () => {
    assert.equal(parseCliConfig([], {}).server.webPush, undefined);
    assert.equal(parseCliConfig([], { LIVE_SHOP_WEB_PUSH: '0' }).server.webPush, undefined);
    assert.deepEqual(parseCliConfig([], { LIVE_SHOP_WEB_PUSH: '1' }).server.webPush, {});
    const full = parseCliConfig([], {
      LIVE_SHOP_WEB_PUSH: 'true',
      LIVE_SHOP_VAPID_SUBJECT: 'mailto:ops@shop.example',
      LIVE_SHOP_VAPID_PUBLIC_KEY: keys.publicKey,
      LIVE_SHOP_VAPID_PRIVATE_KEY: keys.privateKey,
    }).server.webPush;
    assert.deepEqual(full, { subject: 'mailto:ops@shop.example', vapidKeys: keys });
    for (const name of ['LIVE_SHOP_WEB_PUSH', 'LIVE_SHOP_VAPID_SUBJECT', 'LIVE_SHOP_VAPID_PUBLIC_KEY'])
      assert.ok(HELP.includes(name), name);
  });

  it('refuse bad values with one line naming the variable', () => {
    const on = { LIVE_SHOP_WEB_PUSH: '1' };
    const other = webpush.generateVAPIDKeys();
    fails({ LIVE_SHOP_WEB_PUSH: 'yes' }, /^LIVE_SHOP_WEB_PUSH must be 1 or 0/);
    fails({ LIVE_SHOP_VAPID_SUBJECT: 'mailto:a@b.c' }, /^LIVE_SHOP_VAPID_SUBJECT needs LIVE_SHOP_WEB_PUSH=1/);
    fails({ ...on, LIVE_SHOP_VAPID_SUBJECT: 'http://shop.example' }, /^LIVE_SHOP_VAPID_SUBJECT must be a mailto:/);
    fails({ ...on, LIVE_SHOP_VAPID_PUBLIC_KEY: keys.publicKey }, /^LIVE_SHOP_VAPID_PRIVATE_KEY must be set together/);
    fails(
      { ...on, LIVE_SHOP_VAPID_PUBLIC_KEY: 'abc', LIVE_SHOP_VAPID_PRIVATE_KEY: keys.privateKey },
      /^LIVE_SHOP_VAPID_PUBLIC_KEY must be a base64url P-256 public key/,
    );
    fails(
      { ...on, LIVE_SHOP_VAPID_PUBLIC_KEY: keys.publicKey, LIVE_SHOP_VAPID_PRIVATE_KEY: 'abc' },
      /^LIVE_SHOP_VAPID_PRIVATE_KEY must be a base64url P-256 private key/,
    );
    fails(
      { ...on, LIVE_SHOP_VAPID_PUBLIC_KEY: keys.publicKey, LIVE_SHOP_VAPID_PRIVATE_KEY: other.privateKey },
      /^LIVE_SHOP_VAPID_PUBLIC_KEY is not the public key of LIVE_SHOP_VAPID_PRIVATE_KEY/,
    );
  });

  it('configured keys are used as they are: none is generated or stored', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-vapid-'));
    const server = await createLiveShopServer({ dataDir, logger: silentLogger, webPush: { vapidKeys: keys } });
    try {
      assert.equal(server.push?.publicKey, keys.publicKey);
      assert.equal(existsSync(path.join(dataDir, 'vapid-keys.json')), false);
    } finally {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
