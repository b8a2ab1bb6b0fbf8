import { Writable } from 'node:stream';
import { pino } from 'pino';
import { REGISTRIES } from '../../src/cli/context.js';
import { loggerOptions } from '../../src/log.js';
import { signatureCarriers } from '../../src/registries.js';

/** A real pino logger with Herald's options, writing its JSON lines into an array. */
export function captureLog(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino(loggerOptions(signatureCarriers(REGISTRIES), level), sink), lines };
}
