/** AMF0 (Adobe's Action Message Format 0): what RTMP commands (`connect`, `publish`, …) are written in. */
export type Amf0Value = number | boolean | string | null | undefined | Amf0Object | Amf0Value[];
export interface Amf0Object {
  [key: string]: Amf0Value;
}

const enum Marker {
  Number = 0x00,
  Boolean = 0x01,
  String = 0x02,
  Object = 0x03,
  Null = 0x05,
  Undefined = 0x06,
  EcmaArray = 0x08,
  ObjectEnd = 0x09,
  StrictArray = 0x0a,
  Date = 0x0b,
  LongString = 0x0c,
}

/** Decoding stops on anything malformed: a publisher's bytes never throw past the connection. */
export class Amf0Error extends Error {}

/** Reads every AMF0 value in `buffer` (a command: name, transaction id, then its arguments). */
export function decodeAmf0(buffer: Buffer): Amf0Value[] {
  const values: Amf0Value[] = [];
  let offset = 0;
  const need = (n: number) => {
    if (offset + n > buffer.length) throw new Amf0Error('AMF0 value runs past the message');
  };
  const string = (lengthBytes: 2 | 4) => {
    need(lengthBytes);
    const length = lengthBytes === 2 ? buffer.readUInt16BE(offset) : buffer.readUInt32BE(offset);
    offset += lengthBytes;
    need(length);
    const text = buffer.toString('utf8', offset, offset + length);
    offset += length;
    return text;
  };
  const properties = (level: number): Amf0Object => {
    const object: Amf0Object = {};
    // Bounded by the message length: every property consumes at least its 2-byte key length.
    for (;;) {
      const key = string(2);
      need(1);
      if (key === '' && buffer[offset] === Marker.ObjectEnd) {
        offset += 1;
        return object;
      }
      object[key] = value(level + 1);
    }
  };
  const value = (level: number): Amf0Value => {
    if (level > 16) throw new Amf0Error('AMF0 values nest too deep');
    need(1);
    const marker = buffer[offset++];
    switch (marker) {
      case Marker.Number:
        need(8);
        offset += 8;
        return buffer.readDoubleBE(offset - 8);
      case Marker.Boolean:
        need(1);
        return buffer[offset++] !== 0;
      case Marker.String:
        return string(2);
      case Marker.LongString:
        return string(4);
      case Marker.Object:
        return properties(level);
      case Marker.EcmaArray:
        need(4);
        offset += 4;
        return properties(level);
      case Marker.StrictArray: {
        need(4);
        const count = buffer.readUInt32BE(offset);
        offset += 4;
        if (count > buffer.length - offset) throw new Amf0Error('AMF0 array longer than the message');
        return Array.from({ length: count }, () => value(level + 1));
      }
      case Marker.Date:
        need(10);
        offset += 10;
        return buffer.readDoubleBE(offset - 10);
      case Marker.Null:
        return null;
      case Marker.Undefined:
        return undefined;
      default:
        throw new Amf0Error(`Unsupported AMF0 marker ${marker}`);
    }
  };
  while (offset < buffer.length) values.push(value(0));
  return values;
}

/** Writes AMF0 values (numbers, booleans, strings, null, flat objects): what the server's answers need. */
export function encodeAmf0(...values: Amf0Value[]): Buffer {
  const parts: Buffer[] = [];
  const str = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    const length = Buffer.alloc(2);
    length.writeUInt16BE(bytes.length);
    parts.push(length, bytes);
  };
  const write = (v: Amf0Value) => {
    if (typeof v === 'number') {
      const b = Buffer.alloc(9);
      b[0] = Marker.Number;
      b.writeDoubleBE(v, 1);
      parts.push(b);
    } else if (typeof v === 'boolean') parts.push(Buffer.from([Marker.Boolean, v ? 1 : 0]));
    else if (typeof v === 'string') {
      parts.push(Buffer.from([Marker.String]));
      str(v);
    } else if (v === null) parts.push(Buffer.from([Marker.Null]));
    else if (v === undefined) parts.push(Buffer.from([Marker.Undefined]));
    else if (Array.isArray(v)) throw new Amf0Error('encodeAmf0 writes no arrays');
    else {
      parts.push(Buffer.from([Marker.Object]));
      for (const [key, item] of Object.entries(v)) {
        str(key);
        write(item);
      }
      parts.push(Buffer.from([0, 0, Marker.ObjectEnd]));
    }
  };
  values.forEach(write);
  return Buffer.concat(parts);
}
