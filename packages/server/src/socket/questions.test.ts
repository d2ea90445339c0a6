/** Q&A and the announcement banner over real sockets: the staff queue, the question on air, the banner in snapshots. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ANNOUNCEMENT_LIMITS,
  type AnnouncementPayload,
  type ChatMessage,
  type QuestionOnAirPayload,
  type QuestionsState,
} from '@live-shop/protocol';
import { record, request, startHarness, type Harness } from '../testing/harness.js';

describe('Q&A and the announcement banner', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ rateLimits: false });
  });
  after(() => h.close());

  async function liveShow() {
    const show = await h.createShow();
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    assert.equal((await request(host, 'show:start', {})).ok, true);
    await h.server.service.signal(show.id, 'mediaUp');
    return { show, host };
  }

  it('queues viewers’ questions for staff, puts one on air for everyone, and answers it', async () => {
    const { show, host } = await liveShow();
    const viewer = await h.connect({ show: show.id, name: 'Ana' });
    const asked = await request(viewer.socket, 'chat:send', { text: 'Does it come in blue?', question: true });
    assert.equal(asked.ok, true, JSON.stringify(asked));
    assert.equal(asked.message.question, true);
    const plain = await request(viewer.socket, 'chat:send', { text: 'Hello!' });
    assert.equal(plain.message.question, undefined);
    const staffAsk = await request(host, 'chat:send', { text: 'Staff never ask', question: true });
    assert.equal(staffAsk.message.question, undefined, 'staff messages are never questions');

    const mod = await h.connect({ show: show.id, token: show.hostToken });
    assert.deepEqual(
      mod.snapshot.questions?.open.map((m) => m.id),
      [asked.message.id],
    );
    assert.deepEqual(mod.snapshot.questions?.answered, []);

    const other = await h.connect({ show: show.id });
    const onAir = record<QuestionOnAirPayload>(other.socket, 'show:question');
    const put = await request(host, 'question:on-air', { id: asked.message.id });
    assert.equal(put.ok, true);
    const [shown] = await onAir.until((s) => s.length === 1);
    assert.equal(shown!.message?.text, 'Does it come in blue?');
    assert.equal(typeof shown!.at, 'number');
    const joined = await h.connect({ show: show.id });
    assert.equal(joined.snapshot.show.question?.message?.id, asked.message.id);
    assert.equal((await request(host, 'question:on-air', { id: plain.message.id })).error?.code, 'not_found');

    const queue = record<QuestionsState>(mod.socket, 'questions:state');
    const answered = await request(host, 'question:answer', { id: asked.message.id });
    assert.equal(typeof answered.message.answeredAt, 'number');
    const [state] = await queue.until((s) => s.length === 1);
    assert.deepEqual(state!.open, []);
    assert.deepEqual(
      state!.answered.map((m) => m.id),
      [asked.message.id],
    );
    // Answering takes it off the air.
    await onAir.until((s) => s.length === 2);
    assert.equal(onAir.seen[1]!.message, null);
  });

  it('never shows held or deleted questions: on air refused, deleted ones leave the air', async () => {
    const { show, host } = await liveShow();
    await request(host, 'chat:blocklist', { terms: ['zqmarker'] });
    const viewer = await h.connect({ show: show.id, name: 'Bo' });
    const held = await request(viewer.socket, 'chat:send', { text: 'zqmarker deal?', question: true });
    assert.equal(held.message.held, true);
    assert.equal((await request(host, 'question:on-air', { id: held.message.id })).error?.code, 'not_found');
    const staff = await h.connect({ show: show.id, token: show.hostToken });
    assert.deepEqual(staff.snapshot.questions?.open, [], 'held questions are not in the queue');

    const asked = await request(viewer.socket, 'chat:send', { text: 'Shipping to Spain?', question: true });
    await request(host, 'question:on-air', { id: asked.message.id });
    const watcher = await h.connect({ show: show.id });
    assert.equal(watcher.snapshot.show.question?.message?.id, asked.message.id);
    const onAir = record<QuestionOnAirPayload>(watcher.socket, 'show:question');
    assert.equal((await request(host, 'chat:delete', { id: asked.message.id })).ok, true);
    await onAir.until((s) => s.some((q) => q.message === null), 'the deleted question leaves the air');
    const later = await h.connect({ show: show.id, token: show.hostToken });
    assert.deepEqual(later.snapshot.questions?.open, []);
    assert.equal(later.snapshot.show.question?.message, null);
    const cleared = await request(host, 'question:clear', {});
    assert.equal(cleared.question.message, null);
  });

  it('sets and clears the banner for everyone, with its time, in snapshots too', async () => {
    const { show, host } = await liveShow();
    const viewer = await h.connect({ show: show.id });
    assert.deepEqual(viewer.snapshot.show.announcement, { text: null, at: 0 });
    const banners = record<AnnouncementPayload>(viewer.socket, 'show:announcement');
    const long = 'x'.repeat(ANNOUNCEMENT_LIMITS.textMax + 1);
    assert.equal((await request(host, 'announcement:set', { text: long })).error?.code, 'bad_request');
    assert.equal((await request(host, 'announcement:set', {})).error?.code, 'bad_request');
    const set = await request(host, 'announcement:set', { text: '  Free shipping tonight  ' });
    assert.equal(set.announcement.text, 'Free shipping tonight');
    const [seen] = await banners.until((s) => s.length === 1);
    assert.deepEqual(seen, set.announcement);
    const joined = await h.connect({ show: show.id });
    assert.deepEqual(joined.snapshot.show.announcement, set.announcement);
    const rest = await h.api('GET', `/api/shows/${show.id}`, { admin: false });
    assert.equal(rest.json.announcement.text, 'Free shipping tonight');
    const cleared = await request(host, 'announcement:set', { text: '' });
    assert.equal(cleared.announcement.text, null);
    await banners.until((s) => s.length === 2 && s[1]!.text === null);
  });

  it('keeps answered questions marked in the chat history', async () => {
    const { show, host } = await liveShow();
    const viewer = await h.connect({ show: show.id, name: 'Cy' });
    const asked = await request(viewer.socket, 'chat:send', { text: 'Waterproof?', question: true });
    await request(host, 'question:answer', { id: asked.message.id });
    const page = (await h.api('GET', `/api/shows/${show.id}/timeline`, { admin: false })).json;
    const entry = page.entries.find((e: { kind: string; message?: ChatMessage }) => e.message?.id === asked.message.id);
    assert.equal(entry.message.question, true);
    assert.equal(typeof entry.message.answeredAt, 'number');
  });
});
