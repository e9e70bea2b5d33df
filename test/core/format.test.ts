import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCount } from '../../src/common/format.ts';

describe('formatCount', () => {
  it('groups thousands as toLocaleString("en-US") does, without loading the locale data', () => {
    assert.equal(formatCount(50_000), '50,000');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(1000), '1,000');
    assert.equal(formatCount(-1_234_567), '-1,234,567');
    for (const n of [0, 1, 12, 123, 1234, 12_345, 123_456, 1_234_567, 60_000, 2.5, 999.6, -5, -999, -1000, 9_007_199_254_740_991, 1e21, NaN, Infinity, -Infinity]) {
      assert.equal(formatCount(n), Math.round(n).toLocaleString('en-US'), String(n));
    }
  });
});
