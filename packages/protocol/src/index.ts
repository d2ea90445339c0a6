/**
 * The live-shop wire protocol: every name both sides rely on, and the payload types.
 * Runtime validation lives in `@live-shop/protocol/schemas` (zod) so browser bundles stay small.
 */

import { type ErrorCode, SHOW_STATUSES, type ShowStatus } from './names.js';
import type { ErrorBody } from './payloads.js';

export * from './names.js';
export * from './client-events.js';
export * from './commerce.js';
export * from './checkout.js';
export * from './payloads.js';
export * from './stage.js';
export * from './timeline.js';
export * from './analytics.js';
export * from './recording.js';
export * from './clips.js';
export * from './reactions.js';
export * from './deals.js';
export * from './polls.js';
// Simulcast out and RTMP in (issue 15)
export * from './simulcast.js';
export * from './schedule.js';
export * from './reminders.js';

/** Error raised by clients and servers alike; `code` is one of ErrorCode. */
export class LiveShopError extends Error {
  override name = 'LiveShopError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
  toJSON(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

export function isShowStatus(value: unknown): value is ShowStatus {
  return typeof value === 'string' && (SHOW_STATUSES as readonly string[]).includes(value);
}
