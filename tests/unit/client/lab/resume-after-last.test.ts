// The lab's socket cards resubscribe after the last index id they recorded: none before the first
// update, and a duplicate or older id never moves the resume point back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStats, recordUpdate, resumeAfterLast } from '../../../../lib/client/lab/transport-stats.ts';

describe('lab resume point', () => {
  it('is absent before the first update, then the newest id recorded', () => {
    const stats = createStats('ws');
    assert.deepEqual(resumeAfterLast(stats), {});
    recordUpdate(stats, '100-0', 1, 2);
    recordUpdate(stats, '100-1', 1, 2);
    recordUpdate(stats, '99-5', 1, 2);
    recordUpdate(stats, '100-1', 1, 2);
    assert.deepEqual(resumeAfterLast(stats), { resumeAfter: '100-1' });
    assert.equal(stats.duplicates, 2);
  });
});
