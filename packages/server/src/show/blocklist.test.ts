import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode, LIMITS, LiveShopError } from '@live-shop/protocol';
import { Blocklist, checkBlocklist } from './blocklist.js';

const held = (terms: string[], text: string) => new Blocklist(terms).matches(text);

describe('blocklist matching', () => {
  it('terms of letters and digits match whole words only, in any script', () => {
    assert.equal(held(['scam'], 'what a SCAM!'), true, 'case');
    assert.equal(held(['scam'], '#scam'), true);
    assert.equal(held(['scam'], 'scampi for dinner'), false);
    assert.equal(held(['scam'], 'noscam'), false);
    assert.equal(held(['scam'], 'scam123'), false, 'digits are part of a word');
    assert.equal(held(['scam'], 'éscam'), false, 'accented letters are part of a word');
    assert.equal(held(['спам'], 'это спам!'), true);
    assert.equal(held(['спам'], 'спамер'), false);
    assert.equal(held(['buy now'], 'BUY NOW!!'), true, 'a phrase');
    assert.equal(held(['buy now'], 'buy nowhere'), false);
  });

  it('a term that is a prefix of another still lets the longer one match', () => {
    assert.equal(held(['scam', 'scammer'], 'you scammer'), true);
    assert.equal(held(['scammer', 'scam'], 'a scam'), true);
    assert.equal(held(['scam', 'scammer'], 'scammers'), false);
  });

  it('accents, width variants and invisible characters do not hide a term', () => {
    assert.equal(held(['café'], 'best CAFE in town'), true);
    assert.equal(held(['cafe'], 'best café in town'), true);
    assert.equal(held(['scam'], 'ｓｃａｍ'), true, 'full-width');
    assert.equal(held(['scam'], 's\u200bc\u00adam'), true, 'zero-width space and soft hyphen');
  });

  it('any other term (a link, a domain, symbols) matches anywhere, literally', () => {
    assert.equal(held(['spam-shop.example'], 'deals at HTTPS://SPAM-SHOP.EXAMPLE/x'), true);
    assert.equal(held(['spam-shop.example'], 'xspam-shop.examplex'), true);
    assert.equal(held(['a.b'], 'axb'), false, 'regex characters are literal');
    assert.equal(held(['c++'], 'I write C++ daily'), true);
    assert.equal(held(['(x|y)'], 'y'), false);
  });

  it('words and links mixed in one list; an empty list holds nothing', () => {
    const list = new Blocklist(['scam', 'spam-shop.example', 'buy now']);
    assert.equal(list.matches('hi from spam-shop.example'), true);
    assert.equal(list.matches('scam'), true);
    assert.equal(list.matches('scampi and buy nowhere'), false);
    assert.equal(new Blocklist([]).matches('anything'), false);
    assert.equal(
      new Blocklist(['  ', '\u200b']).matches('anything'),
      false,
      'terms empty after normalizing are ignored',
    );
  });
});

describe('blocklist bounds', () => {
  const refusal = (terms: string[]) => {
    try {
      checkBlocklist(terms);
      return null;
    } catch (error) {
      assert.ok(error instanceof LiveShopError);
      return error;
    }
  };

  it('too many terms, or a term too long once normalized, is a bad_request', () => {
    assert.equal(refusal(Array.from({ length: LIMITS.blocklistTerms }, (_, i) => `t${i}`)), null, 'at the bound');
    const many = refusal(Array.from({ length: LIMITS.blocklistTerms + 1 }, (_, i) => `t${i}`));
    assert.equal(many?.code, ErrorCode.BadRequest);
    assert.match(many!.message, /at most 500 terms/);
    assert.equal(refusal(['x'.repeat(LIMITS.blocklistTermMax)]), null, 'at the bound');
    assert.equal(refusal(['x'.repeat(LIMITS.blocklistTermMax + 1)])?.code, ErrorCode.BadRequest);
    // Ten characters that NFKD expands to 180: the length that counts is the one matched.
    const expanding = refusal(['\ufdfa'.repeat(10)]);
    assert.equal(expanding?.code, ErrorCode.BadRequest);
    assert.match(expanding!.message, /at most 100 characters/);
    assert.equal(refusal(['\u200b\u200b'])?.code, ErrorCode.BadRequest, 'a term of invisible characters only');
  });
});
