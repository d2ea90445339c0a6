/** zod schemas for every incoming payload; servers parse with these before anything else. */
import { z } from 'zod';
import { ATTRIBUTION_SOURCES, CLIP_LIMITS, LIMITS, SHOW_ORIENTATIONS, TIMELINE_PAGE } from './index.js';
import { REACTION_KINDS, REACTION_LIMITS } from './reactions.js';
import { DEAL_LIMITS } from './deals.js';
import { ANNOUNCEMENT_LIMITS, POLL_LIMITS } from './polls.js';
import { PUSH_LIMITS } from './reminders.js';
import { STAGE_LAYOUTS, STAGE_PLACES } from './stage.js';
import { SIMULCAST_LIMITS } from './simulcast.js';
import { SCHEDULE_LIMITS, TRAILER_KINDS } from './schedule.js';

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const trimmed = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().min(1).max(64);

export const nameSchema = trimmed(LIMITS.nameMax);

/** Where the shopper watched (the server decides `live` or `replay` from the show; `clip` is taken as said). */
export const attributionSourceSchema = z.enum(ATTRIBUTION_SOURCES);

export const handshakeSchema = z.object({
  show: id,
  token: z.string().min(1).max(1024).optional(),
  name: nameSchema.optional(),
  viewer: z.string().min(1).max(256).optional(),
  identity: z.string().min(1).max(4096).optional(),
  source: attributionSourceSchema.optional(),
});

export const chatSendSchema = z.object({
  text: trimmed(LIMITS.chatTextMax),
  name: nameSchema.optional(),
  question: z.boolean().optional(),
});

export const productRefSchema = z.object({ productId: id });
export const messageRefSchema = z.object({ id });
export const ingestHelloSchema = z.object({
  show: id,
  token: z.string().min(1).max(1024),
  mimeType: z.string().min(1).max(200),
  capturedAt: z.number().int().positive(),
});

/** Events without a body accept `{}` or nothing. */
export const emptySchema = z.object({}).strict().optional();

const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'ISO 4217 code, e.g. USD')
  .transform((c) => c.toUpperCase())
  .refine((c) => KNOWN_CURRENCIES.has(c), 'unknown currency');

export const priceSchema = z.object({
  amount: z.number().int().min(0).max(100_000_000_00),
  currency,
});

const httpUrl = z
  .string()
  .max(2048)
  .refine((u) => /^https?:\/\//i.test(u) || u.startsWith('/'), 'http(s) URL or absolute path');

export const createProductSchema = z.object({
  title: trimmed(LIMITS.titleMax),
  description: z.string().max(LIMITS.descriptionMax).optional(),
  imageUrl: httpUrl.optional(),
  price: priceSchema,
  checkoutUrl: httpUrl.optional(),
  stripePriceId: z.string().min(1).max(255).optional(),
  stock: z.number().int().min(0).max(1_000_000_000).optional(),
  limitPerBuyer: z.number().int().min(1).max(DEAL_LIMITS.limitPerBuyerMax).optional(),
});

/** A show's enabled reactions: known kinds, each once (order kept: it is the display order). */
const reactionKinds = z
  .array(z.enum(REACTION_KINDS))
  .max(REACTION_KINDS.length)
  .refine((kinds) => new Set(kinds).size === kinds.length, 'each reaction once');

export const showSettingsSchema = z
  .object({
    socialProof: z.boolean().optional(),
    reactions: reactionKinds.optional(),
    orientation: z.enum(SHOW_ORIENTATIONS).optional(),
  })
  .strict();

/** `reaction:send`: whether the show enabled the kind is the server's to check (`bad_request` too). */
export const reactionSendSchema = z
  .object({
    kind: z.enum(REACTION_KINDS),
    count: z.number().int().min(1).max(REACTION_LIMITS.countMax).default(1),
  })
  .strict();

/** At least one field: an empty edit is a mistake, not a no-op. */
const someField = (value: object) => Object.keys(value).length > 0;
const { shape: product } = createProductSchema;
/** Creation's validators, each optional; `null` clears what creation may leave out. Unknown keys are refused. */
const productPatch = {
  title: product.title.optional(),
  description: product.description,
  imageUrl: product.imageUrl.unwrap().nullable().optional(),
  price: product.price.optional(),
  checkoutUrl: product.checkoutUrl.unwrap().nullable().optional(),
  stripePriceId: product.stripePriceId.unwrap().nullable().optional(),
  stock: product.stock.unwrap().nullable().optional(),
  limitPerBuyer: product.limitPerBuyer.unwrap().nullable().optional(),
};
/** `PATCH /api/shows/:id/products/:productId`. */
export const updateProductSchema = z.object(productPatch).strict().refine(someField, 'nothing to change');
/** `product:update` (host): the product and what changes. */
export const productUpdateSchema = z
  .object({ productId: id, ...productPatch })
  .strict()
  .refine(({ productId: _, ...patch }) => someField(patch), 'nothing to change');

export const slowModeSchema = z.object({ seconds: z.number().int().min(0).max(LIMITS.slowModeMaxSeconds) });
export const blocklistSchema = z.object({
  terms: z.array(z.string().trim().min(1).max(LIMITS.blocklistTermMax)).max(LIMITS.blocklistTerms),
});
export const timeoutSchema = z.object({
  messageId: id,
  seconds: z.number().int().min(LIMITS.timeoutMinSeconds).max(LIMITS.timeoutMaxSeconds),
});
export const banSchema = z.object({ messageId: id });
export const unbanSchema = z.object({ viewerId: z.string().min(1).max(200) });
export const moderatorInviteSchema = z
  .object({
    label: z.string().trim().max(LIMITS.nameMax).optional(),
    hours: z.number().int().min(1).max(LIMITS.moderatorTokenMaxHours).optional(),
  })
  .strict();
export const tokenRefSchema = z.object({ id });
export const createTokenSchema = z.object({
  role: z.enum(['host', 'moderator', 'guest']),
  label: z.string().trim().max(LIMITS.nameMax).optional(),
  hours: z.number().int().min(1).max(LIMITS.hostTokenHours).optional(),
});

/** `GET /api/shows/:id/timeline?after=&limit=` (query strings: the limit arrives as text). */
export const timelineQuerySchema = z.object({
  after: z.string().min(1).max(120).optional(),
  limit: z.coerce.number().int().min(1).max(TIMELINE_PAGE.maxLimit).optional(),
});

/** `GET /api/shows/:id/analytics?format=csv` (or `Accept: text/csv`); JSON otherwise. */
export const analyticsQuerySchema = z.object({ format: z.enum(['json', 'csv']).optional() });

export const guestInviteSchema = z
  .object({
    label: z.string().trim().max(LIMITS.nameMax).optional(),
    hours: z.number().int().min(1).max(LIMITS.guestTokenMaxHours).optional(),
  })
  .strict();
export const stageJoinSchema = z.object({ name: nameSchema }).strict();
export const stageMoveSchema = z.object({ guestId: id, place: z.enum(STAGE_PLACES) }).strict();
export const stageMuteSchema = z.object({ guestId: id, muted: z.boolean() }).strict();
export const stageRemoveSchema = z.object({ guestId: id }).strict();
export const stageLayoutSchema = z.object({ layout: z.enum(STAGE_LAYOUTS) }).strict();
/**
 * `stage:signal`: the shape only. Lengths beyond `LIMITS.signalSdpMax` / `signalCandidateMax` are the
 * server's to refuse with `payload_too_large` (a socket message is capped at 64 KB before this anyway).
 */
export const stageSignalSchema = z
  .object({
    to: id,
    signal: z
      .object({
        description: z
          .object({ type: z.enum(['offer', 'answer']), sdp: z.string() })
          .strict()
          .optional(),
        candidate: z
          .object({
            candidate: z.string(),
            sdpMid: z.string().max(64).nullable().optional(),
            sdpMLineIndex: z.number().int().min(0).max(1024).nullable().optional(),
            usernameFragment: z.string().max(256).nullable().optional(),
          })
          .strict()
          .nullable()
          .optional(),
        video: z
          .object({ width: z.number().int().min(16).max(7680), height: z.number().int().min(16).max(4320) })
          .strict()
          .optional(),
      })
      .strict()
      .refine(
        (s) => s.description !== undefined || s.candidate !== undefined || s.video !== undefined,
        'description, candidate or video',
      ),
  })
  .strict();

// Schedule (issue 15): start time, description and trailer of a show.
/** A trailer plays in viewers' browsers: absolute http(s) URLs only (no javascript:, data: or relative paths). */
const trailerUrl = z
  .string()
  .max(SCHEDULE_LIMITS.urlMax)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'http(s) URL');
export const trailerSchema = z.object({ url: trailerUrl, kind: z.enum(TRAILER_KINDS) }).strict();
/** Epoch ms; between 2000 and 2200 so a seconds-for-ms mistake is caught. */
const startsAtSchema = z.number().int().min(946_684_800_000).max(7_258_118_400_000).nullable();
const scheduleFields = {
  startsAt: startsAtSchema.optional(),
  description: z.string().max(LIMITS.descriptionMax).optional(),
  trailer: trailerSchema.nullable().optional(),
};
/** `GET /api/shows`: `cursor` from the previous page's `next`. */
export const showListQuerySchema = z.object({
  cursor: z
    .string()
    .regex(/^[up]\.\d{1,16}\.[\w-]{0,64}$/, 'a page’s next')
    .optional(),
  limit: z.coerce.number().int().min(1).max(SCHEDULE_LIMITS.maxLimit).optional(),
});

export const createShowSchema = z.object({
  title: trimmed(LIMITS.titleMax),
  products: z.array(createProductSchema).max(200).optional(),
  settings: showSettingsSchema.optional(),
  ...scheduleFields,
});

/** `PATCH /api/shows/:id`: what creation set that may change; the status follows the state machine (Go live, End show). */
export const updateShowSchema = z
  .object({
    title: createShowSchema.shape.title.optional(),
    settings: showSettingsSchema.optional(),
    ...scheduleFields,
  })
  .strict()
  .refine(someField, 'nothing to change');

/** Opaque client-made keys and references: short, printable, no spaces. */
const token = z.string().regex(/^[\w.:-]{1,64}$/, 'letters, digits, _ . : - (at most 64)');

/** Unknown keys (a client-sent `price` or `amount`) are stripped: the catalog is the only price. */
export const checkoutRequestSchema = z.object({
  productId: id,
  quantity: z.number().int().min(1).max(LIMITS.quantityMax).default(1),
  returnUrl: z.string().url().max(2048).optional(),
  shopperRef: token.optional(),
  viewerRef: token.optional(),
  idempotencyKey: token.optional(),
  source: attributionSourceSchema.optional(),
  // Per-buyer limits and coupons (issue 15)
  viewer: z.string().min(1).max(256).optional(),
  coupon: z.string().trim().min(1).max(40).optional(),
});

export const buyClickSchema = z.object({
  productId: id,
  quantity: z.number().int().min(1).max(LIMITS.quantityMax).default(1),
  source: attributionSourceSchema.optional(),
});

/** `POST /api/shows/:id/clips`: a span of the recording in show-time ms (whole ms: they name segments, not frames). */
export const createClipSchema = z
  .object({
    productId: id,
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    title: z.string().trim().min(1).max(LIMITS.titleMax).optional(),
  })
  .strict()
  .refine((c) => c.end > c.start, { message: 'end must be after start', path: ['end'] })
  .refine((c) => c.end - c.start >= CLIP_LIMITS.minMs, {
    message: `a clip lasts at least ${CLIP_LIMITS.minMs} ms`,
    path: ['end'],
  })
  .refine((c) => c.end - c.start <= CLIP_LIMITS.maxMs, {
    message: `a clip lasts at most ${CLIP_LIMITS.maxMs} ms`,
    path: ['end'],
  });

// Flash deals and coupons (issue 15)
/** `product:deal`: whether the amount is below the list price and `endsAt` in range is the server's to check (`bad_request`). */
export const productDealSchema = z
  .object({
    productId: id,
    amount: z.number().int().min(0).max(100_000_000_00),
    endsAt: z.number().int().positive(),
    pin: z.boolean().optional(),
  })
  .strict();
/** Coupon codes: letters, digits, `-` and `_`, compared ignoring case. */
export const couponCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{3,40}$/, '3–40 letters, digits, - or _')
  .transform((c) => c.toUpperCase());
/** `POST /api/shows/:id/coupons`: exactly one of `percentOff` and `amountOff`. */
export const createCouponSchema = z
  .object({
    code: couponCodeSchema,
    percentOff: z.number().int().min(1).max(100).optional(),
    amountOff: priceSchema.refine((p) => p.amount > 0, 'more than 0').optional(),
    expiresAt: z.number().int().positive().optional(),
    maxRedemptions: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict()
  .refine((c) => (c.percentOff === undefined) !== (c.amountOff === undefined), {
    message: 'one of percentOff and amountOff',
    path: ['percentOff'],
  });

// Web Push reminders
const absoluteHttpUrl = (max: number) =>
  z
    .string()
    .max(max)
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');
/** A push endpoint: the server refuses plain http beyond loopback (its policy, not the shape's). */
const pushEndpoint = absoluteHttpUrl(PUSH_LIMITS.endpointMax);
/** `POST /api/shows/:id/reminders/push`: `PushSubscription.toJSON()`'s fields; p256dh an uncompressed P-256 point (65 bytes), auth 16 bytes. */
export const pushSubscribeSchema = z.object({
  subscription: z.object({
    endpoint: pushEndpoint,
    keys: z.object({
      p256dh: z.string().regex(/^B[\w-]{86}=?$/, 'must be a base64url P-256 public key (65 bytes)'),
      auth: z.string().regex(/^[\w-]{22}(==)?$/, 'must be a base64url 16-byte secret'),
    }),
  }),
  url: absoluteHttpUrl(PUSH_LIMITS.urlMax).optional(),
  lang: z
    .string()
    .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag like pt-BR')
    .max(PUSH_LIMITS.langMax)
    .optional(),
});
/** `DELETE /api/shows/:id/reminders/push`. */
export const pushUnsubscribeSchema = z.object({ endpoint: pushEndpoint });

/** First issue of a failed parse as one readable line: "text: Too big: expected string to have <=500 characters". */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid payload';
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * Parses an incoming payload with a protocol schema: its data, or the first issue as one line. A string
 * holding a NUL character is refused too: no field needs one, PostgreSQL's text cannot store one (a
 * message would fail at its write, not here) and SQLite would, so the two stores would disagree.
 */
export function parseIncoming<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { success: true; data: z.output<S> } | { success: false; issue: string } {
  const parsed = schema.safeParse(value);
  if (!parsed.success) return { success: false, issue: describeIssue(parsed.error) };
  const nul = nulPath(parsed.data);
  if (nul !== null) return { success: false, issue: `${nul || 'value'}: must not contain a NUL character` };
  return { success: true, data: parsed.data };
}

/** The path of the first string in a parsed payload that holds a NUL character, or null (no recursion: any depth). */
function nulPath(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [v, path] = next;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--)
        stack.push([entries[i]![1], path ? `${path}.${entries[i]![0]}` : entries[i]![0]]);
    }
  }
  return null;
}

// polls, Q&A and the announcement banner
/** `poll:start`: 2–4 distinct options. */
export const pollStartSchema = z
  .object({
    question: trimmed(POLL_LIMITS.questionMax),
    options: z
      .array(trimmed(POLL_LIMITS.optionMax))
      .min(POLL_LIMITS.optionsMin)
      .max(POLL_LIMITS.optionsMax)
      .refine((o) => new Set(o.map((x) => x.toLowerCase())).size === o.length, 'each option once'),
    seconds: z.number().int().min(POLL_LIMITS.secondsMin).max(POLL_LIMITS.secondsMax).optional(),
  })
  .strict();
export const pollRefSchema = z.object({ pollId: id }).strict();
export const pollVoteSchema = z
  .object({
    pollId: id,
    option: z
      .number()
      .int()
      .min(0)
      .max(POLL_LIMITS.optionsMax - 1),
  })
  .strict();
/** `announcement:set`: null or blank clears the banner. */
export const announcementSetSchema = z
  .object({
    text: z
      .string()
      .trim()
      .max(ANNOUNCEMENT_LIMITS.textMax)
      .nullable()
      .transform((t) => t || null),
  })
  .strict();
export const questionRefSchema = z.object({ id }).strict();

// Simulcast out (issue 15)
/** An RTMP(S) ingest URL: a host, an application path, no credentials, no query (the key goes apart). */
const rtmpUrlSchema = z
  .string()
  .trim()
  .max(SIMULCAST_LIMITS.urlMax)
  .refine((raw) => {
    try {
      const url = new URL(raw);
      return (
        (url.protocol === 'rtmp:' || url.protocol === 'rtmps:') &&
        url.hostname !== '' &&
        url.pathname.length > 1 &&
        !url.username &&
        !url.password &&
        !url.search &&
        !url.hash
      );
    } catch {
      return false;
    }
  }, 'must be an rtmp:// or rtmps:// URL with an application path, e.g. rtmps://live.example.com/app');
/** A stream key: printable, no spaces or slashes (it becomes the URL's last path segment). */
const streamKeySchema = z
  .string()
  .min(1)
  .max(SIMULCAST_LIMITS.streamKeyMax)
  .regex(/^[\x21-\x7e]+$/, 'printable characters without spaces')
  .refine((key) => !key.includes('/'), 'no slashes');
export const simulcastAddSchema = z
  .object({
    name: trimmed(SIMULCAST_LIMITS.nameMax),
    url: rtmpUrlSchema,
    streamKey: streamKeySchema,
    enabled: z.boolean().optional(),
  })
  .strict();
export const simulcastRefSchema = z.object({ id }).strict();
export const simulcastEnableSchema = z.object({ id, enabled: z.boolean() }).strict();
