/** Test support (not shipped): real WebM made by ffmpeg, and a studio-like publisher on the ingest WebSocket. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { INGEST_PATH, type IngestHello, type IngestServerMessage } from '@live-shop/protocol';
import WebSocket from 'ws';
import { WAIT_MS, withTimeout } from './harness.js';

export interface WebmOptions {
  seconds?: number;
  /** `h264`: Matroska with V_MPEG4/ISO/AVC, as Chromium's MediaRecorder writes it; `vp8`: plain WebM. */
  codec?: 'vp8' | 'h264';
  size?: string;
  rate?: number;
}

const made = new Map<string, Promise<Buffer>>();

/** A test pattern with a tone, as MediaRecorder would record it (cached per options). */
export function makeWebm({
  seconds = 3,
  codec = 'vp8',
  size = '320x240',
  rate = 25,
}: WebmOptions = {}): Promise<Buffer> {
  const key = `${seconds}/${codec}/${size}/${rate}`;
  let webm = made.get(key);
  if (!webm) {
    const video =
      codec === 'h264'
        ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', String(rate), '-f', 'matroska']
        : ['-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '500k', '-g', String(rate), '-f', 'webm'];
    const args = [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}`],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440', '-t', String(seconds), '-c:a', 'libopus', ...video, 'pipe:1'],
    ];
    webm = new Promise((resolve, reject) =>
      execFile('ffmpeg', args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    );
    made.set(key, webm);
  }
  return webm;
}

export interface Publisher {
  ws: WebSocket;
  messages: IngestServerMessage[];
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  /** Waits (bounded) for a server message of that type. */
  next<T extends IngestServerMessage['type']>(type: T): Promise<Extract<IngestServerMessage, { type: T }>>;
  /** Sends `webm` in `chunks` pieces, one every `intervalMs` (MediaRecorder's timeslice). */
  stream(webm: Buffer, options?: { chunks?: number; intervalMs?: number }): Promise<void>;
  sendRaw(data: string | Buffer): void;
  close(): void;
}

/** Opens the ingest WebSocket like the studio does; sends `hello` (when given) once open. */
export function publish(
  serverUrl: string,
  hello?: IngestHello | string | Buffer,
  headers: Record<string, string> = {},
): Publisher {
  const ws = new WebSocket(serverUrl.replace(/^http/, 'ws') + INGEST_PATH, { headers });
  const messages: IngestServerMessage[] = [];
  let wake = () => {};
  ws.on('message', (data: Buffer) => {
    messages.push(JSON.parse(data.toString()) as IngestServerMessage);
    wake();
  });
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code: number, reason: Buffer | string) => resolve({ code, reason: String(reason) }));
    ws.on('unexpected-response', (_req, res) => resolve({ code: res.statusCode ?? 0, reason: 'http' }));
  });
  if (hello !== undefined)
    ws.on('open', () => ws.send(typeof hello === 'object' && !Buffer.isBuffer(hello) ? JSON.stringify(hello) : hello));

  const publisher: Publisher = {
    ws,
    messages,
    closed,
    next(type) {
      return withTimeout(
        new Promise((resolve, reject) => {
          const check = () => {
            const found = messages.find((m) => m.type === type);
            if (found) resolve(found as never);
          };
          wake = check;
          check();
          // A close frame follows its error message: look once more, then give up.
          void closed.then(() => {
            check();
            reject(new Error(`ingest closed before ${type}: ${JSON.stringify(messages)}`));
          });
        }),
        `ingest ${type}`,
        WAIT_MS * 3,
      );
    },
    async stream(webm, { chunks = 30, intervalMs = 100 } = {}) {
      const size = Math.ceil(webm.length / chunks);
      for (let offset = 0; offset < webm.length; offset += size) {
        if (ws.readyState !== WebSocket.OPEN) return;
        ws.send(webm.subarray(offset, offset + size));
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    },
    sendRaw(data) {
      ws.send(data);
    },
    close() {
      ws.close();
    },
  };
  return publisher;
}

/** ffprobe's JSON about a file or URL: its streams and format. */
export async function probe(input: string) {
  const args = ['-v', 'error', '-protocol_whitelist', 'file,http,tcp', '-of', 'json', '-show_streams', '-show_format'];
  const { stdout } = await promisify(execFile)('ffprobe', [...args, input], { timeout: 10_000 });
  return JSON.parse(stdout) as {
    streams: {
      codec_type: string;
      codec_name: string;
      profile?: string;
      width?: number;
      height?: number;
      sample_rate?: string;
    }[];
    format: { duration: string };
  };
}
