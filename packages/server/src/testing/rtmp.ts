import { spawn, type ChildProcess } from 'node:child_process';

export interface RtmpPublisher {
  child: ChildProcess;
  /** Resolves with ffmpeg's exit code (null when killed) and its stderr. */
  exited: Promise<{ code: number | null; stderr: string }>;
  stop(): Promise<void>;
}

/**
 * A real RTMP encoder: ffmpeg pushes a lavfi test pattern with a tone (H.264 + AAC, key frame each
 * second) at its real rate, for at most `seconds`, like OBS would.
 */
export function publishTestPattern(url: string, seconds = 20): RtmpPublisher {
  const child = spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-re'],
      ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440'],
      ...['-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '30'],
      ...['-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'flv', url],
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stderr })),
  );
  return {
    child,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A TCP port nothing listens on right now (bound and released): for a destination that refuses, or a listener to start. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RtmpRecorder {
  url: string;
  key: string;
  file: string;
  /** Resolves when ffmpeg has finished writing (its input ended, or `seconds` passed). */
  exited: Promise<{ code: number | null; stderr: string }>;
  stop(): Promise<void>;
}

/** A stand-in for YouTube or Twitch: ffmpeg's own RTMP server mode recording what it is sent to `file`. */
export async function recordRtmp(file: string, seconds = 40): Promise<RtmpRecorder> {
  const port = await freePort();
  const key = 'dest-key-0123456789';
  const url = `rtmp://127.0.0.1:${port}/app`;
  const child = spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-listen', '1', '-timeout', String(seconds), '-i', `${url}/${key}`],
      ...['-t', String(seconds), '-c', 'copy', '-y', file],
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stderr })),
  );
  return {
    url,
    key,
    file,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
