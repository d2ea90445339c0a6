/** A recording in stretches on the clock (a Mux replay's `recording_times`): its position ↔ server time. */
import type { RecordingSpan } from './payloads.js';

/**
 * Server time of a recording's position (ms from its start), given its stretches on the clock (a Mux
 * replay's `recording`): the stretches play back to back, so time jumps over the gaps between them.
 */
export function recordingTimeAt(spans: readonly RecordingSpan[], position: number): number | null {
  let start = 0;
  for (const [i, span] of spans.entries()) {
    if (position < start + span.duration || i === spans.length - 1) return span.at + Math.max(0, position - start);
    start += span.duration;
  }
  return null;
}

/** The recording's position (ms) of server time `at`: the inverse of `recordingTimeAt` (a gap maps to its end). */
export function recordingPositionOf(spans: readonly RecordingSpan[], at: number): number | null {
  let start = 0;
  for (const [i, span] of spans.entries()) {
    if (at < span.at + span.duration || i === spans.length - 1)
      return start + Math.max(0, Math.min(at - span.at, span.duration));
    start += span.duration;
  }
  return null;
}
