import { ClientEvent, ErrorCode, EVENT_ROLES, LiveShopError, type Ack, type ClientEventName, type ClientToServerEvents, type ErrorBody } from '@live-shop/protocol';
import { describeIssue } from '@live-shop/protocol/schemas';
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { LiveShopSocket } from './types.js';

const KNOWN_EVENTS: ReadonlySet<string> = new Set(Object.values(ClientEvent));

type AckFn = (response: Ack<object>) => void;

/** Each socket's events run one after another, in the order they arrived (a pin then an unpin stay in that order). */
const queues = new WeakMap<LiveShopSocket, Promise<unknown>>();
function inArrivalOrder(socket: LiveShopSocket, task: () => Promise<void>): Promise<void> {
  const run = (queues.get(socket) ?? Promise.resolve()).then(task, task);
  queues.set(socket, run.catch(() => {}));
  return run;
}

const failure = (code: ErrorBody['code'], message: string): Ack<object> => ({ ok: false, error: { code, message } });

/** Token bucket over all of a connection's events: false when it is empty (the event is refused, not queued). */
function takeEventToken(socket: LiveShopSocket, limit: EventLimit): boolean {
  if (!limit) return true;
  const budget = socket.data.budget;
  const now = Date.now();
  budget.tokens = Math.min(limit.burst, budget.tokens + ((now - budget.at) / 1000) * limit.perSecond);
  budget.at = now;
  if (budget.tokens < 1) return false;
  budget.tokens -= 1;
  return true;
}

export type EventLimit = { perSecond: number; burst: number } | false;
/** Enough for a presenter clicking fast and a moderator clearing a raid; far below a flood. */
export const DEFAULT_EVENT_LIMIT: EventLimit = { perSecond: 10, burst: 40 };

/**
 * The one wrapper every client event goes through: host-only check, zod parse, handler,
 * error mapping. Client input can never throw out of here, with or without an ack.
 */
export function handle<S extends z.ZodType, R extends object>(
  socket: LiveShopSocket,
  { logger, eventLimit }: { logger: Logger; eventLimit: EventLimit },
  event: keyof ClientToServerEvents & ClientEventName,
  schema: S,
  run: (payload: z.output<S>) => Promise<R>,
): void {
  const roles = EVENT_ROLES[event];
  const who = roles.includes('moderator') ? 'hosts and moderators' : 'the host';
  const listener = (...args: unknown[]) => {
    // Checked on arrival, not when its turn comes: a flood is refused as fast as it comes in.
    const allowed = takeEventToken(socket, eventLimit);
    return inArrivalOrder(socket, () => answer(args, allowed));
  };
  const answer = async (args: unknown[], allowed: boolean) => {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as AckFn) : null;
    let response: Ack<object>;
    if (!allowed) {
      response = failure(ErrorCode.RateLimited, 'Too many events: slow down');
    } else if (!roles.includes(socket.data.role)) {
      response = failure(ErrorCode.Forbidden, `Only ${who} may send ${event}`);
    } else {
      const parsed = schema.safeParse(args[0]);
      if (!parsed.success) {
        response = failure(ErrorCode.BadRequest, describeIssue(parsed.error));
      } else {
        try {
          response = { ok: true, ...(await run(parsed.data)) };
        } catch (error) {
          if (error instanceof LiveShopError) {
            response = failure(error.code, error.message);
          } else {
            logger.error(`live-shop: ${event} failed`, error);
            response = failure(ErrorCode.Internal, 'Internal error');
          }
        }
      }
    }
    try {
      ack?.(response);
    } catch (error) {
      logger.error(`live-shop: ack for ${event} failed`, error);
    }
  };
  socket.on(event, listener as never);
}

/** Unknown events that carry an ack get `unknown_event`; without an ack there is nobody to tell. */
export function answerUnknownEvents(socket: LiveShopSocket): void {
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === 'string' && KNOWN_EVENTS.has(event)) return;
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') return;
    const name = String(event).slice(0, 64);
    try {
      (ack as AckFn)(failure(ErrorCode.UnknownEvent, `Unknown event "${name}"`));
    } catch {
      // a throwing ack is the client's problem, never the server's
    }
  });
}
