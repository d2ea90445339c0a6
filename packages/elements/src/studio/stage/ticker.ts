// setInterval inside a worker: browsers throttle a hidden tab's main-thread timers (to 1 Hz, then
// less) and stop requestAnimationFrame, but leave dedicated workers' timers alone.
const WORKER_SOURCE = `let timer;
onmessage = (e) => {
  clearInterval(timer);
  if (e.data > 0) timer = setInterval(() => postMessage(0), e.data);
};`;

/**
 * Calls `tick` every `intervalMs`, from a tiny worker so that it keeps time in a background tab;
 * on the main thread (setInterval) where workers are unavailable or refused (a CSP without `blob:`
 * in `worker-src`).
 */
export class Ticker {
  /** Where the ticks come from: `worker`, or `main` after falling back. */
  source: 'worker' | 'main' | null = null;

  #tick: () => void;
  #intervalMs: number;
  #worker: Worker | null = null;
  #url = '';
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(tick: () => void, intervalMs: number, options: { worker?: boolean } = {}) {
    this.#tick = tick;
    this.#intervalMs = intervalMs;
    if (options.worker === false) this.source = 'main';
  }

  start(): void {
    this.stop();
    if (this.source !== 'main' && this.#startWorker()) return;
    this.#startMain();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#worker?.terminate();
    this.#worker = null;
    if (this.#url) URL.revokeObjectURL(this.#url);
    this.#url = '';
  }

  #startWorker(): boolean {
    try {
      this.#url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
      const worker = new Worker(this.#url);
      worker.onmessage = () => this.#tick();
      // A worker refused after construction (CSP reported asynchronously): tick from the main thread.
      worker.onerror = () => {
        if (this.#worker !== worker) return;
        this.stop();
        this.#startMain();
      };
      worker.postMessage(this.#intervalMs);
      this.#worker = worker;
      this.source = 'worker';
      return true;
    } catch {
      if (this.#url) URL.revokeObjectURL(this.#url);
      this.#url = '';
      return false;
    }
  }

  #startMain(): void {
    this.source = 'main';
    this.#timer = setInterval(() => this.#tick(), this.#intervalMs);
  }
}
