-- Records cannot be changed; only the retention job deletes, and it must say so first
-- by inserting into audit_retention_run within the same transaction.
CREATE TABLE audit_retention_run (id INTEGER PRIMARY KEY, cutoff_us BIGINT NOT NULL);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_delete_only_by_retention BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM audit_retention_run WHERE OLD.at_us < cutoff_us)
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
