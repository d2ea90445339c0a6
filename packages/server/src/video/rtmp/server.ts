import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Logger } from '../../logger.js';
import { Amf0Error, decodeAmf0, encodeAmf0, type Amf0Object } from './amf0.js';
import {
  ChunkReader,
  MessageType,
  RtmpProtocolError,
  controlMessage,
  writeChunks,
  type RtmpMessage,
} from './chunks.js';
import { flvHeader, flvTag } from './flv.js';

/** Where an accepted publisher's media goes: an FLV byte stream (ffmpeg's stdin). */
export interface RtmpSink {
  /** False: the consumer is behind; the connection stops reading until `drain`. */
  write(flv: Buffer): boolean;
  onDrain(listener: () => void): void;
  /** The consumer failed: the publisher is disconnected. */
  onError(listener: (error: Error) => void): void;
  /** The publisher left (or was disconnected). Called once. */
  close(): void;
}

/** A refused publish: `message` goes to the publisher in its onStatus error (never a secret). */
export class RtmpRefusal extends Error {}

export interface RtmpServerOptions {
  /** The application name in the URL (`rtmp://host:port/<app>`). */
  app: string;
  /** Checks the stream key and opens where its media goes; throws RtmpRefusal to refuse. */
  authorize(key: string): Promise<RtmpSink>;
  logger: Logger;
}

export const RTMP_LIMITS = {
  /** From TCP connect to an accepted publish: handshake, connect, createStream, publish. */
  publishWithinMs: 10_000,
  /** A publisher that sends nothing this long is gone (a network drop without a FIN). */
  idleMs: 15_000,
  /** Connections at once, publishers and those still handshaking. */
  maxConnections: 64,
  /** From one address: an encoder needs one (two while it reconnects); a studio's office may run a few shows. */
  perAddress: 8,
} as const;

const HANDSHAKE_BYTES = 1536;
const OUT_CHUNK_SIZE = 4096;
const WINDOW = 2_500_000;
const PUBLISH_STREAM_ID = 1;

/**
 * A small RTMP server for publishers only (OBS, ffmpeg, hardware encoders): one port for every show,
 * the stream key picks the show. It speaks the plain handshake and the publish commands, and hands
 * audio/video on as FLV; playback and everything else a full media server does is out of scope.
 */
export class RtmpServer {
  readonly #server: Server;
  readonly #options: RtmpServerOptions;
  readonly #connections = new Set<Socket>();
  readonly #perAddress = new Map<string, number>();

  constructor(options: RtmpServerOptions) {
    this.#options = options;
    this.#server = createServer((socket) => this.#accept(socket));
    this.#server.maxConnections = RTMP_LIMITS.maxConnections;
  }

  listen(port: number, host?: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve(this.#server.address() as AddressInfo);
      });
    });
  }

  get port(): number | null {
    const address = this.#server.address();
    return address && typeof address === 'object' ? address.port : null;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#connections) socket.destroy();
    if (this.#server.listening) await closed;
  }

  #accept(socket: Socket): void {
    // One address cannot hold every slot with idle connections (each lasts up to publishWithinMs).
    const address = socket.remoteAddress ?? '';
    const count = this.#perAddress.get(address) ?? 0;
    if (count >= RTMP_LIMITS.perAddress) {
      socket.destroy();
      return;
    }
    this.#perAddress.set(address, count + 1);
    this.#connections.add(socket);
    socket.once('close', () => {
      this.#connections.delete(socket);
      const left = (this.#perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.#perAddress.set(address, left);
      else this.#perAddress.delete(address);
    });
    new RtmpConnection(socket, this.#options);
  }
}

class RtmpConnection {
  readonly #reader = new ChunkReader();
  #phase: 'c0c1' | 'c2' | 'chunks' | 'closed' = 'c0c1';
  #pending: Buffer = Buffer.alloc(0);
  #sink: RtmpSink | null = null;
  #work: Promise<void> = Promise.resolve();
  #received = 0;
  #acked = 0;
  #window = WINDOW;
  #app = '';
  readonly #publishTimer: NodeJS.Timeout;

  constructor(
    private readonly socket: Socket,
    private readonly options: RtmpServerOptions,
  ) {
    socket.setNoDelay(true);
    socket.setTimeout(RTMP_LIMITS.idleMs, () => this.#close());
    socket.on('error', () => {});
    socket.on('close', () => this.#close());
    socket.on('data', (data: Buffer) => this.#data(data));
    this.#publishTimer = setTimeout(() => {
      if (!this.#sink) this.#close();
    }, RTMP_LIMITS.publishWithinMs);
  }

  #data(data: Buffer): void {
    if (this.#phase === 'closed') return;
    this.#received += data.length;
    if (this.#phase !== 'chunks') return this.#handshake(data);
    let messages: RtmpMessage[];
    try {
      messages = this.#reader.push(data);
    } catch (error) {
      // Whatever a publisher sends ends its own connection at worst, never the server.
      if (!(error instanceof RtmpProtocolError)) this.options.logger.error('live-shop: RTMP input failed', error);
      return this.#close();
    }
    if (this.#received - this.#acked >= this.#window) {
      this.#acked = this.#received;
      this.#write(controlMessage(MessageType.Acknowledgement, this.#received % 2 ** 32));
    }
    for (const message of messages) {
      this.#work = this.#work.then(() => this.#message(message)).catch(() => this.#close());
    }
  }

  #handshake(data: Buffer): void {
    this.#pending = Buffer.concat([this.#pending, data]);
    if (this.#phase === 'c0c1') {
      if (this.#pending.length < 1 + HANDSHAKE_BYTES) return;
      if (this.#pending[0] !== 3) return this.#close();
      const c1 = this.#pending.subarray(1, 1 + HANDSHAKE_BYTES);
      // S1: time, zero version (so clients skip digest checks), random; S2 echoes C1.
      const s1 = Buffer.concat([Buffer.alloc(8), randomBytes(HANDSHAKE_BYTES - 8)]);
      this.#write(Buffer.concat([Buffer.from([3]), s1, c1]));
      this.#pending = this.#pending.subarray(1 + HANDSHAKE_BYTES);
      this.#phase = 'c2';
    }
    if (this.#phase === 'c2' && this.#pending.length >= HANDSHAKE_BYTES) {
      const rest = this.#pending.subarray(HANDSHAKE_BYTES);
      this.#pending = Buffer.alloc(0);
      this.#phase = 'chunks';
      this.#received -= rest.length;
      if (rest.length) this.#data(rest);
    }
  }

  async #message(message: RtmpMessage): Promise<void> {
    if (this.#phase === 'closed') return;
    switch (message.typeId) {
      case MessageType.SetChunkSize: {
        const size = message.payload.readUInt32BE(0) & 0x7fffffff;
        if (size < 1 || size > 0xffffff) return this.#close();
        this.#reader.chunkSize = size;
        return;
      }
      case MessageType.WindowAckSize:
        this.#window = Math.max(1, message.payload.readUInt32BE(0));
        return;
      case MessageType.Audio:
      case MessageType.Video:
      case MessageType.DataAmf0:
        return this.#media(message);
      case MessageType.CommandAmf0:
        return this.#command(message.payload, message.streamId);
      case MessageType.CommandAmf3:
        // AMF3 commands carry a leading format byte, then AMF0 values.
        return this.#command(message.payload.subarray(1), message.streamId);
      default:
        return;
    }
  }

  #media(message: RtmpMessage): void {
    if (!this.#sink) return;
    let payload = message.payload;
    if (message.typeId === MessageType.DataAmf0) {
      // `@setDataFrame` wraps onMetaData when sent over RTMP; FLV files hold the bare onMetaData.
      const prefix = encodeAmf0('@setDataFrame');
      if (payload.subarray(0, prefix.length).equals(prefix)) payload = payload.subarray(prefix.length);
    }
    if (!this.#sink.write(flvTag(message.typeId, message.timestamp, payload))) this.socket.pause();
  }

  async #command(payload: Buffer, streamId: number): Promise<void> {
    let values;
    try {
      values = decodeAmf0(payload);
    } catch (error) {
      if (error instanceof Amf0Error) return this.#close();
      throw error;
    }
    const [name, transaction] = values;
    const id = typeof transaction === 'number' ? transaction : 0;
    if (name === 'connect') {
      const object = (values[2] ?? {}) as Amf0Object;
      this.#app = typeof object.app === 'string' ? object.app.split('?')[0].replace(/\/$/, '') : '';
      if (this.#app !== this.options.app) {
        this.#invoke(0, '_error', id, null, status('error', 'NetConnection.Connect.Rejected', 'Unknown application'));
        return this.#close();
      }
      this.#write(controlMessage(MessageType.WindowAckSize, WINDOW));
      this.#write(controlMessage(MessageType.SetPeerBandwidth, WINDOW, 2));
      this.#write(controlMessage(MessageType.SetChunkSize, OUT_CHUNK_SIZE));
      this.#invoke(
        0,
        '_result',
        id,
        { fmsVer: 'FMS/3,0,1,123', capabilities: 31 },
        {
          ...status('status', 'NetConnection.Connect.Success', 'Connection succeeded.'),
          objectEncoding: 0,
        },
      );
    } else if (name === 'createStream') {
      this.#invoke(0, '_result', id, null, PUBLISH_STREAM_ID);
    } else if (name === 'publish') {
      await this.#publish(typeof values[3] === 'string' ? values[3] : '', streamId);
    } else if (name === 'FCUnpublish' || name === 'deleteStream' || name === 'closeStream') {
      if (this.#sink) this.#close();
    }
    // releaseStream, FCPublish, _checkbw…: encoders do not wait for their answers.
  }

  async #publish(key: string, streamId: number): Promise<void> {
    if (this.#sink) return;
    // The key is a query-less name; some encoders append `?…` options.
    const bare = key.split('?')[0];
    this.socket.pause();
    try {
      this.#sink = await this.options.authorize(bare);
    } catch (error) {
      const message = error instanceof RtmpRefusal ? error.message : 'The server could not open the stream';
      if (!(error instanceof RtmpRefusal)) this.options.logger.error('live-shop: RTMP publish failed', error);
      this.#invoke(streamId, 'onStatus', 0, null, status('error', 'NetStream.Publish.BadName', message));
      return this.#close();
    } finally {
      if (this.#phase !== 'closed') this.socket.resume();
    }
    clearTimeout(this.#publishTimer);
    if (this.#phase === 'closed') return this.#finish();
    const sink = this.#sink;
    sink.onDrain(() => this.socket.resume());
    sink.onError(() => this.#close());
    // User control "stream begin", then the status the encoder waits for before sending media.
    const begin = Buffer.alloc(6);
    begin.writeUInt32BE(streamId, 2);
    this.#write(writeChunks({ typeId: MessageType.UserControl, streamId: 0, payload: begin }, 2, OUT_CHUNK_SIZE));
    this.#invoke(streamId, 'onStatus', 0, null, status('status', 'NetStream.Publish.Start', 'Publishing.'));
    sink.write(flvHeader());
  }

  #invoke(streamId: number, ...values: Parameters<typeof encodeAmf0>): void {
    const payload = encodeAmf0(...values);
    this.#write(writeChunks({ typeId: MessageType.CommandAmf0, streamId, payload }, 3, OUT_CHUNK_SIZE));
  }

  #write(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  #close(): void {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    clearTimeout(this.#publishTimer);
    this.socket.end();
    // A peer that does not finish the TCP close is cut after a moment.
    setTimeout(() => this.socket.destroy(), 1000).unref();
    this.#finish();
  }

  #finish(): void {
    const sink = this.#sink;
    this.#sink = null;
    sink?.close();
  }
}

const status = (level: string, code: string, description: string): Amf0Object => ({ level, code, description });
