/**
 * The nginx configuration docs/deploying.md gives for a cache in front of `/hls`, run as written (only
 * its addresses and cache directory replaced) in front of a live show on the local pipeline.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { request, startHarness, withTimeout, type Harness } from '../testing/harness.js';
import { makeWebm, publish } from '../testing/media.js';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => spawnSync(p, ['-v']).status === 0);
const docs = fileURLToPath(new URL('../../../../docs/deploying.md', import.meta.url));

/** The fenced block after the `<!-- cdn-nginx -->` marker. */
async function documentedConfig(): Promise<string> {
  const text = await readFile(docs, 'utf8');
  const block = /<!-- cdn-nginx -->\n```nginx\n([\s\S]*?)\n```/.exec(text);
  assert.ok(block, 'docs/deploying.md has the cdn-nginx block');
  return block[1]!;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const replaced = (text: string, from: string, to: string) => {
  assert.ok(text.includes(from), `the documented config has ${from}`);
  return text.replace(from, to);
};

describe(
  'a CDN in front of /hls: the documented nginx configuration',
  { skip: !NGINX && 'needs nginx (scripts/system-deps.sh installs nginx-light)' },
  () => {
    let h: Harness;
    let dir: string;
    let nginx: ChildProcess;
    let cdn: string;

    before(async () => {
      h = await startHarness({ reconnectGraceMs: 60_000 });
      dir = await mkdtemp(path.join(tmpdir(), 'live-shop-nginx-'));
      const port = await freePort();
      cdn = `http://127.0.0.1:${port}`;
      let site = await documentedConfig();
      site = replaced(site, 'server 127.0.0.1:3000;', `server 127.0.0.1:${new URL(h.url).port};`);
      site = replaced(site, 'listen 80;', `listen 127.0.0.1:${port};`);
      site = replaced(site, '/var/cache/nginx/live-shop', path.join(dir, 'cache'));
      for (const sub of ['cache', 'body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) await mkdir(path.join(dir, sub));
      const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
        .map((kind) => `${kind}_temp_path ${path.join(dir, kind === 'client_body' ? 'body' : kind)};`)
        .join('\n  ');
      await writeFile(
        path.join(dir, 'nginx.conf'),
        `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
daemon off;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
  ${temp}
${site}
}
`,
      );
      nginx = spawn(NGINX!, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
      let errors = '';
      nginx.stderr!.on('data', (d) => (errors += d));
      await withTimeout(
        (async () => {
          for (;;) {
            if (nginx.exitCode !== null) throw new Error(`nginx exited: ${errors}`);
            const up = await fetch(`${cdn}/health`).then(
              (r) => r.ok,
              () => false,
            );
            if (up) return;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        })(),
        'nginx listening',
      );
    });

    after(async () => {
      nginx?.kill('SIGTERM');
      if (nginx && nginx.exitCode === null) await new Promise((resolve) => nginx.once('exit', resolve));
      await h?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('keeps segments and blocking reloads, collapses 20 viewers waiting for the same segment into one request, never keeps an early answer', async () => {
      const show = await h.createShow({ title: 'Behind a CDN' });
      const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
      assert.equal((await request(host, 'show:start', {})).ok, true);
      const studio = publish(h.url, {
        show: show.id,
        token: show.hostToken,
        mimeType: 'video/webm;codecs=h264,opus',
        capturedAt: Date.now(),
      });
      await studio.next('ready');
      const streaming = studio.stream(await makeWebm({ codec: 'h264', seconds: 6 }));
      const get = async (file: string) => {
        const res = await fetch(`${cdn}/hls/${show.id}/${file}`);
        return {
          status: res.status,
          cache: res.headers.get('x-cache-status'),
          body: Buffer.from(await res.arrayBuffer()),
        };
      };
      const segmentsOf = (text: string) => {
        const first = Number(/^#EXT-X-MEDIA-SEQUENCE:(\d+)/m.exec(text)?.[1]);
        const uris = text.split('\n').filter((line) => line && !line.startsWith('#'));
        return uris.map((uri, i) => ({ uri, msn: first + i }));
      };

      // "No media yet" is not kept: the first playlist through the cache appears as soon as the show has one.
      const edge = await withTimeout(
        (async () => {
          for (;;) {
            const res = await get('live.m3u8');
            if (res.status === 200) return res;
            assert.equal(res.status, 404);
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        })(),
        'a live playlist through nginx',
      );

      const segment = segmentsOf(edge.body.toString()).at(-1)!;
      const once = await get(segment.uri);
      const twice = await get(segment.uri);
      assert.equal(once.status, 200);
      assert.equal(once.cache, 'MISS');
      assert.equal(twice.cache, 'HIT', 'a segment is served from the cache the second time');
      assert.deepEqual(twice.body, once.body);

      // Every viewer's player asks for the next segment's playlist at the same moment.
      const next = segmentsOf((await get('live.m3u8')).body.toString()).at(-1)!.msn + 1;
      const answers = await Promise.all(Array.from({ length: 20 }, () => get(`live.m3u8?_HLS_msn=${next}`)));
      for (const answer of answers) {
        assert.equal(answer.status, 200);
        assert.ok(
          segmentsOf(answer.body.toString()).some((s) => s.msn === next),
          `segment ${next} listed`,
        );
      }
      const statuses = answers.map((a) => a.cache);
      assert.equal(statuses.filter((s) => s === 'MISS').length, 1, `one request reached live-shop: ${statuses}`);
      assert.equal((await get(`live.m3u8?_HLS_msn=${next}`)).cache, 'HIT');

      // Answered after the longest hold without its segment: the next viewer must not get it from the cache.
      const far = next + 1000;
      const early = await get(`live.m3u8?_HLS_msn=${far}`);
      assert.equal(early.status, 200);
      assert.ok(!segmentsOf(early.body.toString()).some((s) => s.msn === far));
      assert.equal((await get(`live.m3u8?_HLS_msn=${far}`)).cache, 'MISS', 'not kept');

      await streaming;
      studio.close();
    });
  },
);
