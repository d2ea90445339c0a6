import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import webpush from 'web-push';
import type { MetaStore } from './store/store.js';
import type { VapidKeys } from './push/config.js';

export type AdminKeySource = 'config' | 'file' | 'generated';

export interface Secrets {
  adminKey: string;
  adminKeySource: AdminKeySource;
  /** Signs host tokens; never leaves the data dir. */
  tokenSecret: Buffer;
  /** Signs the local test checkout's webhook events (`whsec_…`, Stripe's scheme). */
  checkoutWebhookSecret: string;
  /** Web Push reminders on: the VAPID key pair (configured, or generated once and kept). */
  vapidKeys?: VapidKeys;
}

/** Reads `<dataDir>/<name>`, or creates it (0600) with `create()`; `wx` keeps two racing starts from clobbering each other. */
async function readOrCreate(file: string, create: () => string): Promise<{ value: string; created: boolean }> {
  try {
    return { value: (await readFile(file, 'utf8')).trim(), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const value = create();
  try {
    await writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
    return { value, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { value: (await readFile(file, 'utf8')).trim(), created: false };
  }
}

const randomKey = () => randomBytes(32).toString('base64url');

/** Where secrets persist: files in the data dir (one node), or the shared database (every node must agree). */
type Keep = (name: string, create: () => string) => Promise<{ value: string; created: boolean }>;

/**
 * The server's secrets. With a `shared` store (PostgreSQL, several nodes) they live in its meta table,
 * so a host token signed by one node verifies on every other; otherwise in files in the data dir.
 */
export async function loadSecrets(
  dataDir: string,
  adminKey?: string,
  sharedStore?: Pick<MetaStore, 'claimMeta'> | null,
  /** `generate`: Web Push is on without configured keys; a pair is made once (one secret: both halves always match). */
  vapid?: VapidKeys | 'generate',
): Promise<Secrets> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const keep: Keep = sharedStore
    ? async (name, create) => {
        const value = create();
        const stored = await sharedStore.claimMeta(`secret:${name}`, value);
        return { value: stored, created: stored === value };
      }
    : (name, create) => readOrCreate(path.join(dataDir, name), create);
  const secret = await keep('secret', randomKey);
  const webhook = await keep('checkout-webhook-secret', () => `whsec_${randomKey()}`);
  const shared: Omit<Secrets, 'adminKey' | 'adminKeySource'> = {
    tokenSecret: Buffer.from(secret.value),
    checkoutWebhookSecret: webhook.value,
  };
  if (vapid === 'generate')
    shared.vapidKeys = JSON.parse(
      (await keep('vapid-keys.json', () => JSON.stringify(webpush.generateVAPIDKeys()))).value,
    );
  else if (vapid) shared.vapidKeys = vapid;
  if (adminKey) return { adminKey, adminKeySource: 'config', ...shared };
  const stored = await keep('admin-key', randomKey);
  return { adminKey: stored.value, adminKeySource: stored.created ? 'generated' : 'file', ...shared };
}
