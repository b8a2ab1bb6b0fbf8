import { describe, expect, it } from 'vitest';
import { maxConnections, openFileLimit } from '../../src/http/connections.js';

const LIMITS = (soft: string) => `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            ${soft}                  4096                 files
Max locked memory         8388608              8388608              bytes
`;

describe('connection limit', () => {
  it('connections – the soft open-file limit is read from /proc/self/limits', () => {
    expect(openFileLimit(() => LIMITS('256'))).toBe(256);
    expect(openFileLimit(() => LIMITS('unlimited'))).toBeUndefined();
    expect(openFileLimit(() => { throw new Error('ENOENT'); })).toBeUndefined();
  });

  it('connections – this process reports its own limit on Linux', () => {
    if (process.platform !== 'linux') return;
    expect(openFileLimit()).toBeGreaterThan(0);
  });

  it('connections – the default leaves descriptors for the store and outbound sends', () => {
    const limit = maxConnections(undefined, 256, 8)!;
    expect(limit).toBeGreaterThan(100);
    expect(limit).toBeLessThan(256 - 8);
    // More deliveries in flight need more outbound sockets: fewer inbound connections.
    expect(maxConnections(undefined, 256, 50)!).toBeLessThan(limit);
    expect(maxConnections(undefined, 16, 8)).toBe(1);
  });

  it('connections – server.max_connections wins; no known limit means none is set', () => {
    expect(maxConnections(500, 256, 8)).toBe(500);
    expect(maxConnections(undefined, undefined, 8)).toBeUndefined();
  });
});
