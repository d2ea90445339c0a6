import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { ErrorCode, LiveShopError } from '@live-shop/protocol';

export interface FfmpegBinary {
  path: string;
  source: 'FFMPEG_PATH' | 'system';
}

/**
 * ffmpeg's input for a studio's media on stdin: WebM only (MediaRecorder's; with H.264 it is Matroska,
 * the same demuxer), and no protocol but the pipe. Left to probe, a host's bytes would reach every
 * demuxer: an HLS or DASH playlist or a concat script makes ffmpeg open the URLs and files it names.
 */
export const WEBM_ON_STDIN: readonly string[] = ['-protocol_whitelist', 'pipe', '-f', 'matroska', '-i', 'pipe:0'];

/** An RTMP publisher's media, remuxed to FLV by rtmp/server.ts: FLV only, and again no protocol but the pipe. */
export const FLV_ON_STDIN: readonly string[] = ['-protocol_whitelist', 'pipe', '-f', 'flv', '-i', 'pipe:0'];

const executable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Finds ffmpeg: `FFMPEG_PATH` (must work if set), then `ffmpeg` on the PATH. Null when there is none:
 * Go live then answers `video_unavailable` instead of failing silently.
 */
export function findFfmpeg(configured?: string, env: NodeJS.ProcessEnv = process.env): FfmpegBinary | null {
  if (configured) return executable(configured) ? { path: configured, source: 'FFMPEG_PATH' } : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, 'ffmpeg'))) return { path: path.join(dir, 'ffmpeg'), source: 'system' };
  }
  return null;
}

export function requireFfmpeg(configured?: string): FfmpegBinary {
  const found = findFfmpeg(configured);
  if (found) return found;
  throw new LiveShopError(
    ErrorCode.VideoUnavailable,
    configured
      ? `FFMPEG_PATH (${configured}) is not an executable ffmpeg`
      : 'No ffmpeg found: install it (e.g. apt-get install ffmpeg) or set FFMPEG_PATH',
  );
}

/**
 * Checked once at start: why this ffmpeg cannot run what the server will ask of it (null: it can).
 * The local pipeline needs ffmpeg 5.1+ (`-fps_mode`); the Mux relay only needs one that runs. No
 * ffmpeg at all is not a problem here: the server still runs, and Go live says what is missing.
 */
export async function ffmpegProblem(
  configured: string | undefined,
  pipeline: 'local' | 'relay',
): Promise<string | null> {
  if (configured && !executable(configured)) return `FFMPEG_PATH (${configured}) is not an executable file`;
  const binary = findFfmpeg(configured);
  if (!binary) return null;
  const name = binary.source === 'FFMPEG_PATH' ? `FFMPEG_PATH (${binary.path})` : `ffmpeg on the PATH (${binary.path})`;
  // `-h long` lists the options this build knows; without -hide_banner, stderr names the build.
  const help = await new Promise<{ ok: boolean; out: string; banner: string }>((resolve) =>
    execFile(binary.path, ['-h', 'long'], { timeout: 10_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ ok: !error, out: String(stdout), banner: String(stderr) }),
    ),
  );
  const version = /ffmpeg version (\S+)/.exec(help.banner)?.[1];
  const fix =
    binary.source === 'FFMPEG_PATH'
      ? 'point FFMPEG_PATH at ffmpeg 5.1 or newer'
      : 'install ffmpeg 5.1 or newer, or set FFMPEG_PATH to one';
  if (!help.ok || !version) return `${name} does not run as ffmpeg: ${fix}`;
  if (pipeline === 'local' && !/^-fps_mode\b/m.test(help.out)) {
    return `${name} is ffmpeg ${version}, too old for the local video pipeline (it lacks -fps_mode): ${fix}`;
  }
  return null;
}

/**
 * Every ffmpeg this server started, so shutdown can stop them all: no orphan encoders.
 * Children also die with the server process itself (stdin closes, and SIGKILL on exit).
 */
export class FfmpegProcesses {
  readonly #children = new Set<ChildProcessWithoutNullStreams>();

  spawn(binary: FfmpegBinary, args: string[]): ChildProcessWithoutNullStreams {
    const child = spawn(binary.path, ['-hide_banner', '-loglevel', 'warning', ...args], { stdio: 'pipe' });
    this.#children.add(child);
    everyChild.add(child);
    child.once('exit', () => {
      this.#children.delete(child);
      everyChild.delete(child);
    });
    return child;
  }

  get size(): number {
    return this.#children.size;
  }

  /** Asks every child to finish (stdin end → ffmpeg flushes and exits), then kills stragglers. */
  async stopAll(graceMs = 3000): Promise<void> {
    const exits = [...this.#children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.stdin.end();
          setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
        }),
    );
    await Promise.all(exits);
  }
}

const everyChild = new Set<ChildProcessWithoutNullStreams>();
process.once('exit', () => {
  // Last resort when the process exits without close(): never leave encoders behind.
  for (const child of everyChild) child.kill('SIGKILL');
});
