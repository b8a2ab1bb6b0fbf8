// Run by process-lock.test.ts in a child process (through vite-node, so the source is tested).
// `hold <db>`: takes the lock, prints "held", releases it when a line arrives on stdin.
// `try <db>`: tries to take the lock and prints "held" or the refusal's message.
import { acquireProcessLock } from '../../src/store/sqlite/process-lock.js';

const [mode, dbPath] = process.argv.slice(2) as ['hold' | 'try', string];
try {
  const lock = acquireProcessLock(dbPath);
  process.stdout.write('held\n');
  if (mode === 'try') lock.release();
  else process.stdin.once('data', () => lock.release());
} catch (err) {
  process.stdout.write(`refused: ${(err as Error).message}\n`);
}
