import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow, ShowInfoPayload, ShowListPage } from '@live-shop/protocol';
import { record, request, startHarness, type Harness } from '../testing/harness.js';

const HOUR = 3_600_000;
const START = Date.UTC(2031, 4, 17, 18, 30);
const trailer = { url: 'https://cdn.example/trailer.jpg', kind: 'image' as const };

describe('schedule: start time, description and trailer of a show', () => {
  let h: Harness;
  let show: CreatedShow;
  before(async () => {
    h = await startHarness();
    show = await h.createShow({ title: 'Spring drop', startsAt: START, description: 'New kettles.\nLive.', trailer });
  });
  after(() => h.close());

  it('POST /api/shows stores them; GET /api/shows/:id and the join snapshot carry them', async () => {
    assert.deepEqual([show.startsAt, show.description, show.trailer], [START, 'New kettles.\nLive.', trailer]);
    const res = await h.api('GET', `/api/shows/${show.id}`, { admin: false });
    assert.deepEqual(
      [res.json.startsAt, res.json.description, res.json.trailer],
      [START, 'New kettles.\nLive.', trailer],
    );
    const { snapshot } = await h.connect({ show: show.id });
    assert.deepEqual(snapshot.show.trailer, trailer);
    assert.equal(snapshot.show.startsAt, START);
    const plain = await h.createShow({ title: 'No date' });
    assert.deepEqual([plain.startsAt, plain.description, plain.trailer], [null, '', null]);
  });

  it('refuses unsafe or malformed trailers and start times with bad_request, storing nothing', async () => {
    const bad = [
      { trailer: { url: 'javascript:alert(1)', kind: 'image' } },
      { trailer: { url: 'data:image/png;base64,AAAA', kind: 'image' } },
      { trailer: { url: '/relative.jpg', kind: 'image' } },
      { trailer: { url: 'https://cdn.example/a.mp3', kind: 'audio' } },
      { trailer: { url: 'https://cdn.example/a.mp4', kind: 'video', extra: 1 } },
      { startsAt: Math.floor(START / 1000) },
      { startsAt: 'tomorrow' },
      { description: 'x'.repeat(4001) },
    ];
    for (const body of bad) {
      const created = await h.api('POST', '/api/shows', { body: { title: 'Bad', ...body } });
      assert.equal(created.status, 400, JSON.stringify(body));
      assert.equal(created.json.error.code, 'bad_request');
      const patched = await h.api('PATCH', `/api/shows/${show.id}`, { body });
      assert.equal(patched.status, 400, JSON.stringify(body));
    }
    const res = await h.api('GET', `/api/shows/${show.id}`, { admin: false });
    assert.deepEqual([res.json.startsAt, res.json.trailer], [START, trailer]);
  });

  it('PATCH by the host token reaches connected viewers as show:info, and later joins see it', async () => {
    const target = await h.createShow({ title: 'Editable', startsAt: START });
    const { socket: viewer } = await h.connect({ show: target.id });
    const infos = record<ShowInfoPayload>(viewer, 'show:info');
    const video = { url: 'https://cdn.example/teaser.mp4', kind: 'video' as const };
    const res = await h.api('PATCH', `/api/shows/${target.id}`, {
      admin: target.hostToken,
      body: { startsAt: START + HOUR, description: 'Moved one hour', trailer: video },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      [res.json.startsAt, res.json.description, res.json.trailer],
      [START + HOUR, 'Moved one hour', video],
    );
    const [info] = await infos.until((seen) => seen.length > 0);
    assert.deepEqual(info, {
      title: 'Editable',
      startsAt: START + HOUR,
      description: 'Moved one hour',
      trailer: video,
    });
    const { snapshot } = await h.connect({ show: target.id });
    assert.equal(snapshot.show.startsAt, START + HOUR);
    // null clears them.
    const cleared = await h.api('PATCH', `/api/shows/${target.id}`, { body: { startsAt: null, trailer: null } });
    assert.deepEqual(
      [cleared.json.startsAt, cleared.json.trailer, cleared.json.description],
      [null, null, 'Moved one hour'],
    );
  });

  it('PATCH /api/shows/:id is callable from a studio on another origin (preflight allows it with Authorization)', async () => {
    const res = await h.api('OPTIONS', `/api/shows/${show.id}`, {
      admin: false,
      headers: {
        origin: 'https://studio.example',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    assert.equal(res.status, 204);
    assert.match(res.headers.get('access-control-allow-methods')!, /PATCH/);
    assert.match(res.headers.get('access-control-allow-headers')!, /Authorization/);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
  });

  it('PATCH refuses viewers, moderators, guests and other shows’ hosts with typed errors', async () => {
    const target = await h.createShow({ title: 'Guarded', startsAt: START });
    const other = await h.createShow({ title: 'Other' });
    const { socket: host } = await h.connect({ show: target.id, token: target.hostToken });
    const moderator = (await request(host, 'moderator:invite', { label: 'Mo' })).token as string;
    const guest = (await request(host, 'guest:invite', { label: 'Gus' })).token as string;
    for (const [credential, status, code] of [
      [false, 401, 'unauthorized'],
      ['not-a-token', 401, 'unauthorized'],
      [other.hostToken, 401, 'unauthorized'],
      [moderator, 403, 'forbidden'],
      [guest, 403, 'forbidden'],
    ] as const) {
      const res = await h.api('PATCH', `/api/shows/${target.id}`, { admin: credential, body: { startsAt: START + 1 } });
      assert.equal(res.status, status, `${credential || 'nothing'}: ${res.text}`);
      assert.equal(res.json.error.code, code);
    }
    assert.equal((await h.api('GET', `/api/shows/${target.id}`, { admin: false })).json.startsAt, START);
  });
});

describe('GET /api/shows: the public list', () => {
  const TIED = ['tied 1', 'tied 2', 'tied 3'];
  let h: Harness;
  let clock = Date.UTC(2031, 0, 1);
  const ids: Record<string, string> = {};
  const secrets: string[] = [];
  before(async () => {
    h = await startHarness({ now: () => clock });
    const tokens: Record<string, string> = {};
    const end = async (title: string) => {
      const { socket } = await h.connect({ show: ids[title]!, token: tokens[title]! });
      assert.equal((await request(socket, 'show:end')).ok, true);
      socket.disconnect();
    };
    const make = async (title: string, startsAt: number | null, ended = false) => {
      clock += 1000;
      const show = await h.createShow({ title, startsAt });
      ids[title] = show.id;
      tokens[title] = show.hostToken;
      secrets.push(show.hostToken);
      if (ended) await end(title);
    };
    await make('later', START + 2 * HOUR);
    await make('undated', null);
    await make('soon', START);
    await make('ended first', START - 48 * HOUR, true);
    await make('ended last', START - 24 * HOUR, true);
    await make('also soon', START);
    // Three shows that end in the same millisecond, newer than the others: a page boundary splits them.
    for (const title of TIED) await make(title, START - 12 * HOUR);
    clock += 1000;
    for (const title of TIED) await end(title);
  });
  after(() => h.close());

  it('lists upcoming by start time, then past newest first, page by page with a cursor, no tokens or keys', async () => {
    const titles: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const route = `/api/shows?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await h.api('GET', route, { admin: false, headers: { origin: 'https://shop.example' } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      for (const secret of [...secrets, 'test-admin-key']) assert.ok(!res.text.includes(secret), 'no secret');
      assert.ok(!/hostToken|studioUrl|settings|streamKey/.test(res.text));
      const body = res.json as ShowListPage;
      assert.ok(body.shows.length <= 2);
      titles.push(...body.shows.map((s) => s.title));
      cursor = body.next;
      if (!cursor) break;
    }
    const [soonA, soonB] = [ids['soon']!, ids['also soon']!].sort();
    const byId = Object.fromEntries(Object.entries(ids).map(([t, id]) => [id, t]));
    const tied = TIED.map((title) => ids[title]!)
      .sort()
      .reverse()
      .map((id) => byId[id]);
    assert.deepEqual(titles, [byId[soonA], byId[soonB], 'later', 'undated', ...tied, 'ended last', 'ended first']);
    const first = (await h.api('GET', '/api/shows', { admin: false })).json as ShowListPage;
    assert.equal(first.shows[0]!.url, `${h.url}/shows/${soonA}`);
  });

  it('refuses a malformed cursor or limit with bad_request', async () => {
    for (const query of ['cursor=nope', 'limit=0', 'limit=101', 'cursor=u.1.%3Cx%3E']) {
      const res = await h.api('GET', `/api/shows?${query}`, { admin: false });
      assert.equal(res.status, 400, query);
      assert.equal(res.json.error.code, 'bad_request');
    }
  });

  it('with an Authorization header it stays the admin listing (host tokens), refused without the right key', async () => {
    const admin = await h.api('GET', '/api/shows');
    assert.equal(admin.status, 200);
    assert.equal(admin.json.shows.length, 6 + TIED.length);
    assert.deepEqual(admin.json.shows.map((s: CreatedShow) => s.hostToken).sort(), [...secrets].sort());
    assert.equal((await h.api('GET', '/api/shows', { admin: 'wrong-key-wrong-key' })).status, 401);
  });

  it('GET /shows lists upcoming and past shows linking to each page', async () => {
    const res = await h.api('GET', '/shows', { admin: false });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /text\/html/);
    const upcoming = res.text.indexOf('<h2>Upcoming</h2>');
    const past = res.text.indexOf('<h2>Past shows</h2>');
    assert.ok(upcoming > 0 && past > upcoming);
    for (const [title, id] of Object.entries(ids)) {
      const at = res.text.indexOf(`<a href="/shows/${id}">${title}</a>`);
      assert.ok(at > 0, title);
      assert.ok(title.startsWith('ended') || TIED.includes(title) ? at > past : at < past, title);
    }
  });
});

describe('schedule reads are rate limited per address', () => {
  it('answers 429 rate_limited past the public reads budget, and never counts the admin listing', async () => {
    const h = await startHarness({ rateLimits: { publicReadsPerMinute: 3 } });
    try {
      const show = await h.createShow({ startsAt: START });
      const statuses: number[] = [];
      for (const route of ['/api/shows', `/api/shows/${show.id}/calendar.ics`, '/shows', `/shows/${show.id}`])
        statuses.push((await h.api('GET', route, { admin: false })).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const limited = await h.api('GET', '/api/shows', { admin: false });
      assert.equal(limited.json.error.code, 'rate_limited');
      assert.equal((await h.api('GET', '/api/shows')).status, 200, 'the admin listing');
    } finally {
      await h.close();
    }
  });
});
