import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type AdminKeySource = 'config' | 'file' | 'generated';

export interface Secrets {
  adminKey: string;
  adminKeySource: AdminKeySource;
  /** Signs host tokens; never leaves the data dir. */
  tokenSecret: Buffer;
  /** Signs the local test checkout's webhook events (`whsec_…`, Stripe's scheme). */
  checkoutWebhookSecret: string;
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

export async function loadSecrets(dataDir: string, adminKey?: string): Promise<Secrets> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const secret = await readOrCreate(path.join(dataDir, 'secret'), randomKey);
  const webhook = await readOrCreate(path.join(dataDir, 'checkout-webhook-secret'), () => `whsec_${randomKey()}`);
  const shared = { tokenSecret: Buffer.from(secret.value), checkoutWebhookSecret: webhook.value };
  if (adminKey) return { adminKey, adminKeySource: 'config', ...shared };
  const stored = await readOrCreate(path.join(dataDir, 'admin-key'), randomKey);
  return { adminKey: stored.value, adminKeySource: stored.created ? 'generated' : 'file', ...shared };
}
