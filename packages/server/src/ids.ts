import { randomFillSync } from 'node:crypto';

/**
 * Random bytes from a pool refilled in one call when used up (a join storm mints thousands of ids a
 * second: one `randomBytes` call each cost ~10 µs). Each byte is handed out once.
 */
const pool = Buffer.alloc(4096);
let pooled = 0;
function randomBytes(n: number): Buffer {
  if (pooled < n) {
    randomFillSync(pool);
    pooled = pool.length;
  }
  pooled -= n;
  return pool.subarray(pooled, pooled + n);
}

/** Short URL-safe id for shows, products and viewers (72 random bits). */
export const randomId = () => randomBytes(9).toString('base64url');

let lastMs = 0;
let seq = 0;

/**
 * Chat ids sort by time as plain strings: fixed-width base36 ms + a per-process sequence
 * (keeps order within one millisecond) + randomness (keeps ids unique across nodes).
 */
export function timeOrderedId(now = Date.now()): string {
  if (now <= lastMs) {
    seq += 1;
  } else {
    lastMs = now;
    seq = 0;
  }
  const time = lastMs.toString(36).padStart(9, '0');
  const counter = seq.toString(36).padStart(4, '0');
  return `${time}${counter}${randomBytes(4).toString('hex')}`;
}
