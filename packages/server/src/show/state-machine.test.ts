import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SHOW_STATUSES, type ShowStatus } from '@live-shop/protocol';
import { nextStatus, type ShowInput } from './state-machine.js';

describe('show state machine', () => {
  it('allows exactly the documented transitions', () => {
    const allowed: Record<string, ShowStatus> = {
      'scheduled start': 'starting',
      'starting mediaUp': 'live',
      'reconnecting mediaUp': 'live',
      'live mediaDown': 'reconnecting',
      'scheduled end': 'ended',
      'starting end': 'ended',
      'live end': 'ended',
      'reconnecting end': 'ended',
    };
    for (const status of SHOW_STATUSES) {
      for (const input of ['start', 'mediaUp', 'mediaDown', 'end'] as ShowInput[]) {
        assert.equal(nextStatus(status, input), allowed[`${status} ${input}`] ?? null, `${status} + ${input}`);
      }
    }
  });
});
