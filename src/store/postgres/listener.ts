import pg from 'pg';
import type { Logger } from '../../log.js';

const RECONNECT_BASE_MS = 500;
const RECONNECT_MAX_MS = 15_000;

/**
 * One dedicated connection that LISTENs on the given NOTIFY channels (a pooled
 * connection cannot: LISTEN belongs to its session). When the connection drops, it
 * reconnects with backoff and calls `reconnected`, since notifications sent meanwhile are
 * lost: the caller then rescans what they would have told it.
 */
export class PgListener {
  readonly #url: string;
  readonly #channels: readonly string[];
  readonly #log: Logger;
  readonly #onNotice: (channel: string, payload: string) => void;
  readonly #reconnected: () => void;
  #client: pg.Client | undefined;
  #failures = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: {
    url: string;
    channels: readonly string[];
    log: Logger;
    onNotice: (channel: string, payload: string) => void;
    reconnected: () => void;
  }) {
    this.#url = options.url;
    this.#channels = options.channels;
    this.#log = options.log;
    this.#onNotice = options.onNotice;
    this.#reconnected = options.reconnected;
  }

  async start(): Promise<void> {
    await this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url, application_name: 'herald-listen' });
    client.on('notification', (n) => this.#onNotice(n.channel, n.payload ?? ''));
    client.on('error', (err) => this.#dropped(client, err));
    client.on('end', () => this.#dropped(client, new Error('connection ended')));
    try {
      await client.connect();
      for (const channel of this.#channels) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw err;
    }
    if (this.#stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    if (this.#failures > 0) {
      this.#log.info({ failures: this.#failures }, 'listening for other replicas again');
      this.#failures = 0;
      this.#reconnected();
    }
  }

  #dropped(client: pg.Client, err: Error): void {
    if (this.#client !== client || this.#stopped) return;
    this.#client = undefined;
    client.removeAllListeners('end');
    void client.end().catch(() => {});
    this.#retry(err);
  }

  #retry(err: Error): void {
    this.#failures += 1;
    const retryMs = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.min(this.#failures - 1, 10));
    this.#log.warn({ err: err.message, retry_in_ms: retryMs }, 'lost the connection that hears other replicas: reconnecting');
    this.#timer = setTimeout(() => {
      this.#connect().catch((e: unknown) => this.#retry(e as Error));
    }, retryMs);
    this.#timer.unref();
  }
}
