import { expect, waitUntil } from '@open-wc/testing';
import { Compositor } from './compositor.js';

// A page whose Content-Security-Policy refuses blob: workers (a file of its own: the policy stays for the page).
describe('Compositor under a CSP without blob: workers', () => {
  before(() => {
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "worker-src 'none'";
    document.head.append(meta);
  });

  it('ticks from the main thread instead, and keeps drawing', async () => {
    // Chromium refuses such a worker after constructing it: an error event, no exception.
    const refused = await new Promise<boolean>((resolve) => {
      const w = new Worker(URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' })));
      w.onerror = () => resolve(true);
      w.onmessage = () => resolve(false);
    });
    expect(refused, 'the policy holds').to.equal(true);
    const c = new Compositor({ width: 320, height: 180 });
    try {
      c.start();
      await waitUntil(() => c.timerSource === 'main', 'falls back to the main thread', { timeout: 3000 });
      const before = c.stats.framesDrawn;
      await waitUntil(() => c.stats.framesDrawn >= before + 5, 'frames from setInterval', { timeout: 3000 });
    } finally {
      c.close();
    }
  });
});
