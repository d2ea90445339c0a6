import { createClient } from 'redis';
import type { Logger } from './logger.js';

export type RedisClient = ReturnType<typeof createClient>;

/**
 * Connects to Redis (`REDIS_URL`). A Redis outage later is survivable: the client reconnects with
 * backoff and the streams adapter resumes its stream where it left off; errors are logged, not thrown.
 */
export async function connectRedis(url: string, logger: Logger): Promise<RedisClient> {
  const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) } });
  let reported = false;
  client.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    logger.error('live-shop: Redis connection error (reconnecting)', error.message);
  });
  client.on('ready', () => (reported = false));
  // At start a wrong URL must fail in bounded time, not retry forever behind a silent server.
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`REDIS_URL: cannot reach Redis at ${redacted(url)} within ${CONNECT_TIMEOUT_MS / 1000} s`)),
      CONNECT_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([client.connect(), giveUp]);
  } catch (error) {
    client.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return client;
}

const CONNECT_TIMEOUT_MS = 10_000;

/** The URL without its password, for messages. */
function redacted(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.href;
}
