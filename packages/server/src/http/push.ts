import { isIP } from 'node:net';
import { ErrorCode, LiveShopError, PUSH_LIMITS, ReminderRoute } from '@live-shop/protocol';
import { pushSubscribeSchema, pushUnsubscribeSchema } from '@live-shop/protocol/schemas';
import express, { Router } from 'express';
import { randomId } from '../ids.js';
import type { PushReminders } from '../push/reminders.js';
import type { ShowService } from '../show/service.js';
import type { PushStore } from '../store/push-queries.js';
import type { ClientPolicy } from './client-policy.js';
import { cors } from './cors.js';
import { parseBody } from './errors.js';
import { requestOrigin } from './origins.js';
import { AddressBudget, limit } from './rate-limit.js';

export interface PushRouterDeps {
  /** Null: Web Push reminders are off (every call answers push_unavailable). */
  push: PushReminders | null;
  store: PushStore;
  service: Pick<ShowService, 'requireShow'>;
  clientPolicy: ClientPolicy;
  /** Tests and development: endpoints on http://127.0.0.1 / localhost (the fake push service). */
  allowLoopbackEndpoints?: boolean;
  publicUrl?: string;
  now?: () => number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Browsers' push services are all https on public host names. The server POSTs to whatever endpoint a
 * stranger sends, so anything else (plain http, addresses, intranet names) is refused; loopback http only
 * when the operator allows it for a local fake push service (tests, development).
 */
export function checkPushEndpoint(endpoint: string, allowLoopback = false): void {
  const url = new URL(endpoint);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allowLoopback && LOOPBACK.has(host)) return;
  const refuse = (rule: string) => {
    throw new LiveShopError(ErrorCode.BadRequest, `subscription.endpoint: ${rule}`);
  };
  if (url.protocol !== 'https:') refuse('must be an https URL (a browser push service)');
  if (isIP(host) || !host.includes('.') || LOOPBACK.has(host) || url.username || url.password)
    refuse("must be a push service's public host name");
}

/** `POST /api/shows/:id/reminders/push` (subscribe a browser) and `DELETE` (unsubscribe it): public, CORS for allowed origins. */
export function pushRouter(deps: PushRouterDeps): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  const budget = limit(new AddressBudget(deps.clientPolicy.limits.pushRemindersPerMinute, 'reminder requests'));
  const body = express.json({ limit: PUSH_LIMITS.bodyMax });
  const enabled = (): void => {
    if (!deps.push) throw new LiveShopError(ErrorCode.PushUnavailable, 'This server does not send Web Push reminders');
  };

  router.all(ReminderRoute.Push, cors(deps.clientPolicy, [], ['POST', 'DELETE']));
  router.post(ReminderRoute.Push, budget, body, async (req, res) => {
    enabled();
    const input = parseBody(req, pushSubscribeSchema);
    checkPushEndpoint(input.subscription.endpoint, deps.allowLoopbackEndpoints);
    const show = await deps.service.requireShow(String(req.params.id));
    // The reminder says "live now": once it is live (or over) there is nothing left to remind of.
    if (show.status !== 'scheduled')
      throw new LiveShopError(ErrorCode.InvalidState, `Reminders are for scheduled shows (this one is ${show.status})`);
    const origin = req.get('origin');
    const page = origin && /^https?:\/\//.test(origin) ? `${origin}/` : `${deps.publicUrl ?? requestOrigin(req)}/`;
    const created = await deps.store.subscribe({
      id: randomId(),
      showId: show.id,
      endpoint: input.subscription.endpoint,
      p256dh: input.subscription.keys.p256dh,
      auth: input.subscription.keys.auth,
      url: input.url ?? page,
      lang: input.lang ?? null,
      createdAt: now(),
    });
    res.status(201).json({ ok: true, created });
  });
  router.delete(ReminderRoute.Push, budget, body, async (req, res) => {
    enabled();
    const { endpoint } = parseBody(req, pushUnsubscribeSchema);
    const show = await deps.service.requireShow(String(req.params.id));
    await deps.store.unsubscribe(show.id, endpoint);
    res.status(204).end();
  });
  return router;
}
