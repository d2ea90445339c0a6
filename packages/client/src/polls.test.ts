import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PollEvent } from './polls.js';
import { AtSync } from './overlay-sync.js';
import { referenceServer } from './testing/clients.js';
import { until } from './testing/until.js';

// The other end is the real reference server.
const ref = referenceServer();
const { client } = ref;

describe('LiveShopClient polls, Q&A and the banner', () => {
  it('a viewer sees the host’s poll, votes once, and sees the totals and the end', async () => {
    const host = client({ token: ref.show.hostToken });
    const viewer = client({ storage: null });
    host.connect();
    viewer.connect();
    await until(host, (s) => s.ready);
    await until(viewer, (s) => s.ready);
    const events: PollEvent[] = [];
    viewer.on('poll', (e) => events.push(e));

    const { poll } = await host.startPoll('Which colour?', ['Red', 'Blue']);
    await until(viewer, (s) => s.poll?.id === poll.id, 'the poll on the viewer');
    assert.equal(events.at(-1)!.at, poll.openedAt);
    assert.deepEqual((await viewer.vote(poll.id, 1)).vote, { pollId: poll.id, option: 1 });
    assert.deepEqual(viewer.state.you?.vote, { pollId: poll.id, option: 1 });
    await assert.rejects(viewer.vote(poll.id, 0), { code: 'already_voted' });
    await until(viewer, (s) => s.poll?.total === 1, 'the results');
    await until(host, (s) => s.poll?.total === 1, 'the results on the host');
    assert.deepEqual(host.state.poll?.counts, [0, 1]);

    await host.endPoll(poll.id);
    await until(viewer, (s) => s.poll?.closedAt !== null, 'the end');
    assert.deepEqual(viewer.state.poll?.counts, [0, 1]);
  });

  it('staff see asked questions in their queue, put one on air for viewers, answer it; the banner reaches viewers', async () => {
    const host = client({ token: ref.show.hostToken });
    const viewer = client({ name: 'Ana', storage: null });
    host.connect();
    viewer.connect();
    await until(host, (s) => s.ready);
    await until(viewer, (s) => s.ready);
    await host.goLive();
    await ref.h.server.service.signal(ref.show.id, 'mediaUp');
    const { message } = await viewer.ask('Is it waterproof?');
    await until(host, (s) => s.questions?.open.some((m) => m.id === message.id) === true, 'the queue');
    await host.setQuestionOnAir(message.id);
    await until(viewer, (s) => s.question.message?.id === message.id, 'the question on air');
    await host.answerQuestion(message.id);
    await until(host, (s) => s.questions?.answered.some((m) => m.id === message.id) === true, 'answered');
    await until(viewer, (s) => s.question.message === null, 'off air once answered');
    await host.setAnnouncement('Free shipping tonight');
    await until(viewer, (s) => s.announcement.text === 'Free shipping tonight', 'the banner');
  });

  it('AtSync shows each state when the picture reaches its time, never later than the wait bound', () => {
    const sync = new AtSync({ text: null as string | null, at: 0 });
    sync.push({ text: 'a', at: 1000 });
    sync.push({ text: 'b', at: 2000 });
    sync.push({ text: 'old', at: 500 });
    assert.equal(sync.advance(900, 900), false);
    assert.equal(sync.advance(1500, 1500), true);
    assert.equal(sync.shown.text, 'a');
    assert.equal(sync.advance(null, 1500), true);
    assert.equal(sync.shown.text, 'b');
    assert.equal(sync.pending, 0);
  });
});
