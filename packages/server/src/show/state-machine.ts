import type { ShowStatus } from '@live-shop/protocol';

/**
 * Inputs to a show's lifecycle. Host actions: `start`, `end`. Video-provider signals:
 * `mediaUp` (media is flowing), `mediaDown` (the presenter dropped).
 */
export type ShowInput = 'start' | 'mediaUp' | 'mediaDown' | 'end';

/** The one place that decides transitions: the next status, or null when the input does not apply. */
export function nextStatus(status: ShowStatus, input: ShowInput): ShowStatus | null {
  switch (input) {
    case 'start':
      return status === 'scheduled' ? 'starting' : null;
    case 'mediaUp':
      return status === 'starting' || status === 'reconnecting' ? 'live' : null;
    case 'mediaDown':
      return status === 'live' ? 'reconnecting' : null;
    case 'end':
      return status === 'ended' ? null : 'ended';
  }
}
