import { Webhook } from 'standardwebhooks';
import { describe, expect, it, test } from 'vitest';
import { checkTimestamp } from '../../src/sources/crypto.js';
import { STD_SECRET, testApp } from '../helpers/app.js';
import { captureLog } from '../helpers/log.js';
import { expectSourceError, NOW, NOW_S } from './helpers.js';

const FIVE_MINUTES = 300_000;

describe('timestamp in the wrong unit', () => {
  // Each row: the header a sender got wrong → the cause Herald logs (the answer stays a plain 401).
  test.each([
    [String(NOW.getTime()), 'timestamp looks like milliseconds; Promptha expects unix seconds'],
    [String(NOW.getTime() - 3_600_000), 'timestamp looks like milliseconds; Promptha expects unix seconds'],
    [NOW.toISOString(), 'timestamp looks like an ISO 8601 date; Promptha expects unix seconds'],
    [NOW.toUTCString(), 'timestamp looks like a date; Promptha expects unix seconds'],
    [`${NOW_S}.250`, 'timestamp has a fractional part; Promptha expects unix seconds'],
    [String(NOW.getTime() * 1000), 'timestamp has 16 digits (microseconds or nanoseconds?); Promptha expects unix seconds'],
    ['soon', 'timestamp unparsable; Promptha expects unix seconds'],
    [String(NOW_S - 7200), 'timestamp is 2h in the past, beyond the tolerance of 5m (a replay, a late retry, or a clock out of sync)'],
    [String(NOW_S + 400), 'timestamp is 7m in the future, beyond the tolerance of 5m (a replay, a late retry, or a clock out of sync)'],
  ])('checkTimestamp – %s is refused as: %s', (header, cause) => {
    const error = expectSourceError(() => checkTimestamp(header, NOW, FIVE_MINUTES, 'Promptha'), 'timestamp_out_of_tolerance');
    expect(error.message).toBe(cause);
  });

  it('receiver – a Standard Webhooks timestamp in milliseconds is 401 timestamp_out_of_tolerance and its cause is logged at info, without the signature', async () => {
    const { log, lines } = captureLog();
    const { app } = testApp({ logger: log });
    const body = JSON.stringify({ type: 'job.completed', data: {} });
    const now = new Date();
    const signature = new Webhook(STD_SECRET).sign('msg_ms', now, body);
    const res = await app.inject({
      method: 'POST',
      url: '/webhooks/hooks',
      payload: body,
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_ms', 'webhook-timestamp': String(now.getTime()), 'webhook-signature': signature },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'timestamp_out_of_tolerance' });
    const line = lines.find((l) => l.msg === 'webhook rejected');
    expect(line).toMatchObject({
      level: 30,
      source: 'hooks',
      outcome: 'timestamp_out_of_tolerance',
      reason: 'timestamp looks like milliseconds; Standard Webhooks expects unix seconds',
    });
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(signature.slice(3));
    expect(logged).not.toContain(STD_SECRET);
  });
});
