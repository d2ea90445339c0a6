import {
  ClientEvent,
  ErrorCode,
  EVENT_ROLES,
  LiveShopError,
  type Ack,
  type ClientEventName,
  type ClientToServerEvents,
  type ErrorBody,
  type Role,
} from '@live-shop/protocol';
import { parseIncoming } from '@live-shop/protocol/schemas';
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { LiveShopSocket } from './types.js';

const KNOWN_EVENTS: ReadonlySet<string> = new Set(Object.values(ClientEvent));

type AckFn = (response: Ack<object>) => void;

/** Each socket's events run one after another, in the order they arrived (a pin then an unpin stay in that order). */
const queues = new WeakMap<LiveShopSocket, Promise<unknown>>();
function inArrivalOrder(socket: LiveShopSocket, task: () => Promise<void>): Promise<void> {
  const run = (queues.get(socket) ?? Promise.resolve()).then(task, task);
  queues.set(
    socket,
    run.catch(() => {}),
  );
  return run;
}

const failure = (code: ErrorBody['code'], message: string): Ack<object> => ({ ok: false, error: { code, message } });

export type EventLimit = { perSecond: number; burst: number } | false;
/** Enough for a presenter clicking fast and a moderator clearing a raid; far below a flood. */
export const DEFAULT_EVENT_LIMIT: EventLimit = { perSecond: 10, burst: 40 };

/** WebRTC signalling comes in bursts (an offer, then a dozen ICE candidates per guest): a bucket of its own, this many times larger. */
export const SIGNAL_LIMIT_FACTOR = 5;

/** Token bucket over all of a connection's events (signalling: its own): false when it is empty (the event is refused, not queued). */
function takeEventToken(socket: LiveShopSocket, limit: EventLimit, event: ClientEventName): boolean {
  if (!limit) return true;
  const factor = event === ClientEvent.StageSignal ? SIGNAL_LIMIT_FACTOR : 1;
  const burst = limit.burst * factor;
  const budget = factor === 1 ? socket.data.budget : (socket.data.signalBudget ??= { tokens: burst, at: Date.now() });
  const now = Date.now();
  budget.tokens = Math.min(burst, budget.tokens + ((now - budget.at) / 1000) * limit.perSecond * factor);
  budget.at = now;
  if (budget.tokens < 1) return false;
  budget.tokens -= 1;
  return true;
}

/** What `handle` needs from the server: where to log, and the per-connection event limit. */
export interface HandlerDeps {
  logger: Logger;
  eventLimit: EventLimit;
}

/**
 * What a handler returns when its work is queued in order elsewhere (a chat batch): the socket's
 * next event starts now, and the answer goes out when `result` settles.
 */
export class Later<R extends object> {
  constructor(readonly result: Promise<R>) {}
}

type Run = (payload: unknown) => Promise<object>;
/** Per event, for every socket: its slot in the sockets' handler lists, schema, server deps and the one listener. */
interface EventRoute {
  slot: number;
  schema: z.ZodType;
  deps: HandlerDeps;
  listener: (this: LiveShopSocket, ...args: unknown[]) => void;
}
const routes = new Map<string, EventRoute>();
/** Each socket keeps only its handlers, in one array: no closures per socket and event (memory per viewer). */
const handlers = new WeakMap<LiveShopSocket, Run[]>();

/**
 * Calls `register(socket)` when the socket sends its first event, before that event is dispatched
 * (`onAny` listeners run first; Socket.IO emits the event on the next tick). Most viewers never
 * send one, so they never hold handlers.
 */
export function onFirstEvent(register: (socket: LiveShopSocket) => void): (socket: LiveShopSocket) => void {
  const first = function (this: LiveShopSocket) {
    this.offAny(first);
    register(this);
  };
  return (socket) => void socket.prependAny(first);
}

/**
 * The one wrapper every client event goes through: event limit, role check, zod parse, handler,
 * error mapping. Client input can never throw out of here, with or without an ack.
 */
export function handle<S extends z.ZodType, R extends object>(
  socket: LiveShopSocket,
  deps: HandlerDeps,
  event: keyof ClientToServerEvents & ClientEventName,
  schema: S,
  run: (payload: z.output<S>) => Promise<R | Later<R>>,
): void {
  let route = routes.get(event);
  if (!route) {
    const slot = routes.size;
    // `this` is the socket (EventEmitter calls listeners on their emitter).
    const listener = function (this: LiveShopSocket, ...args: unknown[]) {
      const socketRun = handlers.get(this)![slot]!;
      // Counted on arrival, not when its turn comes: a flood is refused as fast as it comes in.
      const allowed = takeEventToken(this, deps.eventLimit, event);
      void inArrivalOrder(this, () => answer(this, event, schema, deps.logger, socketRun, args, allowed));
    };
    routes.set(event, (route = { slot, schema, deps, listener }));
  }
  let list = handlers.get(socket);
  if (!list) handlers.set(socket, (list = []));
  if (
    route.schema !== schema ||
    route.deps.logger !== deps.logger ||
    route.deps.eventLimit !== deps.eventLimit ||
    list[route.slot]
  ) {
    // Another schema or server for this event (several servers in this process), or a second handler: its own listener.
    socket.on(event, ((...args: unknown[]) => {
      const allowed = takeEventToken(socket, deps.eventLimit, event);
      return inArrivalOrder(socket, () => answer(socket, event, schema, deps.logger, run as Run, args, allowed));
    }) as never);
    return;
  }
  list[route.slot] = run as Run;
  socket.on(event, route.listener as never);
}

async function answer(
  socket: LiveShopSocket,
  event: ClientEventName,
  schema: z.ZodType,
  logger: Logger,
  run: Run,
  args: unknown[],
  allowed: boolean,
): Promise<void> {
  const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as AckFn) : null;
  const roles = EVENT_ROLES[event];
  const expired = isExpired(socket);
  if (!allowed) {
    reply(ack, event, logger, failure(ErrorCode.RateLimited, 'Too many events: slow down'));
  } else if (expired) {
    reply(ack, event, logger, failure(ErrorCode.TokenExpired, 'This token has expired: ask for a new link'));
  } else if (!roles.includes(socket.data.role)) {
    reply(ack, event, logger, failure(ErrorCode.Forbidden, `Only ${whoMay(roles)} may send ${event}`));
  } else {
    const parsed = parseIncoming(schema, args[0]);
    if (!parsed.success) {
      reply(ack, event, logger, failure(ErrorCode.BadRequest, parsed.issue));
    } else {
      try {
        const out = await run(parsed.data);
        if (out instanceof Later)
          void (out.result as Promise<object>).then(
            (r) => reply(ack, event, logger, { ok: true, ...r }),
            (e: unknown) => reply(ack, event, logger, failed(event, logger, e)),
          );
        else reply(ack, event, logger, { ok: true, ...out });
      } catch (error) {
        reply(ack, event, logger, failed(event, logger, error));
      }
    }
  }
  if (expired) socket.disconnect(true);
}

function reply(ack: AckFn | null, event: ClientEventName, logger: Logger, response: Ack<object>): void {
  try {
    ack?.(response);
  } catch (error) {
    logger.error(`live-shop: ack for ${event} failed`, error);
  }
}

/** A handler's error as its answer: typed errors as they are, anything else logged and answered `internal`. */
function failed(event: ClientEventName, logger: Logger, error: unknown): Ack<object> {
  if (error instanceof LiveShopError) return failure(error.code, error.message);
  logger.error(`live-shop: ${event} failed`, error);
  return failure(ErrorCode.Internal, 'Internal error');
}

const ROLE_NAMES: Record<Role, string> = {
  host: 'the host',
  moderator: 'moderators',
  guest: 'guests',
  viewer: 'viewers',
};
/** "the host", "the host and moderators"… */
const whoMay = (roles: readonly Role[]) => roles.map((r) => ROLE_NAMES[r]).join(' and ');

/** The expiry timer may run late (a busy event loop): an event arriving past the token's expiry must not act. */
const isExpired = (socket: LiveShopSocket) => socket.data.token !== null && socket.data.token.expiresAt <= Date.now();

/** Unknown events that carry an ack get `unknown_event`; without an ack there is nobody to tell. */
export function answerUnknownEvents(socket: LiveShopSocket): void {
  socket.onAny(answerUnknown);
}

/** Shared by every socket (no closure per socket). */
function answerUnknown(event: unknown, ...args: unknown[]): void {
  if (typeof event === 'string' && KNOWN_EVENTS.has(event)) return;
  const ack = args[args.length - 1];
  if (typeof ack !== 'function') return;
  const name = String(event).slice(0, 64);
  try {
    (ack as AckFn)(failure(ErrorCode.UnknownEvent, `Unknown event "${name}"`));
  } catch {
    // a throwing ack is the client's problem, never the server's
  }
}
