import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../src/events/event.js';
import { EventCache } from '../../src/delivery/event-cache.js';
import { sampleEvent } from '../helpers/event.js';

function counting(fail = new Set<number>()) {
  const loads: number[] = [];
  const load = async (key: number): Promise<NormalizedEvent | undefined> => {
    loads.push(key);
    if (fail.has(key)) {
      fail.delete(key);
      throw new Error('SQLITE_BUSY');
    }
    return key > 100 ? undefined : sampleEvent({ id: `e${key}` });
  };
  return { loads, load };
}

describe('event cache', () => {
  it('event cache – deliveries of one event share one read, even while it is under way', async () => {
    const { loads, load } = counting();
    const cache = new EventCache(load);
    const [a, b] = await Promise.all([cache.get(1), cache.get(1)]);
    const c = await cache.get(1);
    expect(loads).toEqual([1]);
    expect(a).toBe(b);
    expect(c).toBe(a);
    expect(c?.id).toBe('e1');
  });

  it('event cache – holds at most its bound, the oldest read leaving first', async () => {
    const { loads, load } = counting();
    const cache = new EventCache(load, 3);
    for (const key of [1, 2, 3, 4]) await cache.get(key);
    expect(cache.size).toBe(3);
    await cache.get(2);
    await cache.get(1);
    expect(loads).toEqual([1, 2, 3, 4, 1]);
  });

  it('event cache – a failed read is not kept: the next delivery reads again', async () => {
    const { loads, load } = counting(new Set([7]));
    const cache = new EventCache(load);
    await expect(cache.get(7)).rejects.toThrow('SQLITE_BUSY');
    expect((await cache.get(7))?.id).toBe('e7');
    expect(loads).toEqual([7, 7]);
  });

  it('event cache – an event that is gone stays gone without another read', async () => {
    const { loads, load } = counting();
    const cache = new EventCache(load);
    expect(await cache.get(500)).toBeUndefined();
    expect(await cache.get(500)).toBeUndefined();
    expect(loads).toEqual([500]);
  });
});
