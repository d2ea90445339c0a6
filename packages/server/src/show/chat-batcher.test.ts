import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatMessage } from '@live-shop/protocol';
import { refusedForItsData } from '../store/store.js';
import { ChatBatcher, type PendingChat } from './chat-batcher.js';

const chat = (text: string): PendingChat => ({
  message: { id: text, name: 'Ana', text, role: 'viewer', at: 1 },
  author: { viewerId: 'v1', accountId: null },
});

/**
 * A batcher whose writes and deliveries are recorded in one log; `gate` holds a write back until
 * released. Like PostgreSQL with a NUL byte, the "database" refuses any write holding a text with
 * `bad` in it (a data exception); `down` fails every write as a lost connection does.
 */
function recorded(delayMs = 10) {
  const log: string[] = [];
  const writes: string[][] = [];
  const gates: Array<() => void> = [];
  let gated = false;
  let down = false;
  const batcher = new ChatBatcher(
    delayMs,
    async (showId, entries) => {
      const texts = entries.map((e) => e.message.text);
      writes.push(texts);
      if (gated) await new Promise<void>((resolve) => gates.push(resolve));
      if (down) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: undefined });
      if (texts.some((t) => t.includes('bad')))
        throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
      log.push(`stored ${showId} ${texts.join(',')}`);
    },
    (showId, messages: ChatMessage[]) => log.push(`sent ${showId} ${messages.map((m) => m.text).join(',')}`),
    refusedForItsData,
  );
  return {
    batcher,
    log,
    writes,
    gate: (on: boolean) => (gated = on),
    release: () => gates.splice(0).forEach((open) => open()),
    down: (on: boolean) => (down = on),
  };
}

describe('ChatBatcher', () => {
  it('stores a batch in one write, then sends it, then answers every sender', async () => {
    const r = recorded();
    const answered: string[] = [];
    const adds = ['a', 'b', 'c'].map((t) => r.batcher.add('s1', chat(t)).then(() => answered.push(t)));
    assert.deepEqual(r.log, [], 'nothing happens before the batch is due');
    await Promise.all(adds);
    assert.deepEqual(r.writes, [['a', 'b', 'c']]);
    assert.deepEqual(r.log, ['stored s1 a,b,c', 'sent s1 a,b,c']);
    assert.deepEqual(answered, ['a', 'b', 'c']);
  });

  it('checks each message again when its batch is written: one refused then is neither stored nor sent', async () => {
    const r = recorded();
    let banned = false;
    const recheck = async () => {
      if (banned) throw new Error('restricted');
    };
    const adds = ['a', 'b'].map((t) => r.batcher.add('s1', { ...chat(t), ...(t === 'b' && { recheck }) }));
    banned = true; // after its checks at `add`, before the batch is due
    const [a, b] = await Promise.allSettled(adds);
    assert.equal(a.status, 'fulfilled');
    assert.equal(b.status === 'rejected' && (b.reason as Error).message, 'restricted');
    assert.deepEqual(r.writes, [['a']]);
    assert.deepEqual(r.log, ['stored s1 a', 'sent s1 a']);
  });

  it('keeps shows apart, and does not store again what was approved (stored already)', async () => {
    const r = recorded();
    await Promise.all([
      r.batcher.add('s1', chat('a')),
      r.batcher.add('s2', chat('b')),
      r.batcher.add('s1', { ...chat('held-then-approved'), stored: true }),
    ]);
    assert.deepEqual(r.writes, [['a'], ['b']]);
    assert.ok(r.log.includes('sent s1 a,held-then-approved'), r.log.join(' | '));
    assert.ok(r.log.includes('sent s2 b'), r.log.join(' | '));
  });

  it('fails a message the database refuses alone: the rest of its batch is stored and sent', async () => {
    const r = recorded();
    const results = await Promise.allSettled(['a', 'bad\u0000', 'c'].map((t) => r.batcher.add('s1', chat(t))));
    assert.deepEqual(
      results.map((x) => x.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(r.writes, [['a', 'bad\u0000', 'c'], ['a'], ['bad\u0000'], ['c']]);
    assert.deepEqual(r.log, ['stored s1 a', 'stored s1 c', 'sent s1 a,c']);
  });

  it('when no write works, refuses every sender and sends none of theirs, but still sends an approved message', async () => {
    const r = recorded();
    r.down(true);
    const results = await Promise.allSettled([
      r.batcher.add('s1', chat('a')),
      r.batcher.add('s1', chat('b')),
      r.batcher.add('s1', { ...chat('approved'), stored: true }),
    ]);
    assert.deepEqual(
      results.map((x) => x.status),
      ['rejected', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(r.log, ['sent s1 approved']);
    assert.deepEqual(r.writes, [['a', 'b']], 'a database that is down is not asked again row by row');
    r.down(false);
    await r.batcher.add('s1', chat('c'));
    assert.deepEqual(r.log.slice(1), ['stored s1 c', 'sent s1 c']);
  });

  it('stores and sends the batches of a show in order, even when a write is slow', async () => {
    const r = recorded();
    r.gate(true);
    const first = r.batcher.add('s1', chat('a'));
    void r.batcher.flush('s1');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(r.writes, [['a']]);
    // The first write is under way (held); the next batch is due before it finishes.
    r.gate(false);
    const second = r.batcher.add('s1', chat('b'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(r.writes, [['a']], 'the second write waits for the first');
    assert.deepEqual(r.log, []);
    r.release();
    await Promise.all([first, second]);
    assert.deepEqual(r.log, ['stored s1 a', 'sent s1 a', 'stored s1 b', 'sent s1 b']);
  });

  it('flush stores and sends what is pending now, and waits for writes under way', async () => {
    const r = recorded(60_000);
    const pending = r.batcher.add('s1', chat('a'));
    await r.batcher.flush('s1');
    assert.deepEqual(r.log, ['stored s1 a', 'sent s1 a']);
    await pending;
    r.batcher.add('s1', chat('b')).catch(() => {});
    r.batcher.add('s2', chat('c')).catch(() => {});
    await r.batcher.flushAll();
    assert.deepEqual(r.log.slice(2).sort(), ['sent s1 b', 'sent s2 c', 'stored s1 b', 'stored s2 c']);
    await r.batcher.flush('nothing-pending');
  });
});
