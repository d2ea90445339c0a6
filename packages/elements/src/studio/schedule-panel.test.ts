import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { liveServer } from '../test/live-server.js';
import type { LiveShopPreLive } from '../pre-live/pre-live.js';
import type { LiveShopViewer } from '../viewer/viewer.js';
import { fromLocalInput, toLocalInput } from './schedule-panel.js';
import '../define.js';

const root = (el: Element) => el.shadowRoot!;
const panel = (studio: Element) => studio.shadowRoot?.querySelector<HTMLElement>('[part="schedule"]') ?? null;
const input = (studio: Element, name: string) =>
  panel(studio)!.querySelector<HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement>(`[name="${name}"]`)!;

/** Types into an empty field as a person would, so the panel sees its input events. */
async function type(field: HTMLInputElement | HTMLTextAreaElement, text: string) {
  expect(field.value).to.equal('');
  field.focus();
  await sendKeys({ type: text });
}

describe('studio Schedule panel', () => {
  it('converts between datetime-local values and epoch ms in this browser’s time zone', () => {
    const ms = new Date(2031, 4, 17, 18, 30).getTime();
    expect(toLocalInput(ms)).to.equal('2031-05-17T18:30');
    expect(fromLocalInput('2031-05-17T18:30')).to.equal(ms);
    expect([fromLocalInput(''), fromLocalInput('tomorrow'), toLocalInput(null)]).to.deep.equal([null, null, '']);
  });

  it('the host sets description, start time and trailer before going live; a waiting viewer sees them', async () => {
    const server = await liveServer();
    const show = await server.createShow();
    const page = await fixture(html`<div>
      <live-shop-studio server=${server.url} show=${show.id} token=${show.hostToken}></live-shop-studio>
      <live-shop-viewer server=${server.url} show=${show.id}></live-shop-viewer>
    </div>`);
    const studio = page.querySelector('live-shop-studio')!;
    const viewer = page.querySelector<LiveShopViewer>('live-shop-viewer')!;
    await waitUntil(() => panel(studio), 'the Schedule panel shows', { timeout: 8000 });
    expect(panel(studio)!.querySelector('h2')!.textContent).to.equal('Schedule');
    const when = input(studio, 'startsAt');
    expect(when.type).to.equal('datetime-local');
    expect(when.closest('label')!.textContent).to.contain(Intl.DateTimeFormat().resolvedOptions().timeZone);
    await expect(panel(studio)!).to.be.accessible();

    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setSeconds(0, 0);
    await type(input(studio, 'description'), 'Kettles, live');
    when.value = toLocalInput(start.getTime());
    when.dispatchEvent(new Event('input'));
    await type(input(studio, 'trailerUrl'), 'https://cdn.example/trailer.mp4');
    input(studio, 'trailerKind').value = 'video';
    input(studio, 'trailerKind').dispatchEvent(new Event('change'));
    panel(studio)!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => panel(studio)!.querySelector('[role="status"]')!.textContent === 'Schedule saved', 'saved', {
      timeout: 5000,
    });

    const stored = await (await fetch(`${server.url}/api/shows/${show.id}`)).json();
    expect([stored.description, stored.startsAt, stored.trailer]).to.deep.equal([
      'Kettles, live',
      start.getTime(),
      { url: 'https://cdn.example/trailer.mp4', kind: 'video' },
    ]);
    const preLive = () => root(viewer).querySelector<LiveShopPreLive>('live-shop-pre-live');
    await waitUntil(() => preLive()?.description === 'Kettles, live', 'the viewer’s pre-live screen follows', {
      timeout: 5000,
    });
    expect(preLive()!.startsAt).to.equal(start.getTime());
  });

  it('a bad trailer URL is refused with the server’s message and nothing changes', async () => {
    const server = await liveServer();
    const show = await server.createShow();
    const studio = await fixture(
      html`<live-shop-studio server=${server.url} show=${show.id} token=${show.hostToken}></live-shop-studio>`,
    );
    await waitUntil(() => panel(studio), 'the Schedule panel shows', { timeout: 8000 });
    await type(input(studio, 'trailerUrl'), 'javascript:alert(1)');
    panel(studio)!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => root(studio).querySelector('.alerts .error-line'), 'an error line', { timeout: 5000 });
    expect(root(studio).querySelector('.alerts .error-line')!.textContent).to.contain('trailer');
    const stored = await (await fetch(`${server.url}/api/shows/${show.id}`)).json();
    expect(stored.trailer).to.equal(null);
  });
});
