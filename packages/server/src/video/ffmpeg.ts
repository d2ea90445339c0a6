import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ErrorCode, LiveShopError } from '@live-shop/protocol';

export interface FfmpegBinary {
  path: string;
  source: 'FFMPEG_PATH' | 'system' | '@ffmpeg-installer/ffmpeg';
}

const executable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Finds ffmpeg: `FFMPEG_PATH` (must work if set), then `ffmpeg` on the PATH, then the optional
 * `@ffmpeg-installer/ffmpeg` package (an offline, older build shipped in its npm tarball).
 * Null when there is none: Go live then answers `video_unavailable` instead of failing silently.
 */
export function findFfmpeg(configured?: string, env: NodeJS.ProcessEnv = process.env): FfmpegBinary | null {
  if (configured) return executable(configured) ? { path: configured, source: 'FFMPEG_PATH' } : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, 'ffmpeg'))) return { path: path.join(dir, 'ffmpeg'), source: 'system' };
  }
  try {
    const installed = createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string };
    if (executable(installed.path)) return { path: installed.path, source: '@ffmpeg-installer/ffmpeg' };
  } catch {
    // Optional dependency not installed.
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
