-- The orientation service's schema. Portable SQL (SQLite and PostgreSQL): dates are TEXT
-- 'YYYY-MM-DD', instants BIGINT microseconds, booleans 0/1, enums their proto names.

-- Pseudonymous part of the registry: what queues, events and other services may see.
CREATE TABLE beneficiaries (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  tad TEXT NOT NULL,
  mds TEXT NOT NULL,
  subject_rd BIGINT NOT NULL,
  entry_date TEXT NOT NULL,
  exit_date TEXT,
  exit_reason TEXT,
  orientation_type TEXT,
  referent_id TEXT,
  no_show_count BIGINT NOT NULL DEFAULT 0,
  convocation_count BIGINT NOT NULL DEFAULT 0,
  diag_barriers TEXT NOT NULL DEFAULT '',
  diag_qualification TEXT,
  diag_last_employment_end TEXT,
  diag_ft_registered BIGINT NOT NULL DEFAULT 0,
  diag_assessed_at_us BIGINT,
  version BIGINT NOT NULL,
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL
);
CREATE INDEX beneficiaries_queue ON beneficiaries (status, tad, entry_date, id);
CREATE INDEX beneficiaries_territory ON beneficiaries (tad, mds, id);
CREATE INDEX beneficiaries_referent ON beneficiaries (referent_id, status);

-- Identity: the only table holding names, CAF numbers and contact data.
CREATE TABLE identities (
  beneficiary_id TEXT PRIMARY KEY REFERENCES beneficiaries (id),
  caf_number TEXT NOT NULL UNIQUE,
  last_name TEXT NOT NULL,
  first_name TEXT NOT NULL,
  birth_date TEXT,
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  address_line TEXT NOT NULL DEFAULT '',
  commune_insee TEXT NOT NULL
);

-- One row per applied CAF record: (beneficiary, event date, kind). A replay finds its key.
CREATE TABLE caf_import_keys (
  import_key TEXT PRIMARY KEY,
  beneficiary_id TEXT NOT NULL,
  imported_at_us BIGINT NOT NULL
);

CREATE TABLE information_sessions (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  tad TEXT NOT NULL,
  mds TEXT NOT NULL,
  starts_at_us BIGINT NOT NULL,
  capacity BIGINT NOT NULL CHECK (capacity > 0),
  convened BIGINT NOT NULL DEFAULT 0,
  location TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL,
  create_time_us BIGINT NOT NULL,
  CHECK (convened <= capacity)
);
CREATE INDEX information_sessions_upcoming ON information_sessions (tad, starts_at_us, id);

CREATE TABLE convocations (
  id TEXT PRIMARY KEY,
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries (id),
  session_id TEXT NOT NULL REFERENCES information_sessions (id),
  starts_at_us BIGINT NOT NULL,
  attendance TEXT NOT NULL,
  version BIGINT NOT NULL,
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL
);
CREATE UNIQUE INDEX convocations_one_pending ON convocations (beneficiary_id)
  WHERE attendance = 'PENDING';
CREATE INDEX convocations_by_beneficiary ON convocations (beneficiary_id, id);
CREATE INDEX convocations_by_session ON convocations (session_id, id);

CREATE TABLE referents (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  structure_id TEXT NOT NULL,
  orientation_type TEXT NOT NULL,
  tad TEXT NOT NULL,
  mds TEXT NOT NULL,
  target_caseload BIGINT NOT NULL,
  version BIGINT NOT NULL,
  create_time_us BIGINT NOT NULL
);
CREATE INDEX referents_by_tad ON referents (tad, orientation_type, id);

CREATE TABLE orientation_decisions (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries (id),
  kind TEXT NOT NULL,
  orientation_type TEXT NOT NULL,
  structure_id TEXT NOT NULL,
  referent_id TEXT NOT NULL REFERENCES referents (id),
  suggested_type TEXT NOT NULL,
  suggestion_rules TEXT NOT NULL,
  rules_version TEXT NOT NULL,
  overrides_suggestion BIGINT NOT NULL,
  comment TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  decided_at_us BIGINT NOT NULL,
  reorientation_id TEXT
);
CREATE INDEX orientation_decisions_by_beneficiary ON orientation_decisions (beneficiary_id, id);

CREATE TABLE reorientation_requests (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries (id),
  requested_type TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decision_reason TEXT NOT NULL DEFAULT '',
  decision_id TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL,
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL
);
CREATE UNIQUE INDEX reorientation_one_pending ON reorientation_requests (beneficiary_id)
  WHERE status = 'REORIENTATION_PENDING';

CREATE TABLE slots (
  id TEXT PRIMARY KEY,
  referent_id TEXT NOT NULL REFERENCES referents (id),
  tad TEXT NOT NULL,
  mds TEXT NOT NULL,
  starts_at_us BIGINT NOT NULL,
  duration_minutes BIGINT NOT NULL,
  booked BIGINT NOT NULL DEFAULT 0,
  UNIQUE (referent_id, starts_at_us)
);
CREATE INDEX slots_free ON slots (tad, booked, starts_at_us, id);

CREATE TABLE appointments (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  slot_id TEXT NOT NULL REFERENCES slots (id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries (id),
  referent_id TEXT NOT NULL,
  tad TEXT NOT NULL,
  mds TEXT NOT NULL,
  starts_at_us BIGINT NOT NULL,
  status TEXT NOT NULL,
  cancel_reason TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL,
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL
);
-- Never two live bookings for one slot, whatever the concurrency.
CREATE UNIQUE INDEX appointments_one_booking_per_slot ON appointments (slot_id)
  WHERE status = 'BOOKED';
CREATE INDEX appointments_by_beneficiary ON appointments (beneficiary_id, id);

-- Events (libs/events, migration 9001) and the audit log (libs/audit, 9101+) are the
-- libraries' tables, applied with these (store/migrations.h AllMigrations()).
