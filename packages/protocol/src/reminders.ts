/** Web Push reminders: a shopper asks to be told when a scheduled show goes live. */

/** Route patterns (Express style); fill one with `routePath`. */
export const ReminderRoute = {
  /** `POST` a `PushSubscribeBody` → 201; `DELETE` a `PushUnsubscribeBody` → 204 (public, CORS for allowed origins). */
  Push: '/api/shows/:id/reminders/push',
} as const;
export type ReminderRoute = (typeof ReminderRoute)[keyof typeof ReminderRoute];

export const PUSH_LIMITS = {
  /** Push services' endpoints are a few hundred characters; anything longer is not one. */
  endpointMax: 2048,
  /** The page the notification opens. */
  urlMax: 2048,
  /** A BCP 47 language tag (`navigator.language`), for the notification's words. */
  langMax: 35,
  /** Request body bytes (a subscription is well under 1 KB). */
  bodyMax: 4096,
} as const;

/** The browser's `PushSubscription.toJSON()` keys: P-256 public key (65 bytes) and auth secret (16 bytes), base64url. */
export interface PushSubscriptionKeys {
  p256dh: string;
  auth: string;
}

/** `POST /api/shows/:id/reminders/push`. */
export interface PushSubscribeBody {
  subscription: { endpoint: string; keys: PushSubscriptionKeys };
  /** The page the notification opens (default: none, the worker opens the server's show page). */
  url?: string;
  /** The shopper's language, for the notification's body (default English). */
  lang?: string;
}

/** `DELETE /api/shows/:id/reminders/push`. */
export interface PushUnsubscribeBody {
  endpoint: string;
}

/** What each push message carries (JSON, encrypted for the subscription): the worker shows it. */
export interface PushReminderPayload {
  title: string;
  body: string;
  url: string;
  showId: string;
}
