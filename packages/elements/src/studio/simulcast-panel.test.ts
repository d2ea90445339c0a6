import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { SimulcastDestination } from '@live-shop/protocol';
import { FakeClient } from '../test/fixtures.js';
import { loadStudio } from '../define.js';
import type { LiveShopStudio } from './studio.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const panel = (el: HTMLElement) => root(el).querySelector<HTMLElement>('[part="simulcast"]');
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

const destination = (
  id: string,
  name: string,
  state: SimulcastDestination['status']['state'],
  error: string | null = null,
) =>
  ({
    id,
    name,
    url: `rtmps://${id}.example/live`,
    streamKeyMasked: '••••abcd',
    enabled: true,
    createdAt: 1,
    status: { id, state, error, at: 2 },
  }) satisfies SimulcastDestination;

async function studio(role: 'host' | 'moderator', destinations: SimulcastDestination[]) {
  const client = new FakeClient({ role, status: 'live' });
  client.destinations = destinations;
  const el = await fixture<LiveShopStudio>(
    html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
  );
  return { client, el };
}

describe('<live-shop-studio> simulcast', () => {
  before(() => loadStudio());

  it('lists destinations with their status, masked key and last error; follows simulcast-status', async () => {
    const { client, el } = await studio('host', [
      destination('yt', 'YouTube', 'live'),
      destination('tw', 'Twitch', 'retrying', 'Connection refused'),
    ]);
    await waitUntil(() => panel(el), 'the panel shows');
    expect(text(panel(el)!.querySelector('h2'))).to.equal('Simulcast');
    const items = [...panel(el)!.querySelectorAll('li')];
    expect(items.map((li) => text(li.querySelector('.state')))).to.deep.equal(['Live', 'Retrying…']);
    expect(text(items[0])).to.contain('rtmps://yt.example/live · ••••abcd');
    expect(text(items[1]!.querySelector('.why'))).to.equal('Last error: Connection refused');
    expect(items[0]!.querySelector('input')!.getAttribute('aria-label')).to.equal('Send to YouTube');

    client.dispatchEvent(
      new CustomEvent('simulcast-status', {
        detail: { id: 'tw', state: 'failed', error: 'Connection refused', at: 3 },
      }),
    );
    await el.updateComplete;
    expect(text(panel(el)!.querySelectorAll('li')[1]!.querySelector('.state'))).to.equal('Failed');
    await expect(panel(el)!).to.be.accessible();
  });

  it('adds, switches off and removes destinations through the client', async () => {
    const { client, el } = await studio('host', []);
    await waitUntil(() => panel(el), 'the panel shows');
    expect(text(panel(el))).to.contain('No destinations yet.');
    const form = panel(el)!.querySelector('form')!;
    const input = (name: string) => form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    expect(input('key').type).to.equal('password');
    input('name').value = 'YouTube';
    input('url').value = 'rtmps://a.rtmp.youtube.com/live2';
    input('key').value = 'abcd-efgh';
    client.destinations = [destination('yt', 'YouTube', 'idle')];
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => client.calls.some(([n]) => n === 'addSimulcastDestination'), 'added');
    expect(client.calls.find(([n]) => n === 'addSimulcastDestination')).to.deep.equal([
      'addSimulcastDestination',
      { name: 'YouTube', url: 'rtmps://a.rtmp.youtube.com/live2', streamKey: 'abcd-efgh' },
    ]);
    await waitUntil(() => panel(el)!.querySelector('li'), 'listed');
    expect(input('key').value, 'the key is not kept in the form').to.equal('');

    panel(el)!.querySelector<HTMLInputElement>('li input[type="checkbox"]')!.click();
    await waitUntil(() => client.calls.some(([n]) => n === 'enableSimulcastDestination'), 'switched');
    expect(client.calls.find(([n]) => n === 'enableSimulcastDestination')).to.deep.equal([
      'enableSimulcastDestination',
      'yt',
      false,
    ]);
    await el.updateComplete;
    const remove = [...panel(el)!.querySelectorAll('button')].find(
      (b) => b.getAttribute('aria-label') === 'Remove YouTube',
    )!;
    client.destinations = [];
    remove.click();
    await waitUntil(() => client.calls.some(([n]) => n === 'removeSimulcastDestination'), 'removed');
    await waitUntil(() => !panel(el)!.querySelector('li'), 'gone');
    await expect(panel(el)!).to.be.accessible();
  });

  it('shows the server refusal; moderators get no panel', async () => {
    const { client, el } = await studio('host', []);
    await waitUntil(() => panel(el), 'the panel shows');
    client.fail = { code: 'invalid_state', message: 'A show has at most 5 simulcast destinations' };
    const form = panel(el)!.querySelector('form')!;
    for (const [name, value] of [
      ['name', 'Six'],
      ['url', 'rtmp://six.example/live'],
      ['key', 'k'],
    ])
      form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!.value = value!;
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => text(panel(el)!.querySelector('[role="alert"]')) !== '', 'an error line');

    const moderator = await studio('moderator', [destination('yt', 'YouTube', 'live')]);
    await moderator.el.updateComplete;
    expect(panel(moderator.el)).to.equal(null);
  });

  it('RTMP in: the OBS panel offers a new stream key when the server can make one', async () => {
    const client = new FakeClient({ role: 'host', status: 'scheduled' });
    client.ingest = { rtmpsUrl: 'rtmp://live.example:1935/live', streamKey: 'ls_old', canRotate: true };
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    const ingest = () => root(el).querySelector<HTMLElement>('[part="ingest"]');
    await waitUntil(() => ingest(), 'the OBS panel shows');
    client.ingest = { ...client.ingest, streamKey: 'ls_new' };
    [...ingest()!.querySelectorAll('button')].find((b) => text(b) === 'New stream key')!.click();
    await waitUntil(() => ingest()!.querySelector<HTMLInputElement>('#ingest-key')!.value === 'ls_new', 'the new key');
    expect(text(ingest()!.querySelector('[role="status"]'))).to.equal('New stream key made: update it in your encoder');
    await expect(ingest()!).to.be.accessible();
  });
});
