import { describe, expect, it } from 'vitest';
import { BREAKER_FAILING_MS, BREAKER_THRESHOLD, Breakers, PROBE_INTERVAL_MS } from '../../src/delivery/breaker.js';

const fail = (b: Breakers, at: number) => {
  b.started('hook', at);
  return b.failed('hook', at + 10, at);
};

describe('destination breakers', () => {
  it(`breaker – opens after ${BREAKER_THRESHOLD} failures in a row, then allows one probe per ${PROBE_INTERVAL_MS / 1000} s`, () => {
    const b = new Breakers();
    for (let i = 1; i < BREAKER_THRESHOLD; i++) expect(fail(b, i * 100)).toBe(false);
    expect(b.probeAt('hook')).toBeUndefined();
    expect(fail(b, BREAKER_THRESHOLD * 100)).toBe(true);
    expect(b.probeAt('hook')).toBe(BREAKER_THRESHOLD * 100 + PROBE_INTERVAL_MS);
    b.started('hook', 40_000);
    expect(b.probeAt('hook')).toBe(Infinity); // the probe is out: nothing else goes
    b.failed('hook', 40_500, 40_000);
    expect(b.probeAt('hook')).toBe(40_000 + PROBE_INTERVAL_MS);
  });

  it('breaker – opens when a destination has answered only failures for 30 s, however few', () => {
    const b = new Breakers();
    expect(fail(b, 0)).toBe(false);
    expect(fail(b, 16_000)).toBe(false);
    expect(fail(b, BREAKER_FAILING_MS)).toBe(true);
    expect(b.isOpen('hook')).toBe(true);
    expect(b.isOpen('other')).toBe(false);
  });

  it('breaker – a success closes it and says when the destination recovered', () => {
    const b = new Breakers();
    for (let i = 0; i < BREAKER_THRESHOLD; i++) fail(b, i);
    b.started('hook', 50_000);
    b.succeeded('hook', 50_100);
    expect(b.isOpen('hook')).toBe(false);
    expect(b.probeAt('hook')).toBeUndefined();
    expect(b.recoveredAt('hook')).toBe(50_100);
    expect(b.recoveredAt('other')).toBe(0);
  });

  it('breaker – an answer that says nothing about health (429, rejected payload) ends the probe without closing it', () => {
    const b = new Breakers();
    for (let i = 0; i < BREAKER_THRESHOLD; i++) fail(b, i);
    b.started('hook', 40_000);
    b.released('hook');
    expect(b.isOpen('hook')).toBe(true);
    expect(b.probeAt('hook')).toBe(40_000 + PROBE_INTERVAL_MS);
  });

  it('breaker – failures a long quiet time apart start a new count', () => {
    const b = new Breakers();
    fail(b, 0);
    expect(fail(b, 10 * 60_000)).toBe(false);
    expect(fail(b, 10 * 60_000 + 1000)).toBe(false);
  });
});
