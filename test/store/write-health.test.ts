import { describe, expect, it, vi } from 'vitest';
import { WRITE_RECHECK_MS, WriteHealth } from '../../src/store/write-health.js';

describe('store write health (what /readyz reports)', () => {
  it('write health – ready while writes succeed, without writing anything to find out', async () => {
    const health = new WriteHealth(() => 0);
    const testWrite = vi.fn(async () => {});
    health.succeeded();
    expect(await health.ready(testWrite)).toBe(true);
    expect(await health.ready(testWrite)).toBe(true);
    expect(testWrite).not.toHaveBeenCalled();
  });

  it('write health – not ready from the first failed write; a test write at most once a second; ready again once a write succeeds', async () => {
    let now = 0;
    const health = new WriteHealth(() => now);
    let diskFull = true;
    const testWrite = vi.fn(async () => {
      if (diskFull) {
        health.failed();
        throw new Error('SQLITE_FULL');
      }
      health.succeeded();
    });
    health.failed();
    expect(await health.ready(testWrite)).toBe(false);
    expect(await health.ready(testWrite)).toBe(false);
    expect(testWrite).toHaveBeenCalledTimes(1);
    diskFull = false;
    now += WRITE_RECHECK_MS - 1;
    expect(await health.ready(testWrite)).toBe(false); // not rechecked yet
    now += 1;
    expect(await health.ready(testWrite)).toBe(true);
    expect(testWrite).toHaveBeenCalledTimes(2);
    // Any other write that succeeds (an ingest, an outcome) also ends it.
    health.failed();
    health.succeeded();
    expect(await health.ready(testWrite)).toBe(true);
    expect(testWrite).toHaveBeenCalledTimes(2);
  });
});
