/**
 * Test support (not shipped): the browser's side of Web Push, written from the RFCs with node:crypto
 * (not web-push's code), so the fake push service checks what the server sends independently:
 * RFC 8291 decryption (aes128gcm content coding, RFC 8188) and RFC 8292 VAPID JWT verification.
 */
import { createDecipheriv, createHmac, createPublicKey, verify } from 'node:crypto';

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();
/** HKDF-Expand for one block (L ≤ 32), RFC 5869: T(1) = HMAC(PRK, info || 0x01). */
const expand = (prk: Buffer, info: Buffer, length: number) =>
  hmac(prk, Buffer.concat([info, Buffer.from([1])])).subarray(0, length);

/** What a user agent holds for one subscription. */
export interface UaKeys {
  /** The P-256 private scalar (32 bytes). */
  privateKey: Buffer;
  /** The uncompressed public point (65 bytes): the subscription's p256dh. */
  publicKey: Buffer;
  /** The 16-byte auth secret. */
  auth: Buffer;
}

/**
 * Decrypts an `aes128gcm` Web Push message body. RFC 8188 §2.1 header: salt (16) | rs (uint32) |
 * idlen (1) | keyid (the application server's ephemeral public key, RFC 8291 §4); then records of `rs` bytes.
 */
export function decryptWebPush(body: Buffer, ua: UaKeys, ecdhSecret: (asPublic: Buffer) => Buffer): Buffer {
  if (body.length < 21) throw new Error('body shorter than the aes128gcm header');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  // RFC 8291 §4: the keyid is the sender's uncompressed P-256 point; rs ≥ 18 (RFC 8188 §2).
  if (idlen !== 65 || asPublic[0] !== 0x04) throw new Error('keyid is not an uncompressed P-256 public key');
  if (rs < 18) throw new Error(`record size ${rs} is below 18`);
  // RFC 8291 §3.3–3.4: combine the ECDH secret with the auth secret, then RFC 8188 §2.2–2.3 for the CEK and nonce.
  const prkKey = hmac(ua.auth, ecdhSecret(asPublic));
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ua.publicKey, asPublic]);
  const ikm = expand(prkKey, keyInfo, 32);
  const prk = hmac(salt, ikm);
  const cek = expand(prk, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonceBase = expand(prk, Buffer.from('Content-Encoding: nonce\0'), 12);

  const records = body.subarray(21 + idlen);
  if (records.length === 0) throw new Error('no records');
  const plain: Buffer[] = [];
  for (let seq = 0, at = 0; at < records.length; seq++, at += rs) {
    const record = records.subarray(at, at + rs);
    if (record.length <= 16) throw new Error('record without content');
    // RFC 8188 §2.3: the nonce is the base XOR the record's sequence number (big-endian, 96 bits).
    const nonce = Buffer.from(nonceBase);
    for (let i = 0; i < 6; i++) nonce[11 - i]! ^= Math.floor(seq / 256 ** i) & 0xff;
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    // Padding: the content, a delimiter (2 for the last record, 1 otherwise), then zeros.
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    const last = at + rs >= records.length;
    if (end < 0 || padded[end] !== (last ? 2 : 1)) throw new Error(`record ${seq}: bad padding delimiter`);
    plain.push(padded.subarray(0, end));
  }
  return Buffer.concat(plain);
}

export interface VapidClaims {
  aud: string;
  exp: number;
  sub?: string;
}

/**
 * Checks `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292 §3): an ES256 JWT signed by the key in `k`,
 * for this push service's origin, not expired and not valid for more than 24 hours. Returns the key.
 */
export function verifyVapid(
  header: string | undefined,
  origin: string,
  nowMs: number,
): { key: string; claims: VapidClaims } {
  const match = /^vapid (.+)$/i.exec(header ?? '');
  if (!match) throw new Error('no vapid Authorization');
  const params = new Map(
    match[1]!.split(',').map((p) => {
      const [name = '', ...value] = p.trim().split('=');
      return [name.trim().toLowerCase(), value.join('=').trim()] as const;
    }),
  );
  const token = params.get('t');
  const key = params.get('k');
  if (!token || !key) throw new Error('vapid needs t= and k=');
  const point = Buffer.from(key, 'base64url');
  if (point.length !== 65 || point[0] !== 0x04) throw new Error('k is not an uncompressed P-256 public key');
  const [headerPart, claimsPart, signaturePart, ...rest] = token.split('.');
  if (!headerPart || !claimsPart || !signaturePart || rest.length) throw new Error('t is not a JWS');
  const jose = JSON.parse(Buffer.from(headerPart, 'base64url').toString()) as { alg?: string; typ?: string };
  if (jose.alg !== 'ES256') throw new Error(`JWT alg ${jose.alg} is not ES256`);
  const publicKey = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  // JWS ES256 signatures are r || s (64 bytes), not DER.
  const signed = Buffer.from(`${headerPart}.${claimsPart}`);
  const signature = Buffer.from(signaturePart, 'base64url');
  if (!verify('sha256', signed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature))
    throw new Error('JWT signature does not verify with k');
  const claims = JSON.parse(Buffer.from(claimsPart, 'base64url').toString()) as VapidClaims;
  if (claims.aud !== origin) throw new Error(`JWT aud ${claims.aud} is not ${origin}`);
  const now = nowMs / 1000;
  if (!(claims.exp > now)) throw new Error('JWT expired');
  if (claims.exp > now + 24 * 3600) throw new Error('JWT valid for more than 24 hours');
  return { key, claims };
}
