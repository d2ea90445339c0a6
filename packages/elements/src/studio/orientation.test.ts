import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { FakeClient, product } from '../test/fixtures.js';
import { loadStudio } from '../define.js';
import type { LiveShopStudio } from './studio.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const orientationPicker = (el: HTMLElement) =>
  [...root(el).querySelectorAll('label')].find((l) => l.textContent!.includes('Orientation'))!.querySelector('select')!;

describe('<live-shop-studio> orientation', () => {
  before(() => loadStudio());

  it('the host picks portrait before going live: the setting is saved and the program (the preview) turns 9:16', async () => {
    const client = new FakeClient({ role: 'host', title: 'Vertical drop', status: 'scheduled', products: [product()] });
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    const preview = () => root(el).querySelector<HTMLVideoElement>('[part="preview"]');
    await waitUntil(() => preview() && preview()!.videoWidth > 0, 'the preview plays', { timeout: 5000 });
    // The camera may open twice at start (its real size, then the program's): read a preview that is there.
    await waitUntil(() => preview()?.videoWidth, 'the preview plays on', { timeout: 5000 });
    expect(preview()!.videoWidth).to.be.greaterThan(preview()!.videoHeight);
    const picker = orientationPicker(el);
    expect(picker.labels![0]!.textContent).to.contain('Orientation');
    expect(picker.value).to.equal('landscape');
    const shown = preview()!.srcObject;
    // The camera reopens in the new shape; the preview holds its last frame meanwhile, never an empty stage.
    const removed: Node[] = [];
    const watch = new MutationObserver((records) => records.forEach((r) => removed.push(...r.removedNodes)));
    watch.observe(root(el), { childList: true, subtree: true });

    picker.value = 'portrait';
    picker.dispatchEvent(new Event('change'));
    await waitUntil(() => client.calls.some((c) => c[0] === 'updateSettings'), 'saved', { timeout: 2000 });
    expect(client.calls.find((c) => c[0] === 'updateSettings')).to.deep.equal([
      'updateSettings',
      { orientation: 'portrait' },
    ]);
    await waitUntil(() => preview()!.videoHeight > preview()!.videoWidth, 'a portrait program', { timeout: 5000 });
    const [w, h] = [preview()!.videoWidth, preview()!.videoHeight];
    expect(Math.abs(w / h - 9 / 16), `${w}×${h} is 9:16`).to.be.lessThan(0.01);
    expect(preview()!.srcObject, 'the same program stream, resized').to.equal(shown);
    watch.disconnect();
    expect(removed.filter((n) => n instanceof HTMLVideoElement && n.part.contains('preview'))).to.deep.equal([]);
    // The camera reopened with portrait constraints; a landscape-only one is cropped, never stretched.
    const camera = () => root(el).querySelector<HTMLVideoElement>('.sources video')?.srcObject as MediaStream | null;
    await waitUntil(() => camera()?.getVideoTracks()[0]?.readyState === 'live', 'the reopened camera', {
      timeout: 5000,
    });

    client.set({ status: 'live' });
    await el.updateComplete;
    expect(orientationPicker(el).disabled, 'chosen before going live').to.equal(true);
    expect(orientationPicker(el).value).to.equal('portrait');
  });
});
