import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  constantTimeEqual,
  readShowToken,
  readViewerCredential,
  signShowToken,
  signViewerCredential,
} from './tokens.js';

describe('show tokens', () => {
  const secret = Buffer.from('s3cret');
  const claims = { showId: 'showA', role: 'host' as const, id: 'tok1', expiresAt: 1_800_000_000_000 };
  it('read back only for the show and secret they were signed for', () => {
    const token = signShowToken(secret, claims);
    assert.match(token, /^lsh2\.showA\.host\.tok1\.[0-9a-z]+\.[\w-]{43}$/);
    assert.deepEqual(readShowToken(secret, 'showA', token), claims);
    assert.equal(readShowToken(secret, 'showB', token), null);
    assert.equal(readShowToken(Buffer.from('other'), 'showA', token), null);
    assert.equal(readShowToken(secret, 'showA', token.replace('.host.', '.moderator.')), null, 'the role is signed');
    assert.equal(readShowToken(secret, 'showA', token.replace('.tok1.', '.tok2.')), null, 'the id is signed');
    const later = token.split('.');
    later[4] = (claims.expiresAt + 1e9).toString(36);
    assert.equal(readShowToken(secret, 'showA', later.join('.')), null, 'the expiry is signed');
    assert.equal(readShowToken(secret, 'showA', `${token}x`), null);
    assert.equal(readShowToken(secret, 'showA', 'garbage'), null);
  });
  it('viewer credentials are never show tokens, and the other way round', () => {
    const credential = signViewerCredential(secret, 'abcdefgh12');
    assert.equal(readViewerCredential(secret, credential), 'abcdefgh12');
    assert.equal(readViewerCredential(Buffer.from('other'), credential), null);
    assert.equal(readViewerCredential(secret, credential.replace('abcdefgh12', 'abcdefgh13')), null);
    assert.equal(readShowToken(secret, 'showA', credential), null);
    assert.equal(readViewerCredential(secret, signShowToken(secret, claims)), null);
  });
  it('compares secrets of any length', () => {
    assert.equal(constantTimeEqual('abc', 'abc'), true);
    assert.equal(constantTimeEqual('abc', 'abcd'), false);
  });
});
