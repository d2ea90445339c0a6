import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow, ShowStagePayload } from '@live-shop/protocol';
import { record, request, startHarness, withTimeout, type ClientSocket, type Harness } from '../testing/harness.js';

describe('stage: viewers learn the names on stage, and nothing else of it', () => {
  let h: Harness;
  let show: CreatedShow;
  let host: ClientSocket;

  before(async () => {
    h = await startHarness({ socketEventLimit: false });
    show = await h.createShow();
    host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
  });
  after(() => h.close());

  async function guest(name: string) {
    const invite = await request(host, 'guest:invite', { label: name });
    assert.equal(invite.ok, true, JSON.stringify(invite));
    const { socket } = await h.connect({ show: show.id, token: invite.token });
    assert.equal((await request(socket, 'stage:join', { name })).ok, true);
    return { socket, id: invite.guest.id as string, token: invite.token as string, peer: socket.id! };
  }

  const move = async (guestId: string, place: 'stage' | 'backstage') =>
    assert.equal((await request(host, 'stage:move', { guestId, place })).ok, true);

  it('show:stage follows who is on stage (on, renamed, backstage, removed, gone); layout and mute send nothing', async () => {
    const viewer = await h.connect({ show: show.id, name: 'Vi' });
    assert.deepEqual(viewer.snapshot.show.guestsOnStage, [], 'the host alone: nobody listed');
    const everything: [string, unknown][] = [];
    viewer.socket.onAny((event: string, payload: unknown) => everything.push([event, payload]));
    const names = record<ShowStagePayload>(viewer.socket, 'show:stage');
    const saw = (expected: string[], what: string) =>
      names.until((seen) => JSON.stringify(seen.at(-1)?.guestsOnStage) === JSON.stringify(expected), what);

    const ana = await guest('Ana');
    const ben = await guest('Ben');
    const cy = await guest('Backstage Cyrus'); // never on stage: never named
    await move(ana.id, 'stage');
    await saw(['Ana'], 'Ana on stage');
    await move(ben.id, 'stage');
    await saw(['Ana', 'Ben'], 'Ben on stage after Ana');

    // A viewer joining now (the cached public show was read before) and the REST API list them too.
    const late = await h.connect({ show: show.id, name: 'Late' });
    assert.deepEqual(late.snapshot.show.guestsOnStage, ['Ana', 'Ben']);
    assert.deepEqual((await h.api('GET', `/api/shows/${show.id}`)).json.guestsOnStage, ['Ana', 'Ben']);

    assert.equal((await request(host, 'stage:layout', { layout: 'grid' })).ok, true);
    assert.equal((await request(host, 'stage:mute', { guestId: ana.id, muted: true })).ok, true);
    assert.equal((await request(ben.socket, 'stage:join', { name: 'Benny' })).ok, true);
    await saw(['Ana', 'Benny'], 'Ben renamed');
    await move(ana.id, 'backstage');
    await saw(['Benny'], 'Ana sent backstage');
    await move(ana.id, 'stage');
    await saw(['Benny', 'Ana'], 'Ana back on stage, after Ben');
    const closed = withTimeout(new Promise((resolve) => ana.socket.once('disconnect', resolve)), 'disconnect');
    ana.socket.disconnect();
    await closed;
    await saw(['Benny'], "Ana's connection closed");
    assert.equal((await request(host, 'stage:remove', { guestId: ben.id })).ok, true);
    await saw([], 'Ben removed');

    // Exactly one event per change of the names: the layout, the mute and Cy backstage sent none.
    assert.deepEqual(
      names.seen.map((p) => p.guestsOnStage),
      [['Ana'], ['Ana', 'Ben'], ['Ana', 'Benny'], ['Benny'], ['Benny', 'Ana'], ['Benny'], []],
    );
    // Names only: no stage:state, and no guest id, peer id or token in anything a viewer received.
    const wire = JSON.stringify([viewer.snapshot, late.snapshot, everything]);
    assert.equal(everything.filter(([event]) => event === 'stage:state').length, 0);
    for (const g of [ana, ben, cy])
      for (const secret of [g.id, g.token, g.peer])
        assert.equal(wire.includes(secret), false, `a viewer received ${secret}`);
    assert.equal(wire.includes('Cyrus'), false, 'backstage guests are never named');
  });
});
