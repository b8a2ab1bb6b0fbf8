/**
 * PostgreSQL schema migrations, applied in order at start under an advisory lock (replicas
 * starting together apply each once); `herald_schema.version` records how many ran.
 * Append only: never edit a migration that has shipped.
 *
 * Times are epoch milliseconds (BIGINT) as Herald's clock gives them, except leases,
 * pauses and replica heartbeats, which use the database's clock (`herald_now_ms()`) so
 * replicas on hosts with skewed clocks still agree on when a lease ends.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE FUNCTION herald_now_ms() RETURNS BIGINT LANGUAGE sql VOLATILE
    AS $$ SELECT (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT $$;

  CREATE TABLE events (
    key         BIGSERIAL PRIMARY KEY,
    id          TEXT   NOT NULL,
    source      TEXT   NOT NULL,
    type        TEXT   NOT NULL,
    received_at BIGINT NOT NULL,
    -- The normalized event without "data", as JSON text.
    body        TEXT   NOT NULL,
    -- The provider's payload exactly as received: the event's "data".
    raw         BYTEA
  );
  CREATE INDEX events_by_id ON events (id, source);
  CREATE INDEX events_by_received ON events (received_at);

  -- One row per (source, event id) while it is remembered: the primary key makes two
  -- replicas accepting the same event at once agree on one event (INSERT … ON CONFLICT).
  CREATE TABLE dedupe (
    source     TEXT   NOT NULL,
    event_id   TEXT   NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (source, event_id)
  );
  CREATE INDEX dedupe_by_expiry ON dedupe (expires_at);

  CREATE TABLE deliveries (
    id              BIGSERIAL PRIMARY KEY,
    event_key       BIGINT  NOT NULL REFERENCES events (key),
    event_id        TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    last_error      TEXT,
    mention         TEXT
  );
  -- The worker's hot query: a channel's FIFO head.
  CREATE INDEX deliveries_pending ON deliveries (channel, id) WHERE status = 'pending';
  CREATE INDEX deliveries_done ON deliveries (status, updated_at) WHERE status <> 'pending';
  CREATE INDEX deliveries_by_event ON deliveries (event_key);

  CREATE TABLE chunks (
    source     TEXT    NOT NULL,
    stream_id  TEXT    NOT NULL,
    idx        INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    expires_at BIGINT  NOT NULL,
    PRIMARY KEY (source, stream_id, idx)
  );

  CREATE TABLE streams (
    source      TEXT    NOT NULL,
    stream_id   TEXT    NOT NULL,
    event_key   BIGINT  NOT NULL,
    event_id    TEXT    NOT NULL,
    expected    INTEGER,
    release_at  BIGINT  NOT NULL,
    released_at BIGINT,
    -- JSON list of the chunk indexes in the delivered message.
    included    TEXT,
    expires_at  BIGINT  NOT NULL,
    PRIMARY KEY (source, stream_id)
  );
  CREATE INDEX streams_held ON streams (release_at) WHERE released_at IS NULL;

  -- Which replica sends a channel's deliveries: the owner until expires_at (database
  -- clock). Every change of owner increments token; outcome writes name the token they
  -- were sent under and are refused once it is not the current one (fencing).
  CREATE TABLE leases (
    channel    TEXT   PRIMARY KEY,
    owner      TEXT   NOT NULL,
    token      BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
  );

  -- Rate-limit pauses every replica honours (a 429's Retry-After, a global limit).
  CREATE TABLE rate_pauses (
    scope    TEXT   PRIMARY KEY,
    until_at BIGINT NOT NULL
  );

  -- Live replicas, by heartbeat: channels are spread over the replicas seen recently.
  CREATE TABLE replicas (
    id         TEXT   PRIMARY KEY,
    host       TEXT   NOT NULL,
    pid        INTEGER NOT NULL,
    started_at BIGINT NOT NULL,
    seen_at    BIGINT NOT NULL
  );
  `,
  // Messages that follow a job: each delivery remembers its route's follow mode, and the
  // message standing for a job in a channel is kept (its platform reference, as JSON text)
  // so the job's later events edit it or reply under it, whichever replica sends them. The
  // check is NOT VALID: every existing row is NULL, so no scan of deliveries is needed
  // while the table is locked; new rows are checked all the same.
  `
  ALTER TABLE deliveries ADD COLUMN follow TEXT,
    ADD CONSTRAINT deliveries_follow CHECK (follow IN ('edit', 'thread')) NOT VALID;

  CREATE TABLE job_messages (
    source         TEXT   NOT NULL,
    correlation_id TEXT   NOT NULL,
    channel        TEXT   NOT NULL,
    ref            TEXT   NOT NULL,
    started_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (source, correlation_id, channel)
  );
  CREATE INDEX job_messages_by_age ON job_messages (updated_at);
  `,
];
