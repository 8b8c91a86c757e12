import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processScoped } from '../../lib/process-scoped.ts';

describe('processScoped', () => {
  it('creates one instance per name, on first use, and hands the same one to every caller', () => {
    let created = 0;
    const make = (): { n: number } => ({ n: ++created });
    const first = processScoped('test.scoped-a', make);
    assert.equal(processScoped('test.scoped-a', make), first);
    assert.equal(created, 1);
    assert.notEqual(processScoped('test.scoped-b', make), first);
    assert.equal(created, 2);
  });
});
