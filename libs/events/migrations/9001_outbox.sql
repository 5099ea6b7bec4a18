-- libs/events: the outbox a service's feed is served from, and the checkpoints of the
-- feeds it consumes. Version 9001: 9000-9999 are reserved for shared libraries (see
-- libs/storage/migrations.h), so these files sit beside a service's own 0001..8999.

-- sequence is the feed position. Rows are appended at commit time under a lock (see
-- outbox.h), so sequence order is commit order. payload is a serialized
-- google.protobuf.Any; occurred_at_us is microseconds since the epoch.
CREATE TABLE outbox (
  sequence SERIAL_PK,
  event_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  aggregate_type TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  beneficiary_id TEXT NOT NULL,
  tad TEXT NOT NULL,
  mds TEXT NOT NULL,
  occurred_at_us BIGINT NOT NULL,
  payload BLOB NOT NULL
);

-- Followers that ask for some types only.
CREATE INDEX outbox_type_sequence ON outbox (type, sequence);

-- Where each consumed feed stands, written in the same transaction as the projection.
CREATE TABLE consumer_checkpoints (
  feed TEXT PRIMARY KEY,
  sequence BIGINT NOT NULL,
  updated_at_us BIGINT NOT NULL
);
