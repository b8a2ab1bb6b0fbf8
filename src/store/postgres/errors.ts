import { StoreUnavailableError } from '../store.js';

/** Socket errors of a connection that failed or broke (node's `code`). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * node-postgres's own errors for a connection that is gone, was never made in time, or
 * belongs to a pool or client already ended. They carry no `code`, only these messages.
 */
const CLIENT_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|Cannot use a pool after calling end)/;

/**
 * SQLSTATEs meaning "the database cannot take this now", not "this request is wrong":
 * class 08 (connection exception), class 53 (insufficient resources: 53100 disk full,
 * 53300 too many connections), 57P01–57P03 (shut down by an administrator, a crash, or
 * still starting), 25006 (read-only: a standby, or `default_transaction_read_only`).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|53...|57P0[123]|25006)$/;

/** Deadlock and serialization failure: the transaction may simply be run again. */
const TRANSIENT_SQLSTATE = new Set(['40P01', '40001']);

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A failure to reach the database or keep a connection to it (worth waiting out at start). */
export function isConnectionError(err: unknown): boolean {
  const code = codeOf(err);
  if (code !== undefined && (SOCKET_CODES.has(code) || /^(08...|57P0[13]|53300)$/.test(code))) return true;
  return CLIENT_MESSAGES.test(messageOf(err));
}

/** Whether running the same transaction again may succeed (deadlock, serialization failure). */
export function isTransient(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && TRANSIENT_SQLSTATE.has(code);
}

/**
 * The error a caller sees: "can't write now" failures become StoreUnavailableError (ingest
 * answers 503, `/readyz` turns unready), anything else is returned as it is. The message
 * holds the SQLSTATE or socket code and the driver's text, which name neither the
 * password nor the connection URL.
 */
export function unavailable(err: unknown): unknown {
  if (err instanceof StoreUnavailableError) return err;
  const code = codeOf(err);
  if ((code !== undefined && (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) || CLIENT_MESSAGES.test(messageOf(err))) {
    return new StoreUnavailableError(`PostgreSQL unavailable: ${code ? `${code} ` : ''}${messageOf(err)}`, { cause: err });
  }
  return err;
}
