/** setTimeout's longest delay (~24.8 days; longer ones fire at once): host tokens last 30 days, so longer waits are chained. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** Runs `fn` once at epoch ms `at` (at once when past); returns what cancels it. Unref'd: it never holds the process open. */
export function atTime(at: number, fn: () => void, now: () => number = Date.now): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const wait = Math.max(0, at - now());
    timer = setTimeout(wait > MAX_DELAY_MS ? arm : fn, Math.min(wait, MAX_DELAY_MS)).unref();
  };
  arm();
  return () => clearTimeout(timer);
}
