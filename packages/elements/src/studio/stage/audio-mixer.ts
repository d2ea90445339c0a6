/** How one input is heard: `muted` (by the host) and `onProgram` (on stage) both gate it. */
export interface AudioInputOptions {
  /** Silenced on the program and in everyone's mix-minus (default false). */
  muted?: boolean;
  /** Part of the program mix at all (default true): a guest backstage is not. */
  onProgram?: boolean;
}

interface Input {
  stream: MediaStream;
  element: HTMLAudioElement;
  source: MediaStreamAudioSourceNode;
  gain: GainNode;
}

/**
 * Mixes the stage's audio with Web Audio: each input (a MediaStream with audio) goes through a
 * gain (0 when muted or off the program) into the program mix (`output`) and into every other
 * input's mix-minus (`mixMinus(id)`: what that guest hears, without their own voice, so no echo).
 */
export class AudioMixer {
  readonly context: AudioContext;
  /** The program mix: every input on the program and not muted. */
  readonly output: MediaStreamTrack;

  #ownsContext: boolean;
  #program: MediaStreamAudioDestinationNode;
  #inputs = new Map<string, Input>();
  #minus = new Map<string, MediaStreamAudioDestinationNode>();
  #closed = false;

  constructor(context?: AudioContext) {
    this.#ownsContext = !context;
    this.context = context ?? new AudioContext();
    this.#program = this.context.createMediaStreamDestination();
    this.output = this.#program.stream.getAudioTracks()[0]!;
  }

  /** Ids of the inputs being mixed. */
  get ids(): string[] {
    return [...this.#inputs.keys()];
  }

  /**
   * Adds, updates or (with `null`, or a stream without audio) removes the input `id`. Setting the
   * same stream again only changes its gain.
   */
  set(id: string, stream: MediaStream | null, options: AudioInputOptions = {}): void {
    if (this.#closed) return;
    const heard = !options.muted && options.onProgram !== false;
    let input = this.#inputs.get(id);
    if (input && input.stream !== stream) {
      this.#drop(input);
      this.#inputs.delete(id);
      input = undefined;
    }
    if (!stream || !stream.getAudioTracks().length) return;
    if (!input) {
      input = this.#connect(id, stream);
      this.#inputs.set(id, input);
    }
    input.gain.gain.value = heard ? 1 : 0;
  }

  /** Removes the input `id` and ends its mix-minus stream. */
  remove(id: string): void {
    this.set(id, null);
    const minus = this.#minus.get(id);
    if (!minus) return;
    this.#minus.delete(id);
    for (const input of this.#inputs.values()) input.gain.disconnect(minus);
    minus.stream.getTracks().forEach((t) => t.stop());
  }

  /** Everyone on the program except `id`: what the guest `id` should hear. The same stream on every call. */
  mixMinus(id: string): MediaStream {
    let minus = this.#minus.get(id);
    if (!minus) {
      minus = this.context.createMediaStreamDestination();
      this.#minus.set(id, minus);
      for (const [other, input] of this.#inputs) if (other !== id) input.gain.connect(minus);
    }
    return minus.stream;
  }

  /** Starts the context where the browser wanted a user gesture first (call it from the Go live click). */
  async resume(): Promise<void> {
    if (!this.#closed && this.context.state === 'suspended') await this.context.resume();
  }

  /** Disconnects every input, ends the program and mix-minus tracks and closes the context it made. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const input of this.#inputs.values()) this.#drop(input);
    this.#inputs.clear();
    for (const minus of this.#minus.values()) minus.stream.getTracks().forEach((t) => t.stop());
    this.#minus.clear();
    this.output.stop();
    if (this.#ownsContext) void this.context.close().catch(() => undefined);
  }

  #connect(id: string, stream: MediaStream): Input {
    // Chromium only feeds remote WebRTC audio into Web Audio while a media element plays it too: a muted one.
    const element = new Audio();
    element.muted = true;
    element.srcObject = stream;
    void element.play().catch(() => undefined);
    const source = this.context.createMediaStreamSource(stream);
    const gain = this.context.createGain();
    source.connect(gain);
    gain.connect(this.#program);
    for (const [other, minus] of this.#minus) if (other !== id) gain.connect(minus);
    return { stream, element, source, gain };
  }

  #drop(input: Input): void {
    input.source.disconnect();
    input.gain.disconnect();
    input.element.pause();
    input.element.srcObject = null;
  }
}
