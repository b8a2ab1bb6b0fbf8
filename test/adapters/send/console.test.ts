import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { consoleAdapter } from '../../../adapters/console/index.js';
import { checkOutcome, outcomeOf, sendContext } from './helpers.js';

const channel = consoleAdapter.configSchema.parse({ platform: 'console' });

describe('console send', () => {
  it('writes the payload and a newline to ctx.stdout', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    const result = await consoleAdapter.send({ payload: 'hello\nworld', summary: 'hello' }, channel, sendContext({ url: '' }, { stdout: out }));
    expect(result).toEqual({});
    expect(chunks.join('')).toBe('hello\nworld\n');
  });

  it('a stream error – NETWORK, retryable', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    broken.on('error', () => undefined);
    const outcome = await outcomeOf(consoleAdapter.send({ payload: 'x', summary: 'x' }, channel, sendContext({ url: '' }, { stdout: broken })));
    checkOutcome({ name: '', expect: 'NETWORK' }, outcome);
  });

  it('limitScopes, defaultRate and describe', () => {
    expect(consoleAdapter.limitScopes(channel)).toEqual(['console']);
    expect(consoleAdapter.defaultRate.count / consoleAdapter.defaultRate.perMs).toBeGreaterThanOrEqual(1);
    expect(consoleAdapter.describe(channel)).toBe('console (stdout)');
  });
});
