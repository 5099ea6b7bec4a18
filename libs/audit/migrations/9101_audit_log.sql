-- Append-only audit log of personal-data access (libs/audit).
CREATE TABLE audit_log (
  sequence SERIAL_PK,
  at_us BIGINT NOT NULL,
  subject TEXT NOT NULL,
  roles TEXT NOT NULL,
  method TEXT NOT NULL,
  action TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  purpose TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (record_type, record_id);
CREATE INDEX audit_log_subject ON audit_log (subject, at_us);
CREATE INDEX audit_log_at ON audit_log (at_us);
