import { expect, waitUntil } from '@open-wc/testing';
import { overWebRTC, spectrum, tone } from '../../test/stage-media.js';
import { AudioMixer } from './audio-mixer.js';

// Real signal checks: three oscillators in, the level at each one's frequency read back out of the
// mix's track with an AnalyserNode in another AudioContext.
const FREQ = { host: 440, guest1: 1000, guest2: 2500 } as const;
type Id = keyof typeof FREQ;
const HEARD_DB = -50;
const SILENT_DB = -80;

describe('AudioMixer', () => {
  const open: { close(): void }[] = [];
  const track = (o: { close(): void }) => (open.push(o), o);
  afterEach(() =>
    open
      .splice(0)
      .reverse()
      .forEach((o) => o.close()),
  );

  const input = (id: Id) => (track(tone(FREQ[id])) as ReturnType<typeof tone>).stream;
  const setup = () => {
    const mixer = track(new AudioMixer()) as AudioMixer;
    const streams = { host: input('host'), guest1: input('guest1'), guest2: input('guest2') };
    for (const id of Object.keys(FREQ) as Id[]) mixer.set(id, streams[id]);
    return { mixer, streams };
  };
  /** Waits until exactly `heard` are audible in `t` (and the others silent). */
  const hears = async (t: MediaStreamTrack, heard: Id[], what: string) => {
    const s = track(spectrum(t)) as ReturnType<typeof spectrum>;
    let levels = '';
    await waitUntil(
      () => {
        const got = (Object.keys(FREQ) as Id[]).map((id) => [id, s.levelAt(FREQ[id])] as const);
        levels = got.map(([id, db]) => `${id} ${db.toFixed(0)} dB`).join(', ');
        return got.every(([id, db]) => (heard.includes(id) ? db > HEARD_DB : db < SILENT_DB));
      },
      `${what}: expected to hear only ${heard.join(', ') || 'nothing'}`,
      { timeout: 4000, interval: 100 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; levels: ${levels}`);
    });
  };

  it('mixes every input into the program', async () => {
    const { mixer } = setup();
    expect(mixer.output.kind).to.equal('audio');
    await hears(mixer.output, ['host', 'guest1', 'guest2'], 'program');
  });

  it('leaves a muted input, or one off the program, out of the program and of every mix-minus', async () => {
    const { mixer, streams } = setup();
    mixer.set('guest1', streams.guest1, { muted: true });
    await hears(mixer.output, ['host', 'guest2'], 'program with guest1 muted');
    await hears(mixer.mixMinus('guest2').getAudioTracks()[0]!, ['host'], 'mix-minus(guest2) with guest1 muted');
    mixer.set('guest1', streams.guest1, { muted: false });
    mixer.set('guest2', streams.guest2, { onProgram: false });
    await hears(mixer.output, ['host', 'guest1'], 'program with guest2 backstage');
    await hears(
      mixer.mixMinus('guest2').getAudioTracks()[0]!,
      ['host', 'guest1'],
      'guest2 backstage hears the program',
    );
  });

  it('gives each guest a mix-minus without their own voice', async () => {
    const { mixer } = setup();
    await hears(mixer.mixMinus('guest1').getAudioTracks()[0]!, ['host', 'guest2'], 'mix-minus(guest1)');
    await hears(mixer.mixMinus('host').getAudioTracks()[0]!, ['guest1', 'guest2'], 'mix-minus(host)');
    expect(mixer.mixMinus('guest1')).to.equal(mixer.mixMinus('guest1'));
    // An input added later reaches the mix-minus streams made before it.
    mixer.set('guest2', null);
    await hears(mixer.mixMinus('guest1').getAudioTracks()[0]!, ['host'], 'mix-minus(guest1), guest2 gone');
    mixer.set('guest2', input('guest2'));
    await hears(mixer.mixMinus('guest1').getAudioTracks()[0]!, ['host', 'guest2'], 'mix-minus(guest1), guest2 back');
  });

  it("mixes a remote guest's audio received over WebRTC", async () => {
    const mixer = track(new AudioMixer()) as AudioMixer;
    const remote = track(await overWebRTC(input('guest1'))) as Awaited<ReturnType<typeof overWebRTC>>;
    mixer.set('host', input('host'));
    mixer.set('guest1', remote.stream);
    await hears(mixer.output, ['host', 'guest1'], 'program with a remote guest');
    await hears(mixer.mixMinus('host').getAudioTracks()[0]!, ['guest1'], 'mix-minus(host)');
  });

  it('close() ends the program and mix-minus tracks and closes its context', async () => {
    const { mixer } = setup();
    const minus = mixer.mixMinus('guest1').getAudioTracks()[0]!;
    mixer.close();
    expect(mixer.output.readyState).to.equal('ended');
    expect(minus.readyState).to.equal('ended');
    await waitUntil(() => mixer.context.state === 'closed', 'context closed', { timeout: 2000 });
    expect(mixer.ids).to.deep.equal([]);
    mixer.set('host', input('host'));
    expect(mixer.ids, 'closed: nothing more is mixed').to.deep.equal([]);
  });
});
