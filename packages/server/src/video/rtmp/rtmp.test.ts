import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Amf0Error, decodeAmf0, encodeAmf0 } from './amf0.js';
import { ChunkReader, MAX_MESSAGE_BYTES, RtmpProtocolError, writeChunks } from './chunks.js';
import { flvTag } from './flv.js';

describe('RTMP wire format', () => {
  it('AMF0 round-trips the values commands carry; malformed bytes raise Amf0Error, never anything else', () => {
    const values = ['connect', 1, { app: 'live', tcUrl: 'rtmp://h/live', fpad: false }, null, undefined];
    assert.deepEqual(decodeAmf0(encodeAmf0(...values)), values);
    for (const bad of [Buffer.from([0x02, 0x00, 0x09, 0x61]), Buffer.from([0x11]), Buffer.from([0x00, 1, 2])])
      assert.throws(() => decodeAmf0(bad), Amf0Error);
    // 40 nested objects: refused, not a stack overflow.
    const deep = Buffer.concat([
      ...Array.from({ length: 40 }, () => Buffer.from([0x03, 0, 1, 0x61])),
      Buffer.from([5]),
    ]);
    assert.throws(() => decodeAmf0(deep), Amf0Error);
  });

  it('reassembles messages split in chunks and across reads, with format 3 continuations', () => {
    const big = Buffer.alloc(1000, 7);
    const bytes = Buffer.concat([
      writeChunks({ typeId: 9, streamId: 1, timestamp: 40, payload: big }, 6, 128),
      writeChunks({ typeId: 8, streamId: 1, timestamp: 50, payload: Buffer.from('audio') }, 4, 128),
    ]);
    const reader = new ChunkReader();
    const messages = [];
    // One byte at a time: a chunk is only taken once it is all there.
    for (const byte of bytes) messages.push(...reader.push(Buffer.from([byte])));
    assert.deepEqual(
      messages.map((m) => [m.typeId, m.streamId, m.timestamp, m.payload.length]),
      [
        [9, 1, 40, 1000],
        [8, 1, 50, 5],
      ],
    );
    assert.ok(messages[0]!.payload.equals(big));
  });

  it('refuses nonsense: a stream without a first full header, a message over the limit', () => {
    assert.throws(() => new ChunkReader().push(Buffer.from([0x45, 0, 0, 0, 0, 0, 1, 9])), RtmpProtocolError);
    const huge = Buffer.alloc(12);
    huge[0] = 0x04;
    huge.writeUIntBE(MAX_MESSAGE_BYTES + 1, 4, 3);
    huge[7] = 9;
    assert.throws(() => new ChunkReader().push(huge), RtmpProtocolError);
  });

  it('writes FLV tags: 11-byte header with the 32-bit timestamp split, body, previous tag size', () => {
    const tag = flvTag(9, 0x01020304, Buffer.from('abc'));
    assert.deepEqual([...tag.subarray(0, 11)], [9, 0, 0, 3, 0x02, 0x03, 0x04, 0x01, 0, 0, 0]);
    assert.equal(tag.readUInt32BE(14), 14);
  });
});
