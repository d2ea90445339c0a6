/** Web Push reminders' settings: `LIVE_SHOP_WEB_PUSH` and the VAPID variables. */
import { createECDH } from 'node:crypto';

export interface VapidKeys {
  /** Uncompressed P-256 point (65 bytes), base64url: what browsers take as `applicationServerKey`. */
  publicKey: string;
  /** The P-256 private scalar (32 bytes), base64url; never leaves the server. */
  privateKey: string;
}

export interface WebPushConfig {
  /** VAPID `sub`: `mailto:` or `https:` contact for push services (default: the public URL, else a placeholder). */
  subject?: string;
  /** From the environment; unset: generated once and kept with the other secrets. */
  vapidKeys?: VapidKeys;
  /** Tests and local development only: push endpoints on http://127.0.0.1 / localhost (a fake push service). */
  allowLoopbackEndpoints?: boolean;
  /** How long a push service keeps an undelivered reminder (default 1 h: after that the show is mostly over). */
  ttlSeconds?: number;
  /** Attempts per subscription when the push service fails (default 3). */
  maxAttempts?: number;
  /** Wait before the second attempt, doubled each time (default 2 s). */
  retryDelayMs?: number;
}

type Fail = (name: string, rule: string, got?: string) => never;

const base64urlBytes = (value: string): number | null =>
  /^[\w-]+$/.test(value) ? Buffer.from(value, 'base64url').length : null;

/** `LIVE_SHOP_WEB_PUSH=1` turns reminders on; keys come in pairs; a subject is `mailto:` or `https:`. */
export function parseWebPushEnv(env: Record<string, string | undefined>, fail: Fail): WebPushConfig | undefined {
  const value = (name: string) => (env[name] === '' ? undefined : env[name]);
  const flag = value('LIVE_SHOP_WEB_PUSH');
  if (flag !== undefined && !/^(1|0|true|false)$/.test(flag))
    fail('LIVE_SHOP_WEB_PUSH', 'must be 1 or 0 (true or false)', flag);
  const on = flag === '1' || flag === 'true';
  const publicKey = value('LIVE_SHOP_VAPID_PUBLIC_KEY');
  const privateKey = value('LIVE_SHOP_VAPID_PRIVATE_KEY');
  const subject = value('LIVE_SHOP_VAPID_SUBJECT');
  // Set without the flag, they would silently do nothing.
  if (!on) {
    const stray = [publicKey, privateKey, subject].findIndex((v) => v !== undefined);
    if (stray >= 0)
      fail(
        ['LIVE_SHOP_VAPID_PUBLIC_KEY', 'LIVE_SHOP_VAPID_PRIVATE_KEY', 'LIVE_SHOP_VAPID_SUBJECT'][stray]!,
        'needs LIVE_SHOP_WEB_PUSH=1',
      );
    return undefined;
  }
  const config: WebPushConfig = {};
  if (subject !== undefined) {
    if (!/^(mailto:[^\s@]+@[^\s@]+|https:\/\/[^\s]+)$/.test(subject))
      fail('LIVE_SHOP_VAPID_SUBJECT', 'must be a mailto: address or an https: URL', subject);
    config.subject = subject;
  }
  if ((publicKey === undefined) !== (privateKey === undefined))
    fail(
      publicKey === undefined ? 'LIVE_SHOP_VAPID_PUBLIC_KEY' : 'LIVE_SHOP_VAPID_PRIVATE_KEY',
      `must be set together with ${publicKey === undefined ? 'LIVE_SHOP_VAPID_PRIVATE_KEY' : 'LIVE_SHOP_VAPID_PUBLIC_KEY'}`,
    );
  if (publicKey !== undefined && privateKey !== undefined) {
    if (base64urlBytes(publicKey) !== 65 || !publicKey.startsWith('B'))
      fail(
        'LIVE_SHOP_VAPID_PUBLIC_KEY',
        'must be a base64url P-256 public key (65 bytes, e.g. from npx web-push generate-vapid-keys)',
      );
    if (base64urlBytes(privateKey) !== 32)
      fail('LIVE_SHOP_VAPID_PRIVATE_KEY', 'must be a base64url P-256 private key (32 bytes)');
    const derived = createECDH('prime256v1');
    derived.setPrivateKey(Buffer.from(privateKey, 'base64url'));
    if (!derived.getPublicKey().equals(Buffer.from(publicKey, 'base64url')))
      fail('LIVE_SHOP_VAPID_PUBLIC_KEY', 'is not the public key of LIVE_SHOP_VAPID_PRIVATE_KEY');
    config.vapidKeys = { publicKey, privateKey };
  }
  return config;
}

export const WEB_PUSH_HELP = `  LIVE_SHOP_WEB_PUSH         1: Web Push reminders for scheduled shows (VAPID keys generated and kept in the data dir)
  LIVE_SHOP_VAPID_SUBJECT    mailto: or https: contact sent to push services (default: LIVE_SHOP_PUBLIC_URL)
  LIVE_SHOP_VAPID_PUBLIC_KEY, LIVE_SHOP_VAPID_PRIVATE_KEY  your own VAPID key pair (base64url), instead of generated ones
`;
