/**
 * What the co-host compositor does while the host's tab is in the background, in headless
 * Chromium: a page composites its fake camera (host) and the same camera received over a loopback
 * RTCPeerConnection (a guest) side by side at 1280x720, then another tab is brought to the front.
 * Prints, for 5 s visible then 5 s hidden, with the worker timer and then with the main-thread
 * fallback: the page's visibilityState, program frames drawn,
 * requestVideoFrameCallback calls, distinct pictures of each tile seen in the drawn frames (the
 * videos still advancing), the guest's frames decoded (WebRTC stats), and frames the program's
 * canvas track delivered (MediaStreamTrackProcessor), and the program audio's level at the
 * guest's 1 kHz tone. Prints numbers only.
 *   node --conditions=source --import tsx bench/compositor-background.ts
 */
import { build } from 'esbuild';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../test/helpers/browser.js';

const PHASE_MS = 5000;

const bundle = await build({
  entryPoints: [fileURLToPath(new URL('../packages/elements/src/studio/stage/compositor.ts', import.meta.url))],
  bundle: true,
  format: 'esm',
  write: false,
  conditions: ['source'],
  target: 'es2022',
});
const PAGE = `<!doctype html><title>compositor in the background</title><script type="module">
import { Compositor } from '/compositor.js';
const cam = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360 }, audio: true });
const [pc1, pc2] = [new RTCPeerConnection(), new RTCPeerConnection()];
pc1.onicecandidate = (e) => e.candidate && pc2.addIceCandidate(e.candidate);
pc2.onicecandidate = (e) => e.candidate && pc1.addIceCandidate(e.candidate);
// The guest sends the camera's video and a 1 kHz tone.
const toneContext = new AudioContext();
const osc = toneContext.createOscillator();
osc.frequency.value = 1000;
const toneOut = toneContext.createMediaStreamDestination();
osc.connect(toneOut);
osc.start();
const sent = new MediaStream([cam.getVideoTracks()[0], toneOut.stream.getAudioTracks()[0]]);
sent.getTracks().forEach((t) => pc1.addTrack(t, sent));
const remote = new Promise((resolve) => (pc2.ontrack = (e) => resolve(e.streams[0])));
await pc1.setLocalDescription();
await pc2.setRemoteDescription(pc1.localDescription);
await pc2.setLocalDescription();
await pc1.setRemoteDescription(pc2.localDescription);
const play = async (stream) => {
  const v = document.createElement('video');
  v.muted = true;
  v.srcObject = stream;
  document.body.append(v);
  await v.play();
  while (!v.videoWidth) await new Promise((r) => setTimeout(r, 20));
  return v;
};
const host = await play(cam);
const remoteStream = await remote;
const guest = await play(remoteStream);
const c = new Compositor({ width: 1280, height: 720, worker: location.search !== '?worker=0' });
c.layout = 'side-by-side';
c.setTiles([{ id: 'host', name: 'Host', video: host, audio: cam }, { id: 'guest', name: 'Guest', video: guest, audio: remoteStream }]);
const count = { rvfc: 0, host: 0, guest: 0, out: 0 };
const last = { host: -1, guest: -1 };
const ctx = c.canvas.getContext('2d');
const hash = (x) => ctx.getImageData(x, 200, 320, 200).data.reduce((s, v, i) => (s + v * (i % 251)) % 1000003, 0);
const draw = c.draw.bind(c);
c.draw = () => {
  draw();
  for (const [k, x] of [['host', 160], ['guest', 800]]) {
    const h = hash(x);
    if (h !== last[k]) count[k]++;
    last[k] = h;
  }
};
const onFrame = () => (count.rvfc++, host.requestVideoFrameCallback(onFrame));
host.requestVideoFrameCallback(onFrame);
const reader = new MediaStreamTrackProcessor({ track: c.stream.getVideoTracks()[0] }).readable.getReader();
(async () => { for (;;) { const { value, done } = await reader.read(); if (done) return; value.close(); count.out++; } })();
c.start();
// The program's audio: the level at 1 kHz (the guest's tone, received over WebRTC, through the mixer).
const ears = new AudioContext();
const analyser = ears.createAnalyser();
analyser.fftSize = 4096;
analyser.smoothingTimeConstant = 0;
ears.createMediaStreamSource(new MediaStream([c.mixer.output])).connect(analyser);
const bins = new Float32Array(analyser.frequencyBinCount);
const toneDb = () => {
  analyser.getFloatFrequencyData(bins);
  const at = Math.round((1000 / ears.sampleRate) * analyser.fftSize);
  return Math.max(...bins.slice(at - 2, at + 3));
};
window.sample = async () => {
  const stats = await pc2.getStats();
  const decoded = [...stats.values()].find((s) => s.type === 'inbound-rtp' && s.kind === 'video')?.framesDecoded ?? 0;
  const state = { visibility: document.visibilityState, drawn: c.stats.framesDrawn, timer: c.timerSource };
  return { ...state, decoded, toneDb: toneDb().toFixed(0), ...count };
};
window.ready = true;
</script>`;

const server = createServer((req, res) => {
  if (req.url === '/compositor.js')
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle.outputFiles[0]!.text);
  else res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
// Puppeteer, not Playwright: a Playwright page reports itself visible even behind another tab. Its
// defaults turn background throttling off: put it back, as a presenter's browser has it.
const browser = await puppeteer.launch({
  executablePath: CHROMIUM_PATH,
  headless: true,
  ignoreDefaultArgs: [
    '--disable-background-timer-throttling',
    '--disable-backgrounding-occluded-windows',
    '--disable-renderer-backgrounding',
  ],
  args: [...CHROMIUM_ARGS.filter((flag) => flag !== '--headless'), ...FAKE_MEDIA_ARGS],
});
console.log(`headless ${await browser.version()}, 1280x720 side by side: the fake camera and the same over WebRTC`);
try {
  for (const worker of [true, false]) {
    const [page] = await browser.pages();
    page!.on('pageerror', (e) => console.error('page error:', e));
    await page!.bringToFront();
    await page!.goto(`${url}?worker=${worker ? 1 : 0}`);
    await page!.waitForFunction(() => (window as unknown as { ready?: boolean }).ready, { timeout: 20000 });
    type Sample = Record<string, number | string>;
    const sample = () => page!.evaluate(() => (window as unknown as { sample(): Promise<Sample> }).sample());
    const phase = async (name: string) => {
      const a = await sample();
      await new Promise((r) => setTimeout(r, PHASE_MS));
      const b = await sample();
      const per = (k: string) => (((Number(b[k]) - Number(a[k])) * 1000) / PHASE_MS).toFixed(1);
      console.log(
        `${name.padEnd(8)} ${String(b.visibility).padEnd(7)} timer ${b.timer}; per second: drawn ${per('drawn')}, ` +
          `rVFC ${per('rvfc')}, distinct host pictures ${per('host')}, guest pictures ${per('guest')}, ` +
          `guest frames decoded ${per('decoded')}, program track frames ${per('out')}; ` +
          `program audio at 1 kHz ${b.toneDb} dB`,
      );
    };
    await phase('visible');
    const other = await browser.newPage();
    await other.bringToFront();
    await phase('hidden');
    await other.close();
  }
} finally {
  await browser.close();
  server.close();
}
