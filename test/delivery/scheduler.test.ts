import { describe, expect, it } from 'vitest';
import { RateScheduler } from '../../src/delivery/scheduler.js';

const SCOPES = ['fake:a', 'fake:global'];
const perSecond = (count: number) => ({ count, perMs: 1000 });
/** The scheduler's slack on a 1 s window (clock granularity): 1%, at least 5 ms. */
const MARGIN = 10;

describe('rate scheduler', () => {
  it('scheduler – the window counts the last N requests however many came before', () => {
    const s = new RateScheduler();
    for (let t = 0; t < 10; t++) s.reserve(SCOPES, perSecond(3), t * 100);
    // Requests at 700, 800, 900: the fourth may start 1 s after the one at 700.
    expect(s.readyAt(SCOPES, perSecond(3), 950)).toBe(700 + 1000 + MARGIN);
  });

  it('scheduler – a request counts from its answer, unless newer requests have pushed it out of the window', () => {
    const s = new RateScheduler();
    const first = s.reserve(SCOPES, perSecond(2), 0);
    s.reserve(SCOPES, perSecond(2), 10);
    first(400);
    expect(s.readyAt(SCOPES, perSecond(2), 20)).toBe(400 + 1000 + MARGIN);
    s.reserve(SCOPES, perSecond(2), 1500);
    s.reserve(SCOPES, perSecond(2), 1510);
    first(9000); // long gone from the window: changes nothing
    expect(s.readyAt(SCOPES, perSecond(2), 1520)).toBe(1500 + 1000 + MARGIN);
  });

  it('scheduler – a slower pace after a reload applies to the requests already sent', () => {
    const s = new RateScheduler();
    for (const t of [0, 100, 200, 300]) s.reserve(SCOPES, perSecond(4), t);
    expect(s.readyAt(SCOPES, perSecond(2), 350)).toBe(200 + 1000 + MARGIN);
    s.reserve(SCOPES, perSecond(2), 1300);
    expect(s.readyAt(SCOPES, perSecond(2), 1301)).toBe(300 + 1000 + MARGIN);
    expect(s.readyAt(SCOPES, perSecond(8), 1350)).toBe(1350);
  });
});
