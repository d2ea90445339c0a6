import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atTime } from './timers.js';

describe('atTime', () => {
  it('runs at the time, at once when it is past, never when cancelled', async () => {
    const ran: string[] = [];
    atTime(Date.now() + 30, () => ran.push('soon'));
    atTime(Date.now() - 1000, () => ran.push('past'));
    atTime(Date.now() + 10, () => ran.push('cancelled'))();
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.deepEqual(ran, ['past', 'soon']);
  });

  it('waits beyond setTimeout’s 24.8-day limit (a 30-day host token) instead of firing at once', async () => {
    let ran = false;
    const cancel = atTime(Date.now() + 30 * 24 * 3_600_000, () => (ran = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    cancel();
    assert.equal(ran, false);
  });
});
