import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startServerProcess } from './testing/cli-process.js';
import { withTimeout } from './testing/harness.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

const until = async (ok: () => boolean) => {
  while (!ok()) await new Promise((resolve) => setTimeout(resolve, 20));
};

function runCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: packageDir,
    env: { ...process.env, PORT: '', LIVE_SHOP_ADMIN_KEY: '', LIVE_SHOP_ALLOWED_ORIGINS: '', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('live-shop-server CLI', () => {
  for (const [env, args, name] of [
    [{ PORT: 'abc' }, [], 'PORT'],
    [{ PORT: '70000' }, [], 'PORT'],
    [{}, ['--port', '-1'], '--port'],
    [{}, ['--bogus'], '--bogus'],
    [{ LIVE_SHOP_ALLOWED_ORIGINS: 'https://ok.example,not-an-origin' }, [], 'LIVE_SHOP_ALLOWED_ORIGINS'],
    [{ DATABASE_URL: 'mysql://x' }, [], 'DATABASE_URL'],
    [{ LIVE_SHOP_TRUST_PROXY: 'true' }, [], 'LIVE_SHOP_TRUST_PROXY'],
    [{ LIVE_SHOP_TRUST_PROXY: 'TRUE' }, [], 'LIVE_SHOP_TRUST_PROXY'],
    [{ LIVE_SHOP_FAST_WRITES: 'no' }, [], 'LIVE_SHOP_FAST_WRITES'],
    [{ LIVE_SHOP_ICE_SERVERS: '[{"urls":"http://turn.example"}]' }, [], 'LIVE_SHOP_ICE_SERVERS'],
    [{ LIVE_SHOP_WEB_PUSH: 'yes' }, [], 'LIVE_SHOP_WEB_PUSH'],
    [{ LIVE_SHOP_WEB_PUSH: '1', LIVE_SHOP_VAPID_PUBLIC_KEY: 'x' }, [], 'LIVE_SHOP_VAPID_PRIVATE_KEY'],
  ] as const) {
    it(`exits 2 with one line naming ${name} (${JSON.stringify(env)} ${args.join(' ')})`, async () => {
      const run = runCli([...args], env);
      const code = await withTimeout(run.exited, 'exit', 20_000).finally(() => run.child.kill('SIGKILL'));
      const { stderr, stdout } = run.output();
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr, /^live-shop-server: /);
      assert.ok(stderr.includes(name), stderr);
    });
  }

  it('runs the demo on port 0, prints the URLs, serves the storefront and stops on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-cli-'));
    const run = runCli(['--demo', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir]);
    try {
      const studio = /Studio:\s+(http:\/\/localhost:(\d+)\/studio\?show=([\w-]+)#token=(\S+))/;
      await withTimeout(
        new Promise<void>((resolve, reject) => {
          const check = () => studio.test(run.output().stdout) && resolve();
          run.child.stdout.on('data', check);
          void run.exited.then(() => reject(new Error(`exited early: ${JSON.stringify(run.output())}`)));
        }),
        'CLI start',
        20_000,
      );
      const { stdout } = run.output();
      const [, , port, showId, token] = studio.exec(stdout)!;
      assert.match(stdout, new RegExp(`Storefront: http://localhost:${port}/`));
      assert.match(stdout, /Admin key \(generated/);
      assert.equal(
        stdout.match(/LIVE_SHOP_ALLOWED_ORIGINS/g)?.length,
        1,
        'one line tells the operator about other origins',
      );
      assert.match(token!, new RegExp(`^lsh2\\.${showId}\\.host\\.`));
      const res = await fetch(`http://127.0.0.1:${port}/`);
      const html = await res.text();
      assert.equal(res.status, 200);
      assert.match(html, /<script type="module" src="\/sdk\/live-shop\.js"><\/script>/);
      assert.match(html, new RegExp(`<live-shop-viewer show="${showId}"`));
      run.child.kill('SIGTERM');
      assert.equal(await withTimeout(run.exited, 'exit after SIGTERM', 10_000), 0);
    } finally {
      run.child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('prints a generated admin key once, at the start that created it; later starts say where it is', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-cli-'));
    // The key line comes a moment after "listening": wait for it, then stop the server.
    const outputOf = async (env: Record<string, string>) => {
      const server = await startServerProcess(dataDir, env);
      try {
        await withTimeout(
          until(() => /Admin key.*\n/.test(server.output())),
          'the admin key line',
        );
        return server.output();
      } finally {
        server.child.kill('SIGKILL');
        await server.exited;
      }
    };
    try {
      const first = await outputOf({ LIVE_SHOP_ADMIN_KEY: '' });
      const key = (await readFile(path.join(dataDir, 'admin-key'), 'utf8')).trim();
      assert.ok(first.includes(key), `the first start prints the key it generated:\n${first}`);
      for (const again of [await outputOf({ LIVE_SHOP_ADMIN_KEY: '' }), await outputOf({ LIVE_SHOP_ADMIN_KEY: '' })]) {
        assert.ok(!again.includes(key), `later starts do not print it:\n${again}`);
        assert.ok(again.includes(`Admin key stored in ${path.join(dataDir, 'admin-key')}`), again);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('echoes the allowed origins at start, in one line', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-cli-'));
    try {
      for (const [origins, line] of [
        [
          'https://shop.example.com, https://www.shop.example.com',
          'from its own pages and https://shop.example.com, https://www.shop.example.com (LIVE_SHOP_ALLOWED_ORIGINS)',
        ],
        ['*', 'from any origin (LIVE_SHOP_ALLOWED_ORIGINS=*)'],
      ] as const) {
        const server = await startServerProcess(dataDir, { LIVE_SHOP_ALLOWED_ORIGINS: origins });
        try {
          await withTimeout(
            until(() => /browsers may call.*\n/.test(server.output())),
            'the origins line',
          );
          const lines = server
            .output()
            .split('\n')
            .filter((l) => l.includes('browsers may call'));
          assert.deepEqual(lines, [`live-shop-server: browsers may call this server ${line}`]);
        } finally {
          server.child.kill('SIGKILL');
          await server.exited;
        }
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('starts without ffmpeg and says at once that going live needs it', async () => {
    const [dataDir, emptyPath] = [
      await mkdtemp(path.join(tmpdir(), 'live-shop-cli-')),
      await mkdtemp(path.join(tmpdir(), 'live-shop-no-ffmpeg-')),
    ];
    const server = await startServerProcess(dataDir, { PATH: emptyPath, FFMPEG_PATH: '' });
    try {
      await withTimeout(
        until(() => /no ffmpeg found.*\n/.test(server.output())),
        'the ffmpeg line',
      );
      assert.match(
        server.output(),
        /no ffmpeg found: the studio cannot go live until ffmpeg 5\.1\+ is installed or FFMPEG_PATH points at it/,
      );
      assert.equal((await fetch(`${server.url}/health`)).status, 200, 'the rest of the server runs');
    } finally {
      server.child.kill('SIGKILL');
      await server.exited;
      await rm(dataDir, { recursive: true, force: true });
      await rm(emptyPath, { recursive: true, force: true });
    }
  });

  it('refuses at start, in one line naming FFMPEG_PATH, an ffmpeg that cannot run the local video pipeline', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'live-shop-cli-ffmpeg-'));
    // Answers like the 2018 static build @ffmpeg-installer/ffmpeg shipped: no -fps_mode (ffmpeg < 5.1).
    const old = path.join(dir, 'ffmpeg');
    await writeFile(
      old,
      `#!/bin/sh
case " $* " in *" -hide_banner "*) ;; *) echo "ffmpeg version N-47683-g0e8eb07980-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2000-2018 the FFmpeg developers" >&2 ;; esac
case " $* " in *" -fps_mode "*) echo "Unrecognized option 'fps_mode'." >&2; exit 1 ;; esac
case " $* " in *" -h "*) printf 'Hyper fast Audio and Video encoder\n\nVideo options:\n-vframes number     set the number of video frames to output\n-vsync              video sync method\n'; exit 0 ;; esac
echo "pipe:0: Invalid data found when processing input" >&2; exit 1
`,
      { mode: 0o755 },
    );
    const notExecutable = path.join(dir, 'not-ffmpeg');
    await writeFile(notExecutable, 'plain text', { mode: 0o644 });
    try {
      for (const [env, says] of [
        [{ FFMPEG_PATH: old }, /FFMPEG_PATH .*N-47683-g0e8eb07980-static.*-fps_mode/],
        // Found on the PATH, not configured: the line still says which variable fixes it.
        [{ PATH: `${dir}${path.delimiter}${process.env.PATH}` }, /ffmpeg on the PATH \(.*\) .*-fps_mode.*FFMPEG_PATH/],
        [{ FFMPEG_PATH: notExecutable }, /FFMPEG_PATH \(.*not-ffmpeg\) is not an executable/],
      ] as const) {
        const run = runCli(['--port', '0', '--host', '127.0.0.1', '--data-dir', path.join(dir, 'data')], env);
        const code = await withTimeout(run.exited, 'exit', 20_000).finally(() => run.child.kill('SIGKILL'));
        const { stderr, stdout } = run.output();
        assert.equal(code, 2, `${JSON.stringify(env)}: ${stdout}${stderr}`);
        assert.equal(stderr.trim().split('\n').length, 1, stderr);
        assert.match(stderr, /^live-shop-server: /);
        assert.match(stderr, says);
        assert.ok(!stdout.includes('listening'), stdout);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
