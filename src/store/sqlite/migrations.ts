/**
 * Schema migrations, applied in order at open; `PRAGMA user_version` records how many ran.
 * Append only: never edit a migration that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    key         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    -- The normalized event without "data", as JSON.
    body        TEXT    NOT NULL,
    -- The provider's payload exactly as received: the event's "data".
    raw         BLOB
  );
  -- Keys ascend with received_at, so pruning walks the primary key instead of an index.
  CREATE INDEX events_by_id ON events (id);

  CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    event_key       INTEGER NOT NULL REFERENCES events (key),
    event_id        TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    last_error      TEXT,
    mention         TEXT
  );
  -- The worker's hot query: a channel's FIFO head.
  CREATE INDEX deliveries_pending ON deliveries (channel, id) WHERE status = 'pending';
  -- Dead letters and sent deliveries by age; pending rows (every insert) stay out of it.
  CREATE INDEX deliveries_done ON deliveries (status, updated_at) WHERE status <> 'pending';
  CREATE INDEX deliveries_by_event ON deliveries (event_key);

  CREATE TABLE dedupe (
    source     TEXT    NOT NULL,
    event_id   TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (source, event_id)
  ) WITHOUT ROWID;
  CREATE INDEX dedupe_by_expiry ON dedupe (expires_at);

  CREATE TABLE chunks (
    source     TEXT    NOT NULL,
    stream_id  TEXT    NOT NULL,
    idx        INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (source, stream_id, idx)
  ) WITHOUT ROWID;

  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  `,
  // Streams whose end event has arrived: held (released_at NULL) until their chunks are all
  // there or release_at passes, then released with the chunk indexes the message holds.
  `
  CREATE TABLE streams (
    source      TEXT    NOT NULL,
    stream_id   TEXT    NOT NULL,
    event_key   INTEGER NOT NULL,
    event_id    TEXT    NOT NULL,
    expected    INTEGER,
    release_at  INTEGER NOT NULL,
    released_at INTEGER,
    -- JSON list of the chunk indexes in the delivered message.
    included    TEXT,
    expires_at  INTEGER NOT NULL,
    PRIMARY KEY (source, stream_id)
  ) WITHOUT ROWID;
  CREATE INDEX streams_held ON streams (release_at) WHERE released_at IS NULL;
  `,
  // Dedupe moves onto the event row: an event is a duplicate while a row with its id and
  // source has dedupe_until in the future. Ingest then writes one row per event instead of
  // two, and one index (id, source) serves both the dedupe check and lookups by id.
  `
  ALTER TABLE events ADD COLUMN dedupe_until INTEGER;
  UPDATE events SET dedupe_until =
    (SELECT d.expires_at FROM dedupe d WHERE d.source = events.source AND d.event_id = events.id);
  DROP INDEX events_by_id;
  CREATE INDEX events_by_id ON events (id, source);
  DROP TABLE dedupe;
  `,
  // Messages that follow a job: each delivery remembers its route's follow mode, and the
  // message standing for a job in a channel is kept (its platform reference, as JSON) so
  // the job's later events edit it or reply under it, across restarts.
  `
  ALTER TABLE deliveries ADD COLUMN follow TEXT CHECK (follow IN ('edit', 'thread'));

  CREATE TABLE job_messages (
    source         TEXT    NOT NULL,
    correlation_id TEXT    NOT NULL,
    channel        TEXT    NOT NULL,
    ref            TEXT    NOT NULL,
    started_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (source, correlation_id, channel)
  ) WITHOUT ROWID;
  CREATE INDEX job_messages_by_age ON job_messages (updated_at);
  `,
];
