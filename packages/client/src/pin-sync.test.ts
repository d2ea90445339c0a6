import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PIN_QUEUE_MAX, PIN_WAIT_MAX_MS, PinSync } from './index.js';

const pins = (at: number, ...productIds: string[]) => ({ productIds, at });

describe('PinSync', () => {
  it('shows each pin state once the frame on screen reaches its time, the newest due one at a time', () => {
    const sync = new PinSync();
    sync.push(pins(1000, 'a'));
    sync.push(pins(2000, 'b'));
    assert.equal(sync.advance(999, 1500), false);
    assert.deepEqual(sync.shown.productIds, []);
    assert.equal(sync.advance(2500, 3000), true, 'both are due: the newest is shown');
    assert.deepEqual(sync.shown, pins(2000, 'b'));
    assert.equal(sync.pending, 0);
  });

  it('without video shows at once; ignores older or repeated states', () => {
    const sync = new PinSync();
    sync.push(pins(2000, 'b'));
    sync.push(pins(1000, 'a'));
    sync.push(pins(2000, 'b'));
    assert.equal(sync.pending, 1);
    assert.equal(sync.advance(null, 0), true);
    assert.deepEqual(sync.shown, pins(2000, 'b'));
  });

  it('never waits longer than PIN_WAIT_MAX_MS behind the server clock, nor queues more than PIN_QUEUE_MAX', () => {
    const sync = new PinSync();
    sync.push(pins(1000, 'a'));
    assert.equal(sync.advance(0, 1000 + PIN_WAIT_MAX_MS), true, 'a stalled video does not hold pins forever');
    for (let i = 1; i <= PIN_QUEUE_MAX + 1; i++) sync.push(pins(1000 + i, `p${i}`));
    assert.equal(sync.pending, PIN_QUEUE_MAX);
    assert.deepEqual(sync.shown.productIds, ['p1'], 'the oldest is shown early rather than dropped');
    sync.reset();
    assert.deepEqual([sync.pending, sync.shown.at], [0, 0]);
  });
});
