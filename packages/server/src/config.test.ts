import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createLiveShopServer } from './app.js';
import { ConfigError, HELP, originsLine, parseCliConfig } from './config.js';

const fails = (argv: string[], env: Record<string, string>, pattern: RegExp) =>
  assert.throws(
    () => parseCliConfig(argv, env),
    (e: unknown) => e instanceof ConfigError && pattern.test(e.message),
  );

describe('parseCliConfig', () => {
  it('has zero-config defaults', () => {
    const cli = parseCliConfig([], {});
    assert.equal(cli.port, 3000);
    assert.equal(cli.host, undefined);
    assert.equal(cli.server.dataDir, path.resolve('.live-shop'));
    assert.equal(
      cli.server.allowedOrigins,
      undefined,
      "unset: this server's own origin only (the server decides the demo's extras)",
    );
    assert.equal(cli.server.demo, false);
  });

  it('lets flags win over env', () => {
    const cli = parseCliConfig(['--port', '4000', '--data-dir', '/tmp/x', '--demo', '--host', '127.0.0.1'], {
      PORT: '5000',
      LIVE_SHOP_DATA_DIR: '/tmp/y',
      HOST: '0.0.0.0',
    });
    assert.deepEqual([cli.port, cli.server.dataDir, cli.server.demo, cli.host], [4000, '/tmp/x', true, '127.0.0.1']);
    assert.equal(parseCliConfig([], { PORT: '0' }).port, 0);
  });

  it('parses allowed origins and provider settings', () => {
    const cli = parseCliConfig([], {
      LIVE_SHOP_ALLOWED_ORIGINS: 'https://shop.example, http://localhost:8080',
      LIVE_SHOP_ADMIN_KEY: 'a-long-enough-admin-key',
      MUX_TOKEN_ID: 'id',
      MUX_TOKEN_SECRET: 'secret',
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_1',
      STRIPE_API_BASE: 'http://127.0.0.1:12111',
      FFMPEG_PATH: '/usr/bin/ffmpeg',
    });
    assert.deepEqual(cli.server.allowedOrigins, ['https://shop.example', 'http://localhost:8080']);
    assert.equal(
      parseCliConfig([], { LIVE_SHOP_ALLOWED_ORIGINS: ' * ' }).server.allowedOrigins,
      '*',
      'any origin, as an explicit choice',
    );
    assert.equal(
      parseCliConfig([], { LIVE_SHOP_ALLOWED_ORIGINS: '' }).server.allowedOrigins,
      undefined,
      'empty = unset',
    );
    assert.equal(cli.server.adminKey, 'a-long-enough-admin-key');
    assert.equal(cli.server.mux?.tokenId, 'id');
    assert.equal(cli.server.stripe?.apiBase, 'http://127.0.0.1:12111');
    assert.equal(cli.server.ffmpegPath, '/usr/bin/ffmpeg');
    assert.equal(cli.server.stripe?.ui, 'hosted');
    assert.equal(cli.server.trustProxy, undefined);
  });

  it('parses checkout and proxy settings', () => {
    const embedded = parseCliConfig([], {
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_CHECKOUT_UI: 'embedded',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_1',
      LIVE_SHOP_TRUST_PROXY: 'loopback, 10.0.0.0/8',
      LIVE_SHOP_PUBLIC_URL: 'https://live.example.com/',
    });
    assert.deepEqual(embedded.server.stripe, {
      secretKey: 'sk_test_123',
      webhookSecret: 'whsec_1',
      apiBase: undefined,
      ui: 'embedded',
      publishableKey: 'pk_test_123',
    });
    assert.equal(embedded.server.trustProxy, 'loopback, 10.0.0.0/8');
    assert.equal(embedded.server.publicUrl, 'https://live.example.com');
    assert.equal(
      parseCliConfig([], { DATABASE_URL: 'postgres://live@db:5432/shop' }).server.databaseUrl,
      'postgres://live@db:5432/shop',
    );
    const cluster = parseCliConfig([], { DATABASE_URL: 'postgres://db/shop', REDIS_URL: 'redis://cache:6379' }).server;
    assert.equal(cluster.redisUrl, 'redis://cache:6379');
    assert.equal(parseCliConfig([], { LIVE_SHOP_TRUST_PROXY: '2' }).server.trustProxy, 2);
    assert.equal(parseCliConfig([], { LIVE_SHOP_TRUST_PROXY: 'false' }).server.trustProxy, false);
  });

  it('names the culprit of bad config', () => {
    fails([], { PORT: 'abc' }, /^PORT must be an integer 0-65535 \(got "abc"\)$/);
    fails([], { PORT: '65536' }, /^PORT /);
    fails(['--port', '1.5'], {}, /^--port /);
    fails(['--nope'], {}, /--nope/);
    fails(['extra'], {}, /extra/);
    fails(
      [],
      { LIVE_SHOP_ALLOWED_ORIGINS: 'https://shop.example/path' },
      /^LIVE_SHOP_ALLOWED_ORIGINS .*"https:\/\/shop.example\/path"/,
    );
    fails(
      [],
      { LIVE_SHOP_ALLOWED_ORIGINS: '*, https://shop.example' },
      /^LIVE_SHOP_ALLOWED_ORIGINS is either \* \(any origin\) or a list/,
    );
    fails([], { LIVE_SHOP_ADMIN_KEY: 'short' }, /^LIVE_SHOP_ADMIN_KEY/);
    fails([], { DATABASE_URL: 'mysql://db' }, /^DATABASE_URL must be a postgres:/);
    fails([], { REDIS_URL: 'redis://r' }, /^REDIS_URL needs DATABASE_URL too/);
    fails([], { REDIS_URL: 'http://r', DATABASE_URL: 'postgres://db/x' }, /^REDIS_URL must be a redis:/);
    fails([], { MUX_TOKEN_ID: 'id' }, /^MUX_TOKEN_SECRET must be set together with MUX_TOKEN_ID/);
    fails([], { STRIPE_SECRET_KEY: 'pk_test_1' }, /^STRIPE_SECRET_KEY/);
    fails([], { STRIPE_SECRET_KEY: 'sk_test_1' }, /^STRIPE_WEBHOOK_SECRET must be set with STRIPE_SECRET_KEY/);
    const stripe = { STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' };
    fails([], { ...stripe, STRIPE_API_BASE: 'nope' }, /^STRIPE_API_BASE/);
    fails([], { ...stripe, STRIPE_CHECKOUT_UI: 'modal' }, /^STRIPE_CHECKOUT_UI must be hosted or embedded/);
    fails([], { ...stripe, STRIPE_CHECKOUT_UI: 'embedded' }, /^STRIPE_PUBLISHABLE_KEY must be set/);
    fails([], { ...stripe, STRIPE_PUBLISHABLE_KEY: 'sk_test_oops' }, /^STRIPE_PUBLISHABLE_KEY must look like pk_/);
    fails([], { LIVE_SHOP_PUBLIC_URL: 'https://live.example.com/path' }, /^LIVE_SHOP_PUBLIC_URL must be an origin/);
    fails([], { LIVE_SHOP_TRUST_PROXY: 'yes please' }, /^LIVE_SHOP_TRUST_PROXY/);
    // `true` trusts every client's X-Forwarded-For: any shopper picks the address the limits count.
    fails(
      [],
      { LIVE_SHOP_TRUST_PROXY: 'true' },
      /^LIVE_SHOP_TRUST_PROXY=true .*X-Forwarded-For.* hop count .* addresses/,
    );
    fails([], { LIVE_SHOP_TRUST_PROXY: 'loopback, proxy.internal' }, /^LIVE_SHOP_TRUST_PROXY .*proxy\.internal/);
    fails([], { LIVE_SHOP_TRUST_PROXY: '10.0.0.0/33' }, /^LIVE_SHOP_TRUST_PROXY /);
    fails([], { LIVE_SHOP_IDENTITY_SECRET: 'short' }, /^LIVE_SHOP_IDENTITY_SECRET must be at least 32 characters/);
    assert.equal(
      parseCliConfig([], { LIVE_SHOP_IDENTITY_SECRET: 'x'.repeat(32) }).server.identitySecret,
      'x'.repeat(32),
    );
    fails([], { LIVE_SHOP_FAST_WRITES: 'off' }, /^LIVE_SHOP_FAST_WRITES must be true or false \(got "off"\)$/);
  });

  it('LIVE_SHOP_ICE_SERVERS: a JSON array of STUN/TURN servers; default none; anything else names the variable', () => {
    assert.equal(parseCliConfig([], {}).server.iceServers, undefined);
    const servers = [
      { urls: 'stun:stun.example.com:3478' },
      {
        urls: ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349'],
        username: 'u',
        credential: 'p',
      },
    ];
    assert.deepEqual(parseCliConfig([], { LIVE_SHOP_ICE_SERVERS: JSON.stringify(servers) }).server.iceServers, servers);
    assert.deepEqual(parseCliConfig([], { LIVE_SHOP_ICE_SERVERS: '[]' }).server.iceServers, []);
    for (const bad of [
      'turn:turn.example.com',
      '{"urls":"stun:x"}',
      '[{"urls":"https://turn.example.com"}]',
      '[{"urls":[]}]',
      '[{"urls":"stun:x","password":"p"}]',
      '[{"urls":"turn:x","username":1}]',
    ])
      fails([], { LIVE_SHOP_ICE_SERVERS: bad }, /^LIVE_SHOP_ICE_SERVERS must be a JSON array of \{"urls"/);
    assert.match(HELP, /LIVE_SHOP_ICE_SERVERS +JSON array/);
  });

  // RTMP in (issue 15)
  it('LIVE_SHOP_RTMP_PORT turns RTMP in on (off when unset); LIVE_SHOP_RTMP_URL overrides what hosts are shown', () => {
    assert.equal(parseCliConfig([], {}).server.rtmp, undefined);
    assert.deepEqual(parseCliConfig(['--host', '127.0.0.1'], { LIVE_SHOP_RTMP_PORT: '1935' }).server.rtmp, {
      port: 1935,
      host: '127.0.0.1',
    });
    assert.deepEqual(
      parseCliConfig([], { LIVE_SHOP_RTMP_PORT: '0', LIVE_SHOP_RTMP_URL: 'rtmps://live.example.com:443/live' }).server
        .rtmp,
      { port: 0, publicUrl: 'rtmps://live.example.com:443/live' },
    );
    fails([], { LIVE_SHOP_RTMP_PORT: 'obs' }, /^LIVE_SHOP_RTMP_PORT/);
    fails([], { LIVE_SHOP_RTMP_PORT: '70000' }, /^LIVE_SHOP_RTMP_PORT/);
    fails([], { LIVE_SHOP_RTMP_PORT: '1935', LIVE_SHOP_RTMP_URL: 'http://x/live' }, /^LIVE_SHOP_RTMP_URL/);
  });

  it('LIVE_SHOP_RECONNECT_GRACE_SECONDS sets how long a show waits for its presenter (default: the service’s 60 s)', () => {
    assert.equal(parseCliConfig([], {}).server.reconnectGraceMs, undefined);
    assert.equal(parseCliConfig([], { LIVE_SHOP_RECONNECT_GRACE_SECONDS: '90' }).server.reconnectGraceMs, 90_000);
    for (const bad of ['0', '3601', '1.5', 'a minute', '-5'])
      fails(
        [],
        { LIVE_SHOP_RECONNECT_GRACE_SECONDS: bad },
        /^LIVE_SHOP_RECONNECT_GRACE_SECONDS must be a whole number/,
      );
    assert.match(HELP, /LIVE_SHOP_RECONNECT_GRACE_SECONDS +how long/);
  });

  it('LIVE_SHOP_DATABASE_TIMEOUT_SECONDS bounds each PostgreSQL query (default: the store’s 30 s)', () => {
    assert.equal(parseCliConfig([], {}).server.databaseTimeoutMs, undefined);
    assert.equal(parseCliConfig([], { LIVE_SHOP_DATABASE_TIMEOUT_SECONDS: '5' }).server.databaseTimeoutMs, 5_000);
    for (const bad of ['0', '3601', '2.5', 'soon'])
      fails(
        [],
        { LIVE_SHOP_DATABASE_TIMEOUT_SECONDS: bad },
        /^LIVE_SHOP_DATABASE_TIMEOUT_SECONDS must be a whole number/,
      );
    assert.match(HELP, /LIVE_SHOP_DATABASE_TIMEOUT_SECONDS +with DATABASE_URL/);
  });

  // Local video on any node (issue 16)
  it('LIVE_SHOP_NODE_URL is an origin other nodes reach this one at (trailing slash dropped); anything else exits', () => {
    assert.equal(parseCliConfig([], {}).server.nodeUrl, undefined);
    assert.equal(
      parseCliConfig([], { LIVE_SHOP_NODE_URL: 'http://10.0.0.5:3000/' }).server.nodeUrl,
      'http://10.0.0.5:3000',
    );
    assert.equal(
      parseCliConfig([], { LIVE_SHOP_NODE_URL: 'https://node-b.internal' }).server.nodeUrl,
      'https://node-b.internal',
    );
    fails([], { LIVE_SHOP_NODE_URL: '10.0.0.5:3000' }, /^LIVE_SHOP_NODE_URL/);
    fails([], { LIVE_SHOP_NODE_URL: 'http://10.0.0.5:3000/hls' }, /^LIVE_SHOP_NODE_URL/);
  });

  it('LIVE_SHOP_FAST_WRITES=false turns the broadcast fast path off; unset or true leaves it on', () => {
    assert.equal(parseCliConfig([], { LIVE_SHOP_FAST_WRITES: 'false' }).server.fastWrites, false);
    assert.equal(parseCliConfig([], { LIVE_SHOP_FAST_WRITES: 'true' }).server.fastWrites, undefined);
    assert.equal(parseCliConfig([], {}).server.fastWrites, undefined);
    assert.match(HELP, /LIVE_SHOP_FAST_WRITES +false: /);
  });

  it('the factory refuses trustProxy: true too (a JavaScript caller is not type-checked)', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-config-'));
    try {
      await assert.rejects(
        createLiveShopServer({ dataDir, trustProxy: true as never }),
        (e: unknown) => e instanceof ConfigError && /^LIVE_SHOP_TRUST_PROXY=true /.test(e.message),
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('says at start which pages may call the server, and how to allow others when none are configured', () => {
    assert.match(originsLine({}), /only from its own pages: .*LIVE_SHOP_ALLOWED_ORIGINS=/);
    assert.match(
      originsLine({ demo: true }),
      /own pages and the examples \(http:\/\/localhost:8080, http:\/\/localhost:8081\)/,
    );
    assert.equal(
      originsLine({ allowedOrigins: ['https://shop.example', 'https://www.shop.example'], demo: true }),
      'browsers may call this server from its own pages and https://shop.example, https://www.shop.example (LIVE_SHOP_ALLOWED_ORIGINS)',
    );
    assert.equal(
      originsLine({ allowedOrigins: '*' }),
      'browsers may call this server from any origin (LIVE_SHOP_ALLOWED_ORIGINS=*)',
    );
  });
});
