import type { AttributionSource, ShowStatus } from '@live-shop/protocol';

/**
 * Where a viewer or shopper watched, from what the client said and the show's status: a clip is taken
 * at its word (attribution only, no money follows from it); otherwise an ended show can only be
 * watched as its replay, and a show not ended only live.
 */
export const attributionOf = (said: AttributionSource | undefined, status: ShowStatus): AttributionSource =>
  said === 'clip' ? 'clip' : status === 'ended' ? 'replay' : 'live';
