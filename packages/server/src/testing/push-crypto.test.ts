import assert from 'node:assert/strict';
import { createECDH, createSign, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { decryptWebPush, verifyVapid } from './push-crypto.js';

const b64 = (s: string) => Buffer.from(s, 'base64url');

// RFC 8291 Appendix A (its keys, salt, auth secret, and the message an application server sends).
const RFC = {
  plaintext: 'When I grow up, I want to be a watermelon',
  uaPrivate: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94',
  uaPublic: 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
  auth: 'BTBZMqHH6r4Tts7J_aSIgg',
  body:
    'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_' +
    'yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
};

function rfcReceiver() {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(b64(RFC.uaPrivate));
  const ua = { privateKey: b64(RFC.uaPrivate), publicKey: ecdh.getPublicKey(), auth: b64(RFC.auth) };
  return { ua, secret: (asPublic: Buffer) => ecdh.computeSecret(asPublic) };
}

describe('RFC 8291 decryption (the fake push service)', () => {
  it("decrypts RFC 8291 Appendix A's message to its plaintext", () => {
    const { ua, secret } = rfcReceiver();
    assert.equal(ua.publicKey.toString('base64url'), RFC.uaPublic);
    assert.equal(decryptWebPush(b64(RFC.body), ua, secret).toString(), RFC.plaintext);
  });

  it('refuses a tampered message and a wrong auth secret', () => {
    const { ua, secret } = rfcReceiver();
    const tampered = b64(RFC.body);
    tampered[tampered.length - 20]! ^= 1;
    assert.throws(() => decryptWebPush(tampered, ua, secret));
    assert.throws(() => decryptWebPush(b64(RFC.body), { ...ua, auth: Buffer.alloc(16) }, secret));
  });
});

describe('VAPID verification (the fake push service)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const k = Buffer.concat([Buffer.from([4]), b64(jwk.x!), b64(jwk.y!)]).toString('base64url');
  const jwt = (claims: object, key = privateKey) => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const input = `${part({ typ: 'JWT', alg: 'ES256' })}.${part(claims)}`;
    const signature = createSign('sha256').update(input).sign({ key, dsaEncoding: 'ieee-p1363' });
    return `${input}.${signature.toString('base64url')}`;
  };
  const now = Date.now();
  const origin = 'https://push.example.net';
  const claims = { aud: origin, exp: Math.floor(now / 1000) + 3600, sub: 'mailto:ops@shop.example' };

  it('accepts a token signed by k for this origin', () => {
    assert.equal(verifyVapid(`vapid t=${jwt(claims)}, k=${k}`, origin, now).key, k);
  });

  it('refuses another origin, an expired or too long token, another key, no header', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const cases: [string | undefined, RegExp][] = [
      [`vapid t=${jwt({ ...claims, aud: 'https://evil.example' })}, k=${k}`, /aud/],
      [`vapid t=${jwt({ ...claims, exp: Math.floor(now / 1000) - 1 })}, k=${k}`, /expired/],
      [`vapid t=${jwt({ ...claims, exp: Math.floor(now / 1000) + 25 * 3600 })}, k=${k}`, /24 hours/],
      [`vapid t=${jwt(claims, other)}, k=${k}`, /signature/],
      [`WebPush ${jwt(claims)}`, /vapid/],
      [undefined, /vapid/],
    ];
    for (const [header, error] of cases) assert.throws(() => verifyVapid(header, origin, now), error);
  });
});
