import path from 'node:path';
import { parseArgs } from 'node:util';
import express from 'express';
import type { IceServer } from '@live-shop/protocol';
import { describeIssue } from '@live-shop/protocol/schemas';
import { z } from 'zod';
import { DEMO_ORIGINS, type AllowedOrigins } from './http/client-policy.js';
import type { RateLimits } from './http/rate-limit.js';
import type { Logger } from './logger.js';
import type { ForwarderOptions } from './video/simulcast-forwarder.js';
import type { LocalVideoOptions } from './video/local.js';
import type { LocalClipOptions } from './video/local-clips.js';
import { parseWebPushEnv, WEB_PUSH_HELP, type WebPushConfig } from './push/config.js';

/** Everything `createLiveShopServer` needs; the CLI fills it from flags and env, tests build it directly. */
export interface LiveShopServerConfig {
  /** Where the SQLite file, the admin key and the token secret live; created if missing. */
  dataDir: string;
  /** Admin key for the REST admin routes; generated and persisted in the data dir when unset. */
  adminKey?: string;
  /**
   * Express's `trust proxy` (behind a reverse proxy: a hop count, or addresses/subnets), so per-shopper
   * limits see the shopper's address and return URLs keep `https:`. Default: not trusted. Never `true`
   * (refused): it would take every client's own `X-Forwarded-For` as its address.
   */
  trustProxy?: TrustProxySetting;
  /** This server's public URL (e.g. `https://live.example.com`): absolute links sent to Stripe. Default: the request's origin. */
  publicUrl?: string;
  /**
   * Origins whose pages may connect viewers, start checkouts and be returned to (socket, ingest, CORS),
   * besides this server's own. Unset: none (in demo mode, the example storefronts'). `'*'`: any origin.
   */
  allowedOrigins?: AllowedOrigins;
  /** Per-address limits (`RATE_LIMITS` in http/rate-limit.ts), some overridden, or `false` for none: benchmarks and load tests only. */
  rateLimits?: Partial<RateLimits> | false;
  /** Seed a demo show and serve the example storefront at `/`. */
  demo?: boolean;
  /** Where `/sdk/*` is served from; defaults to the package's own `sdk/` (the rollup output). */
  sdkDir?: string;
  /** `postgres://…`: the store on PostgreSQL instead of the SQLite file in the data dir. */
  databaseUrl?: string;
  /** With `databaseUrl`: how long a query may run or wait for a connection before it fails (default 30 s; migrations have no limit). */
  databaseTimeoutMs?: number;
  /** `redis://…`: Socket.IO's Redis streams adapter, so events reach viewers on every node (needs `databaseUrl`). */
  redisUrl?: string;
  /** Mux keys select the Mux video provider. */
  mux?: { tokenId: string; tokenSecret: string; webhookSecret?: string; baseUrl?: string };
  /** A Stripe secret key selects the Stripe checkout provider; otherwise the local test checkout runs. */
  stripe?: StripeConfig;
  /** Checkout tuning (both providers). */
  checkout?: {
    sessionTtlMs?: number;
    /** Units one client address may put into checkouts per minute (default 20). */
    unitsPerMinute?: number;
    /** Units of one limited-stock product one client address may hold in open checkouts (default 5). */
    holdUnitsPerProduct?: number;
    /** Open checkouts one client address may have in one show (default 5). */
    openCheckoutsPerShow?: number;
  };
  ffmpegPath?: string;
  /** Tests: the clock stamping chat, pins, orders and analytics minutes (default `Date.now`). */
  now?: () => number;
  /** How long a show stays `reconnecting` after the presenter's media dropped before it ends (default 60 s). */
  reconnectGraceMs?: number;
  /** `LIVE_SHOP_IDENTITY_SECRET`: verifies merchant-signed viewer identities (JWT HS256); unset = signed identities are refused. */
  identitySecret?: string;
  /** `LIVE_SHOP_CHAT_REQUIRES_IDENTITY`: only viewers with a signed identity may chat (others watch and buy). */
  chatRequiresIdentity?: boolean;
  /** Socket events one connection may send (token bucket); `false` only for load tests and the fuzz test. */
  socketEventLimit?: { perSecond: number; burst: number } | false;
  /**
   * `LIVE_SHOP_FAST_WRITES`: broadcasts written straight to idle WebSocket connections (socket/fast-write.ts).
   * Default true; `false` leaves every packet to Engine.IO, e.g. to rule the fast path out.
   */
  fastWrites?: boolean;
  /**
   * `LIVE_SHOP_ICE_SERVERS`: STUN/TURN servers for the stage's WebRTC connections (host studio ↔ guests),
   * handed to host and guest connections only. Default none: loopback and LAN need none.
   */
  iceServers?: IceServer[];
  /** Tuning of the local (ffmpeg → HLS) video provider; defaults suit live shows. */
  localVideo?: LocalVideoOptions;
  /** RTMP in (local provider): `LIVE_SHOP_RTMP_PORT` (0 = any free port, tests), `LIVE_SHOP_RTMP_URL`. Off when unset. */
  rtmp?: { port: number; host?: string; publicUrl?: string };
  /** Local video on any node (issue 16): `LIVE_SHOP_NODE_URL`, where other nodes reach this one's `/hls`. */
  nodeUrl?: string;
  /** Simulcast out: retry tuning (tests shorten it; defaults in SIMULCAST_LIMITS). */
  simulcast?: Partial<ForwarderOptions>;
  /** Local clips: how long one ffmpeg cut may run. */
  clips?: LocalClipOptions;
  /** `LIVE_SHOP_WEB_PUSH`: Web Push reminders when a scheduled show goes live (push/config.ts); unset = off. */
  webPush?: WebPushConfig;
  /** Defaults to console; tests pass a silent one. */
  logger?: Logger;
}

export interface StripeConfig {
  secretKey: string;
  /** `whsec_…`: without it `/webhooks/stripe` refuses events and orders never turn paid. */
  webhookSecret?: string;
  /** Where the Stripe API is (tests and proxies), e.g. `http://127.0.0.1:12111`. */
  apiBase?: string;
  /** `embedded`: Stripe's embedded Checkout in a modal over the video (needs `publishableKey`). Default `hosted`. */
  ui?: 'hosted' | 'embedded';
  /** `pk_…`, public by design: Stripe.js needs it in the browser for embedded Checkout. */
  publishableKey?: string;
}

export interface CliConfig {
  port: number;
  host?: string;
  help: boolean;
  server: LiveShopServerConfig;
}

/** `LIVE_SHOP_TRUST_PROXY`: off (`false`), how many proxies are in front, or which addresses are proxies. */
export type TrustProxySetting = false | number | string;

/** Bad configuration: `message` is the one line printed before exiting with code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const HELP = `Usage: live-shop-server [options]

Options (flags win over environment variables):
  --port <n>        PORT                  port to listen on (default 3000; 0 = any free port)
  --host <addr>     HOST                  address to bind (default: all interfaces)
  --data-dir <dir>  LIVE_SHOP_DATA_DIR    data directory (default ./.live-shop)
  --demo                                  seed a demo show and serve an example storefront at /
  --help                                  print this help

Environment:
  LIVE_SHOP_ADMIN_KEY        admin key (when unset: generated, stored in the data dir, printed at that first start)
  LIVE_SHOP_ALLOWED_ORIGINS  comma-separated storefront origins allowed to embed the viewer, or * for any
                             (default: this server's own; with --demo also the examples' localhost:8080/8081)
  LIVE_SHOP_TRUST_PROXY      behind a reverse proxy: its hop count (1) or addresses (loopback, 10.0.0.0/8); not true
  LIVE_SHOP_PUBLIC_URL       this server's public origin, for links sent to Stripe (default: from each request)
  LIVE_SHOP_IDENTITY_SECRET  shared secret (≥ 32 chars) verifying merchant-signed viewer names (JWT HS256)
  LIVE_SHOP_CHAT_REQUIRES_IDENTITY  true: only viewers with a signed identity may chat (default false)
  LIVE_SHOP_FAST_WRITES      false: every broadcast takes Engine.IO's normal path (default true: idle WebSockets get it directly)
  LIVE_SHOP_ICE_SERVERS      JSON array of STUN/TURN servers for co-hosts' WebRTC, e.g. [{"urls":"turn:turn.example:3478","username":"u","credential":"p"}]
  LIVE_SHOP_RTMP_PORT        RTMP in for OBS on this TCP port, one for every show (default off; 1935 is the usual)
  LIVE_SHOP_RTMP_URL         the RTMP URL shown to hosts (default rtmp://<host they reached>:<port>/live)
  LIVE_SHOP_RECONNECT_GRACE_SECONDS  how long a show waits for its presenter's media to come back before it ends (default 60)
  LIVE_SHOP_DATABASE_TIMEOUT_SECONDS  with DATABASE_URL: a query that runs or waits for a connection longer fails (default 30)
  LIVE_SHOP_NODE_URL         where the other nodes reach this one for the local video it runs, e.g. http://10.0.0.5:3000
                             (default http://<--host>:<port> when --host is a concrete address)
${WEB_PUSH_HELP}  DATABASE_URL, REDIS_URL, MUX_TOKEN_ID, MUX_TOKEN_SECRET, MUX_WEBHOOK_SECRET, MUX_BASE_URL,
  STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE, STRIPE_CHECKOUT_UI (hosted|embedded),
  STRIPE_PUBLISHABLE_KEY, FFMPEG_PATH
`;

const fail = (name: string, rule: string, got?: string): never => {
  throw new ConfigError(`${name} ${rule}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`);
};

/** Env vars set to "" count as unset, so `FOO= live-shop-server` behaves like no FOO. */
const envValue = (env: NodeJS.ProcessEnv, name: string) => (env[name] === '' ? undefined : env[name]);

/** A whole number of seconds from 1 to 3600, in milliseconds; undefined when unset. */
function secondsMs(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = envValue(env, name);
  if (raw === undefined) return undefined;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1 || Number(raw) > 3600)
    fail(name, 'must be a whole number of seconds from 1 to 3600', raw);
  return Number(raw) * 1000;
}

function parsePort(name: string, raw: string): number {
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 0 && port <= 65535)) fail(name, 'must be an integer 0-65535', raw);
  return port;
}

function parseOrigins(raw: string): AllowedOrigins {
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.includes('*')) {
    if (entries.length > 1)
      fail('LIVE_SHOP_ALLOWED_ORIGINS', 'is either * (any origin) or a list of origins, not both', raw);
    return '*';
  }
  for (const entry of entries) {
    let origin: string | null = null;
    try {
      const url = new URL(entry);
      if (url.protocol === 'http:' || url.protocol === 'https:') origin = url.origin;
    } catch {
      // not a URL at all
    }
    if (origin !== entry) {
      fail(
        'LIVE_SHOP_ALLOWED_ORIGINS',
        'entries must be origins like https://shop.example.com (scheme://host[:port], no path)',
        entry,
      );
    }
  }
  return entries;
}

function checkUrl(name: string, raw: string, protocols: string[]): string {
  let protocol = '';
  try {
    protocol = new URL(raw).protocol;
  } catch {
    // reported below
  }
  if (!protocols.includes(protocol)) fail(name, `must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL`, raw);
  return raw;
}

export const TRUST_PROXY_TRUE =
  "LIVE_SHOP_TRUST_PROXY=true would trust any client's X-Forwarded-For (every per-address limit bypassed): set your proxies' hop count (1) or addresses (loopback, 10.0.0.0/8)";

/**
 * `LIVE_SHOP_TRUST_PROXY`: off, a hop count, or the proxies' addresses. Never `true`: that trusts every
 * client's own `X-Forwarded-For`, so any shopper picks the address each per-address limit counts.
 */
function parseTrustProxy(raw: string): TrustProxySetting {
  const name = 'LIVE_SHOP_TRUST_PROXY';
  if (/^true$/i.test(raw)) throw new ConfigError(TRUST_PROXY_TRUE);
  if (raw === 'false') return false;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  if (!/^[\w.:/]+(\s*,\s*[\w.:/]+)*$/.test(raw))
    fail(name, 'must be false, a hop count, or comma-separated addresses/subnets (e.g. loopback, 10.0.0.0/8)', raw);
  try {
    // Express compiles the list once (proxy-addr): names other than loopback/linklocal/uniquelocal, bad IPs and ranges throw.
    express().set('trust proxy', raw);
  } catch (error) {
    fail(name, `must be addresses or subnets (loopback, 10.0.0.0/8): ${(error as Error).message}`, raw);
  }
  return raw;
}

/** Pairs of env vars that only make sense together. */
function requireBoth(env: NodeJS.ProcessEnv, a: string, b: string): boolean {
  const hasA = envValue(env, a) !== undefined;
  const hasB = envValue(env, b) !== undefined;
  if (hasA !== hasB) fail(hasA ? b : a, `must be set together with ${hasA ? a : b}`);
  return hasA;
}

const iceUrl = z.string().regex(/^(stun|turn|turns):[^\s]+$/);
const iceServersSchema = z.array(
  z
    .object({
      urls: z.union([iceUrl, z.array(iceUrl).min(1)]),
      username: z.string().optional(),
      credential: z.string().optional(),
    })
    .strict(),
);

/** `LIVE_SHOP_ICE_SERVERS`: a JSON array of `{urls, username?, credential?}` (RTCIceServer), urls `stun:`, `turn:` or `turns:`. */
export function parseIceServers(raw: string): IceServer[] {
  const rule =
    'must be a JSON array of {"urls": "stun:…" | "turn:…" | "turns:…" (or an array of them), "username"?, "credential"?}';
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    fail('LIVE_SHOP_ICE_SERVERS', `${rule}: not JSON`);
  }
  const parsed = iceServersSchema.safeParse(json);
  if (!parsed.success) return fail('LIVE_SHOP_ICE_SERVERS', `${rule}: ${describeIssue(parsed.error)}`);
  return parsed.data;
}

/** Parses CLI flags and environment; throws ConfigError with a one-line message naming the culprit. */
export function parseCliConfig(argv: string[], env: NodeJS.ProcessEnv): CliConfig {
  let values: { port?: string; host?: string; 'data-dir'?: string; demo?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        demo: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // parseArgs messages span several lines; keep the first sentence only.
    const first = String((error as Error).message).split(/\.\s|\n/)[0];
    throw new ConfigError(`${first} (see --help)`);
  }

  const portName = values.port !== undefined ? '--port' : 'PORT';
  const port = parsePort(portName, values.port ?? envValue(env, 'PORT') ?? '3000');

  const host = values.host ?? envValue(env, 'HOST');
  if (host !== undefined && !/^[\w.:[\]-]+$/.test(host))
    fail(values.host !== undefined ? '--host' : 'HOST', 'must be a host name or IP address', host);

  const dataDirRaw = values['data-dir'] ?? envValue(env, 'LIVE_SHOP_DATA_DIR') ?? './.live-shop';
  if (!dataDirRaw.trim()) fail('--data-dir', 'must not be empty');

  const adminKey = envValue(env, 'LIVE_SHOP_ADMIN_KEY');
  if (adminKey !== undefined && (adminKey.length < 16 || /\s/.test(adminKey))) {
    fail('LIVE_SHOP_ADMIN_KEY', 'must be at least 16 characters without spaces');
  }

  const trustRaw = envValue(env, 'LIVE_SHOP_TRUST_PROXY');
  const trustProxy = trustRaw === undefined ? undefined : parseTrustProxy(trustRaw);

  const originsRaw = envValue(env, 'LIVE_SHOP_ALLOWED_ORIGINS');
  const allowedOrigins = originsRaw === undefined ? undefined : parseOrigins(originsRaw);

  const databaseUrl = envValue(env, 'DATABASE_URL');
  if (databaseUrl !== undefined) checkUrl('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']);
  const redisUrl = envValue(env, 'REDIS_URL');
  if (redisUrl !== undefined) {
    checkUrl('REDIS_URL', redisUrl, ['redis:', 'rediss:']);
    // Nodes sharing Redis but each on its own SQLite file would each see a different show.
    if (databaseUrl === undefined)
      fail('REDIS_URL', 'needs DATABASE_URL too: every node must share one PostgreSQL database');
  }

  const server: LiveShopServerConfig = {
    dataDir: path.resolve(dataDirRaw),
    adminKey,
    ...(allowedOrigins !== undefined && { allowedOrigins }),
    demo: values.demo ?? false,
    ...(trustProxy !== undefined && { trustProxy }),
    ...(databaseUrl !== undefined && { databaseUrl }),
    ...(redisUrl !== undefined && { redisUrl }),
  };
  const publicUrl = envValue(env, 'LIVE_SHOP_PUBLIC_URL');
  if (publicUrl !== undefined) {
    checkUrl('LIVE_SHOP_PUBLIC_URL', publicUrl, ['http:', 'https:']);
    const origin = new URL(publicUrl).origin;
    if (publicUrl.replace(/\/$/, '') !== origin)
      fail('LIVE_SHOP_PUBLIC_URL', 'must be an origin like https://live.example.com (no path)', publicUrl);
    server.publicUrl = origin;
  }

  if (requireBoth(env, 'MUX_TOKEN_ID', 'MUX_TOKEN_SECRET')) {
    const baseUrl = envValue(env, 'MUX_BASE_URL');
    server.mux = {
      tokenId: env.MUX_TOKEN_ID!,
      tokenSecret: env.MUX_TOKEN_SECRET!,
      webhookSecret: envValue(env, 'MUX_WEBHOOK_SECRET'),
      baseUrl: baseUrl && checkUrl('MUX_BASE_URL', baseUrl, ['http:', 'https:']),
    };
  }
  const stripeKey = envValue(env, 'STRIPE_SECRET_KEY');
  if (stripeKey !== undefined) {
    if (!/^(sk|rk)_(test|live)_\w+$/.test(stripeKey))
      fail('STRIPE_SECRET_KEY', 'must look like sk_test_… or sk_live_…');
    const apiBase = envValue(env, 'STRIPE_API_BASE');
    const ui = (envValue(env, 'STRIPE_CHECKOUT_UI') ?? 'hosted') as 'hosted' | 'embedded';
    if (ui !== 'hosted' && ui !== 'embedded') fail('STRIPE_CHECKOUT_UI', 'must be hosted or embedded', ui);
    // Without it orders never turn paid and every checkout holds its stock until it expires.
    if (envValue(env, 'STRIPE_WEBHOOK_SECRET') === undefined)
      fail('STRIPE_WEBHOOK_SECRET', 'must be set with STRIPE_SECRET_KEY (Stripe webhooks are what mark orders paid)');
    const publishableKey = envValue(env, 'STRIPE_PUBLISHABLE_KEY');
    if (publishableKey !== undefined && !/^pk_(test|live)_\w+$/.test(publishableKey))
      fail('STRIPE_PUBLISHABLE_KEY', 'must look like pk_test_… or pk_live_…');
    if (ui === 'embedded' && publishableKey === undefined)
      fail('STRIPE_PUBLISHABLE_KEY', 'must be set when STRIPE_CHECKOUT_UI=embedded (Stripe.js needs it)');
    server.stripe = {
      secretKey: stripeKey,
      webhookSecret: envValue(env, 'STRIPE_WEBHOOK_SECRET'),
      apiBase: apiBase && checkUrl('STRIPE_API_BASE', apiBase, ['http:', 'https:']),
      ui,
      publishableKey,
    };
  }
  const ffmpegPath = envValue(env, 'FFMPEG_PATH');
  if (ffmpegPath !== undefined) server.ffmpegPath = ffmpegPath;
  // RTMP in (OBS → local pipeline): off unless a port is given, so a default start opens one port only.
  const rtmpPort = envValue(env, 'LIVE_SHOP_RTMP_PORT');
  if (rtmpPort !== undefined) {
    const port = parsePort('LIVE_SHOP_RTMP_PORT', rtmpPort);
    const rtmpUrl = envValue(env, 'LIVE_SHOP_RTMP_URL');
    if (rtmpUrl !== undefined && !/^rtmps?:\/\/[^\s/]+\/live$/.test(rtmpUrl))
      fail('LIVE_SHOP_RTMP_URL', 'must look like rtmp://live.example.com:1935/live', rtmpUrl);
    server.rtmp = { port, ...(host !== undefined && { host }), ...(rtmpUrl !== undefined && { publicUrl: rtmpUrl }) };
  }
  // How long a show waits for its presenter to come back (reconnecting) before it ends.
  const grace = secondsMs(env, 'LIVE_SHOP_RECONNECT_GRACE_SECONDS');
  if (grace !== undefined) server.reconnectGraceMs = grace;
  const databaseTimeout = secondsMs(env, 'LIVE_SHOP_DATABASE_TIMEOUT_SECONDS');
  if (databaseTimeout !== undefined) server.databaseTimeoutMs = databaseTimeout;
  // Local video on any node (issue 16): an origin the other nodes can fetch `/hls` from.
  const nodeUrl = envValue(env, 'LIVE_SHOP_NODE_URL');
  if (nodeUrl !== undefined && !/^https?:\/\/[^\s/?#]+\/?$/.test(nodeUrl))
    fail('LIVE_SHOP_NODE_URL', 'must be an origin like http://10.0.0.5:3000 (scheme://host[:port], no path)', nodeUrl);
  if (nodeUrl !== undefined) server.nodeUrl = nodeUrl.replace(/\/$/, '');
  const identitySecret = envValue(env, 'LIVE_SHOP_IDENTITY_SECRET');
  // HS256 with a guessable key is a forgeable identity: ask for at least 32 characters.
  if (identitySecret !== undefined && identitySecret.length < 32)
    fail('LIVE_SHOP_IDENTITY_SECRET', "must be at least 32 characters (it signs shoppers' names)");
  if (identitySecret !== undefined) server.identitySecret = identitySecret;
  const chatRequiresIdentity = envValue(env, 'LIVE_SHOP_CHAT_REQUIRES_IDENTITY');
  if (chatRequiresIdentity !== undefined && chatRequiresIdentity !== 'true' && chatRequiresIdentity !== 'false')
    fail('LIVE_SHOP_CHAT_REQUIRES_IDENTITY', 'must be true or false', chatRequiresIdentity);
  if (chatRequiresIdentity === 'true') {
    // Nobody could ever chat.
    if (identitySecret === undefined)
      fail(
        'LIVE_SHOP_CHAT_REQUIRES_IDENTITY',
        'needs LIVE_SHOP_IDENTITY_SECRET (the secret your backend signs identities with)',
      );
    server.chatRequiresIdentity = true;
  }
  const fastWritesRaw = envValue(env, 'LIVE_SHOP_FAST_WRITES');
  if (fastWritesRaw !== undefined && fastWritesRaw !== 'true' && fastWritesRaw !== 'false')
    fail('LIVE_SHOP_FAST_WRITES', 'must be true or false', fastWritesRaw);
  if (fastWritesRaw === 'false') server.fastWrites = false;
  const iceServers = envValue(env, 'LIVE_SHOP_ICE_SERVERS');
  if (iceServers !== undefined) server.iceServers = parseIceServers(iceServers);
  const webPush = parseWebPushEnv(env, fail);
  if (webPush) server.webPush = webPush;

  return { port, host, help: values.help ?? false, server };
}

/** The start banner's line on which pages may call this server; with none configured, how to allow a storefront. */
export function originsLine({ allowedOrigins, demo }: Pick<LiveShopServerConfig, 'allowedOrigins' | 'demo'>): string {
  if (allowedOrigins === '*') return 'browsers may call this server from any origin (LIVE_SHOP_ALLOWED_ORIGINS=*)';
  if (allowedOrigins !== undefined)
    return `browsers may call this server from its own pages and ${allowedOrigins.join(', ')} (LIVE_SHOP_ALLOWED_ORIGINS)`;
  const examples = demo ? ` and the examples (${DEMO_ORIGINS.filter((o) => o.includes('localhost')).join(', ')})` : '';
  return `browsers may call this server only from its own pages${examples}: storefronts on other origins need LIVE_SHOP_ALLOWED_ORIGINS=https://shop.example.com`;
}
