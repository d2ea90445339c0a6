/**
 * Test support (not shipped): a local push service. It takes Web Push requests like a browser vendor's
 * (RFC 8030), verifies their VAPID JWT, decrypts their body with the subscriber's private key (which
 * it holds: it plays the browser too) and records what arrived. It can answer 410 (the subscription
 * is gone) or fail a number of times for an endpoint.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decryptWebPush, verifyVapid, type UaKeys } from './push-crypto.js';

export interface FakeSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** One request the fake accepted (decrypted) or refused (`error`). */
export interface ReceivedPush {
  endpoint: string;
  /** The decrypted body, parsed as JSON when it is JSON. */
  payload: unknown;
  /** The VAPID key (`k=`) it was signed with. */
  vapidKey: string;
  /** The JWT's `sub`: the sender's contact. */
  subject: string | undefined;
  ttl: string | undefined;
  urgency: string | undefined;
}

const MAX_BODY = 8 * 1024;

export class FakePushService {
  readonly received: ReceivedPush[] = [];
  /** Requests refused with 400/401/403, with why: a correct sender leaves this empty. */
  readonly refused: { endpoint: string; error: string }[] = [];
  #server: Server | null = null;
  #url = '';
  readonly #keys = new Map<string, { ua: UaKeys; ecdh: ReturnType<typeof createECDH> }>();
  readonly #gone = new Set<string>();
  readonly #failures = new Map<string, number>();
  readonly #held = new Map<string, { release: Promise<void>; arrived: () => void }>();

  get url(): string {
    return this.#url;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk);
      });
      req.on('end', async () => {
        const held = this.#held.get(this.#url + (req.url ?? ''));
        if (held) {
          held.arrived();
          await held.release;
        }
        const { status, error } = this.#handle(
          req.method ?? '',
          req.url ?? '',
          req.headers,
          Buffer.concat(chunks),
          size,
        );
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(error ?? '');
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** A browser's new subscription: a real P-256 key pair and auth secret, the private half kept here. */
  subscribe(): FakeSubscription {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const ua: UaKeys = { privateKey: ecdh.getPrivateKey(), publicKey: ecdh.getPublicKey(), auth: randomBytes(16) };
    const endpoint = `${this.#url}/push/${randomBytes(12).toString('base64url')}`;
    this.#keys.set(endpoint, { ua, ecdh });
    return { endpoint, keys: { p256dh: ua.publicKey.toString('base64url'), auth: ua.auth.toString('base64url') } };
  }

  /** From now on the endpoint answers 410 Gone (the user unsubscribed in the browser). */
  expire(endpoint: string): void {
    this.#gone.add(endpoint);
  }

  /** The endpoint's next `times` requests answer 503 (the push service is having a bad minute). */
  failNext(endpoint: string, times: number): void {
    this.#failures.set(endpoint, times);
  }

  /**
   * The endpoint's requests wait (unanswered) until `release()`; `arrived` resolves when one is waiting:
   * a push service that hangs.
   */
  hold(endpoint: string): { arrived: Promise<void>; release: () => void } {
    let release = () => {};
    let arrived = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const came = new Promise<void>((resolve) => (arrived = resolve));
    this.#held.set(endpoint, { release: released, arrived });
    return { arrived: came, release };
  }

  /** Decrypted payloads that reached one endpoint. */
  payloadsFor(endpoint: string): unknown[] {
    return this.received.filter((r) => r.endpoint === endpoint).map((r) => r.payload);
  }

  #handle(
    method: string,
    path: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
    size: number,
  ): { status: number; error?: string } {
    const endpoint = this.#url + path;
    const refuse = (status: number, error: string) => {
      this.refused.push({ endpoint, error });
      return { status, error };
    };
    const subscriber = this.#keys.get(endpoint);
    if (method !== 'POST' || !subscriber) return refuse(404, 'no such subscription');
    if (this.#gone.has(endpoint)) return { status: 410, error: 'subscription expired' };
    const failures = this.#failures.get(endpoint) ?? 0;
    if (failures > 0) {
      this.#failures.set(endpoint, failures - 1);
      return { status: 503, error: 'try again later' };
    }
    if (size > 4096 + 86) return refuse(413, 'payload too large');
    const header = (name: string) => {
      const value = headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    if (header('content-encoding') !== 'aes128gcm') return refuse(400, 'Content-Encoding must be aes128gcm');
    if (!/^\d+$/.test(header('ttl') ?? '')) return refuse(400, 'TTL header required');
    let vapid: ReturnType<typeof verifyVapid>;
    try {
      vapid = verifyVapid(header('authorization'), this.#url, Date.now());
    } catch (error) {
      return refuse(401, (error as Error).message);
    }
    let plain: Buffer;
    try {
      plain = decryptWebPush(body, subscriber.ua, (asPublic) => subscriber.ecdh.computeSecret(asPublic));
    } catch (error) {
      return refuse(400, `cannot decrypt: ${(error as Error).message}`);
    }
    let payload: unknown = plain.toString('utf8');
    try {
      payload = JSON.parse(payload as string);
    } catch {
      // not JSON: kept as text
    }
    this.received.push({
      endpoint,
      payload,
      vapidKey: vapid.key,
      subject: vapid.claims.sub,
      ttl: header('ttl'),
      urgency: header('urgency'),
    });
    return { status: 201 };
  }
}
