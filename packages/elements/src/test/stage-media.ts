// Synthetic media for the stage compositor's tests: solid-colour canvases through captureStream
// played in <video> elements, and oscillators as MediaStreams.

export interface ColourVideo {
  video: HTMLVideoElement;
  /** Stops repainting the source: the video gets no new frames. */
  freeze(): void;
  close(): void;
}

/**
 * A playing <video> of a `width`×`height` canvas painted `colour` (or `[left, right, split]`: two
 * bands, the left one `split` of the width, default half),
 * repainted at 30 fps (a changing corner pixel) so that it keeps delivering frames.
 */
export async function colourVideo(
  colour: string | [string, string, number?],
  width = 320,
  height = 180,
): Promise<ColourVideo> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  let n = 0;
  const paint = () => {
    const [left, right, split = 0.5] = typeof colour === 'string' ? [colour, colour] : colour;
    ctx.fillStyle = left;
    ctx.fillRect(0, 0, width * split, height);
    ctx.fillStyle = right;
    ctx.fillRect(width * split, 0, width * (1 - split), height);
    ctx.fillStyle = n++ % 2 ? '#000' : '#fff';
    ctx.fillRect(0, 0, 1, 1);
  };
  paint();
  const stream = canvas.captureStream();
  let timer: ReturnType<typeof setInterval> | undefined = setInterval(paint, 33);
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  const deadline = Date.now() + 5000;
  while ((video.readyState < 2 || !video.videoWidth) && Date.now() < deadline) await sleep(20);
  if (!video.videoWidth) throw new Error('the synthetic video never showed a frame');
  const freeze = () => {
    clearInterval(timer);
    timer = undefined;
  };
  return {
    video,
    freeze,
    close: () => {
      freeze();
      video.pause();
      video.srcObject = null;
      stream.getTracks().forEach((t) => t.stop());
    },
  };
}

/** A MediaStream of a sine at `frequency` Hz, from its own AudioContext (`close` ends both). */
export function tone(frequency: number): { stream: MediaStream; close(): void } {
  const context = new AudioContext();
  const osc = context.createOscillator();
  osc.frequency.value = frequency;
  const gain = context.createGain();
  gain.gain.value = 0.3;
  const out = context.createMediaStreamDestination();
  osc.connect(gain).connect(out);
  osc.start();
  return {
    stream: out.stream,
    close: () => {
      osc.stop();
      out.stream.getTracks().forEach((t) => t.stop());
      void context.close();
    },
  };
}

/** Reads a track's spectrum: level in dB at a frequency (real signal, through its own AudioContext). */
export function spectrum(track: MediaStreamTrack): { levelAt(frequency: number): number; close(): void } {
  const context = new AudioContext();
  const source = context.createMediaStreamSource(new MediaStream([track]));
  const analyser = context.createAnalyser();
  analyser.fftSize = 4096;
  analyser.smoothingTimeConstant = 0;
  source.connect(analyser);
  const bins = new Float32Array(analyser.frequencyBinCount);
  return {
    levelAt(frequency: number) {
      analyser.getFloatFrequencyData(bins);
      const at = Math.round((frequency / context.sampleRate) * analyser.fftSize);
      // The peak around the bin: a sine leaks into its neighbours.
      return Math.max(...bins.slice(Math.max(0, at - 2), at + 3));
    },
    close: () => void context.close(),
  };
}

/** The [r, g, b] of one canvas pixel. */
export function pixel(canvas: HTMLCanvasElement, x: number, y: number): [number, number, number] {
  const [r, g, b] = canvas.getContext('2d')!.getImageData(Math.round(x), Math.round(y), 1, 1).data;
  return [r!, g!, b!];
}

/** Whether `rgb` is within `tolerance` of `hex` (#rgb or #rrggbb) on every channel. */
export function near(rgb: [number, number, number], hex: string, tolerance = 48): boolean {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
  const want = [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16));
  return rgb.every((v, i) => Math.abs(v - want[i]!) <= tolerance);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `stream` sent through a loopback pair of RTCPeerConnections in this page: what a remote guest's stream is. */
export async function overWebRTC(stream: MediaStream): Promise<{ stream: MediaStream; close(): void }> {
  const [a, b] = [new RTCPeerConnection(), new RTCPeerConnection()];
  a.onicecandidate = (e) => void (e.candidate && b.addIceCandidate(e.candidate));
  b.onicecandidate = (e) => void (e.candidate && a.addIceCandidate(e.candidate));
  stream.getTracks().forEach((t) => a.addTrack(t, stream));
  const received = new Promise<MediaStream>((resolve) => (b.ontrack = (e) => resolve(e.streams[0]!)));
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
  return {
    stream: await received,
    close: () => {
      a.close();
      b.close();
    },
  };
}
