import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { constantTimeEqual, signShowToken, verifyShowToken } from './tokens.js';

describe('show tokens', () => {
  const secret = Buffer.from('s3cret');
  it('verifies only for the show and secret they were signed for', () => {
    const token = signShowToken(secret, 'showA', 'host');
    assert.match(token, /^lsh1\.showA\.host\.[\w-]{43}$/);
    assert.equal(verifyShowToken(secret, 'showA', token), 'host');
    assert.equal(verifyShowToken(secret, 'showB', token), null);
    assert.equal(verifyShowToken(Buffer.from('other'), 'showA', token), null);
    assert.equal(verifyShowToken(secret, 'showA', token.replace('.host.', '.moderator.')), null);
    assert.equal(verifyShowToken(secret, 'showA', `${token}x`), null);
    assert.equal(verifyShowToken(secret, 'showA', 'garbage'), null);
  });
  it('compares secrets of any length', () => {
    assert.equal(constantTimeEqual('abc', 'abc'), true);
    assert.equal(constantTimeEqual('abc', 'abcd'), false);
  });
});
