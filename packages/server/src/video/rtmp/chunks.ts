/** One RTMP message, reassembled from its chunks. */
export interface RtmpMessage {
  typeId: number;
  streamId: number;
  /** Milliseconds, the publisher's own clock (its stream starts near 0). */
  timestamp: number;
  payload: Buffer;
}

export const MessageType = {
  SetChunkSize: 1,
  Abort: 2,
  Acknowledgement: 3,
  UserControl: 4,
  WindowAckSize: 5,
  SetPeerBandwidth: 6,
  Audio: 8,
  Video: 9,
  DataAmf3: 15,
  CommandAmf3: 17,
  DataAmf0: 18,
  CommandAmf0: 20,
} as const;

/** A publisher's message may not be bigger: a video key frame of a 1080p stream is well under this. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
/** Chunk streams one connection may open (each holds a partial message). */
const MAX_CHUNK_STREAMS = 64;

interface ChunkStream {
  timestamp: number;
  delta: number;
  length: number;
  typeId: number;
  streamId: number;
  extended: boolean;
  parts: Buffer[];
  received: number;
}

export class RtmpProtocolError extends Error {}

/**
 * Reads the chunk stream (RTMP spec §5.3): basic header, message header of format 0–3, extended
 * timestamp, then up to `chunkSize` bytes of the message. Bytes are taken only once a whole chunk is there.
 */
export class ChunkReader {
  chunkSize = 128;
  #buffer: Buffer = Buffer.alloc(0);
  readonly #streams = new Map<number, ChunkStream>();

  /** Adds received bytes; returns the messages they completed. Throws RtmpProtocolError on nonsense. */
  push(data: Buffer): RtmpMessage[] {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, data]) : data;
    const messages: RtmpMessage[] = [];
    for (;;) {
      const taken = this.#chunk(messages);
      if (taken === 0) break;
      this.#buffer = this.#buffer.subarray(taken);
    }
    return messages;
  }

  /** Parses one chunk at the buffer's start; 0 when it is not all there yet. */
  #chunk(out: RtmpMessage[]): number {
    const b = this.#buffer;
    if (b.length < 1) return 0;
    const fmt = b[0] >> 6;
    let csid = b[0] & 0x3f;
    let offset = 1;
    if (csid === 0) {
      if (b.length < 2) return 0;
      csid = 64 + b[1];
      offset = 2;
    } else if (csid === 1) {
      if (b.length < 3) return 0;
      csid = 64 + b[1] + b[2] * 256;
      offset = 3;
    }
    const headerBytes = [11, 7, 3, 0][fmt];
    if (b.length < offset + headerBytes) return 0;
    let stream = this.#streams.get(csid);
    if (!stream) {
      if (fmt !== 0) throw new RtmpProtocolError(`chunk stream ${csid} starts without a full header`);
      if (this.#streams.size >= MAX_CHUNK_STREAMS) throw new RtmpProtocolError('too many chunk streams');
      stream = { timestamp: 0, delta: 0, length: 0, typeId: 0, streamId: 0, extended: false, parts: [], received: 0 };
    }
    const starting = stream.received === 0;
    let field = 0;
    if (fmt <= 2) field = b.readUIntBE(offset, 3);
    const extended = fmt <= 2 ? field === 0xffffff : stream.extended;
    const extendedBytes = extended ? 4 : 0;
    if (b.length < offset + headerBytes + extendedBytes) return 0;
    if (extended) field = b.readUInt32BE(offset + headerBytes);
    let length = stream.length;
    if (fmt <= 1) length = b.readUIntBE(offset + 3, 3);
    if (length > MAX_MESSAGE_BYTES) throw new RtmpProtocolError(`message of ${length} bytes`);
    const take = Math.min(this.chunkSize, length - (starting ? 0 : stream.received));
    const start = offset + headerBytes + extendedBytes;
    if (b.length < start + take) return 0;

    if (!starting && fmt !== 3) throw new RtmpProtocolError('a new message header inside an unfinished message');
    // The whole chunk is here: now the header may change the stream's state.
    this.#streams.set(csid, stream);
    if (fmt <= 1) {
      stream.length = length;
      stream.typeId = b[offset + 6];
    }
    if (fmt === 0) {
      stream.streamId = b.readUInt32LE(offset + 7);
      stream.timestamp = field;
      stream.delta = 0;
    } else if (fmt <= 2) {
      stream.delta = field;
      stream.timestamp += field;
    } else if (starting && stream.delta > 0) {
      // Format 3 starting a new message repeats the previous delta.
      stream.timestamp += stream.delta;
    }
    if (fmt <= 2) stream.extended = extended;
    stream.parts.push(b.subarray(start, start + take));
    stream.received += take;
    if (stream.received >= stream.length) {
      out.push({
        typeId: stream.typeId,
        streamId: stream.streamId,
        timestamp: stream.timestamp,
        payload: Buffer.concat(stream.parts),
      });
      stream.parts = [];
      stream.received = 0;
    }
    return start + take;
  }
}

/** Writes messages as chunks of `chunkSize` (format 0 first, format 3 for the rest). */
export function writeChunks(
  message: Omit<RtmpMessage, 'timestamp'> & { timestamp?: number },
  csid: number,
  chunkSize: number,
): Buffer {
  const { payload } = message;
  const header = Buffer.alloc(12);
  header[0] = csid & 0x3f;
  header.writeUIntBE(Math.min(message.timestamp ?? 0, 0xfffffe), 1, 3);
  header.writeUIntBE(payload.length, 4, 3);
  header[7] = message.typeId;
  header.writeUInt32LE(message.streamId, 8);
  const parts: Buffer[] = [header];
  for (let sent = 0; sent < payload.length || sent === 0;) {
    if (sent > 0) parts.push(Buffer.from([0xc0 | (csid & 0x3f)]));
    const end = Math.min(payload.length, sent + chunkSize);
    parts.push(payload.subarray(sent, end));
    sent = end;
    if (payload.length === 0) break;
  }
  return Buffer.concat(parts);
}

/** A protocol control message (chunk stream 2, message stream 0) carrying one 32-bit number, or two for peer bandwidth. */
export function controlMessage(typeId: number, value: number, limitType?: number): Buffer {
  const payload = Buffer.alloc(limitType === undefined ? 4 : 5);
  payload.writeUInt32BE(value);
  if (limitType !== undefined) payload[4] = limitType;
  return writeChunks({ typeId, streamId: 0, payload }, 2, 128);
}
