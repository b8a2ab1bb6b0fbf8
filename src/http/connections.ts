import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

/**
 * How long a client may take, so idle and slow clients give their connection back:
 * - the request line and headers within `headersTimeoutMs` (a client that connects and
 *   sends nothing is dropped then too);
 * - the whole request, body included, within `requestTimeoutMs` (a `body_limit` body at
 *   any usable speed fits);
 * - an idle keep-alive connection is closed after `keepAliveTimeoutMs`, longer than the 60 s
 *   idle timeout of common proxies and load balancers, so they never reuse a connection
 *   Herald is closing.
 * node checks the first two every `checkIntervalMs` (its default, 30 s, would let a slow
 * client keep its connection for up to 40 s instead of 10).
 */
export const CONNECTION_TIMEOUTS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 65_000,
  checkIntervalMs: 1_000,
} as const;

/**
 * File descriptors kept free of inbound connections: SQLite (database, WAL, shared memory),
 * the listening socket, node's own descriptors (about 25 in all at start), config reloads,
 * /proc reads, and outbound connections to the platforms (RESERVED_FDS_PER_SEND per
 * delivery in flight: the request and a kept-alive spare).
 */
const RESERVED_FDS = 64;
const RESERVED_FDS_PER_SEND = 2;

/** The soft limit on open files from /proc/self/limits (Linux), or undefined where unknown or unlimited. */
export function openFileLimit(readLimits: () => string = () => readFileSync('/proc/self/limits', 'utf8')): number | undefined {
  let text: string;
  try {
    text = readLimits();
  } catch {
    return undefined; // no /proc (macOS, Windows): set server.max_connections there
  }
  const soft = /^Max open files\s+(\S+)/m.exec(text)?.[1];
  return soft !== undefined && /^\d+$/.test(soft) ? Number(soft) : undefined;
}

/**
 * The inbound connection limit: `server.max_connections` when set, else what the open-file
 * limit leaves after the reserve (undefined: no limit known, node accepts without one).
 * At the limit node closes each new connection at once and every other keeps being served.
 */
export function maxConnections(configured: number | undefined, fdLimit: number | undefined, concurrency: number): number | undefined {
  if (configured !== undefined) return configured;
  if (fdLimit === undefined) return undefined;
  return Math.max(1, fdLimit - RESERVED_FDS - RESERVED_FDS_PER_SEND * concurrency);
}

/** How often "connection limit reached" is logged while connections keep being refused. */
const DROP_LOG_INTERVAL_MS = 60_000;

/**
 * Applies the limit to a listening server and logs refusals and accept errors instead of
 * letting them end the process (a `net.Server` without an 'error' listener throws).
 */
export function limitConnections(server: Server, limit: number | undefined, log: FastifyBaseLogger): void {
  server.maxConnections = limit ?? Infinity;
  if (server.listenerCount('drop') > 0) return; // already watched: only the limit changed
  let lastLogged = 0;
  let dropped = 0;
  server.on('drop', () => {
    dropped++;
    const now = Date.now();
    if (now - lastLogged < DROP_LOG_INTERVAL_MS) return;
    log.warn({ max_connections: server.maxConnections, refused: dropped }, 'connection limit reached: refusing new connections');
    lastLogged = now;
    dropped = 0;
  });
  server.on('error', (err) => log.error({ err: err.message }, 'accepting a connection failed'));
}

/** After an early answer, how long and how much of the rest of the body is read before the connection is cut. */
const LINGER_MS = 2_000;
const LINGER_BYTES = 1024 * 1024;

/**
 * An answer sent before the request body was read (unknown source 404, 415, 413, a refused
 * admin call) ends the connection. Otherwise node reads and discards the rest of the body to
 * reuse the connection, however large the client says it is, for as long as it sends.
 */
export function closeWhenBodyUnread(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    const { raw } = request;
    if (!raw.complete && (raw.headers['transfer-encoding'] !== undefined || Number(raw.headers['content-length'] ?? 0) > 0)) {
      // fastify marks its own body errors (413) `Connection: close`; the staged close below
      // replaces node's immediate one.
      reply.removeHeader('connection');
      reply.raw.once('finish', () => lingeringClose(raw));
    }
    done(null, payload);
  });
}

/**
 * Closes in stages (RFC 9112 §9.6): the answer, then a FIN; what the client still sends is
 * read and discarded up to LINGER_BYTES or LINGER_MS; then the socket is destroyed. Cutting
 * at once would reset the connection with body bytes unread, and a client still sending
 * would mostly see the reset instead of the answer. No `Connection: close` header: with it
 * node destroys the socket as soon as the answer is written, which is exactly that reset.
 */
function lingeringClose(request: IncomingMessage): void {
  const { socket } = request;
  socket.end();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  let discarded = 0;
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_BYTES) socket.destroy();
  });
  request.once('end', () => socket.destroy());
  request.resume();
}
