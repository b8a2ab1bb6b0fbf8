#!/usr/bin/env node
// The practical limit of a Node webhook receiver on this machine: bare fastify that keeps
// the raw body, verifies X-WP-LLM-Signature (hex HMAC-SHA256 of the raw bytes, constant
// time, optional `sha256=` prefix), parses the JSON for its id and answers 200 — no
// storage, no routing, no logging.
//
//   node bench/baseline.mjs [--port 0] [--secret S] [--db FILE]
//
// With --db it also stores each event the cheapest durable way (a reference point for the
// disk, not a Herald design): one row (id, raw body) per request in SQLite (WAL,
// synchronous=FULL), requests arriving in the same event-loop turn committed together in
// one transaction, each answered only after that COMMIT returned.
//
// Prints {"url":"http://127.0.0.1:PORT"} as its first stdout line; SIGTERM stops it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';

const { values: o } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    secret: { type: 'string', default: 'bench-wpllm-secret' },
    db: { type: 'string' },
  },
});
const SECRET = Buffer.from(o.secret);

let store = async () => {};
let db;
if (o.db) {
  const { default: Database } = await import('better-sqlite3');
  db = new Database(o.db);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, body BLOB NOT NULL)');
  const insert = db.prepare('INSERT OR IGNORE INTO events (id, body) VALUES (?, ?)');
  const commit = db.transaction((items) => {
    for (const it of items) insert.run(it.id, it.body);
  });
  let pending = [];
  const flush = () => {
    const items = pending;
    pending = [];
    try {
      commit(items);
      for (const it of items) it.resolve();
    } catch (err) {
      for (const it of items) it.reject(err);
    }
  };
  store = (id, body) =>
    new Promise((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ id, body, resolve, reject });
    });
}

const app = Fastify({ logger: false, bodyLimit: 1 << 20 });
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

function verified(header, raw) {
  if (typeof header !== 'string') return false;
  const hex = header.startsWith('sha256=') ? header.slice(7) : header;
  if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
  const expected = createHmac('sha256', SECRET).update(raw).digest();
  return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
}

app.post('/webhooks/:source', async (request, reply) => {
  const raw = request.body;
  if (!Buffer.isBuffer(raw)) return reply.code(415).send({ error: 'unsupported_media_type' });
  if (!verified(request.headers['x-wp-llm-signature'], raw)) return reply.code(401).send({ error: 'invalid_signature' });
  let event;
  try {
    event = JSON.parse(raw);
  } catch {
    return reply.code(400).send({ error: 'invalid_payload' });
  }
  await store(String(event.id), raw);
  return { received: true, id: event.id, deliveries: 0 };
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () =>
    app.close().then(() => {
      db?.close();
      process.exit(0);
    }),
  );
}

await app.listen({ host: '127.0.0.1', port: Number(o.port) });
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${app.server.address().port}`, pid: process.pid })}\n`);
