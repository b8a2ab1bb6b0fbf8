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
    expect(result).toEqual({ ref: { seq: expect.stringMatching(/^\d+$/) } });
    expect(chunks.join('')).toBe('hello\nworld\n');
  });

  it('numbers the messages it prints: each its own reference', async () => {
    const ctx = sendContext({ url: '' }, { stdout: new PassThrough() });
    const first = await consoleAdapter.send({ payload: 'a', summary: 'a' }, channel, ctx);
    const second = await consoleAdapter.send({ payload: 'b', summary: 'b' }, channel, ctx);
    expect(Number(second.ref!.seq)).toBe(Number(first.ref!.seq) + 1);
  });

  it('an edit prints the message again, its first line marked (updated)', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    const ctx = sendContext({ url: '' }, { stdout: out });
    const result = await consoleAdapter.send({ payload: '[OK] Job done\n  all good', summary: 'x' }, channel, ctx, { mode: 'edit', ref: { seq: '1' } });
    expect(result).toEqual({});
    expect(chunks.join('')).toBe('(updated) [OK] Job done\n  all good\n');
  });

  it('follows: edits, no threads (a thread reply is refused as a bug)', async () => {
    expect(consoleAdapter.follows?.(channel)).toEqual({ edit: true, thread: false });
    const outcome = await outcomeOf(consoleAdapter.send({ payload: 'x', summary: 'x' }, channel, sendContext({ url: '' }, { stdout: new PassThrough() }), { mode: 'thread', ref: { seq: '1' } }));
    checkOutcome({ name: '', expect: 'BUG' }, outcome);
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
